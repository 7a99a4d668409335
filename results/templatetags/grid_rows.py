"""The rows of the results grid (templates/results/grid.html), written in one pass. A row as template
nodes, with its included cells and the extra row under it, cost ~1 ms of CPU (some forty variables,
filters and translations); written here, a tenth of it. The words are translated once per page. The
rarer parts (a stored budget, comments on a point, the stage column of an adjusted instrument) are still
rendered by their templates, so that they are written in one place."""
from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.formatting import quantity, readings
from core.html import escape

register = template.Library()


def _angka(value) -> str:  # the `angka` filter
    return "" if value is None or value == "" else quantity(value)


def _words() -> dict:
    return {"param": escape(_("Parameter")), "nominal": escape(_("Nominal/standar")),
            "readings": escape(_("Pembacaan alat")), "mean": escape(_("Rata-rata")), "correction": escape(_("Koreksi")),
            "U": escape(_("U (diperluas)")), "unit": escape(_("Satuan")), "conformity": escape(_("Kesesuaian")),
            "row_comment": _("Komentar untuk baris %(n)s (ikut terkirim bila dikembalikan)"),
            "aria_nominal": _("Baris %(n)s (%(p)s): nilai nominal"), "aria_readings": _("Baris %(n)s (%(p)s): pembacaan"),
            "aria_unit": _("Baris %(n)s (%(p)s): satuan"),
            "pass": _("Sesuai"), "fail": _("Tidak sesuai"), "inconclusive": _("Tidak dapat disimpulkan")}


def _point_extra(row, cols, may_send_back, words) -> str:
    """templates/results/_point_extra.html: a point's comment box for the verifier; its budget and the
    comments on it through the template."""
    p = row.point
    budget = p.budget if p is not None else None
    if p is not None and (row.comments or not isinstance(budget, dict) or budget.get("contributions")
                          or budget.get("problem")):
        return get_template("results/_point_extra.html").render({"row": row, "cols": cols,
                                                                 "may_send_back": may_send_back})
    if p is None or not may_send_back:
        return "\n\n"
    pk = escape(p.pk)
    label = words["row_comment"] % {"n": escape(row.number)}
    return (f'\n\n<tr class="point-extra"><td></td><td colspan="{cols}">\n  \n  \n  <label for="pc-{pk}">{label}</label>\n'
            f'  <textarea id="pc-{pk}" name="pc-{pk}" form="return-form" rows="1" maxlength="4000"></textarea>\n</td></tr>\n')


def _conformity(point, words) -> str:
    """The conformity cell (templates/results/_conformity.html, with the stage before it)."""
    c = point.conformity
    badge = f'<span class="badge">{escape(words[c])}</span>' if c in ("pass", "fail", "inconclusive") else "—"
    stage = f"{escape(point.get_stage_display())}: " if point.stage else ""
    return f'<td data-label="{words["conformity"]}">{stage}{badge}\n</td>'


@register.simple_tag
def readonly_rows(rows, tolerance, may_send_back):
    """The rows of the results as read (no one may change them now), each with its extra row."""
    if not rows:
        return SafeString(f'<tr><td colspan="9">{escape(_("Belum ada hasil yang dimasukkan."))}</td></tr>')
    w = _words()
    out = []
    for row in rows:
        p = row.point
        analyst = row.param.analyst
        out.append(
            f'<tr>\n    <td data-label="#">{row.number}</td><td data-label="{w["param"]}">{escape(row.param.display_name)}'
            f'<div class="muted">{escape(analyst) if analyst else "—"}</div></td>\n'
            f'    <td data-label="{w["nominal"]}" class="num">{escape(_angka(p.nominal))}</td>'
            f'<td data-label="{w["readings"]}">{escape(readings(p.readings))}</td>\n'
            f'    <td data-label="{w["mean"]}" class="num">{escape(_angka(row.mean) or "—")}</td>'
            f'<td data-label="{w["correction"]}" class="num">{escape(_angka(p.correction) or "—")}</td>\n'
            f'    <td data-label="{w["U"]}" class="num">{escape(_angka(p.expanded_uncertainty) or "—")}</td>'
            f'<td data-label="{w["unit"]}">{escape(row.values.get("unit") or "—")}</td>'
            f'<td data-label="k" class="num">{escape(_angka(p.coverage_factor))}</td>\n'
            f'    {_conformity(p, w) if tolerance else ""}\n  </tr>{_point_extra(row, 8, may_send_back, w)}')
    return SafeString("".join(out))


def _input_cells(w, *, i, n, param, values, point_id, mean, point, first) -> str:
    """templates/results/_grid_input_cells.html without its stage column."""
    values = values or {}
    names = {"n": escape(n), "p": escape(param.name)}
    return (f'\n\n      <td><input type="hidden" name="r-{i}-param" value="{escape(param.pk)}">'
            f'<input type="hidden" name="r-{i}-id" value="{escape("" if point_id is None else point_id)}">\n'
            f'        <input type="text" inputmode="decimal" name="r-{i}-nominal" data-col="nominal" '
            f'value="{escape(values.get("nominal", ""))}" aria-label="{w["aria_nominal"] % names}" '
            f'{"autofocus" if first else ""}></td>\n'
            f'      <td><input type="text" name="r-{i}-readings" data-col="readings" value="{escape(values.get("readings", ""))}" '
            f'placeholder="100,0002; 100,0003" aria-label="{w["aria_readings"] % names}"></td>\n'
            f'      <td class="num">{escape(_angka(mean) or "—")}</td>\n'
            f'      <td class="num">{escape(_angka(point.correction) if point else "") or "—"}</td>'
            f'<td class="num">{escape(_angka(point.expanded_uncertainty) if point else "") or "—"}</td>\n'
            f'      <td><input type="text" name="r-{i}-unit" data-col="unit" value="{escape(values.get("unit", ""))}" '
            f'maxlength="20" size="6" aria-label="{w["aria_unit"] % names}"></td>\n'
            f'      <td class="num">{escape(_angka(point.coverage_factor) if point else "") or "—"}</td>\n')


def _cells(w, sheet, stages, **cells) -> str:
    if sheet.adjusted:  # the stage column: through the template
        return get_template("results/_grid_input_cells.html").render({"sheet": sheet, "stages": stages, **cells})
    return _input_cells(w, **cells)


@register.simple_tag
def edit_rows(rows, sheet, stages, may_send_back):
    """The rows of the grid being filled in: the user's own as inputs, the other analysts' as read."""
    w = _words()
    out = []
    for i, row in enumerate(rows):
        n = row.number
        head = f'\n    <tr data-row="{i}">\n      <td>{n}</td>\n      <td>{escape(row.param.display_name)}'
        if row.editable:
            cells = _cells(w, sheet, stages, i=i, n=n, param=row.param, values=row.values, point_id=row.point_id,
                           mean=row.mean, point=row.point, first=i == 0)
            body = f"</td>\n      \n      {cells}\n      \n    </tr>"
        else:
            analyst = row.param.analyst
            p = row.point
            stage = f"<td>{escape(p.get_stage_display())}</td>" if sheet.adjusted else ""
            body = (f'<div class="muted">{escape(analyst) if analyst else "—"}</div></td>\n      \n      {stage}\n'
                    f'      <td class="num">{escape(_angka(p.nominal))}</td><td>{escape(readings(p.readings))}</td>'
                    f'<td class="num">{escape(_angka(row.mean) or "—")}</td><td class="num">{escape(_angka(p.correction))}</td>'
                    f'<td class="num">{escape(_angka(p.expanded_uncertainty))}</td><td>{escape(row.values.get("unit", ""))}</td>'
                    f'<td class="num">{escape(_angka(p.coverage_factor))}</td>\n      \n    </tr>')
        out.append(head + body + _point_extra(row, 8, may_send_back, w))
    return SafeString("".join(out))


@register.simple_tag
def row_templates(own_params, sheet, stages):
    """A blank row per own parameter, which the page's script copies to add a row without reloading."""
    w = _words()
    return SafeString("".join(
        f'<template data-row-template="{escape(p.pk)}"><tr data-row="__i__"><td>__n__</td><td>{escape(p.display_name)}</td>'
        + _cells(w, sheet, stages, i="__i__", n="__n__", param=p, values=None, point_id=None, mean="", point=None,
                 first=False) + "</tr></template>"
        for p in own_params))


@register.simple_tag
def form_fields(form):
    """templates/core/form_fields.html written in one pass (the page's note, comment and file forms: an
    include of that template with its loop cost ~0.6 M instructions a form)."""
    out = []
    errors = form.non_field_errors()
    if errors:
        out.append('<ul class="errorlist" role="alert">' + "".join(f"<li>{escape(e)}</li>" for e in errors) + "</ul>")
    out.append("\n")
    for field in form:
        if field.is_hidden:
            out.append(str(field))
            continue
        field_errors = field.errors
        out.append(f'\n<div class="field{" has-error" if field_errors else ""}">\n  ')
        if field.widget_type == "checkbox":
            out.append(f'<label class="check">{field} {escape(field.label)}</label>\n  ')
        else:
            out.append(f'<label for="{escape(field.id_for_label)}">{escape(field.label)}</label>{field}')
        out.append("\n  ")
        if field.help_text:
            out.append(f'<div class="helptext">{escape(field.help_text)}</div>')
        out.append("\n  ")
        if field_errors:
            out.append('<ul class="errorlist" role="alert">' + "".join(f"<li>{escape(e)}</li>" for e in field_errors)
                       + "</ul>")
        out.append("\n</div>")
    out.append("\n")
    return SafeString("".join(out))


@register.simple_tag
def sheet_fields(form):
    """The sheet form's fields side by side (label, input, errors), written in one pass."""
    out = []
    for field in form:
        field_errors = field.errors
        out.append(f'<div class="field{" has-error" if field_errors else ""}"><label for="{escape(field.id_for_label)}">'
                   f'{escape(field.label)}</label>{field}')
        if field_errors:
            out.append('<ul class="errorlist" role="alert">' + "".join(f"<li>{escape(e)}</li>" for e in field_errors)
                       + "</ul>")
        out.append("</div>")
    return SafeString("".join(out))
