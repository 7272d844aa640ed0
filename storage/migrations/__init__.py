"""Alembic migration scripts for ``storage`` (run them with :func:`storage.upgrade_database`).

A new revision: ``alembic -c storage/migrations/alembic.ini revision -m "..."``, then write
its ``upgrade``/``downgrade`` by hand and extend ``tests/storage/test_migrations.py``.
"""
