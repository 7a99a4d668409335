"""Who may see the reference standards list: supervisors and analysts (their laboratory), the
technical manager and the admin (every laboratory of their unit)."""
from django.http import Http404

from accounts.roles import Role
from metrology.models import ReferenceStandard

CENTRE_WIDE = {Role.MT, Role.ADMIN}
LAB_BOUND = {Role.PENYELIA, Role.ANALIS}


def visible_standards(user):
    roles = set(user.role_codes) if user.is_authenticated else set()
    if roles & CENTRE_WIDE:  # the laboratories of the units where they hold that role
        return ReferenceStandard.objects.filter(laboratory__unit_id__in=sorted(user.units_of(*CENTRE_WIDE)))
    if roles & LAB_BOUND and user.laboratory_id:
        return ReferenceStandard.objects.filter(laboratory_id=user.laboratory_id)
    raise Http404
