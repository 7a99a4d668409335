"""The names of the people a page names (a supervisor, an analyst), read in one query for the whole page
instead of joining each one's whole account to every row that names them."""
from __future__ import annotations


def names_of(ids) -> dict[int, str]:
    """The name each account of `ids` shows on a page (User.__str__: the full name, else the username)."""
    from accounts.models import User

    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return {}
    return {pk: full_name or username for pk, full_name, username
            in User.objects.filter(pk__in=sorted(ids)).order_by().values_list("pk", "full_name", "username")}


NAME_FIELDS = ("full_name", "username")


def with_names(queryset, *relations):
    """`queryset` with the accounts its `relations` name joined, reading of each account only what its name
    (User.__str__) needs: an account's whole row is two dozen columns to read and a model to fill."""
    own = [field.name for field in queryset.model._meta.concrete_fields]
    return queryset.select_related(*relations).only(
        *own, *(f"{relation}__{name}" for relation in relations for name in NAME_FIELDS))
