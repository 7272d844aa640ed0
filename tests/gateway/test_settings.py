from pathlib import Path

import pytest

from bridge import UnknownChargerPolicy
from gateway.settings import DEFAULT_PORT, Settings, SettingsError, load_settings


def test_defaults_put_the_database_in_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings(env={})
    assert settings.port == DEFAULT_PORT == 8180
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path / 'ocpp-gateway.db'}"
    assert settings.unknown_chargers is UnknownChargerPolicy.PENDING


def test_toml_then_environment_then_command_line(tmp_path: Path):
    config = tmp_path / "gw.toml"
    config.write_text(
        'port = 9000\nunknown_chargers = "reject"\nheartbeat_interval = 120\n'
        '[soap]\nmax_body_bytes = 2048\npath_aliases = ["/steve/services/CentralSystemService"]\n'
        "[json]\nping_interval = 0\n[tls]\ncert = 'c.pem'\nkey = 'k.pem'\n"
    )
    env = {"OCPP_GATEWAY_PORT": "9100", "OCPP_GATEWAY_UNKNOWN_CHARGERS": "accept"}
    settings = load_settings(config, env=env, port=9200)
    assert settings.port == 9200  # command line wins
    assert settings.unknown_chargers is UnknownChargerPolicy.ACCEPT  # env beats TOML
    assert settings.heartbeat_interval == 120  # TOML beats defaults
    assert settings.soap_max_body_bytes == 2048
    assert settings.soap_path_aliases == ("/steve/services/CentralSystemService",)
    assert settings.json_ping_interval == 0
    assert (settings.tls_cert, settings.tls_key) == ("c.pem", "k.pem")


def test_config_file_from_environment(tmp_path: Path):
    config = tmp_path / "gw.toml"
    config.write_text("port = 9300\n")
    assert load_settings(env={"OCPP_GATEWAY_CONFIG": str(config)}).port == 9300


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"OCPP_GATEWAY_PORT": "eighty"}, "OCPP_GATEWAY_PORT"),
        ({"OCPP_GATEWAY_UNKNOWN_CHARGERS": "maybe"}, "OCPP_GATEWAY_UNKNOWN_CHARGERS"),
        ({"OCPP_GATEWAY_LENIENT": "perhaps"}, "OCPP_GATEWAY_LENIENT"),
        ({"OCPP_GATEWAY_HTTP_IDLE_TIMEOUT": "0"}, "HTTP_IDLE_TIMEOUT: must be more than 0"),
        ({"OCPP_GATEWAY_SOAP_READ_TIMEOUT": "-1"}, "SOAP_READ_TIMEOUT: must be more than 0"),
    ],
)
def test_bad_values_name_the_setting(env, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(env=env)


def test_unknown_keys_in_the_file_are_refused(tmp_path: Path):
    config = tmp_path / "gw.toml"
    config.write_text("prot = 1\n")
    with pytest.raises(SettingsError, match="unknown setting 'prot'"):
        load_settings(config, env={})


def test_missing_config_file_is_refused(tmp_path: Path):
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings(tmp_path / "nope.toml", env={})


def test_settings_are_frozen():
    with pytest.raises(AttributeError):
        Settings().port = 1  # type: ignore[misc]


def test_advertised_url():
    assert Settings(host="0.0.0.0", port=8180).advertised_url == "http://127.0.0.1:8180"
    assert Settings(public_url="https://cs.example.com/").advertised_url == "https://cs.example.com"
