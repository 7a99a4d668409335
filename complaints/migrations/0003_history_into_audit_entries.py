"""The complaint's own history (ComplaintEntry) moves into the audit trail: each line becomes the
complaint's audit entry (subject "complaint", its id, its order for the timeline).

Until now every move also wrote an audit entry with the same code that knew the complaint only through
its data ({"complaint": id}); such an entry is the same event, so it is linked to the complaint and given
the line's states, text and assignee instead of being written twice. A line without one gets a new entry;
its role is the best known: the customer's for a customer, CS for CS's steps, the assignee's role for an
answer."""
from datetime import timedelta

from django.db import migrations

SAME_EVENT = timedelta(minutes=1)
ASSIGNABLE = ("KETUA_PJI", "PENYELIA", "MT", "CS")


def _role(roles: set[str], action: str) -> str:
    if "PELANGGAN" in roles:
        return "PELANGGAN"
    if action == "answer":
        return next((r for r in ASSIGNABLE if r in roles), next(iter(sorted(roles)), "CS"))
    return "CS" if "CS" in roles or not roles else sorted(roles)[0]


def move_history(apps, schema_editor):
    Entry = apps.get_model("complaints", "ComplaintEntry")
    Audit = apps.get_model("workflow", "AuditEntry")
    UserRole = apps.get_model("accounts", "UserRole")
    lines = list(Entry.objects.select_related("complaint").order_by("at", "id"))
    if not lines:
        return
    roles: dict[int, set[str]] = {}
    for user_id, role in UserRole.objects.filter(user_id__in={e.actor_id for e in lines}).values_list("user_id", "role"):
        roles.setdefault(user_id, set()).add(role)
    earlier: dict[tuple, list] = {}
    for a in Audit.objects.filter(code__startswith="complaint.", object_id__isnull=True).order_by("at", "id"):
        pk = a.data.get("complaint") if isinstance(a.data, dict) else None
        if pk is not None:
            earlier.setdefault((int(pk), a.code, a.actor_id), []).append(a)
    for line in lines:
        complaint = line.complaint
        code = f"complaint.{line.action}"
        data = {"assignee": line.assignee_id} if line.assignee_id else {}
        links = dict(subject="complaint", object_id=complaint.pk, order_id=complaint.order_id,
                     from_state=line.from_state, to_state=line.to_state, note=line.text)
        candidates = earlier.get((complaint.pk, code, line.actor_id), [])
        match = next((a for a in candidates if abs(a.at - line.at) <= SAME_EVENT), None)
        if match is not None:
            candidates.remove(match)
            kept = {k: v for k, v in match.data.items() if k not in ("complaint", "order", "from", "to")}
            if line.action == "lodge" and match.note:
                kept["subject"] = match.note  # the lodging entry noted the complaint's subject
            Audit.objects.filter(pk=match.pk).update(data={**kept, **data}, **links)
        else:
            Audit.objects.create(at=line.at, actor_id=line.actor_id, role=_role(roles.get(line.actor_id, set()), line.action),
                                 code=code, data=data, **links)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0005_due_at"),
        ("complaints", "0002_due_at"),
        ("workflow", "0003_audit_subject_object_and_step_minutes"),
    ]

    operations = [
        migrations.RunPython(move_history, migrations.RunPython.noop),
    ]
