"""Back up and restore the whole database: pg_dump/pg_restore for PostgreSQL,
SQLite's online backup API otherwise (safe while the app is serving)."""

import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connections


def database_url_for_tools(settings_dict: dict) -> str:
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "localhost"
    port = settings_dict.get("PORT") or "5432"
    return f"postgresql://{credentials}{host}:{port}/{settings_dict['NAME']}"


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CommandError(f"{name} is not installed (apt-get install postgresql-client).")
    return path


def backup(target: Path, alias: str = "default") -> Path:
    connection = connections[alias]
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        subprocess.run(
            [
                require_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                f"--dbname={database_url_for_tools(connection.settings_dict)}",
                f"--file={target}",
            ],
            check=True,
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as destination:
            connection.connection.backup(destination)
        destination.close()
    else:
        raise CommandError(f"No backup method for {connection.vendor}.")
    return target


def restore(source: Path, alias: str = "default") -> None:
    if not source.is_file():
        raise CommandError(f"No backup file at {source}.")
    connection = connections[alias]
    if connection.vendor == "postgresql":
        connection.close()
        subprocess.run(
            [
                require_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={database_url_for_tools(connection.settings_dict)}",
                str(source),
            ],
            check=True,
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(source) as origin:
            origin.backup(connection.connection)
        origin.close()
    else:
        raise CommandError(f"No restore method for {connection.vendor}.")
