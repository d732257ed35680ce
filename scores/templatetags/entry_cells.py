"""The grid's cell, built in Python (translated strings sit outside the f-strings,
where xgettext cannot see them): a template per cell made the 40-SKPD grid three
times slower than its 150 ms budget. The htmx response of one cell uses the same tag."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from scores.entry.cells import NEW_VALUE_FIELDS
from scores.entry.grid import Cell

register = template.Library()


@register.simple_tag(takes_context=True)
def entry_cell(context, cell: Cell) -> SafeString:
    return render_cell(cell, cell_base=context["cell_base"], history_base=context["history_base"])


@register.simple_tag(takes_context=True)
def entry_cells(context, cells: list[Cell]) -> SafeString:
    bases = {"cell_base": context["cell_base"], "history_base": context["history_base"]}
    return mark_safe("".join(render_cell(cell, **bases) for cell in cells))


def render_cell(cell: Cell, *, cell_base: str, history_base: str) -> SafeString:
    key = cell.key
    classes = ["cell"]
    if cell.error:
        classes.append("has-error")
    if cell.saved:
        classes.append("is-saved")
    if cell.is_target:
        classes.append("is-target")
    if not cell.applies:
        classes.append("not-applicable")
    attributes = f'id="cell-{key}" class="{" ".join(classes)}"'
    if cell.applies and cell.editable:
        names = ",".join(
            [f"{prefix}-{key}" for prefix in ("v", "ver", "was", "reason", "confirm")]
            + list(NEW_VALUE_FIELDS)
        )
        attributes += (
            f' hx-post="{escape(cell_base)}{key}/" hx-trigger="change" hx-target="this"'
            f' hx-swap="outerHTML" hx-sync="this:queue last" hx-params="{names}"'
        )
    parts = [f"<td {attributes}>", body(cell)]
    if cell.is_provisional:
        provisional = escape(_("Provisional"))
        parts.append(f'<abbr class="cell-status" title="{provisional}">*</abbr>')
    if cell.record is not None:
        url = f"{escape(history_base)}{key}/"
        label = escape(_("History"))
        parts.append(
            f'<a class="cell-history" href="{url}" hx-get="{url}" hx-target="#history-panel"'
            f' hx-swap="innerHTML" tabindex="-1" title="{label}" aria-label="{label}">↺</a>'
        )
    if cell.error:
        parts.append(
            f'<span class="cell-error" id="err-{key}" role="alert">{escape(cell.error)}</span>'
        )
    elif cell.saved:
        saved = escape(_("Saved"))
        parts.append(f'<span class="cell-saved" role="status">{saved}</span>')
    parts.append("</td>")
    return mark_safe("".join(parts))  # every interpolated text above is escaped


def body(cell: Cell) -> str:
    if not cell.applies:
        title = escape(_("Does not count for this unit in this year"))
        return f'<span class="na" title="{title}">·</span>'
    if not cell.editable:
        return f'<span class="cell-value">{escape(cell.text) or "–"}</span>'
    key = cell.key
    label = f"{cell.unit.display_name}: {cell.indicator.name}"
    if cell.is_target:
        target = _("target")
        label += f" ({target})"
    value_input = (
        f'<input id="v-{key}" name="v-{key}" value="{escape(cell.text)}" class="cell-input"'
        f' inputmode="decimal" autocomplete="off" size="6" aria-label="{escape(label)}"'
    )
    if cell.error:
        value_input += f' aria-invalid="true" aria-describedby="err-{key}"'
        if not cell.prompt:
            value_input += " data-autofocus"
    parts = [
        value_input + ">",
        f'<input type="hidden" name="ver-{key}" value="{cell.version:d}">',
        f'<input type="hidden" name="was-{key}" value="{escape(cell.was)}">',
    ]
    if cell.asks_reason:
        reason_label = escape(_("Reason for the change"))
        autofocus = "" if cell.reason else " data-autofocus"
        parts.append(
            f'<input id="reason-{key}" name="reason-{key}" value="{escape(cell.reason)}"'
            f' class="cell-reason" maxlength="1000" placeholder="{reason_label}"'
            f' aria-label="{reason_label}"{autofocus}>'
        )
    if cell.prompt == "confirm":
        checked = " checked" if cell.confirmed else ""
        remove = escape(_("Remove"))
        autofocus = " data-autofocus" if not cell.asks_reason or cell.reason else ""
        parts.append(
            f'<label class="cell-confirm"><input type="checkbox" id="confirm-{key}"'
            f' name="confirm-{key}" value="1"{checked}{autofocus}> {remove}</label>'
        )
    return "".join(parts)
