from pathlib import Path

import pytest

# ../shared/ocpp-wsdl relative to the repository root; the files are not in the repository.
OFFICIAL_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "ocpp-wsdl"


@pytest.fixture(scope="session")
def official_dir() -> Path:
    if not OFFICIAL_DIR.is_dir():
        pytest.skip(f"official OCPP WSDL files not found at {OFFICIAL_DIR}")
    return OFFICIAL_DIR
