"""The gateway process: settings, the aiohttp application (``gateway.app``) and the CLI."""

from .settings import Settings, SettingsError, load_settings

__all__ = ["Settings", "SettingsError", "load_settings"]
