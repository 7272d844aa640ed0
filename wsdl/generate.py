"""Generate ``wsdl/_generated/*.py`` from the official OCPP WSDL files.

Usage: ``python -m wsdl.generate <dir with the six WSDL files> [--out DIR]``
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

from wsdl.catalog import SOURCES, Source
from wsdl.codegen import module_source
from wsdl.reader import read_wsdl

DEFAULT_OUT = Path(__file__).resolve().parent / "_generated"
PACKAGE_INIT = '"""Generated spyne service modules; see wsdl/generate.py. Do not edit."""\n'


def generate_module(wsdl_dir: Path, src: Source) -> str:
    path = wsdl_dir / src.filename
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    return module_source(read_wsdl(path), src, sha256)


def generate(wsdl_dir: Path, out_dir: Path) -> list[Path]:
    """Write one module per official WSDL file (plus the package ``__init__``) into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [out_dir / "__init__.py"]
    written[0].write_text(PACKAGE_INIT, encoding="utf-8")
    for src in SOURCES:
        target = out_dir / f"{src.module}.py"
        target.write_text(generate_module(wsdl_dir, src), encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m wsdl.generate", description=__doc__)
    parser.add_argument("wsdl_dir", type=Path, help="directory holding the six OCPP WSDL files")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    args = parser.parse_args(argv)
    for path in generate(args.wsdl_dir, args.out):
        print(path)


if __name__ == "__main__":
    main()
