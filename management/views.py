"""The management dashboard, its table downloads, background exports and the audit-log viewer.
Every view takes its scope from management.access; exports are their owner's alone."""
from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import Role
from core.pdf import pdf_response
from management.access import dashboard_view, get_export_for_user, get_report_scope
from management.audit import AuditFilterForm, audit_queryset
from management.dashboard import dashboard_table, dashboard_tables
from management.models import Export, ExportFormat, ExportStatus
from management.national import national_table, national_tables
from management.period import period_from
from management.registers import REGISTERS, registers_for
from management.tasks import run_export
from management.writers import pdf_bytes, write_tables_xlsx, write_xlsx
from units.letterhead import report_letterhead
from workflow.engine import acting_role, record
from workflow.worktime import office_calendar

AUDIT_PAGE_SIZE = 50
DOWNLOAD_ROLES = (Role.KEPALA_BALAI, Role.KETUA_PJI, Role.MT, Role.PENYELIA)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _calendar(view):
    """The office calendar of the unit the dashboard is about (its steps' working day)."""
    return office_calendar(view.unit.pk if view.unit else None)


def _dashboard_request(request):
    """The dashboard's view (national or one unit) and period of a request, with what was wrong in them
    said as messages (the page then shows the national view or the default period)."""
    view = dashboard_view(request)
    if view.form.is_bound and not view.form.is_valid():
        messages.error(request, " ".join(view.form.errors.get("unit", [])) + " " + _("Dasbor nasional ditampilkan."))
    period, form = period_from(request.GET)
    if form.is_bound and not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()) or _("Periode tidak sah; periode bawaan dipakai."))
    return view, period, form


def _all_tables(view, period):
    if view.national and view.unit is None:
        return national_tables(period)
    return dashboard_tables(view.scope, period, _calendar(view))


def _about(view) -> str:
    """Whom the figures are about, for a file's heading."""
    if view.unit is not None:
        return str(view.unit)
    return _("Seluruh unit") if view.national else ""


@login_required
def dashboard(request):
    view, period, form = _dashboard_request(request)
    tables = _all_tables(view, period)
    charts = {t.key: t.chart_data() for t in tables if t.chart}
    unit_query = f"&unit={view.unit.pk}" if view.unit is not None else ""
    return render(request, "management/dashboard.html", {
        "scope": view.scope, "view": view, "period": period, "form": form, "tables": tables, "charts": charts,
        "unit_query": unit_query, "registers": [] if view.national else registers_for(view.scope),
        "formats": ExportFormat.choices,
    })


def _subtitle(view, period) -> str:
    subtitle = _("Periode %(start)s s.d. %(end)s") % {"start": period.start.isoformat(), "end": period.end.isoformat()}
    about = _about(view)
    return f"{about} · {subtitle}" if about else subtitle


@login_required
def table_download(request, key, fmt):
    """One dashboard table as Excel or PDF, made at once (these tables are small)."""
    view, period, _form = _dashboard_request(request)
    if view.national and view.unit is None:
        table = national_table(key, period)
    else:
        table = dashboard_table(key, view.scope, period, _calendar(view))
    if table is None or fmt not in ExportFormat.values:
        raise Http404
    name = f"{key}-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    if fmt == ExportFormat.PDF:
        content, _n, _cut = pdf_bytes(str(table.title), table.columns, table.rows, str(table.note),
                                      _subtitle(view, period), unit=report_letterhead(view.scope.unit_ids))
        return pdf_response(content, f"{name}.pdf", inline=False)
    buffer = io.BytesIO()
    write_xlsx(buffer, str(table.title), table.columns, table.rows)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
def dashboard_download(request):
    """The whole dashboard as one Excel workbook, a sheet per table, the same figures as the page (the
    national view's per-unit tables, or one unit's)."""
    view, period, _form = _dashboard_request(request)
    tables = _all_tables(view, period)
    buffer = io.BytesIO()
    write_tables_xlsx(buffer, _("Dasbor manajemen"), tables, _subtitle(view, period))
    where = "nasional" if view.national and view.unit is None else f"unit{view.unit.pk}" if view.unit else "unit"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="dasbor-{where}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"')
    return response


@login_required
@require_POST
def export_create(request):
    """Queue a register export with the period (or the audit-log filters) the user chose."""
    scope = get_report_scope(request)
    register = REGISTERS.get(request.POST.get("kind", ""))
    fmt = request.POST.get("format", ExportFormat.XLSX)
    if register is None or fmt not in ExportFormat.values:
        messages.error(request, _("Pilih jenis ekspor dan formatnya."))
        return redirect("management:exports")
    if register.centre_only and not scope.centre_wide:
        raise Http404
    if register.uses_period:
        period, form = period_from(request.POST)
        if form.is_bound and not form.is_valid():
            messages.error(request, " ".join(form.non_field_errors()) or _("Periode tidak sah."))
            return redirect("management:dashboard")
        params = period.as_params()
    else:
        form = AuditFilterForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Periksa isian filter log audit."))
            return redirect("management:audit_log")
        params = form.params()
    export = Export.objects.create(owner=request.user, kind=register.key, format=fmt, params=params)
    transaction.on_commit(lambda: run_export.enqueue(export.pk))
    messages.success(request, _("Ekspor %(what)s sedang dibuat.") % {"what": register.label})
    return redirect("management:export_detail", export.pk)


@login_required
def export_list(request):
    get_report_scope(request)
    exports = Export.objects.filter(owner=request.user)[:50]
    return render(request, "management/exports.html", {"exports": exports, "labels": _labels()})


@login_required
def export_detail(request, pk):
    export = get_export_for_user(request, pk)
    template = "management/_export_status.html" if request.htmx else "management/export.html"
    return render(request, template, {"export": export, "label": _labels().get(export.kind, export.kind)})


@login_required
def export_download(request, pk):
    export = get_export_for_user(request, pk)
    if export.status != ExportStatus.DONE or not export.file:
        raise Http404
    record("document.download", request.user, acting_role(request.user, *DOWNLOAD_ROLES),
           note=f"export {export.kind} {export.filename}")
    content_type = XLSX_TYPE if export.format == ExportFormat.XLSX else "application/pdf"
    return FileResponse(export.file.open("rb"), as_attachment=True, filename=export.filename,
                        content_type=content_type)


@login_required
def audit_log(request):
    scope = get_report_scope(request)
    form = AuditFilterForm(request.GET or None)
    params = form.params() if form.is_bound and form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        messages.error(request, _("Periksa isian filter; filter yang salah tidak dipakai."))
    entries = (audit_queryset(scope, params).select_related("actor", "order", "instrument")
               .order_by("-at", "-id"))
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "management/audit_log.html", {
        "form": form, "page": page, "query": query.urlencode(), "params": params, "formats": ExportFormat.choices,
        "now": timezone.now(),
    })


def _labels() -> dict:
    return {key: r.label for key, r in REGISTERS.items()}
