"""The foundation's pages: dashboard and unit page."""

from django.test import Client

from bench.harness import Report, measure


def run(report: Report) -> None:
    client = Client()
    client.login(username="inspektorat", password="demo-mcp-2024")
    report.add("pages", "dashboard /", measure(lambda: client.get("/")))
    report.add("pages", "unit page /unit/bpkad/", measure(lambda: client.get("/unit/bpkad/")))
