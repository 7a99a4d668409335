"""The results grid of an instrument (step 14) and the checks of steps 15-16; thin views over
results.services. Every instrument is fetched through results.access."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.actions import run_service
from core.formatting import input_number
from core.middleware import message_of
from core.paths import link_of
from results import grid_reads, services
from results.access import get_results_instrument_for_user
from accounts.names import names_of
from accounts.roles import Role
from metrology.models import CalibrationMethod, ReferenceStandard
from metrology.services import expiring_standards, grid_standards
from results.forms import ApprovalNoteForm, AttachmentForm, CommentForm, SheetForm, sheet_initial
from results.models import ResultSheet, Stage
from results.numbers import mean_of
from results.services import PointInput
from workflow.engine import TransitionNotAllowed, acting_role, allowed_codes, record

MAX_GRID_ROWS = 400
# What the analyst types; the correction, U and k are computed (a posted "correction" is never read).
POSTED_FIELDS = {"nominal": "nominal", "readings": "readings", "unit": "unit", "stage": "stage"}


@dataclass
class GridRow:
    param: object
    editable: bool
    point_id: int | None = None
    values: dict = field(default_factory=dict)  # posted name -> text
    mean: str = ""
    number: int = 0
    point: object = None  # the stored CalibrationPoint: its budget and conformity
    comments: list = field(default_factory=list)  # the comments on the stored point, newest first

    def as_input(self) -> PointInput:
        return PointInput(self.param.pk, self.number, point_id=self.point_id,
                          **{name: self.values.get(key, "") for key, name in POSTED_FIELDS.items()})


def _blank_row(param, unit: str = "") -> GridRow:
    return GridRow(param, True, values={"unit": unit})


def _stored_rows(param, editable: bool) -> list[GridRow]:
    return [GridRow(param, editable, p.pk, values={
        "nominal": input_number(p.nominal), "readings": "; ".join(input_number(r) for r in p.readings),
        "unit": p.unit, "stage": p.stage},
        mean=mean_of(list(p.readings)), point=p)
        for p in param.points.all()]


def _posted_rows(post, own: dict) -> dict[int, list[GridRow]]:
    """The rows of the user's own parameters as typed, grouped by parameter."""
    try:
        count = max(0, min(int(post.get("rows", "0")), MAX_GRID_ROWS))
    except ValueError:
        count = 0
    rows: dict[int, list[GridRow]] = {}
    for i in range(count):
        try:
            param = own.get(int(post.get(f"r-{i}-param", "")))
        except ValueError:
            param = None
        if param is None:
            continue
        try:
            point_id = int(post.get(f"r-{i}-id") or 0) or None
        except ValueError:
            point_id = None
        values = {key: post.get(f"r-{i}-{key}", "")[:2000] for key in POSTED_FIELDS}
        rows.setdefault(param.pk, []).append(GridRow(param, True, point_id, values))
    return rows


def _method_rows(param, method) -> list[GridRow]:
    """The method's suggested calibration points as the parameter's rows (the analyst may change them)."""
    return [GridRow(param, True, values={"nominal": point, "unit": method.unit})
            for point in method.point_list] if method is not None else []


def _grid(params, own: dict, posted: dict | None, method=None) -> list[GridRow]:
    """Every row of the sheet in parameter order, numbered as the user sees them. An own parameter
    without rows gets the method's suggested points, else one blank row."""
    rows = []
    for param in params:
        if param.pk in own:
            mine = posted.get(param.pk, []) if posted is not None else _stored_rows(param, True)
            rows.extend(mine or _method_rows(param, method) or [_blank_row(param)])
        else:
            rows.extend(_stored_rows(param, False))
    for number, row in enumerate(rows, 1):
        row.number = number
    return rows


def _fill_method_points(rows: list[GridRow], method, own: dict) -> tuple[list[GridRow], bool]:
    """The grid with the method's points as the rows of every own parameter that has nothing typed and
    nothing stored; whether any parameter was filled."""
    if method is None or not method.point_list:
        return rows, False
    typed = {r.param.pk for r in rows if r.editable and (r.point_id or not r.as_input().blank)}
    empty = {pk for pk, param in own.items() if pk not in typed and not list(param.points.all())}
    if not empty:
        return rows, False
    out, done = [], set()
    for row in rows:
        if row.param.pk not in empty:
            out.append(row)
        elif row.param.pk not in done:
            out.extend(_method_rows(row.param, method))
            done.add(row.param.pk)
    for number, row in enumerate(out, 1):
        row.number = number
    return out, True


def _add_row(rows: list[GridRow], param_id: str, own: dict) -> list[GridRow]:
    try:
        param = own[int(param_id)]
    except (KeyError, TypeError, ValueError):
        return rows
    last = max((i for i, r in enumerate(rows) if r.param.pk == param.pk), default=len(rows) - 1)
    unit = rows[last].values.get("unit", "") if 0 <= last < len(rows) and rows[last].param.pk == param.pk else ""
    rows.insert(last + 1, _blank_row(param, unit))
    for number, row in enumerate(rows, 1):
        row.number = number
    return rows


def _names(params, ids) -> dict[int, str]:
    """The names of the accounts `ids` (User.__str__): the parameters' analysts' as read with them, the
    others' in one query for the page."""
    known = {p.analyst_id: str(p.analyst) for p in params if p.analyst_id is not None}
    missing = {pk for pk in ids if pk is not None} - known.keys()
    if missing:
        known.update(names_of(missing))
    return known


_LINKS = {"instrument": "orders:instrument", "order": "orders:detail", "preview": "results:preview",
          "verify": "results:verify", "return_verification": "results:return_verification",
          "validate": "results:validate", "return_validation": "results:return_validation", "attach": "results:attach"}


def _links() -> dict[str, tuple[str, str]]:
    """The page's links, joined from halves reversed once per process (core.paths), not reversed per link
    (a raw file's links, rarer and of two ids, are still reversed by the page)."""
    return {key: link_of(name) for key, name in _LINKS.items()}


def _page(request, inst, *, rows, sheet_form, editable, status=200, sheet=None, actions=None, params=None,
          points=None, method_list=None, standards_read=None, **filled):
    """The grid page. `sheet`, `actions`, `params` and `points` (every point of the instrument) as the caller
    already read them (read here when not given), so the page reads each once."""
    user = request.user
    sheet = services.sheet_of(inst) if sheet is None else sheet
    actions = allowed_codes(inst, "instrument", user) if actions is None else actions
    params = list(inst.parameters.all()) if params is None else params
    # the covering methods and the standards, read once for the form's choices: whether any method exists,
    # and whether one suggests points
    if sheet_form is not None and "method" in sheet_form.fields and inst.laboratory_id is not None:
        # the form's standards and the warning's, in one read (the caller's, when it read them)
        usable, expiring = (grid_standards(inst, rows=grid_reads.laboratory_standards(inst.laboratory_id)[0])
                            if standards_read is None else standards_read)
        methods = sheet_form.read_choices(standards=usable, methods=method_list)
    else:
        methods = (sheet_form.read_choices(methods=method_list) if sheet_form is not None and "method" in sheet_form.fields
                   else [])
        expiring = (grid_reads.laboratory_standards(inst.laboratory_id)[1] if inst.laboratory_id is not None
                    else expiring_standards(None))
    # Comments and changes come only after the results were first submitted (a send-back, a verification
    # note; a change made after submission): before, there are none to read.
    submitted_once = sheet.first_submitted_at is not None
    changes = grid_reads.changes_of(inst) if submitted_once else []
    checks = actions & {"instrument.verify", "instrument.validate"}
    entrants = services.entrants_of(inst, sheet, points=points, changes=changes) if checks else set()
    standards = grid_reads.sheet_standards_of(sheet)  # shown on the sheet, and marked when expiring
    chosen = {s.pk for s in standards}
    attachments = grid_reads.attachments_of(inst)  # services.raw_files_of
    # every comment on the results, read once: the list above the grid, and each point's under its row
    comments = grid_reads.comments_of(inst) if submitted_once else []
    # everyone the page names, in one query at most (not an account joined to each row that names one)
    sheet_people = {"submitted": sheet.submitted_by_id, "verified": sheet.verified_by_id,
                    "validated": sheet.validated_by_id} if not editable else {}
    names = _names(params, [*sheet_people.values(), *(c.author_id for c in comments),
                            *(c.changed_by_id for c in changes), *(a.uploaded_by_id for a in attachments)])
    for comment in comments:
        comment.author_name = names[comment.author_id]
    for change in changes:
        change.changed_by_name = names[change.changed_by_id]
    for attachment in attachments:
        attachment.uploader_name = names[attachment.uploaded_by_id]
    on_points: dict[int, list] = {}
    for comment in comments:
        if comment.point_id is not None:
            on_points.setdefault(comment.point_id, []).append(comment)
    for row in rows:
        row.comments = on_points.get(row.point.pk, []) if row.point is not None else []
    return render(request, "results/grid.html", {
        "links": _links(), "inst": inst, "order": inst.order, "sheet": sheet, "sheet_standards": standards, "rows": rows,
        "sheet_form": sheet_form,
        "editable": editable, "actions": actions, "stages": Stage.choices[1:],
        "expiring": [(s, s.pk in chosen) for s in expiring],
        "attachments": attachments,
        "withdrawable": {a.pk for a in attachments if services.may_withdraw(a, sheet)} if editable else set(),
        "has_methods": bool(methods),
        "may_fill_points": editable and any(method.points != "" for method in methods),
        "attachment_form": AttachmentForm() if editable else None,
        "may_send_back": bool(actions & {"instrument.return_verification", "instrument.return_validation"}),
        "own_params": [p for p in params if p.analyst_id == user.pk] if editable else [],
        "comments": comments,
        "changes": changes, "sheet_names": {key: names.get(pk, "") for key, pk in sheet_people.items()},
        "entered_by_me": user.pk in entrants,
        "verified_by_me": sheet.verified_by_id == user.pk,
        # the forms of the checks (steps 15-16), for who may make one
        **({"comment_form": CommentForm(), "note_form": ApprovalNoteForm()} if checks else {}), **filled,
    }, status=status)


def _parameters_of(inst) -> list:
    return grid_reads.parameters_of(inst)


def _points_of(params) -> list:
    """Every point of the parameters read by `_parameters_of` (no query)."""
    return [point for param in params for point in param.points.all()]


def _joined_sheet(inst):
    """The sheet read with the instrument (`with_sheet`); an unsaved empty one before anything was entered,
    as services.sheet_of."""
    try:
        return inst.result_sheet
    except ResultSheet.DoesNotExist:
        return ResultSheet(instrument=inst)


@login_required
def grid(request, pk):
    inst = get_results_instrument_for_user(request, pk, with_sheet=True)
    user = request.user
    params = _parameters_of(inst)
    own = {p.pk: p for p in params if p.analyst_id == user.pk}
    actions = allowed_codes(inst, "instrument", user)
    editable = bool(own) and "instrument.submit_results" in actions
    if not editable:
        own = {}
    sheet = _joined_sheet(inst)
    if request.method != "POST":
        # The sheet's form only for who may fill it in; the others read the sheet itself.
        if editable:
            # read once for the proposed method and the form's choices (the querysets of their ids would check
            # a posted choice); the standards with the expiring ones, in one read
            method_list = grid_reads.covering_methods_of(inst)
            methods = CalibrationMethod.objects.filter(pk__in=[m.pk for m in method_list])
            standards_read = (grid_standards(inst, rows=grid_reads.laboratory_standards(inst.laboratory_id)[0])
                              if inst.laboratory_id is not None else None)
            sheet_form = SheetForm(
                initial=sheet_initial(sheet, inst, method_list), instrument=inst, methods=methods,
                standards=None if standards_read is None else ReferenceStandard.objects.filter(
                    pk__in=[s.pk for s in standards_read[0]]))
        else:
            sheet_form = method_list = standards_read = None
        return _page(request, inst, rows=_grid(params, own, None, sheet.method if sheet.method_id else None),
                     sheet_form=sheet_form, editable=editable, sheet=sheet, actions=actions, params=params,
                     points=_points_of(params), method_list=method_list, standards_read=standards_read)
    if not editable:
        messages.error(request, _("Hasil alat ini tidak dapat Anda ubah sekarang."))
        return redirect("results:grid", inst.pk)
    rows = _grid(params, own, _posted_rows(request.POST, own))
    sheet_form = SheetForm(request.POST, instrument=inst)
    if "add_row" in request.POST:
        return _page(request, inst, rows=_add_row(rows, request.POST.get("add_row"), own), sheet_form=sheet_form,
                     editable=True)
    if "method_points" in request.POST:
        sheet_form.is_valid()  # the method is read even when another field of the sheet is not valid yet
        method = sheet_form.cleaned_data.get("method")
        rows, filled = _fill_method_points(rows, method, own)
        if filled:
            messages.info(request, _("Titik kalibrasi metode diisikan sebagai baris; ubah bila perlu, lalu isi "
                                     "pembacaan."))
        elif method is None or not method.point_list:
            messages.warning(request, _("Pilih metode kalibrasi yang menyarankan titik kalibrasi."))
        else:
            messages.warning(request, _("Baris sudah berisi titik kalibrasi; titik metode tidak diisikan."))
        return _page(request, inst, rows=rows, sheet_form=sheet_form, editable=True)
    if not sheet_form.is_valid():
        for name, errors in sheet_form.errors.items():
            for error in errors:
                messages.error(request, f"{sheet_form.fields[name].label}: {error}")
        return _page(request, inst, rows=rows, sheet_form=sheet_form, editable=True)
    submit = "submit" in request.POST
    try:
        services.save_results(user, inst.pk, sheet_form.sheet_input(),
                              [r.as_input() for r in rows if r.editable], submit=submit)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _page(request, inst, rows=rows, sheet_form=sheet_form, editable=True)
    except TransitionNotAllowed as exc:
        messages.error(request, message_of(exc))
        return redirect("results:grid", inst.pk)
    if submit:
        messages.success(request, _("Hasil dikirim ke penyelia untuk diverifikasi."))
        return redirect("orders:instrument", inst.pk)
    messages.success(request, _("Draf hasil disimpan. Anda dapat melanjutkannya nanti."))
    return redirect("results:grid", inst.pk)


def _point_comments(post) -> dict[int, str]:
    """Comments on single points, posted as pc-<point id>."""
    comments = {}
    for key, value in post.items():
        if key.startswith("pc-") and key[3:].isdigit() and value.strip():
            comments[int(key[3:])] = value[:4000]
    return comments


def _check(request, pk, fn, form_class, field_name, done, *, per_point=False):
    """Verify, validate or send back. A note or comment that is missing or refused shows the results
    page again with what was typed and the message beside the field."""
    inst = get_results_instrument_for_user(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        extra = (_point_comments(request.POST),) if per_point else ()
        try:
            fn(request.user, inst.pk, form.cleaned_data[field_name], *extra)
        except ValidationError as exc:
            form.add_error(None if hasattr(exc, "error_dict") else field_name, exc)
        except TransitionNotAllowed as exc:
            messages.error(request, message_of(exc))
            return redirect("results:grid", inst.pk)
        else:
            messages.success(request, done)
            return redirect("orders:instrument", inst.pk)
    sheet = services.sheet_of(inst)
    params = _parameters_of(inst)
    return _page(request, inst, rows=_grid(params, {}, None, sheet.method if sheet.method_id else None),
                 sheet_form=None, editable=False, sheet=sheet, params=params, points=_points_of(params),
                 **{"comment_form" if form_class is CommentForm else "note_form": form})


@login_required
@require_POST
def verify(request, pk):
    return _check(request, pk, services.verify_results, ApprovalNoteForm, "note",
                  _("Hasil diverifikasi; menunggu validasi manajer teknis."))


@login_required
@require_POST
def return_verification(request, pk):
    return _check(request, pk, services.return_from_verification, CommentForm, "comment",
                  _("Hasil dikembalikan ke analis dengan komentar Anda."), per_point=True)


@login_required
@require_POST
def validate(request, pk):
    return _check(request, pk, services.validate_results, ApprovalNoteForm, "note", _("Hasil divalidasi."))


@login_required
@require_POST
def return_validation(request, pk):
    return _check(request, pk, services.return_from_validation, CommentForm, "comment",
                  _("Hasil dikembalikan ke analis dengan komentar Anda."), per_point=True)


@login_required
@require_POST
def preview(request, pk):
    """The grid's correction and budget per row as typed (an htmx partial; nothing is saved)."""
    inst = get_results_instrument_for_user(request, pk)
    params = list(inst.parameters.all())
    own = {p.pk: p for p in params if p.analyst_id == request.user.pk}
    rows = _grid(params, own, _posted_rows(request.POST, own))
    sheet_form = SheetForm(request.POST, instrument=inst)
    problems = [f"{sheet_form.fields[n].label}: {' '.join(e)}" for n, e in sheet_form.errors.items()] \
        if not sheet_form.is_valid() else []
    preview_rows = []
    if not problems:
        try:
            preview_rows, problems = services.preview(request.user, inst, sheet_form.sheet_input(),
                                                      [r.as_input() for r in rows if r.editable])
        except ValidationError as exc:
            problems = exc.messages
    return render(request, "results/_preview.html", {"preview_rows": preview_rows, "problems": problems})


@login_required
@require_POST
def attach(request, pk):
    inst = get_results_instrument_for_user(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas yang akan diunggah."))
    else:
        run_service(request, lambda: services.attach_raw_file(request.user, inst.pk, form.cleaned_data["file"]),
                    _("Berkas data mentah dilampirkan."))
    return redirect("results:grid", inst.pk)


@login_required
def attachment(request, pk, attachment_pk):
    inst = get_results_instrument_for_user(request, pk)
    try:
        item = inst.result_attachments.current().get(pk=attachment_pk)
    except (ValueError, inst.result_attachments.model.DoesNotExist):
        raise Http404 from None
    record("document.download", request.user, acting_role(request.user, Role.ANALIS, Role.PENYELIA, Role.MT),
           instrument=inst, note=f"raw data {item.pk}")
    response = FileResponse(item.file.open("rb"), content_type=item.content_type, as_attachment=True,
                            filename=item.original_name)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def withdraw_attachment(request, pk, attachment_pk):
    """The analyst withdraws a raw data file attached by mistake (before the results are submitted)."""
    inst = get_results_instrument_for_user(request, pk)
    if not inst.result_attachments.current().filter(pk=attachment_pk).exists():
        raise Http404
    run_service(request, lambda: services.withdraw_raw_file(request.user, inst.pk, attachment_pk),
                lambda item: _("Berkas %(name)s ditarik dari data mentah.") % {"name": item.original_name})
    return redirect("results:grid", inst.pk)
