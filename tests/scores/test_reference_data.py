from decimal import Decimal

from scores.models import FrameworkArea, Indicator


def test_mcp_has_the_eleven_areas_of_the_reference_file(db):
    areas = Indicator.objects.filter(parent__code="mcp")
    assert areas.count() == 11
    assert areas.get(code="mcp.apip").name_id == "Pengawasan APIP"


def test_newer_areas_continue_the_older_ones(db):
    assert Indicator.objects.get(code="mcp.perencanaan").continues.code == (
        "mcp.perencanaan_penganggaran"
    )
    assert Indicator.objects.get(code="mcp.pelayanan_publik").continues.code == "mcp.perizinan"


def test_scales_follow_the_domain(db):
    ipak = Indicator.objects.get(code="ipak")
    assert (ipak.scale_min, ipak.scale_max, ipak.decimals) == (0, 5, 2)
    assert Indicator.objects.get(code="iin").scale_max == 100


def test_bands_place_values_as_the_domain_says(db):
    iin = Indicator.objects.get(code="iin")
    assert iin.band_for(Decimal("72.54")).label_id == "Rentan"
    assert iin.band_for(Decimal("73.76")).label_id == "Waspada"
    assert iin.band_for(Decimal("78")).label_id == "Terjaga"
    mcp = Indicator.objects.get(code="mcp")
    assert mcp.band_for(Decimal("84.73")).label_id == "Hijau"
    assert mcp.band_for(Decimal("49.99")).label_id == "Kuning"
    ipak = Indicator.objects.get(code="ipak")
    assert ipak.band_for(Decimal("3.92")).label_id == "Sangat antikorupsi"


def counting_areas(year: int, kind: str) -> set[str]:
    return set(
        FrameworkArea.objects.filter(
            year=year, applies_to__in=FrameworkArea.kinds_for(kind)
        ).values_list("area__code", flat=True)
    )


def test_the_framework_gives_provinces_seven_areas_and_regencies_eight_in_2023(db):
    assert len(counting_areas(2023, "province")) == 7
    assert "mcp.keuangan_desa" in counting_areas(2023, "regency-city")
    assert len(counting_areas(2023, "regency-city")) == 8


def test_the_2024_framework_splits_planning_and_widens_licensing(db):
    areas = counting_areas(2024, "province")
    assert {"mcp.perencanaan", "mcp.penganggaran", "mcp.pelayanan_publik"} <= areas
    assert "mcp.perencanaan_penganggaran" not in areas
    assert len(areas) == 8


def test_the_framework_covers_2020_to_2025(db):
    years = set(FrameworkArea.objects.values_list("year", flat=True))
    assert years == set(range(2020, 2026))
