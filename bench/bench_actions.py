"""Action plans, evidence counts and the what-if simulator, with 300 plans and 900
evidence records (bulk-inserted: no files, no history) on top of the demo."""

import datetime
import io

from django.test import Client

from bench.harness import Report, measure

PLANS = 300
FILES_PER_PLAN = 3


def fill() -> None:
    from django.core.management import call_command

    from actions.models import ActionPlan, Evidence
    from scores.models import FrameworkArea
    from skpd.models import Unit

    call_command("seed_demo_actions", stdout=io.StringIO())
    if ActionPlan.objects.count() >= PLANS:
        return
    kalsel = Unit.objects.get(code="kalsel")
    owners = list(Unit.objects.filter(parent=kalsel, level=Unit.Level.SKPD))
    areas = [fa.area for fa in FrameworkArea.objects.filter(year=2023).select_related("area")]
    today = datetime.date.today()
    plans = ActionPlan.objects.bulk_create(
        ActionPlan(
            unit=kalsel,
            year=2023,
            area=areas[number % len(areas)],
            title=f"Rencana uji beban {number}",
            owner_unit=owners[number % len(owners)],
            due_date=today + datetime.timedelta(days=number % 90 - 45),
            status=ActionPlan.Status.values[number % 3],
            is_demo=True,
        )
        for number in range(PLANS)
    )
    statuses = Evidence.Status.values
    Evidence.objects.bulk_create(
        Evidence(
            plan=plan,
            unit=kalsel,
            year=2023,
            area=plan.area,
            original_name="uji.pdf",
            stored_name=f"bench-{plan.pk}-{copy}.pdf",
            content_type="application/pdf",
            size=1000,
            status=statuses[(plan.pk + copy) % len(statuses)],
        )
        for plan in plans
        for copy in range(FILES_PER_PLAN)
    )


def run(report: Report) -> None:
    fill()
    client = Client()
    client.login(username="inspektorat", password="demo-mcp-2024")
    report.add(
        "actions",
        "action plans /action-plans/?unit=kalsel&year=2023",
        measure(lambda: client.get("/action-plans/?unit=kalsel&year=2023")),
    )
    head = Client()
    head.login(username="kepala-bpkad", password="demo-mcp-2024")
    report.add(
        "actions",
        "reminders /action-plans/?mine=1",
        measure(lambda: head.get("/action-plans/?mine=1")),
    )
    report.add(
        "actions",
        "what-if fragment (htmx)",
        measure(
            lambda: client.get(
                "/what-if/",
                {"unit": "kalsel", "year": "2023", "area-mcp.apip": "89,66", "part": "result"},
                HTTP_HX_REQUEST="true",
            )
        ),
    )
