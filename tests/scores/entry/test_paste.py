"""A block pasted from a spreadsheet into the grid: all of it saved, or none."""

from decimal import Decimal

import pytest

from scores.entry.grid import build_grid
from scores.entry.paste import parse_block
from scores.models import Score
from tests.scores.entry.support import save_score
from tests.scores.entry.test_save import grid_form


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("84,73\t70\r\n65,5\t71\r\n", [["84,73", "70"], ["65,5", "71"]]),  # Excel: CRLF
        ("84,73\t70\n65,5\t71\n", [["84,73", "70"], ["65,5", "71"]]),  # LibreOffice: LF
        ("84,73\t70\n65,5\t71", [["84,73", "70"], ["65,5", "71"]]),  # no trailing break
        ("1\r2\r", [["1"], ["2"]]),  # CR alone
        ('"a\tb"\t3\n', [["a\tb", "3"]]),  # a quoted cell keeps its tab
        ("1\t2\n3\n\n", [["1", "2"], ["3", ""]]),  # short rows padded, blank end dropped
        ("", []),
    ],
)
def test_the_clipboard_text_reads_as_the_spreadsheet_showed_it(text, rows):
    assert parse_block(text) == rows


@pytest.fixture
def grid(as_user, inspektorat_user, official_data, indicators):
    """The client, the 2023 grid's form as the page holds it, and the grid's layout."""
    client = as_user(inspektorat_user)
    _page, data = grid_form(client)
    return client, data, build_grid(official_data["kalsel"], year=2023, show_ipak=False)


def open_block(layout, height, width):
    """The top-left cell of a block of cells that all take a value, below the first row
    (the province's final values ask for a reason)."""
    for r in range(1, len(layout.rows) - height + 1):
        for c in range(len(layout.columns) - width + 1):
            cells = [layout.rows[r + i].cells[c + j] for i in range(height) for j in range(width)]
            if all(cell.applies and cell.record is None for cell in cells):
                return cells
    raise AssertionError("no open block in the grid")


def paste_into(client, data, anchor, text):
    fields = data | {"paste-at": anchor.key, "paste": text}
    return client.post("/entry/paste/", fields, HTTP_HX_REQUEST="true")


def stored(cells):
    values = []
    for cell in cells:
        score = Score.objects.filter(unit=cell.unit, indicator=cell.indicator, year=2023).first()
        values.append(score and score.value)
    return values


def test_six_valid_values_are_all_saved_and_marked(grid):
    client, data, layout = grid
    cells = open_block(layout, 2, 3)
    response = paste_into(client, data, cells[0], "81,5\t72,25\t70\r\n60\t61,75\t85%\r\n")
    body = response.content.decode()
    assert "6 nilai tempelan tersimpan." in body
    assert body.count('class="cell-saved"') == 6
    assert stored(cells) == [Decimal(v) for v in ("81.5", "72.25", "70", "60", "61.75", "85")]


def test_a_block_larger_than_the_grid_is_refused_whole(grid):
    client, data, layout = grid
    last_row = layout.rows[-1].cells
    anchor = next(cell for cell in last_row if cell.applies and cell.record is None)
    before = Score.history.count()
    body = paste_into(client, data, anchor, "70\t71\n72\t73\n").content.decode()
    assert "Blok yang ditempel berisi 2 baris dan 2 kolom" in body
    assert "Tidak ada yang disimpan" in body
    assert Score.history.count() == before


def test_one_refused_cell_saves_nothing_and_is_marked(grid):
    client, data, layout = grid
    cells = open_block(layout, 2, 3)
    before = Score.history.count()
    body = paste_into(client, data, cells[0], "81,5\t72,25\t70\n60\t120\t62\n").content.decode()
    assert "Tidak ada yang disimpan: 1 nilai tempelan perlu diperbaiki." in body
    assert f'id="err-{cells[4].key}"' in body and "Nilai 120 di luar rentang 0–100." in body
    assert f'name="v-{cells[0].key}" value="81,5"' in body  # what was pasted is kept
    assert Score.history.count() == before


def test_a_cell_saved_by_someone_else_since_refuses_the_block(grid, superuser):
    client, data, layout = grid
    cells = open_block(layout, 1, 2)
    save_score(cells[1].unit, cells[1].indicator, 2023, "66", superuser)
    body = paste_into(client, data, cells[0], "81,5\t72,25\n").content.decode()
    assert "Tidak ada yang disimpan" in body
    assert stored(cells) == [None, Decimal("66")]


def test_empty_pasted_cells_leave_values_as_they_are(grid, superuser):
    client, data, layout = grid
    cells = open_block(layout, 1, 3)
    body = paste_into(client, data, cells[0], "70\t\t72\r\n").content.decode()
    assert "2 nilai tempelan tersimpan." in body
    assert stored(cells) == [Decimal("70"), None, Decimal("72")]


def test_a_value_on_a_cell_that_takes_none_refuses_the_block(grid):
    client, data, layout = grid
    for row in layout.rows:
        for left, right in zip(row.cells, row.cells[1:], strict=False):
            if left.applies and left.record is None and not right.applies:
                break
        else:
            continue
        break
    else:
        raise AssertionError("the 2023 grid should have a cell taking no value beside an open one")
    before = Score.history.count()
    body = paste_into(client, data, left, "70\t71\n").content.decode()
    assert "Tidak ada yang disimpan" in body and f'id="err-{right.key}"' in body
    assert Score.history.count() == before


def test_a_locked_year_refuses_the_paste(grid, superuser):
    from scores import services

    client, data, layout = grid
    cells = open_block(layout, 1, 1)
    services.year_lock(year=2023, by=superuser, reason="Final")
    body = paste_into(client, data, cells[0], "70\t71\n").content.decode()
    assert "Tempel ke sel tabel yang terbuka untuk diisi." in body
    assert stored(cells) == [None]


def test_pasted_new_values_take_the_status_and_source_chosen_above_the_grid(grid):
    client, data, layout = grid
    cells = open_block(layout, 1, 2)
    paste_into(
        client, data | {"new-status": "progress", "new-source": "Rekap OPD"}, cells[0], "70\t71\n"
    )
    scores = [Score.objects.get(unit=c.unit, indicator=c.indicator, year=2023) for c in cells]
    assert [(s.status, s.source) for s in scores] == [("progress", "Rekap OPD")] * 2


def test_pasting_new_values_without_a_status_saves_nothing(grid):
    client, data, layout = grid
    cells = open_block(layout, 1, 2)
    body = paste_into(client, data | {"new-status": ""}, cells[0], "70\t71\n").content.decode()
    assert "Tidak ada yang disimpan" in body
    assert stored(cells) == [None, None]
