"""Who may call the API: API tokens by scope, revoked tokens, and OAuth 2.0 JWTs checked
against a JWKS served from a local issuer (a key set generated here)."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import jwt
import pytest
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

import api as api_package
from bridge import utcnow

from .conftest import ApiClient, ApiFactory

ISSUER = "https://issuer.test/"
AUDIENCE = "ocpp-gateway"


async def test_no_token_is_401_with_a_challenge(api: ApiClient) -> None:
    async with api.session.get(api.url("/commands/1")) as response:
        assert response.status == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        body = await response.json()
    assert body["error"] == "unauthorized" and body["detail"]


@pytest.mark.parametrize(
    "header",
    ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ogw_x_y", "Bearer ogw_1_", "Bearer nonsense"],
)
async def test_malformed_credentials_are_401(api: ApiClient, header: str) -> None:
    status, body = await api.get("/commands/1", scope=None, headers={"Authorization": header})
    assert status == 401 and body["error"] == "unauthorized"


async def test_a_wrong_secret_is_401(api: ApiClient) -> None:
    ident = api.tokens["admin"].split("_")[1]
    status, _ = await api.get("/commands/1", token=f"ogw_{ident}_{'A' * 43}")
    assert status == 401


@pytest.mark.parametrize(
    ("scope", "get", "operate"), [("read", 404, 403), ("operate", 404, 404), ("admin", 404, 404)]
)
async def test_scopes_grant_the_ones_before_them(
    api: ApiClient, scope: str, get: int, operate: int
) -> None:
    status, _ = await api.get("/commands/12345", scope=scope)
    assert status == get
    status, body = await api.post("/chargers/NOPE/commands", {"action": "ClearCache"}, scope=scope)
    assert status == operate, body


async def test_a_revoked_token_stops_working(make_api: ApiFactory) -> None:
    client = await make_api()
    new = await api_package.create_token(client.store, "short-lived", ["read"])
    status, _ = await client.get("/commands/1", token=new.token)
    assert status == 404
    assert await client.store.revoke_api_token(new.record.id, utcnow())
    auth = client.server.app._subapps[0]
    from api._keys import AUTH

    auth[AUTH]._tokens.clear()  # the 10 s cache; revocation is seen at its end
    status, body = await client.get("/commands/1", token=new.token)
    assert status == 401 and "revoked" in body["detail"]


async def test_the_stored_token_is_only_a_hash(api: ApiClient) -> None:
    [*_, admin] = await api.store.list_api_tokens()
    secret = api.tokens["admin"].split("_", 2)[2]
    assert secret not in admin.secret_sha256
    assert len(admin.secret_sha256) == 64


# --- OAuth 2.0 resource-server mode ----------------------------------------------------------


@dataclass
class Issuer:
    url: str
    keys: dict[str, Any]  # kid -> private key
    fetches: int = 0

    def token(self, kid: str = "rsa-1", **claims: Any) -> str:
        payload = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": "energy-manager",
            "exp": int(time.time()) + 300,
            "scope": "read",
        } | claims
        algorithm = "RS256" if kid.startswith("rsa") else "ES256"
        return jwt.encode(payload, self.keys[kid], algorithm=algorithm, headers={"kid": kid})


@pytest.fixture
async def issuer(aiohttp_server: Any) -> AsyncIterator[Issuer]:
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.SECP256R1())
    published = [
        json.loads(RSAAlgorithm.to_jwk(rsa_key.public_key())) | {"kid": "rsa-1", "use": "sig"},
        json.loads(ECAlgorithm.to_jwk(ec_key.public_key())) | {"kid": "ec-1", "use": "sig"},
    ]
    state = Issuer("", {"rsa-1": rsa_key, "ec-1": ec_key})

    async def jwks(request: web.Request) -> web.Response:
        state.fetches += 1
        return web.json_response({"keys": published})

    app = web.Application()
    app.router.add_get("/jwks.json", jwks)
    server = await aiohttp_server(app)
    state.url = f"http://127.0.0.1:{server.port}/jwks.json"
    yield state


@pytest.fixture
async def oauth_api(make_api: ApiFactory, issuer: Issuer) -> ApiClient:
    return await make_api(
        api_oauth_issuer=ISSUER, api_oauth_jwks_url=issuer.url, api_oauth_audience=AUDIENCE
    )


async def test_a_jwt_from_the_issuer_is_accepted_with_its_scopes(
    oauth_api: ApiClient, issuer: Issuer
) -> None:
    status, _ = await oauth_api.get("/commands/1", token=issuer.token())
    assert status == 404  # authenticated; the command does not exist
    status, body = await oauth_api.post(
        "/chargers/NOPE/commands", {"action": "ClearCache"}, token=issuer.token()
    )
    assert status == 403 and "operate" in body["detail"]
    status, _ = await oauth_api.post(
        "/chargers/NOPE/commands",
        {"action": "ClearCache"},
        token=issuer.token(scope="read operate"),
    )
    assert status == 404


async def test_ec_keys_and_scp_lists_work(oauth_api: ApiClient, issuer: Issuer) -> None:
    token = issuer.token("ec-1", scope=None, scp=["operate"])
    status, _ = await oauth_api.post(
        "/chargers/NOPE/commands", {"action": "ClearCache"}, token=token
    )
    assert status == 404


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"exp": int(time.time()) - 3600}, "expired"),
        ({"iss": "https://someone-else.test/"}, "issuer"),
        ({"aud": "another-api"}, "audience"),
    ],
)
async def test_bad_jwts_are_401(
    oauth_api: ApiClient, issuer: Issuer, claims: dict[str, Any], reason: str
) -> None:
    status, body = await oauth_api.get("/commands/1", token=issuer.token(**claims))
    assert status == 401
    assert reason in body["detail"].lower()


async def test_a_jwt_signed_with_another_key_is_401(oauth_api: ApiClient, issuer: Issuer) -> None:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode(
        {"iss": ISSUER, "aud": AUDIENCE, "exp": int(time.time()) + 60, "scope": "admin"},
        stranger,
        algorithm="RS256",
        headers={"kid": "rsa-1"},
    )
    status, body = await oauth_api.get("/commands/1", token=token)
    assert status == 401 and "signature" in body["detail"].lower()


async def test_an_unknown_key_id_is_401_and_the_jwks_is_not_hammered(
    oauth_api: ApiClient, issuer: Issuer
) -> None:
    for _ in range(5):
        status, body = await oauth_api.get("/commands/1", token=issuer.token("rsa-1", scope="read"))
        assert status == 404
    forged = jwt.encode(
        {"iss": ISSUER, "aud": AUDIENCE, "exp": int(time.time()) + 60},
        issuer.keys["rsa-1"],
        algorithm="RS256",
        headers={"kid": "nope"},
    )
    for _ in range(5):
        status, body = await oauth_api.get("/commands/1", token=forged)
        assert status == 401 and "unknown key" in body["detail"]
    assert issuer.fetches == 1  # fetched once, refetch rate-limited


async def test_api_tokens_still_work_in_oauth_mode(oauth_api: ApiClient) -> None:
    status, _ = await oauth_api.get("/commands/1", scope="read")
    assert status == 404


async def test_an_unreachable_issuer_is_503_not_500(make_api: ApiFactory, issuer: Issuer) -> None:
    client = await make_api(
        api_oauth_issuer=ISSUER,
        api_oauth_jwks_url="http://127.0.0.1:9/jwks.json",
        api_oauth_audience=AUDIENCE,
    )
    status, body = await client.get("/commands/1", token=issuer.token())
    assert status == 503 and body["error"] == "unavailable"
