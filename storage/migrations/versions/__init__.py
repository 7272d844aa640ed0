"""Revision scripts, one per schema change; Alembic finds them by their ``revision`` ids."""
