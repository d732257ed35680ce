"""`make bench`: build the benchmark data, run every bench/bench_*.py, save results.md.

Runs on a fresh SQLite file unless DATABASE_URL is set (then on that database, which
it migrates and fills: point it at a scratch database, never at production).
"""

import importlib
import os
import pkgutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(selected: list[str]) -> None:
    sys.path.insert(0, str(ROOT))
    if not os.environ.get("DATABASE_URL"):
        scratch = Path(tempfile.gettempdir()) / "mcp-bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{scratch}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mcp_dashboard.settings")

    import django

    django.setup()
    from django.core.management import call_command

    from bench import dataset
    from bench.harness import Report, database_version

    call_command("collectstatic", interactive=False, verbosity=0)
    dataset.build()
    report = Report(database=database_version())
    print(report.markdown(), end="", flush=True)
    for module_info in sorted(pkgutil.iter_modules([str(ROOT / "bench")]), key=lambda m: m.name):
        if not module_info.name.startswith("bench_"):
            continue
        if selected and module_info.name.removeprefix("bench_") not in selected:
            continue
        importlib.import_module(f"bench.{module_info.name}").run(report)
    report.save()
    print(f"\nSaved to {Path('bench/results.md')}")


if __name__ == "__main__":
    main(sys.argv[1:])
