"""The tariff import from Excel for the admin-satker staff: upload, preview with per-row errors, confirm."""
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from accounts.roles import Role
from catalog import tariff_import
from core.middleware import message_of

SESSION_KEY = "catalog_tariff_import"


class TariffUploadForm(forms.Form):
    sheet = forms.FileField(label=_l("Berkas Excel (.xlsx)"),
                            help_text=_l("Lembar pertama, baris pertama berisi judul kolom seperti pada contoh."))


def _require_admin(request):
    if not request.user.has_role(Role.ADMIN):
        raise Http404


@login_required
def tariff_import_view(request):
    """Upload a sheet and see what it would do; nothing is written here."""
    _require_admin(request)
    preview = None
    if request.method == "POST":
        form = TariffUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                preview = tariff_import.preview_upload(form.cleaned_data["sheet"])
            except ValidationError as exc:
                messages.error(request, message_of(exc))
            else:
                if preview.errors:
                    request.session.pop(SESSION_KEY, None)
                else:
                    request.session[SESSION_KEY] = preview.as_session()
        else:
            messages.error(request, _("Pilih berkas Excel (.xlsx) untuk diimpor."))
    else:
        form = TariffUploadForm()
    return render(request, "catalog/tariff_import.html", {"form": form, "preview": preview})


@login_required
@require_POST
def tariff_import_confirm(request):
    """Apply the previewed rows in one transaction, or none of them."""
    _require_admin(request)
    stored = request.session.get(SESSION_KEY)
    if not stored:
        messages.error(request, _("Tidak ada pratinjau impor yang menunggu konfirmasi. Unggah berkasnya lagi."))
        return redirect("catalog:tariff_import")
    try:
        count = tariff_import.apply_rows(request.user, stored)
    except ValidationError as exc:
        messages.error(request, _("Impor dibatalkan, tidak ada tarif yang disimpan: %(why)s") % {"why": message_of(exc)})
        return redirect("catalog:tariff_import")
    finally:
        request.session.pop(SESSION_KEY, None)
    messages.success(request, _("%(n)s tarif baru disimpan; periode tarif lama ditutup.") % {"n": count})
    return redirect("admin:catalog_tariff_changelist")


@login_required
def tariff_import_template(request):
    _require_admin(request)
    response = HttpResponse(
        tariff_import.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="contoh-tarif.xlsx"'
    return response
