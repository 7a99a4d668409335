"""A form shown once per object in a list (a report, a change request): the one sent back with an
error for that object, or an empty one for the others."""
from django import template
from django.template.loader import render_to_string
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

register = template.Library()

_PK = "0rowpk0"  # stands for the object's id in the ids of the empty form, rendered once per page


@register.simple_tag
def form_for(failed, pk, form_path: str, prefix: str):
    """`failed` is {"pk": ..., "form": ...} from the view, or None. The empty form gets the ids
    `<prefix><pk>_<field>`, as the view gives the form it sends back."""
    if failed and failed.get("pk") == pk:
        return failed["form"]
    return import_string(form_path)(auto_id=f"{prefix}{pk}_%s")


@register.simple_tag(takes_context=True)
def form_fields_for(context, failed, pk, form_path: str, prefix: str):
    """The fields (core/form_fields.html) of `form_for`'s form. The empty form is rendered once per page
    and each object's ids written into it, instead of rendering a sub-template for every row."""
    if failed and failed.get("pk") == pk:
        return render_to_string("core/form_fields.html", {"form": failed["form"]})
    request = context.get("request")
    rendered = getattr(request, "_empty_form_fields", None) if request is not None else None
    if rendered is None:
        rendered = {}
        if request is not None:
            request._empty_form_fields = rendered
    key = (form_path, prefix)
    if key not in rendered:
        form = import_string(form_path)(auto_id=f"{prefix}{_PK}_%s")
        rendered[key] = render_to_string("core/form_fields.html", {"form": form})
    return mark_safe(rendered[key].replace(_PK, str(pk)))
