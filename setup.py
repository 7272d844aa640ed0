"""Packaging for ocpp-gateway: a dual-stack (SOAP + OCPP-J) OCPP central system."""

from pathlib import Path

from setuptools import find_packages, setup

PACKAGES = ["bridge", "storage", "soap", "json_ws", "wsdl", "gateway", "api"]

setup(
    name="ocpp-gateway",
    version="0.1.0",
    description="Dual-stack OCPP 1.2/1.5/1.6 central system: SOAP and OCPP-J chargers behind one API",
    long_description=Path(__file__).with_name("README.md").read_text(encoding="utf-8"),
    long_description_content_type="text/markdown",
    python_requires=">=3.11",
    packages=find_packages(include=[f"{p}*" for p in PACKAGES]),
    include_package_data=True,
    package_data={"storage": ["migrations/*.ini", "migrations/*.mako", "migrations/versions/*.py"]},
    install_requires=[
        "aiohttp>=3.9",
        "spyne>=2.14",
        "zeep>=4.2",
        "lxml>=5",
        "ocpp>=2.0,<3",
        "SQLAlchemy[asyncio]>=2.0",
        "aiosqlite>=0.19",
        "alembic>=1.13",
        # argon2id password hashing for charger Basic auth: a vetted KDF, not ours.
        "argon2-cffi>=23.1",
        # OAuth 2.0 resource-server mode: JWT validation against an issuer's JWKS.
        "PyJWT[crypto]>=2.8",
        # Request bodies are checked against the API's own OpenAPI schemas.
        "jsonschema>=4.18",
        # Swagger UI 5 (OpenAPI 3.1) assets for the local docs page: no CDN.
        "swagger-ui-py>=23",
        # The event hub keeps its replay buffer as JSON text, written per event on the
        # loop: orjson takes ~1 us for a MeterValues event where json takes 16.
        "orjson>=3.9",
    ],
    extras_require={
        "postgres": ["asyncpg>=0.29"],
        "test": [
            "asyncpg>=0.29",
            "pytest>=8",
            "pytest-asyncio>=0.23",
            "pytest-aiohttp>=1.0",
            "websockets>=12",
            "ruff>=0.5",
            "mypy>=1.10",
            "lxml-stubs>=0.5",
            # Property-based run of the OpenAPI document against the live API.
            "schemathesis>=4",
            # The OpenAPI document is checked against the 3.1 specification.
            "openapi-spec-validator>=0.7",
        ],
    },
    entry_points={"console_scripts": ["ocpp-gateway=gateway.cli:main"]},
    classifiers=[
        "Programming Language :: Python :: 3",
        "Framework :: AsyncIO",
        "Framework :: aiohttp",
    ],
)
