"""The paginator's pages of named rows come from the SQL compiled for the count's key: the same rows, in
the same order, as the queryset's own slice, on every page (the last one short) and past the end."""
import pytest

from core.pagination import CountKeptPaginator


@pytest.mark.django_db
def test_pages_of_named_rows_are_the_querysets_slices():
    from django.contrib.auth.models import Group

    for i in range(7):
        Group.objects.create(name=f"group {i:02d}")
    rows = Group.objects.filter(name__startswith="group").values_list("pk", "name", named=True).order_by("-name")
    paginator = CountKeptPaginator(rows, 3)
    assert paginator.count == 7 and paginator.num_pages == 3
    for number in (1, 2, 3):
        page = paginator.get_page(number)
        got = list(page.object_list)
        assert got == list(rows[(number - 1) * 3:number * 3])
        assert got[0].name == f"group {6 - (number - 1) * 3:02d}"  # named, newest name first
    assert [r.name for r in paginator.get_page(99).object_list] == ["group 00"]  # past the end: the last page
    with pytest.raises(Exception):
        paginator.page(0)
