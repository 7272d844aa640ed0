import hashlib
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import wsdl
from tests.wsdl.synthetic import SCHEMA_ITEMS, synthetic_wsdl
from wsdl.canonical import canonical_wsdl, differences
from wsdl.catalog import SOURCES, Source
from wsdl.codegen import module_source
from wsdl.generate import generate, main
from wsdl.reader import UnsupportedWsdl, read_wsdl
from wsdl.serve import build_wsdl_for

GENERATED = Path(wsdl.__file__).resolve().parent / "_generated"
REPO = GENERATED.parents[1]


def test_committed_modules_match_the_generator(official_dir: Path, tmp_path: Path) -> None:
    written = generate(official_dir, tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in GENERATED.glob("*.py"))
    stale = [p.name for p in written if p.read_bytes() != (GENERATED / p.name).read_bytes()]
    assert not stale, f"{stale} are stale: run python -m wsdl.generate ../shared/ocpp-wsdl"


def test_cli_writes_to_out_dir(
    official_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main([str(official_dir), "--out", str(tmp_path / "out")])
    printed = capsys.readouterr().out.split()
    assert len(printed) == len(SOURCES) + 1
    assert all(Path(p).is_file() for p in printed)


@pytest.mark.parametrize("src", SOURCES, ids=lambda s: s.module)
def test_docstring_names_source_and_hash(official_dir: Path, src: Source) -> None:
    text = (GENERATED / f"{src.module}.py").read_text(encoding="utf-8")
    digest = hashlib.sha256((official_dir / src.filename).read_bytes()).hexdigest()
    header = text.split('"""')[1]
    assert "DO NOT EDIT" in header
    assert src.filename in header and digest in header
    service = wsdl.get_service(src.version, src.kind)
    assert (service.source_file, service.source_sha256) == (src.filename, digest)


@pytest.mark.skipif(importlib.util.find_spec("ruff") is None, reason="ruff is not installed")
@pytest.mark.parametrize("command", [["format", "--check"], ["check"]])
def test_generated_modules_pass_ruff(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, "wsdl/_generated"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_supported_construct_survives_the_round_trip(tmp_path: Path) -> None:
    """Facets, builtins, nillable, maxOccurs, attributes, inline types, empty requests."""
    source = tmp_path / "synthetic.wsdl"
    source.write_text(synthetic_wsdl(), encoding="utf-8")
    code = module_source(read_wsdl(source), Source("1.6", "cs", source.name), "0" * 64)
    (tmp_path / "synthetic_service.py").write_text(code, encoding="utf-8")
    module = _load(tmp_path / "synthetic_service.py", "synthetic_service")

    ours = build_wsdl_for(module.SERVICE, "http://localhost/Example/")
    assert differences(canonical_wsdl(source.read_bytes()), canonical_wsdl(ours)) == []
    assert module.SERVICE.anonymous_types == frozenset({"ReadingSample"})


@pytest.mark.parametrize(
    "schema_items",
    [
        SCHEMA_ITEMS.replace("<s:sequence>", "<s:choice>").replace("</s:sequence>", "</s:choice>"),
        SCHEMA_ITEMS.replace('type="s:boolean"', 'type="s:base64Binary"'),
        SCHEMA_ITEMS.replace('<s:length value="4"/>', '<s:whiteSpace value="collapse"/>'),
        SCHEMA_ITEMS.replace('base="s:int"', 'base="tns:Code"'),
        SCHEMA_ITEMS + '<s:element name="stray" type="s:string"/>',
        SCHEMA_ITEMS.replace(
            'name="flag" type="s:boolean"', 'name="flag" type="s:boolean" default="1"'
        ),
        SCHEMA_ITEMS.replace(
            '<s:restriction base="s:string"><s:length value="4"/></s:restriction>',
            '<s:list itemType="s:int"/>',
        ),
    ],
    ids=[
        "choice",
        "base64Binary",
        "whiteSpace",
        "derived-restriction",
        "stray-element",
        "element-default",
        "list",
    ],
)
def test_unsupported_constructs_are_refused(tmp_path: Path, schema_items: str) -> None:
    source = tmp_path / "unsupported.wsdl"
    source.write_text(synthetic_wsdl(schema_items), encoding="utf-8")
    with pytest.raises(UnsupportedWsdl):
        module_source(read_wsdl(source), Source("1.6", "cs", source.name), "0" * 64)
