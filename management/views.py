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
from management.access import get_export_for_user, get_report_scope
from management.audit import AuditFilterForm, audit_queryset
from management.dashboard import dashboard_table, dashboard_tables
from management.models import Export, ExportFormat, ExportStatus
from management.period import period_from
from management.registers import REGISTERS, registers_for
from management.tasks import run_export
from management.writers import pdf_bytes, write_xlsx
from workflow.engine import acting_role, record
from workflow.worktime import office_calendar

AUDIT_PAGE_SIZE = 50
DOWNLOAD_ROLES = (Role.KEPALA_BALAI, Role.KETUA_PJI, Role.MT, Role.PENYELIA)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def dashboard(request):
    scope = get_report_scope(request)
    period, form = period_from(request.GET)
    if form.is_bound and not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()) or _("Periode tidak sah; periode bawaan dipakai."))
    tables = dashboard_tables(scope, period, office_calendar())
    charts = {t.key: t.chart_data() for t in tables if t.chart}
    return render(request, "management/dashboard.html", {
        "scope": scope, "period": period, "form": form, "tables": tables, "charts": charts,
        "registers": registers_for(scope), "formats": ExportFormat.choices,
    })


@login_required
def table_download(request, key, fmt):
    """One dashboard table as Excel or PDF, made at once (these tables are small)."""
    scope = get_report_scope(request)
    period, _form = period_from(request.GET)
    table = dashboard_table(key, scope, period, office_calendar())
    if table is None or fmt not in ExportFormat.values:
        raise Http404
    subtitle = _("Periode %(start)s s.d. %(end)s") % {"start": period.start.isoformat(), "end": period.end.isoformat()}
    name = f"{key}-{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    if fmt == ExportFormat.PDF:
        content, _n, _cut = pdf_bytes(str(table.title), table.columns, table.rows, str(table.note), subtitle)
        return pdf_response(content, f"{name}.pdf", inline=False)
    buffer = io.BytesIO()
    write_xlsx(buffer, str(table.title), table.columns, table.rows)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
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
