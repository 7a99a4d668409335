"""A form shown once per object in a list (a report, a change request): the one sent back with an
error for that object, or an empty one for the others."""
from django import template
from django.utils.module_loading import import_string

register = template.Library()


@register.simple_tag
def form_for(failed, pk, form_path: str, prefix: str):
    """`failed` is {"pk": ..., "form": ...} from the view, or None. The empty form gets the ids
    `<prefix><pk>_<field>`, as the view gives the form it sends back."""
    if failed and failed.get("pk") == pk:
        return failed["form"]
    return import_string(form_path)(auto_id=f"{prefix}{pk}_%s")
