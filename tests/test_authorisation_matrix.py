"""Who may open what: every URL pattern the resolver knows, for every role, GET and POST.

The rule (skpd.access states it; every app's access.py applies it):

1. A page or action the user's role may not use answers 403, decided by the role's
   permission before any object is looked up (anonymous users go to the login page).
2. An object the user may not know of (unit, plan, evidence, import draft, strategic
   issue, score cell…) answers 404, exactly like one that does not exist: a guessed id
   or code reveals nothing.

`test_an_object_out_of_reach_answers_like_one_that_does_not_exist` states the rule
itself for every URL that names an object (OUT_OF_REACH).

The patterns come from django.urls.get_resolver() (admin and i18n included), so a new
URL without a row in EXPECTED fails `test_every_url_pattern_has_an_expectation`.
Path parameters are filled with real objects: the SKPD head's own unit, plan and
evidence, and another unit's ("guessed"), which gives 404 to whoever may not know of
it (or 403 where the role may not use the page at all).

Statuses are written per role in the order of ROLES:
anonymous, SKPD head (kepala-bpkad), Pimpinan, Inspektorat, superuser.
POSTs here carry no body (so nothing valid is ever submitted); the CSRF test posts
to every pattern without a token and must be refused with 403.
"""

import datetime
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from actions.models import ActionPlan, Evidence, ProgressNote, StrategicIssue
from actions.services import action_plan_report_progress, action_plan_save, evidence_upload
from jobs.models import BackgroundJob
from reminders.models import InternalDeadline, Milestone, OutboxMail
from scores import services
from scores.management.commands.seed_demo import Command as SeedDemo
from scores.models import (
    FrameworkArea,
    ImportDraft,
    ImportEvent,
    Indicator,
    Score,
    Target,
    YearLock,
)
from skpd import roles
from skpd.grants import role_grant
from skpd.models import Unit
from tests.conftest import make_user
from workbook import services as workbook_services
from workbook.models import CatalogueEntry, DocumentRecord, SubIndicatorValue
from workbook.models import ImportDraft as WorkbookDraft

ROLES = ("anonymous", "head", "pimpinan", "inspektorat", "superuser")
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
YEAR = 2023


# ---------------------------------------------------------------- the resolver's patterns


def url_patterns(patterns=None, prefix: str = ""):
    """Every URLPattern's full route, as ResolverMatch.route spells it."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            # ResolverMatch.route drops a regex's leading "^" as well.
            yield prefix + str(entry.pattern).removeprefix("^")


GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)|\([^)]*\)|<(?:\w+:)?(\w+)>")


def fill(route: str, params: dict) -> str:
    """The route with its parameters filled: <conv:name>, (?P<name>…) or positional (…),
    whose values are given as "1", "2", … in order."""
    positions = iter(range(1, 10))

    def value(match: re.Match) -> str:
        name = match.group(1) or match.group(2) or str(next(positions))
        return str(params[name])

    return "/" + GROUP.sub(value, route).removesuffix("$")


# ---------------------------------------------------------------- the data


@dataclass
class World:
    users: dict[str, User]
    ids: dict[str, object]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module inside a transaction that is rolled back at its end;
    each test runs in a savepoint of its own inside it (pytest-django's `db`)."""
    evidence_root = tmp_path_factory.mktemp("evidence")
    fast_hash = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(EVIDENCE_ROOT=evidence_root, PASSWORD_HASHERS=fast_hash),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


def build_world() -> World:
    units = SeedDemo().load_units()
    indicator = {i.code: i for i in Indicator.objects.all()}
    users = {
        "head": make_user("kepala-bpkad", roles.KEPALA_SKPD),
        "pimpinan": make_user("pimpinan", roles.PIMPINAN),
        "inspektorat": make_user("inspektorat", roles.INSPEKTORAT),
        "superuser": User.objects.create_superuser("admin", password="x-admin-1"),
    }
    units["bpkad"].heads.add(users["head"])
    inspector = users["inspektorat"]
    scores = {
        code: services.score_set(
            unit=units[code], indicator=indicator["mcp"], year=YEAR, value=Decimal("80"), by=None
        )
        for code in ("bpkad", "bappeda")
    }
    target = services.target_set(
        unit=units["bpkad"], indicator=indicator["mcp"], year=YEAR, value=Decimal("90"), by=None
    )
    lock = services.year_lock(year=2019, by=None, reason="Diverifikasi")
    plans = {
        code: action_plan_save(
            plan=ActionPlan(
                unit=units["kalsel"],
                year=YEAR,
                area=indicator["mcp.bmd"],
                title=f"Rencana {code}",
                owner_unit=units[code],
                due_date=datetime.date.today() + datetime.timedelta(days=30),
            ),
            by=None,
        )
        for code in ("bpkad", "bappeda")
    }
    evidence = {
        code: evidence_upload(
            uploaded=SimpleUploadedFile(f"{code}.pdf", PDF_BYTES, "application/pdf"),
            by=None,
            plan=plans[code],
        )
        for code in ("bpkad", "bappeda")
    }
    note = action_plan_report_progress(
        plan=plans["bpkad"], by=None, text="Mulai", status=ActionPlan.Status.IN_PROGRESS
    )
    issue = StrategicIssue.objects.create(title="Aset", year=YEAR, strategy="perbaikan-sistem")
    # An import whose user has since been deleted still lists on the import page.
    ImportEvent.objects.create(file_name="lama.csv", imported_by=None, imported_at=timezone.now())
    drafts = {
        name: ImportDraft.objects.create(
            token=uuid.uuid4(),
            file_name="nilai.csv",
            created_by=users[name],
            created_at=timezone.now(),
            rows={"headers": {}, "ignored_headers": [], "rows": []},
        )
        for name in ("inspektorat", "superuser")
    }
    workbook = build_workbook(units, users)
    # A finished export of the inspector's: its owner and admins find it, nobody else.
    job = BackgroundJob.objects.create(
        owner=inspector,
        kind=BackgroundJob.Kind.SCORE_EXPORT,
        state=BackgroundJob.State.SUCCEEDED,
        file_name="nilai.xlsx",
        file_content_type="application/octet-stream",
        file_bytes=b"PK",
    )

    pemda_users, pemda_ids = build_two_pemda(units, indicator, workbook["entry"].parent)
    users |= pemda_users
    attempt = AccessAttempt.objects.create(
        username="x", ip_address="10.0.0.1", failures_since_start=1, get_data="", post_data=""
    )
    access_log = AccessLog.objects.create(username="x", ip_address="10.0.0.1")
    failure = AccessFailureLog.objects.create(username="x", ip_address="10.0.0.1")
    framework_area = FrameworkArea.objects.first()
    framework_area.save()  # the data migration wrote no history row
    milestone = Milestone.objects.get(year=2025, kind=Milestone.Kind.CUTOFF)
    milestone.save()  # likewise
    deadline = milestone.internal_deadlines.get()
    admin_objects = {
        "auth.group": Group.objects.first(),
        "auth.user": inspector,
        "axes.accessattempt": attempt,
        "axes.accesslog": access_log,
        "axes.accessfailurelog": failure,
        "skpd.unit": units["bpkad"],
        "scores.indicator": indicator["mcp"],
        "scores.frameworkarea": framework_area,
        "scores.score": scores["bpkad"],
        "scores.target": target,
        "scores.yearlock": lock,
        "actions.strategicissue": issue,
        "actions.actionplan": plans["bpkad"],
        "actions.progressnote": note,
        "actions.evidence": evidence["bpkad"],
        "workbook.catalogueentry": workbook["entry"],
        "workbook.documentrecord": workbook["records"]["bpkad"],
        "jobs.backgroundjob": job,
        "reminders.milestone": milestone,
        "reminders.outboxmail": OutboxMail.objects.create(
            recipient=inspector,
            recipient_name="x",
            day=datetime.date(2025, 11, 5),
            status=OutboxMail.Status.SENT,
            subject="x",
            body="x",
        ),
    }
    ids = {
        "own_cell": f"s-{units['bpkad'].pk}-{indicator['mcp'].pk}",
        "other_cell": f"s-{units['bappeda'].pk}-{indicator['mcp'].pk}",
        "own_plan": plans["bpkad"].pk,
        "other_plan": plans["bappeda"].pk,
        "own_evidence": evidence["bpkad"].pk,
        "other_evidence": evidence["bappeda"].pk,
        "issue": issue.pk,
        "inspector_draft": drafts["inspektorat"].token,
        "superuser_draft": drafts["superuser"].token,
        "admin": {label: obj.pk for label, obj in admin_objects.items()},
        "history": {
            label: obj.history.first().history_id
            for label, obj in admin_objects.items()
            if hasattr(obj, "history")
        },
        "own_document": workbook["records"]["bpkad"].pk,
        "other_document": workbook["records"]["bappeda"].pk,
        "own_file": workbook["files"]["bpkad"].pk,
        "other_file": workbook["files"]["bappeda"].pk,
        "inspector_workbook_draft": workbook["drafts"]["inspektorat"].token,
        "superuser_workbook_draft": workbook["drafts"]["superuser"].token,
        "unit_type": ContentType.objects.get_for_model(units["bpkad"]).pk,
        "milestone": milestone.pk,
        "deadline": deadline.pk,
        "user_id": inspector.pk,
        "inspector_job": job.pk,
        "pemda": pemda_ids,
    }
    return World(users=users, ids=ids)


# Issue 18: two kabupaten with their own staff, each granted for its own pemda
# (skpd.grants), and a provincial Pimpinan granted for the province.
SECOND_PEMDA = ("banjar", "tabalong")


def build_two_pemda(units, indicator, sub_indicator) -> tuple[dict, dict]:
    """An SKPD in Kabupaten Banjar and one in Kabupaten Tabalong, each with a score, a
    plan, evidence, a workbook document with a file, a strategic issue and an import
    draft; staff granted for Banjar (Inspektorat, Pimpinan, an SKPD's head), for
    Tabalong (Inspektorat) and for the province (Pimpinan)."""
    ids: dict[str, dict] = {}
    for number, code in enumerate(SECOND_PEMDA, start=3):
        pemda = units[code]
        skpd = Unit.objects.create(
            code=f"{code}-bpkad", name=f"BPKAD {pemda.short_name}", level="skpd", parent=pemda
        )
        score = services.score_set(
            unit=skpd, indicator=indicator["mcp"], year=YEAR, value=Decimal("70"), by=None
        )
        plan = action_plan_save(
            plan=ActionPlan(
                unit=pemda,
                year=YEAR,
                area=indicator["mcp.bmd"],
                title=f"Rencana {pemda.short_name}",
                owner_unit=skpd,
                due_date=datetime.date.today() + datetime.timedelta(days=30),
            ),
            by=None,
        )
        evidence = evidence_upload(
            uploaded=SimpleUploadedFile(f"{code}.pdf", PDF_BYTES, "application/pdf"),
            by=None,
            plan=plan,
        )
        document = CatalogueEntry.objects.create(
            year=YEAR, level="document", code=f"7.1.1.{number}", name=f"7.1.1.{number}",
            area=indicator["mcp.bmd"], parent=sub_indicator, default_owner=skpd,
        )  # fmt: skip
        record = DocumentRecord.objects.create(pemda=pemda, document=document, owner=skpd)
        upload = workbook_services.document_file_upload(
            record=record,
            uploaded=SimpleUploadedFile(f"{code}.pdf", PDF_BYTES, "application/pdf"),
            by=None,
        )
        issue = StrategicIssue.objects.create(
            title=f"Isu {pemda.short_name}", year=YEAR, strategy="perbaikan-sistem"
        )
        issue.responsible_units.add(skpd)
        ids[code] = {
            "unit": pemda.pk,
            "skpd": skpd.pk,
            "cell": f"s-{skpd.pk}-{indicator['mcp'].pk}",
            "score": score,
            "plan": plan.pk,
            "evidence": evidence.pk,
            "document": record.pk,
            "file": upload.pk,
            "issue": issue.pk,
            "sub": sub_indicator.pk,
        }
    roles_by_name = {group.name: group for group in Group.objects.all()}
    staff = {
        "banjar-inspektorat": (roles.INSPEKTORAT, "banjar"),
        "banjar-pimpinan": (roles.PIMPINAN, "banjar"),
        "banjar-kepala": (roles.KEPALA_SKPD, "banjar-bpkad"),
        "tabalong-inspektorat": (roles.INSPEKTORAT, "tabalong"),
        "kalsel-pimpinan": (roles.PIMPINAN, "kalsel"),
    }
    users = {}
    for username, (role, code) in staff.items():
        users[username] = make_user(username)
        role_grant(
            user=users[username],
            role=roles_by_name[role],
            unit=Unit.objects.get(code=code),
            by=None,
        )
    for username in ("banjar-inspektorat", "tabalong-inspektorat"):
        ids[f"{username}-draft"] = ImportDraft.objects.create(
            token=uuid.uuid4(),
            file_name="nilai.csv",
            created_by=users[username],
            created_at=timezone.now(),
            rows={"headers": {}, "ignored_headers": [], "rows": []},
        ).token
    return users, ids


def build_workbook(units, users) -> dict:
    """A 2023 catalogue of two documents, one owned by BPKAD (the head's) and one by
    Bappeda, each with a file, and a catalogue draft each for the inspector and admin."""
    area = Indicator.objects.get(code="mcp.bmd")
    parent = None
    for level, code in (("area", "mcp.bmd"), ("indicator", "7.1"), ("sub-indicator", "7.1.1")):
        parent = CatalogueEntry.objects.create(
            year=YEAR, level=level, code=code, name=code, area=area, parent=parent
        )
    records, files = {}, {}
    for number, code in enumerate(("bpkad", "bappeda"), start=1):
        document = CatalogueEntry.objects.create(
            year=YEAR, level="document", code=f"7.1.1.{number}", name=code, area=area,
            parent=parent, default_owner=units[code],
        )  # fmt: skip
        records[code] = DocumentRecord.objects.create(
            pemda=units["kalsel"], document=document, owner=units[code]
        )
        records[code].save()  # a history row for the admin's per-version page
        files[code] = workbook_services.document_file_upload(
            record=records[code],
            uploaded=SimpleUploadedFile(f"{code}.pdf", PDF_BYTES, "application/pdf"),
            by=None,
        )
    drafts = {
        name: WorkbookDraft.objects.create(
            token=uuid.uuid4(),
            kind="catalogue",
            year=YEAR,
            file_name="katalog.csv",
            rows=[],
            created_by=users[name],
        )
        for name in ("inspektorat", "superuser")
    }
    return {"entry": document, "records": records, "files": files, "drafts": drafts}


# ---------------------------------------------------------------- the expectations


@dataclass
class Case:
    """One way to fill a route, and the statuses each role gets (in ROLES order)."""

    get: str
    post: str
    params: Callable[[dict], dict] = field(default=lambda ids: {})
    variant: str = ""

    def statuses(self, method: str) -> dict[str, int]:
        codes = (self.get if method == "GET" else self.post).split()
        assert len(codes) == len(ROLES), self
        return dict(zip(ROLES, map(int, codes), strict=True))


# Common rows, read as "anonymous, head, pimpinan, inspektorat, superuser".
NOT_ALLOWED = "405 405 405 405 405"  # the wrong method, whoever asks
EVERYONE = "302 200 200 200 200"  # any logged-in user
SEE_ALL = "302 403 200 200 200"  # those who see every unit (Pimpinan reads, staff write)
SEE_ALL_ELSE_404 = "302 404 200 200 200"  # an object that only those who see every unit know
STAFF_READ = "302 403 403 200 200"  # inspectorate staff (and the superuser)
STAFF_WRITE = "302 403 403 302 302"  # a write by staff, answered with a redirect
ADMIN_ONLY = "302 302 302 302 200"  # Django admin: staff accounts only (the superuser)
ADMIN_REDIRECT = "302 302 302 302 302"


def own_and_other(get_own: str, get_other: str, post_own: str, post_other: str, name: str, ids):
    return [
        Case(get_own, post_own, lambda i: {name: i[f"own_{ids}"]}, "own"),
        Case(get_other, post_other, lambda i: {name: i[f"other_{ids}"]}, "guessed"),
    ]


EXPECTED: dict[str, list[Case]] = {
    # ------------------------------------------------ dashboard, unit pages, health
    "": [Case(EVERYONE, NOT_ALLOWED)],
    "unit/<slug:code>/": [
        Case(EVERYONE, NOT_ALLOWED, lambda i: {"code": "bpkad"}, "own"),
        Case(SEE_ALL_ELSE_404, NOT_ALLOWED, lambda i: {"code": "bappeda"}, "guessed"),
        Case("302 404 404 404 404", NOT_ALLOWED, lambda i: {"code": "no-such-unit"}, "unknown"),
    ],
    "healthz": [Case("200 200 200 200 200", NOT_ALLOWED)],
    "ping/": [Case(EVERYONE, NOT_ALLOWED)],
    # ------------------------------------------------ score entry (staff only)
    "entry/": [Case(STAFF_READ, NOT_ALLOWED)],
    "entry/save/": [Case(NOT_ALLOWED, "302 403 403 400 400")],
    "entry/paste/": [Case(NOT_ALLOWED, "302 403 403 400 400")],
    "entry/<int:year>/cell/<cellkey:key>/": [
        Case(NOT_ALLOWED, STAFF_WRITE, lambda i: {"year": YEAR, "key": i["own_cell"]}, "own"),
        Case(NOT_ALLOWED, STAFF_WRITE, lambda i: {"year": YEAR, "key": i["other_cell"]}, "other"),
        Case(NOT_ALLOWED, "302 403 403 404 404", lambda i: {"year": YEAR, "key": "s-0-0"}, "none"),
    ],
    "entry/<int:year>/history/<cellkey:key>/": [
        Case(STAFF_READ, NOT_ALLOWED, lambda i: {"year": YEAR, "key": i["own_cell"]}, "own"),
        Case(STAFF_READ, NOT_ALLOWED, lambda i: {"year": YEAR, "key": i["other_cell"]}, "other"),
    ],
    "entry/<int:year>/unit/<slug:code>/": [
        Case(STAFF_READ, STAFF_WRITE, lambda i: {"year": YEAR, "code": "bpkad"}, "own"),
        Case(STAFF_READ, STAFF_WRITE, lambda i: {"year": YEAR, "code": "bappeda"}, "other"),
    ],
    "entry/<int:year>/lock/": [
        Case(NOT_ALLOWED, STAFF_WRITE, lambda i: {"year": YEAR}),
    ],
    "entry/<int:year>/unlock/": [
        Case(NOT_ALLOWED, STAFF_WRITE, lambda i: {"year": 2019}),
    ],
    # ------------------------------------------------ import and export
    "import/": [Case(STAFF_READ, "302 403 403 400 400")],
    "import/template.xlsx": [Case(STAFF_READ, NOT_ALLOWED)],
    "import/template.csv": [Case(STAFF_READ, NOT_ALLOWED)],
    "import/template-rekap.xlsx": [Case(STAFF_READ, NOT_ALLOWED)],
    "import/<uuid:token>/": [
        # A preview belongs to whoever uploaded it: nobody else finds it, not even admin.
        Case(
            "302 403 403 200 404",
            NOT_ALLOWED,
            lambda i: {"token": i["inspector_draft"]},
            "inspector's",
        ),
        Case(
            "302 403 403 404 200",
            NOT_ALLOWED,
            lambda i: {"token": i["superuser_draft"]},
            "superuser's",
        ),
    ],
    "import/<uuid:token>/apply/": [
        Case(NOT_ALLOWED, STAFF_WRITE, lambda i: {"token": i["inspector_draft"]}, "inspector's"),
    ],
    # SKPD heads export their own units only: see test_an_skpd_head_exports_only_its_unit.
    "export/": [Case(EVERYONE, NOT_ALLOWED)],
    "export/scores.csv": [Case(EVERYONE, NOT_ALLOWED)],
    "export/scores.xlsx": [Case(EVERYONE, NOT_ALLOWED)],
    # ------------------------------------------------ background jobs (jobs/)
    # A job is its owner's (and the admins'): anyone else gets 404, as for no job.
    "jobs/": [Case(EVERYONE, NOT_ALLOWED)],
    "jobs/<uuid:job_id>/": [
        Case("302 404 404 200 200", NOT_ALLOWED, lambda i: {"job_id": i["inspector_job"]})
    ],
    "jobs/<uuid:job_id>/file/": [
        Case("302 404 404 200 200", NOT_ALLOWED, lambda i: {"job_id": i["inspector_job"]})
    ],
    "national/recompute/": [Case(NOT_ALLOWED, STAFF_WRITE)],
    # ------------------------------------------------ accounts and language
    "accounts/login/": [Case("200 200 200 200 200", "200 200 200 200 200")],
    "accounts/logout/": [Case(NOT_ALLOWED, "302 302 302 302 302")],
    "accounts/password/": [Case(EVERYONE, EVERYONE)],
    "accounts/password/done/": [Case(EVERYONE, "302 405 405 405 405")],
    "i18n/setlang/": [Case("302 302 302 302 302", "302 302 302 302 302")],
    # ------------------------------------------------ strategic issues and action plans
    "strategic-issues/": [Case(SEE_ALL, NOT_ALLOWED)],
    "strategic-issues/new/": [Case(STAFF_READ, STAFF_READ)],
    "strategic-issues/<int:pk>/": [Case(SEE_ALL, NOT_ALLOWED, lambda i: {"pk": i["issue"]})],
    "strategic-issues/<int:pk>/edit/": [
        Case(STAFF_READ, STAFF_READ, lambda i: {"pk": i["issue"]})
    ],
    "action-plans/": [Case(EVERYONE, NOT_ALLOWED)],
    "action-plans/new/": [Case(STAFF_READ, STAFF_READ)],
    "action-plans/<int:pk>/": own_and_other(
        EVERYONE, "302 404 200 200 200", NOT_ALLOWED, NOT_ALLOWED, "pk", "plan"
    ),
    "action-plans/<int:pk>/edit/": own_and_other(
        STAFF_READ, STAFF_READ, STAFF_READ, STAFF_READ, "pk", "plan"
    ),
    "action-plans/<int:pk>/progress/": own_and_other(
        NOT_ALLOWED, NOT_ALLOWED, "302 400 403 400 400", "302 404 403 400 400", "pk", "plan"
    ),
    "action-plans/<int:pk>/evidence/": own_and_other(
        NOT_ALLOWED, NOT_ALLOWED, "302 400 403 400 400", "302 404 403 400 400", "pk", "plan"
    ),
    "evidence/<int:pk>/": own_and_other(
        EVERYONE, "302 404 200 200 200", NOT_ALLOWED, NOT_ALLOWED, "pk", "evidence"
    ),
    "evidence/<int:pk>/submit/": own_and_other(
        NOT_ALLOWED, NOT_ALLOWED, "302 302 403 302 302", "302 404 403 302 302", "pk", "evidence"
    ),
    "evidence/<int:pk>/verify/": own_and_other(
        NOT_ALLOWED, NOT_ALLOWED, "302 403 403 302 302", "302 403 403 302 302", "pk", "evidence"
    ),
    "what-if/": [Case(EVERYONE, NOT_ALLOWED)],
    "what-if/save/": [Case(NOT_ALLOWED, STAFF_WRITE)],
    # ------------------------------------------------ the MCP workbook
    "mcp/": [Case("302 302 302 302 302", NOT_ALLOWED)],
    "mcp/<int:year>/": [Case(EVERYONE, NOT_ALLOWED, lambda i: {"year": YEAR})],
    "mcp/<int:year>/unit/<slug:code>/": [
        Case(EVERYONE, NOT_ALLOWED, lambda i: {"year": YEAR, "code": "bpkad"}, "own"),
        Case(
            SEE_ALL_ELSE_404, NOT_ALLOWED, lambda i: {"year": YEAR, "code": "bappeda"}, "guessed"
        ),
    ],
    # An empty POST is refused with a message and a redirect (nothing is written); the
    # head's role may enter values, but only on their own OPD's page.
    "mcp/<int:year>/unit/<slug:code>/value/": [
        Case(NOT_ALLOWED, "302 302 403 302 302", lambda i: {"year": YEAR, "code": "bpkad"}, "own"),
        Case(
            NOT_ALLOWED,
            "302 404 403 302 302",
            lambda i: {"year": YEAR, "code": "bappeda"},
            "guessed",
        ),
    ],
    "mcp/<int:year>/review/": [Case(STAFF_READ, NOT_ALLOWED, lambda i: {"year": YEAR})],
    "mcp/<int:year>/verify/": [Case(NOT_ALLOWED, STAFF_WRITE, lambda i: {"year": YEAR})],
    "mcp/<int:year>/catalogue/": [
        Case(STAFF_READ, "302 403 403 400 400", lambda i: {"year": YEAR})
    ],
    # An empty POST is refused with a message and a redirect (nothing is assigned).
    "mcp/<int:year>/assign/": [Case(NOT_ALLOWED, STAFF_WRITE, lambda i: {"year": YEAR})],
    "mcp/<int:year>/jaga/": [Case(STAFF_READ, "302 403 403 400 400", lambda i: {"year": YEAR})],
    # Issue 15 (reminders): the timeline the overview loads (the calendar's readers: every
    # role) and the coordination report (whoever may open the overview), GET only.
    "mcp/<int:year>/kalender/ringkas/": [Case(EVERYONE, NOT_ALLOWED, lambda i: {"year": YEAR})],
    "mcp/<int:year>/laporan/": [Case(EVERYONE, NOT_ALLOWED, lambda i: {"year": YEAR})],
    "mcp/<int:year>/laporan.pdf": [Case(EVERYONE, NOT_ALLOWED, lambda i: {"year": YEAR})],
    "mcp/<int:year>/laporan.xlsx": [Case(EVERYONE, NOT_ALLOWED, lambda i: {"year": YEAR})],
    "mcp/import/<uuid:token>/": [
        Case(
            "302 403 403 200 404",
            NOT_ALLOWED,
            lambda i: {"token": i["inspector_workbook_draft"]},
            "inspector's",
        ),
        Case(
            "302 403 403 404 200",
            NOT_ALLOWED,
            lambda i: {"token": i["superuser_workbook_draft"]},
            "superuser's",
        ),
    ],
    "mcp/import/<uuid:token>/apply/": [
        Case(
            NOT_ALLOWED,
            "302 403 403 302 404",
            lambda i: {"token": i["inspector_workbook_draft"]},
            "inspector's",
        ),
    ],
    # One document's assignment: the reviewers' role (403 for heads and pimpinan before
    # any lookup); an empty POST is refused with a message and a redirect.
    "mcp/document/<int:pk>/assign/": own_and_other(
        NOT_ALLOWED, NOT_ALLOWED, STAFF_WRITE, STAFF_WRITE, "pk", "document"
    ),
    # An empty POST names no step: 400 for whoever may open the workbook, before lookup.
    "mcp/document/<int:pk>/step/": own_and_other(
        NOT_ALLOWED, NOT_ALLOWED, "302 400 400 400 400", "302 400 400 400 400", "pk", "document"
    ),
    "mcp/document/<int:pk>/upload/": own_and_other(
        NOT_ALLOWED, NOT_ALLOWED, "302 302 403 302 302", "302 404 403 302 302", "pk", "document"
    ),
    "mcp/file/<int:pk>/": own_and_other(
        EVERYONE, "302 404 200 200 200", NOT_ALLOWED, NOT_ALLOWED, "pk", "file"
    ),
    # ------------------------------------------------ calendar, outbox, what needs me
    "tugas/": [Case(EVERYONE, NOT_ALLOWED)],
    # Pimpinan and unit heads read the calendar; the Inspektorat keeps it. An empty
    # POST is a form with errors (400), nothing saved.
    "mcp/<int:year>/kalender/": [
        Case(EVERYONE, NOT_ALLOWED, lambda i: {"year": 2025}),
        Case("302 404 404 404 404", NOT_ALLOWED, lambda i: {"year": 1999}, "no such year"),
    ],
    "mcp/<int:year>/kalender/tonggak/": [
        Case(STAFF_READ, "302 403 403 400 400", lambda i: {"year": 2025})
    ],
    "mcp/kalender/tonggak/<int:pk>/": [
        Case(STAFF_READ, "302 403 403 400 400", lambda i: {"pk": i["milestone"]}),
        Case("302 403 403 404 404", "302 403 403 404 404", lambda i: {"pk": 0}, "unknown"),
    ],
    # A delete without the version read is refused with a message: nothing deleted.
    "mcp/kalender/tonggak/<int:pk>/hapus/": [
        Case(NOT_ALLOWED, STAFF_WRITE, lambda i: {"pk": i["milestone"]}),
    ],
    "mcp/kalender/tonggak/<int:pk>/tenggat/": [
        Case(STAFF_READ, "302 403 403 400 400", lambda i: {"pk": i["milestone"]}),
    ],
    "mcp/kalender/tenggat/<int:pk>/": [
        Case(STAFF_READ, "302 403 403 400 400", lambda i: {"pk": i["deadline"]}),
    ],
    "mcp/kalender/tenggat/<int:pk>/hapus/": [
        Case(NOT_ALLOWED, STAFF_WRITE, lambda i: {"pk": i["deadline"]}),
    ],
    "mcp/pengingat/kotak-keluar/": [Case(STAFF_READ, NOT_ALLOWED)],
}

# Django admin: the site's own pages, then the same seven pages for every model.
EXPECTED |= {
    "admin/": [Case(ADMIN_ONLY, ADMIN_ONLY)],
    "admin/login/": [Case("200 200 200 200 302", "200 200 200 200 200")],
    "admin/logout/": [Case("302 302 302 302 405", ADMIN_REDIRECT)],
    "admin/password_change/": [Case(ADMIN_ONLY, ADMIN_ONLY)],
    "admin/password_change/done/": [Case(ADMIN_ONLY, "302 302 302 302 405")],
    "admin/autocomplete/": [Case("302 302 302 302 403", "302 302 302 302 405")],
    "admin/jsi18n/": [Case(ADMIN_ONLY, "302 302 302 302 405")],
    "admin/r/<path:content_type_id>/<path:object_id>/": [
        Case(
            "302 302 302 302 404",
            "302 302 302 302 404",
            lambda i: {"content_type_id": i["unit_type"], "object_id": i["admin"]["skpd.unit"]},
        )
    ],
    "admin/auth/user/<id>/password/": [
        Case(ADMIN_ONLY, ADMIN_ONLY, lambda i: {"id": i["user_id"]})
    ],
    "admin/(?P<app_label>auth|axes|jobs|skpd|scores|actions|workbook|reminders)/$": [
        Case(ADMIN_ONLY, ADMIN_ONLY, lambda i: {"app_label": "scores"})
    ],
    "admin/(?P<url>.*)$": [
        Case("302 302 302 302 404", "302 302 302 302 404", lambda i: {"url": "no-such-page/"})
    ],
}

# Per admin model: which of its pages the superuser may open (add/change/delete are
# turned off where the app's rules say the data is written only by its services or
# by the login throttle), and whether simple-history adds its per-version page.
ADMIN_MODELS = {
    # model: superuser's (changelist, add, history, delete, change, object, per-version
    # history or None); "GET/POST" where an empty POST answers differently. Change is
    # view-only (POST 403) where only the services may write; axes' and progress
    # notes' forms have only read-only fields, so an empty POST saves nothing.
    "auth.group": ("200", "200", "200", "200", "200", "302", None),
    "auth.user": ("200", "200", "200", "200", "200", "302", None),
    "axes.accessattempt": ("200", "403", "200", "200", "200/302", "302", None),
    "axes.accesslog": ("200", "403", "200", "200", "200/302", "302", None),
    "axes.accessfailurelog": ("200", "403", "200", "200", "200/302", "302", None),
    "skpd.unit": ("200", "200", "200", "200", "200", "302", None),
    "scores.indicator": ("200", "200", "200", "200", "200", "302", None),
    "scores.frameworkarea": ("200", "200", "200", "200", "200", "302", "200"),
    "scores.score": ("200", "403", "200", "403", "200/403", "302", "200/403"),
    "scores.target": ("200", "403", "200", "403", "200/403", "302", "200/403"),
    "scores.yearlock": ("200", "200", "200", "200", "200/403", "302", "200/403"),
    "actions.strategicissue": ("200", "200", "200", "200", "200", "302", "200"),
    "actions.actionplan": ("200", "200", "200", "200", "200", "302", "200"),
    "actions.progressnote": ("200", "403", "200", "200", "200/302", "302", "200/302"),
    "actions.evidence": ("200", "403", "200", "200", "200/403", "302", "200/403"),
    "workbook.catalogueentry": ("200", "200", "200", "403", "200", "302", "200"),
    # An empty POST lacks the version the form was read at: refused, the form again.
    "workbook.documentrecord": ("200", "403", "200", "403", "200", "302", "200"),
    # Written by jobs.services only: view-only in the admin, deletable.
    "jobs.backgroundjob": ("200", "403", "200", "200", "200/403", "302", None),
    "reminders.milestone": ("200", "200", "200", "200", "200", "302", "200"),
    "reminders.outboxmail": ("200", "403", "200", "403", "200/403", "302", None),
}


def admin_row(superuser: str) -> tuple[str, str]:
    """Everyone but the superuser (the only staff account) is sent to the admin login."""
    superuser_get, _, superuser_post = superuser.partition("/")
    others = "302 302 302 302"
    return f"{others} {superuser_get}", f"{others} {superuser_post or superuser_get}"


def admin_model_cases(label: str, statuses: tuple) -> dict[str, list[Case]]:
    app, model = label.split(".")
    base = f"admin/{app}/{model}/"
    changelist, add, history, delete, change, obj, simple_history = statuses

    def object_params(ids):
        return {"object_id": ids["admin"][label]}

    cases = {
        base: [Case(*admin_row(changelist))],
        f"{base}add/": [Case(*admin_row(add))],
        f"{base}<path:object_id>/history/": [Case(*admin_row(history), object_params)],
        f"{base}<path:object_id>/delete/": [Case(*admin_row(delete), object_params)],
        f"{base}<path:object_id>/change/": [Case(*admin_row(change), object_params)],
        f"{base}<path:object_id>/": [Case(*admin_row(obj), object_params)],
    }
    if simple_history:
        cases[f"{base}([^/]+)/history/([^/]+)/$"] = [
            Case(
                *admin_row(simple_history),
                lambda ids: {"1": ids["admin"][label], "2": ids["history"][label]},
            )
        ]
    return cases


for _label, _statuses in ADMIN_MODELS.items():
    EXPECTED |= admin_model_cases(_label, _statuses)


# ---------------------------------------------------------------- the tests


def test_every_url_pattern_has_an_expectation():
    """A new URL fails here until its row is added to EXPECTED; a removed one too."""
    routes = list(url_patterns())
    assert len(routes) == len(set(routes))
    assert sorted(set(routes) - set(EXPECTED)) == [], "URL patterns without an expectation"
    assert sorted(set(EXPECTED) - set(routes)) == [], "expectations for no URL pattern"


def client_for(world: World, role: str, **options) -> Client:
    client = Client(**options)
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def request(client: Client, method: str, path: str):
    return client.get(path) if method == "GET" else client.post(path)


def cases():
    for route, route_cases in EXPECTED.items():
        for case in route_cases:
            yield pytest.param(route, case, id=f"{route} {case.variant}".strip())


@pytest.mark.parametrize(("route", "case"), cases())
def test_each_role_gets_the_expected_status(world, db, route, case):
    path = fill(route, case.params(world.ids))
    assert resolve(path).route == route, path
    wrong = []
    for role in ROLES:
        client = client_for(world, role)
        for method in ("GET", "POST"):
            status = request(client, method, path).status_code
            expected = case.statuses(method)[role]
            if status != expected:
                wrong.append(f"{method} {path} as {role}: {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", ["anonymous", "superuser"])
def test_every_post_without_a_csrf_token_is_refused(world, db, role):
    client = client_for(world, role, enforce_csrf_checks=True)
    accepted = []
    for route, route_cases in EXPECTED.items():
        for case in route_cases:
            path = fill(route, case.params(world.ids))
            response = client.post(path, {"reason": "tanpa token", "post": "yes"})
            if response.status_code != 403 or b"CSRF" not in response.content:
                accepted.append(f"POST {path}: {response.status_code}")
    assert not accepted, "\n".join(accepted)
    assert Score.objects.count() == 2 + len(SECOND_PEMDA)
    assert Target.objects.count() == 1
    assert YearLock.objects.count() == 1
    assert User.objects.filter(username="admin").exists()


def test_an_skpd_head_exports_only_its_own_unit(world, db):
    client = client_for(world, "head")
    text = b"".join(client.get("/export/scores.csv").streaming_content).decode()
    units = {line.split(";")[0] for line in text.splitlines()[1:]}
    assert units == {"bpkad"}


# ---------------------------------------------------------------- the rule itself

MISSING_ID = 999_999_999  # fits every converter and an integer column; names nothing
SEES_ALL_UNITS = ("pimpinan", "inspektorat", "superuser")
LOGGED_IN = ("head", "pimpinan", "inspektorat", "superuser")


@dataclass
class OutOfReach:
    """An object named in a URL, the roles that may know of it, and an id naming nothing.
    Params are path parameters; "?" holds query parameters (a unit chosen in a form)."""

    route: str
    hidden: Callable[[dict], dict]
    missing: Callable[[dict], dict]
    known_to: tuple[str, ...]
    variant: str = "guessed"


def missing_cell(ids: dict) -> str:
    """A well-formed cell key whose unit does not exist (the indicator does)."""
    indicator_id = ids["own_cell"].rsplit("-", 1)[1]
    return f"s-{MISSING_ID}-{indicator_id}"


def missing_pk(ids: dict) -> dict:
    return {"pk": MISSING_ID}


def missing_token(ids: dict) -> dict:
    return {"token": uuid.UUID(int=MISSING_ID)}


def draft_cases(route: str) -> list[OutOfReach]:
    """A draft is known only to whoever uploaded it."""
    return [
        OutOfReach(
            route,
            lambda i: {"token": i["inspector_draft"]},
            missing_token,
            ("inspektorat",),
            "inspector's",
        ),
        OutOfReach(
            route,
            lambda i: {"token": i["superuser_draft"]},
            missing_token,
            ("superuser",),
            "superuser's",
        ),
    ]


def draft_cases_of(route: str, name: str) -> list[OutOfReach]:
    """A workbook import draft is known only to whoever uploaded it."""
    return [
        OutOfReach(
            route,
            lambda i: {"token": i[f"inspector_{name}"]},
            missing_token,
            ("inspektorat",),
            "inspector's",
        ),
        OutOfReach(
            route,
            lambda i: {"token": i[f"superuser_{name}"]},
            missing_token,
            ("superuser",),
            "superuser's",
        ),
    ]


def plan_case(route: str) -> OutOfReach:
    return OutOfReach(route, lambda i: {"pk": i["other_plan"]}, missing_pk, SEES_ALL_UNITS)


def evidence_case(route: str) -> OutOfReach:
    return OutOfReach(route, lambda i: {"pk": i["other_evidence"]}, missing_pk, SEES_ALL_UNITS)


def cell_case(route: str) -> OutOfReach:
    return OutOfReach(
        route,
        lambda i: {"year": YEAR, "key": i["other_cell"]},
        lambda i: {"year": YEAR, "key": missing_cell(i)},
        SEES_ALL_UNITS,
    )


def unit_query_case(route: str) -> OutOfReach:
    return OutOfReach(
        route,
        lambda i: {"?": {"unit": "bappeda"}},
        lambda i: {"?": {"unit": "no-such-unit"}},
        SEES_ALL_UNITS,
        "?unit=guessed",
    )


# Every URL that names an object (`test_every_object_url_states_the_rule` keeps the
# list whole), with the SKPD head's "guessed" objects and the import drafts, which are
# their uploader's alone. Strategic issues are not scoped to units: every role that
# may open their pages knows them all, so only rule 1 is checked there.
OUT_OF_REACH: list[OutOfReach] = [
    OutOfReach(
        "unit/<slug:code>/",
        lambda i: {"code": "bappeda"},
        lambda i: {"code": "no-such-unit"},
        SEES_ALL_UNITS,
    ),
    cell_case("entry/<int:year>/cell/<cellkey:key>/"),
    cell_case("entry/<int:year>/history/<cellkey:key>/"),
    OutOfReach(
        "entry/<int:year>/unit/<slug:code>/",
        lambda i: {"year": YEAR, "code": "bappeda"},
        lambda i: {"year": YEAR, "code": "no-such-unit"},
        SEES_ALL_UNITS,
    ),
    *draft_cases("import/<uuid:token>/"),
    *draft_cases("import/<uuid:token>/apply/"),
    *(
        OutOfReach(route, lambda i: {"pk": i["issue"]}, missing_pk, LOGGED_IN, "issue")
        for route in ("strategic-issues/<int:pk>/", "strategic-issues/<int:pk>/edit/")
    ),
    plan_case("action-plans/<int:pk>/"),
    plan_case("action-plans/<int:pk>/edit/"),
    plan_case("action-plans/<int:pk>/progress/"),
    plan_case("action-plans/<int:pk>/evidence/"),
    evidence_case("evidence/<int:pk>/"),
    evidence_case("evidence/<int:pk>/submit/"),
    evidence_case("evidence/<int:pk>/verify/"),
    # Units chosen in a query string follow the same rule. (The dashboard's ?unit= is
    # not here: it shows any pemda to every logged-in user.)
    OutOfReach(
        "mcp/<int:year>/unit/<slug:code>/",
        lambda i: {"year": YEAR, "code": "bappeda"},
        lambda i: {"year": YEAR, "code": "no-such-unit"},
        SEES_ALL_UNITS,
    ),
    OutOfReach(
        "mcp/<int:year>/unit/<slug:code>/value/",
        lambda i: {"year": YEAR, "code": "bappeda"},
        lambda i: {"year": YEAR, "code": "no-such-unit"},
        SEES_ALL_UNITS,
    ),
    *draft_cases_of("mcp/import/<uuid:token>/", "workbook_draft"),
    *draft_cases_of("mcp/import/<uuid:token>/apply/", "workbook_draft"),
    OutOfReach(
        "mcp/document/<int:pk>/assign/",
        lambda i: {"pk": i["other_document"]},
        missing_pk,
        SEES_ALL_UNITS,
    ),
    OutOfReach(
        "mcp/document/<int:pk>/step/",
        lambda i: {"pk": i["other_document"]},
        missing_pk,
        SEES_ALL_UNITS,
    ),
    OutOfReach(
        "mcp/document/<int:pk>/upload/",
        lambda i: {"pk": i["other_document"]},
        missing_pk,
        SEES_ALL_UNITS,
    ),
    OutOfReach(
        "mcp/file/<int:pk>/", lambda i: {"pk": i["other_file"]}, missing_pk, SEES_ALL_UNITS
    ),
    *(
        OutOfReach(
            route,
            lambda i: {"job_id": i["inspector_job"]},
            lambda i: {"job_id": uuid.UUID(int=MISSING_ID)},
            ("inspektorat", "superuser"),
            "inspector's",
        )
        for route in ("jobs/<uuid:job_id>/", "jobs/<uuid:job_id>/file/")
    ),
    unit_query_case("entry/"),
    unit_query_case("what-if/"),
    unit_query_case("export/scores.csv"),
    # The calendar is not scoped to units: every role that may open its pages knows
    # every milestone and deadline, so only rule 1 is checked there.
    *(
        OutOfReach(route, lambda i, name=name: {"pk": i[name]}, missing_pk, LOGGED_IN, name)
        for route, name in (
            ("mcp/kalender/tonggak/<int:pk>/", "milestone"),
            ("mcp/kalender/tonggak/<int:pk>/hapus/", "milestone"),
            ("mcp/kalender/tonggak/<int:pk>/tenggat/", "milestone"),
            ("mcp/kalender/tenggat/<int:pk>/", "deadline"),
            ("mcp/kalender/tenggat/<int:pk>/hapus/", "deadline"),
        )
    ),
]

# Parameters that name no object: a year in the address. (The Django admin's pages keep
# the admin's own answers: staff accounts only, see ADMIN_ONLY.)
NOT_AN_OBJECT = {"year"}


def object_path(route: str, params: dict) -> str:
    params = dict(params)
    query = params.pop("?", None)
    path = fill(route, params)
    return f"{path}?{urlencode(query)}" if query else path


def route_parameters(route: str) -> set[str]:
    return {match.group(1) or match.group(2) or "?" for match in GROUP.finditer(route)}


def test_every_object_url_states_the_rule():
    """A new URL naming an object fails here until it is added to OUT_OF_REACH."""
    naming_objects = {
        route
        for route in url_patterns()
        if not route.startswith("admin/") and route_parameters(route) - NOT_AN_OBJECT
    }
    assert sorted(naming_objects - {case.route for case in OUT_OF_REACH}) == []


@pytest.mark.parametrize(
    "case",
    OUT_OF_REACH,
    ids=[f"{case.route} {case.variant}" for case in OUT_OF_REACH],
)
def test_an_object_out_of_reach_answers_like_one_that_does_not_exist(world, db, case):
    """Rule 2: whoever may not know of an object gets exactly what an id naming nothing
    gets. Rule 1: 403 comes from the role alone, so a role gets it for both or neither."""
    hidden = object_path(case.route, case.hidden(world.ids))
    missing = object_path(case.route, case.missing(world.ids))
    wrong = []
    for role in ROLES:
        client = client_for(world, role)
        for method in ("GET", "POST"):
            hidden_status = request(client, method, hidden).status_code
            missing_status = request(client, method, missing).status_code
            out_of_reach = role not in case.known_to
            if out_of_reach and hidden_status != missing_status:
                wrong.append(
                    f"{method} as {role}: {hidden_status} for {hidden}, "
                    f"{missing_status} for {missing}"
                )
            if (hidden_status == 403) != (missing_status == 403):
                wrong.append(
                    f"{method} as {role}: 403 depends on the object: "
                    f"{hidden_status} for {hidden}, {missing_status} for {missing}"
                )
    assert not wrong, "\n".join(wrong)


# ---------------------------------------------------------------- two pemda (issue 18)

BANJAR_STAFF = ("banjar-inspektorat", "banjar-pimpinan", "banjar-kepala")
# What only Tabalong's data says (its code alone is in the addresses asked, which pages
# echo back in their forms' "next" fields).
MARKER = re.compile(rb"Tabalong(?!&)|tabalong-bpkad|tabalong\.pdf")
# A route's object parameter, filled with Tabalong's object: which one, by the route.
TABALONG_PK = {
    "action-plans/": "plan",
    "evidence/": "evidence",
    "mcp/document/": "document",
    "mcp/file/": "file",
    "strategic-issues/": "issue",
}


def tabalong_paths(route: str, ids: dict) -> list[tuple[str, bool]]:
    """Paths of a route aimed at Kabupaten Tabalong, each with whether it names one of
    its objects in the address (which must then not answer 200 at all). Routes without
    an object get Tabalong in their query string (?unit=, ?pemda=) and must not show
    anything of it. Drafts and jobs are their owner's alone (checked above)."""
    tabalong = ids["pemda"]["tabalong"]
    names = route_parameters(route) - {"?"}
    if "token" in names:
        return [(fill(route, {"token": ids["pemda"]["tabalong-inspektorat-draft"]}), True)]
    if route.startswith("mcp/kalender/"):
        # The year's calendar is every pemda's: a pemda's staff may read it, not change it.
        kind = "deadline" if "tenggat" in route else "milestone"
        return [(fill(route, {"pk": ids[kind]}), True)]
    if "job_id" in names:
        # A job is its owner's alone, whatever pemda it touched: another's answers 404.
        return [(fill(route, {"job_id": ids["inspector_job"]}), True)]
    query = "?unit=tabalong&pemda=tabalong&year=2023"
    if not names or names == {"year"}:
        return [(fill(route, {"year": YEAR}) + query, False)]
    params = {"year": YEAR, "key": tabalong["cell"]}
    if "pk" in names:
        kind = next(kind for prefix, kind in TABALONG_PK.items() if route.startswith(prefix))
        params["pk"] = tabalong[kind]
    if "code" in names:
        return [
            (fill(route, params | {"code": code}) + query, True)
            for code in ("tabalong", "tabalong-bpkad")
        ]
    return [(fill(route, params) + query, True)]


def tabalong_body(ids: dict) -> dict:
    """A POST that would change Tabalong's data if any view let it through: a new value
    for its score cell, a step, a value, a progress note, an owner, a year…"""
    tabalong = ids["pemda"]["tabalong"]
    key, score = tabalong["cell"], tabalong["score"]
    return {
        f"v-{key}": "55",
        f"was-{key}": "x",
        f"ver-{key}": str(score.version),
        "reason": "lintas pemda",
        "unit": "tabalong",
        "pemda": "tabalong",
        "year": str(YEAR),
        "step": "submit",
        "note": "lintas pemda",
        "text": "lintas pemda",
        "status": ActionPlan.Status.IN_PROGRESS,
        "sub": str(tabalong["sub"]),
        "value": "3",
        "version": "0",
        "owner": "tabalong-bpkad",
        "area": str(Indicator.objects.get(code="mcp.bmd").pk),
        "title": "lintas pemda",
    }


def tabalong_state(ids: dict) -> tuple:
    """Everything of Tabalong that a write could change."""
    tabalong = ids["pemda"]["tabalong"]
    units = [tabalong["unit"], tabalong["skpd"]]
    return (
        sorted(Score.objects.filter(unit__in=units).values_list("pk", "value", "version")),
        sorted(Target.objects.filter(unit__in=units).values_list("pk", "value")),
        sorted(ActionPlan.objects.filter(unit__in=units).values_list("pk", "status", "version")),
        sorted(
            DocumentRecord.objects.filter(pemda=tabalong["unit"]).values_list(
                "pk", "state", "version", "owner"
            )
        ),
        sorted(StrategicIssue.objects.filter(pk=tabalong["issue"]).values_list("pk", "title")),
        ProgressNote.objects.filter(plan__unit__in=units).count(),
        Evidence.objects.filter(plan__unit__in=units).values_list("status", flat=True).first(),
        SubIndicatorValue.objects.filter(pemda=tabalong["unit"]).count(),
        YearLock.objects.count(),
    )


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def non_admin_routes() -> list[str]:
    return [route for route in EXPECTED if not route.startswith("admin/")]


@pytest.mark.parametrize("username", BANJAR_STAFF)
def test_banjar_staff_read_nothing_of_tabalong(world, db, username):
    """Every page, export and object of Tabalong, for each of Banjar's staff: an address
    naming a Tabalong object never answers 200, and no page shows Tabalong."""
    client = client_for(world, username)
    seen = []
    for route in non_admin_routes():
        for path, names_object in tabalong_paths(route, world.ids):
            response = client.get(path)
            if names_object and response.status_code == 200:
                seen.append(f"GET {path}: 200")
            elif response.status_code == 200 and MARKER.search(body_of(response)):
                seen.append(f"GET {path}: shows Tabalong")
    assert not seen, "\n".join(seen)


@pytest.mark.parametrize("username", BANJAR_STAFF)
def test_banjar_staff_change_nothing_of_tabalong(world, db, username):
    """Every URL posted at Tabalong's objects with a body that would change them: none
    changes anything of Tabalong."""
    client = client_for(world, username)
    before = tabalong_state(world.ids)
    body = tabalong_body(world.ids)
    for route in non_admin_routes():
        for path, _names_object in tabalong_paths(route, world.ids):
            client.post(path, body)
    assert tabalong_state(world.ids) == before


def test_the_same_writes_reach_banjar_for_its_inspektorat(world, db):
    """The control of the test above: the same kind of write, aimed at Banjar by Banjar's
    Inspektorat, is saved (so the refusal above is the grant's, not the request's)."""
    banjar = world.ids["pemda"]["banjar"]
    key = banjar["cell"]
    client = client_for(world, "banjar-inspektorat")
    response = client.post(
        f"/entry/{YEAR}/cell/{key}/",
        {
            f"v-{key}": "55",
            f"was-{key}": "x",
            f"ver-{key}": str(banjar["score"].version),
            "reason": "koreksi",
        },
    )
    assert response.status_code == 302
    assert Score.objects.get(pk=banjar["score"].pk).value == Decimal("55")
    tabalong = client_for(world, "tabalong-inspektorat")
    cell = world.ids["pemda"]["tabalong"]["cell"]
    response = tabalong.post(
        f"/entry/{YEAR}/cell/{cell}/",
        {f"v-{cell}": "56", f"was-{cell}": "x", f"ver-{cell}": "1", "reason": "koreksi"},
    )
    assert response.status_code == 302
    assert Score.objects.get(pk=world.ids["pemda"]["tabalong"]["score"].pk).value == Decimal("56")


@pytest.mark.parametrize(
    ("username", "path", "status"),
    [
        ("banjar-inspektorat", "/unit/banjar/", 200),
        ("banjar-inspektorat", "/unit/banjar-bpkad/", 200),
        ("banjar-inspektorat", "/?unit=banjar", 200),
        ("banjar-inspektorat", "/", 200),  # starts on its own pemda
        ("banjar-inspektorat", f"/entry/?unit=banjar&year={YEAR}", 200),
        ("banjar-inspektorat", "/unit/kalsel/", 404),
        ("banjar-inspektorat", "/unit/nasional/", 404),
        ("banjar-inspektorat", "/unit/bpkad/", 404),
        ("banjar-kepala", "/unit/banjar-bpkad/", 200),
        ("banjar-kepala", "/?unit=banjar", 200),
        ("banjar-kepala", "/unit/banjar/", 404),
        ("kalsel-pimpinan", "/unit/kalsel/", 200),
        ("kalsel-pimpinan", "/unit/tabalong-bpkad/", 200),
        ("kalsel-pimpinan", "/?unit=tabalong", 200),
        ("kalsel-pimpinan", "/unit/nasional/", 404),
        ("kalsel-pimpinan", f"/entry/?unit=kalsel&year={YEAR}", 403),
    ],
)
def test_a_grant_reaches_its_subtree_and_nothing_more(world, db, username, path, status):
    assert client_for(world, username).get(path).status_code == status


@pytest.mark.parametrize("username", ["banjar-inspektorat", "tabalong-inspektorat"])
def test_a_pemda_inspektorat_may_not_lock_a_year_of_every_pemda(world, db, username):
    """A year lock holds every pemda's values: only a national role locks."""
    client = client_for(world, username)
    before = YearLock.objects.count()
    assert client.post(f"/entry/{YEAR}/lock/", {"reason": "Diverifikasi"}).status_code == 403
    assert client.post("/entry/2019/unlock/", {"reason": "Dibuka"}).status_code == 403
    assert YearLock.objects.count() == before


@pytest.mark.parametrize("username", ["banjar-inspektorat", "tabalong-inspektorat"])
def test_a_pemda_inspektorat_may_not_recompute_the_national_view(world, db, username):
    """The national view is out of a pemda's grant (its page is a 404 to them): starting
    its recomputation is refused too, and no job is made (its result names the count of
    every region)."""
    client = client_for(world, username)
    before = BackgroundJob.objects.count()
    assert client.post("/national/recompute/").status_code == 403
    assert BackgroundJob.objects.count() == before


def test_an_export_holds_the_granted_pemda_only(world, db):
    client = client_for(world, "banjar-inspektorat")
    text = b"".join(client.get("/export/scores.csv").streaming_content).decode()
    units = {line.split(";")[0] for line in text.splitlines()[1:]}
    assert units == {"banjar-bpkad"}
    pimpinan = client_for(world, "kalsel-pimpinan")
    text = b"".join(pimpinan.get("/export/scores.csv").streaming_content).decode()
    units = {line.split(";")[0] for line in text.splitlines()[1:]}
    assert {"banjar-bpkad", "tabalong-bpkad", "bpkad"} <= units


def test_an_import_row_for_another_pemda_is_refused_with_its_row_number(world, db):
    client = client_for(world, "banjar-inspektorat")
    rows = "unit;indicator;year;value\nbanjar-bpkad;mcp;2023;61\ntabalong-bpkad;mcp;2023;62\n"
    upload = SimpleUploadedFile("nilai.csv", rows.encode(), "text/csv")
    response = client.post("/import/", {"file": upload}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "tabalong-bpkad" in page  # the refused text is quoted back, with its row
    assert re.search(r"\b3\b", page)
    draft = ImportDraft.objects.filter(created_by=world.users["banjar-inspektorat"]).latest(
        "created_at"
    )
    apply = client.post(f"/import/{draft.token}/apply/", {"reason": "Impor"})
    assert apply.status_code in (200, 302, 400)
    tabalong = world.ids["pemda"]["tabalong"]["score"]
    assert Score.objects.get(pk=tabalong.pk).value == Decimal("70")


def test_the_kalsel_pimpinan_reads_every_kabupaten_but_writes_nothing(world, db):
    client = client_for(world, "kalsel-pimpinan")
    tabalong = world.ids["pemda"]["tabalong"]
    assert client.get(f"/action-plans/{tabalong['plan']}/").status_code == 200
    assert client.get(f"/mcp/document/{tabalong['document']}/step/").status_code == 405
    before = tabalong_state(world.ids)
    for route in non_admin_routes():
        for path, _names_object in tabalong_paths(route, world.ids):
            client.post(path, tabalong_body(world.ids))
    assert tabalong_state(world.ids) == before


def test_admin_lists_hold_only_the_granted_units_for_staff_who_are_not_superusers(world, db):
    """A staff account limited by grants (not a superuser) sees in the admin's lists
    only the rows of its units."""
    user = world.users["banjar-inspektorat"]
    user.is_staff = True
    user.save()
    for name in ("view_unit", "view_score", "view_actionplan", "view_documentrecord"):
        user.user_permissions.add(Permission.objects.get(codename=name))
    client = Client()
    client.force_login(user)
    seen = []
    for url in (
        "/admin/skpd/unit/",
        "/admin/scores/score/",
        "/admin/actions/actionplan/",
        "/admin/workbook/documentrecord/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        if MARKER.search(response.content):
            seen.append(url)
    tabalong = world.ids["pemda"]["tabalong"]
    assert client.get(f"/admin/actions/actionplan/{tabalong['plan']}/change/").status_code in (
        302,
        404,
    )
    assert not seen, seen


def calendar_state() -> list[tuple]:
    return sorted(Milestone.objects.values_list("pk", "kind", "date", "note", "version")) + sorted(
        InternalDeadline.objects.values_list("pk", "name", "days_before", "version")
    )


@pytest.mark.parametrize("username", BANJAR_STAFF)
def test_a_pemda_s_staff_neither_change_the_year_s_calendar_nor_read_the_outbox(
    world, db, username
):
    """KPK's milestones and the internal deadlines are every pemda's, and the outbox holds
    every pemda's mail: a role granted for one pemda reads the calendar, changes none
    of it (403, from the grant alone) and cannot open the outbox."""
    client = client_for(world, username)
    before = calendar_state()
    ids = world.ids
    for path in (
        f"/mcp/{YEAR}/kalender/tonggak/",
        f"/mcp/kalender/tonggak/{ids['milestone']}/",
        f"/mcp/kalender/tonggak/{ids['milestone']}/hapus/",
        f"/mcp/kalender/tonggak/{ids['milestone']}/tenggat/",
        f"/mcp/kalender/tenggat/{ids['deadline']}/",
        f"/mcp/kalender/tenggat/{ids['deadline']}/hapus/",
    ):
        response = client.post(
            path,
            {
                "kind": "rilis",
                "date": "2025-12-20",
                "name": "x",
                "days_before": "3",
                "version_read": "1",
            },
        )
        assert response.status_code in (403, 405), path
    assert calendar_state() == before
    assert client.get("/mcp/pengingat/kotak-keluar/").status_code == 403
    page = client.get("/mcp/2025/kalender/").content.decode()
    assert "/mcp/kalender/tonggak/" not in page  # no edit links offered
