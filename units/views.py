"""The central admin's pages: the units, a unit's form, and a unit's staff with its admins."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User, UserRole
from accounts.roles import Role
from core.actions import run_service
from units import services
from units.access import get_unit_for_central_admin, require_central_admin
from units.forms import AppointAdminForm, UnitForm, format_field
from units.models import Unit


@login_required
def unit_list(request):
    require_central_admin(request.user)
    admins = UserRole.objects.filter(role=Role.ADMIN).select_related("user").order_by("user__full_name")
    units = Unit.objects.prefetch_related(Prefetch("roles", queryset=admins, to_attr="admin_roles"))
    return render(request, "units/list.html", {"units": units})


def _form_page(request, form, unit=None):
    return render(request, "units/form.html", {
        "form": form, "unit": unit,
        "format_fields": [form[format_field(s)] for s in form.series()],
        "main_fields": [form[name] for name in form.fields if not name.startswith("format_")],
    })


@login_required
def unit_create(request):
    require_central_admin(request.user)
    form = UnitForm(request.POST or None, instance=Unit())
    if request.method == "POST" and form.is_valid():
        unit = _save(request, form)
        if unit is not None:
            messages.success(request, _("Unit %(unit)s dibuat.") % {"unit": unit})
            return redirect("units:staff", unit.pk)
    return _form_page(request, form)


@login_required
def unit_edit(request, pk):
    unit = get_unit_for_central_admin(request.user, pk)
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        if _save(request, form) is not None:
            messages.success(request, _("Data unit %(unit)s disimpan.") % {"unit": unit})
            return redirect("units:list")
    return _form_page(request, form, unit)


def _save(request, form):
    try:
        return services.save_unit(request.user, form.instance)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return None


@login_required
def unit_staff(request, pk, appoint_form=None):
    unit = get_unit_for_central_admin(request.user, pk)
    in_unit = UserRole.objects.filter(unit=unit).order_by("role")
    staff = (services.unit_staff(unit).prefetch_related(Prefetch("roles", queryset=in_unit, to_attr="unit_roles"))
             .order_by("full_name", "username"))
    candidates = services.unit_staff(unit).filter(is_active=True).exclude(
        pk__in=UserRole.objects.filter(unit=unit, role=Role.ADMIN).values("user_id")).order_by("full_name")
    return render(request, "units/staff.html", {
        "unit": unit, "staff": staff,
        "appoint_form": appoint_form or AppointAdminForm(candidates=candidates),
    })


@require_POST
@login_required
def appoint_admin(request, pk):
    unit = get_unit_for_central_admin(request.user, pk)
    form = AppointAdminForm(request.POST, candidates=services.unit_staff(unit).filter(is_active=True))
    if not form.is_valid():
        return unit_staff(request, unit.pk, appoint_form=form)
    person = form.cleaned_data["user"]
    run_service(request, lambda: services.appoint_admin(request.user, unit.pk, person.pk),
                _("%(name)s ditetapkan sebagai admin %(unit)s.") % {"name": person, "unit": unit})
    return redirect("units:staff", unit.pk)


@require_POST
@login_required
def remove_admin(request, pk, user_pk):
    unit = get_unit_for_central_admin(request.user, pk)
    try:
        person = services.unit_staff(unit).get(pk=user_pk)
    except User.DoesNotExist:
        messages.error(request, _("Orang itu bukan pegawai unit ini."))
        return redirect("units:staff", unit.pk)
    run_service(request, lambda: services.remove_admin(request.user, unit.pk, person.pk),
                _("%(name)s tidak lagi menjadi admin %(unit)s.") % {"name": person, "unit": unit})
    return redirect("units:staff", unit.pk)
