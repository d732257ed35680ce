from actions.models import Evidence
from actions.selectors import area_evidence_counts, overdue_by_unit
from actions.services import evidence_upload, evidence_verify
from tests.actions.conftest import PDF_BYTES, make_plan, upload


def add_file(plan, status=None):
    evidence = evidence_upload(uploaded=upload("a.pdf", PDF_BYTES), by=None, plan=plan)
    if status:
        evidence_verify(evidence=evidence, by=None, status=status, comment="catatan")
    return evidence


def row_for(counts, code):
    return next(row for row in counts.rows if row.area and row.area.code == code)


def test_counts_per_area_and_status_for_the_unit_and_year(
    official_units, indicators, bpkad_plan, bappeda_plan
):
    add_file(bpkad_plan)
    add_file(bpkad_plan, Evidence.Status.ACCEPTED)
    add_file(bpkad_plan, Evidence.Status.NEEDS_REVISION)
    add_file(bappeda_plan, Evidence.Status.AWAITING)
    counts = area_evidence_counts(official_units["kalsel"], 2023)
    assert len(counts.rows) == 7  # a province's 2023 framework, zeros included
    bmd = row_for(counts, "mcp.bmd")
    assert (bmd.uploaded, bmd.awaiting, bmd.accepted, bmd.needs_revision) == (1, 0, 1, 1)
    assert row_for(counts, "mcp.perencanaan_penganggaran").awaiting == 1
    assert counts.total.total == 4
    assert area_evidence_counts(official_units["kalsel"], 2022).total.total == 0


def test_an_skpd_counts_the_evidence_of_the_plans_it_owns(
    official_units, bpkad_plan, bappeda_plan
):
    add_file(bpkad_plan)
    add_file(bappeda_plan)
    assert area_evidence_counts(official_units["bpkad"], 2023).total.total == 1


def test_counts_take_a_fixed_number_of_queries(
    official_units, bpkad_plan, django_assert_num_queries
):
    for _ in range(5):
        add_file(bpkad_plan)
    with django_assert_num_queries(2):
        area_evidence_counts(official_units["kalsel"], 2023)


def test_overdue_by_unit_is_scoped_to_what_the_user_sees(
    official_units, indicators, inspektorat_user, kepala_bpkad, django_assert_max_num_queries
):
    make_plan(official_units, indicators, owner="bpkad", days=-5)
    make_plan(official_units, indicators, owner="bpkad", days=-1)
    make_plan(official_units, indicators, owner="bappeda", days=-9)
    make_plan(official_units, indicators, owner="bappeda", days=3)
    # the data version and the user's permissions (two, cached after), one aggregate,
    # one for the units
    with django_assert_max_num_queries(5):
        rows = overdue_by_unit(inspektorat_user)
    assert [(row.unit.code, row.count) for row in rows] == [("bappeda", 1), ("bpkad", 2)]
    assert [row.unit.code for row in overdue_by_unit(kepala_bpkad)] == ["bpkad"]


def test_the_fragments_render_with_their_documented_context(
    rf, official_units, inspektorat_user, bpkad_plan
):
    from django.template.loader import render_to_string

    add_file(bpkad_plan, Evidence.Status.ACCEPTED)
    html = render_to_string(
        "actions/_area_evidence_counts.html",
        {"evidence_counts": area_evidence_counts(official_units["kalsel"], 2023)},
    )
    assert "Pengelolaan Barang Milik Daerah" in html
    html = render_to_string(
        "actions/_overdue_by_unit.html", {"overdue_units": overdue_by_unit(inspektorat_user)}
    )
    assert "Tidak ada rencana aksi yang terlambat" in html
