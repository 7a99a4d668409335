"""Complaint counts for management reports (the survey's eighth element; ISO/IEC 17025 7.9, 8.9)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone

from complaints.models import Complaint
from complaints.states import ComplaintState


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def count_by_period(start: date, end: date) -> dict:
    """Complaints lodged from `start` to `end` (both included, office time zone): the total, how many
    are in each state now, how many were closed and reopened, and the count per month ("YYYY-MM")."""
    lodged = Complaint.objects.filter(created_at__gte=_start_of(start), created_at__lt=_start_of(end + timedelta(days=1)))
    by_state = {state: 0 for state in ComplaintState.values}
    for row in lodged.values("state").annotate(n=Count("id")):
        by_state[row["state"]] = row["n"]
    by_month: dict[str, int] = {}
    for created in lodged.values_list("created_at", flat=True):
        key = timezone.localtime(created).strftime("%Y-%m")
        by_month[key] = by_month.get(key, 0) + 1
    total = sum(by_state.values())
    return {
        "start": start, "end": end, "total": total, "by_state": by_state,
        "open": total - by_state[ComplaintState.CLOSED], "closed": by_state[ComplaintState.CLOSED],
        "reopened": lodged.filter(reopen_count__gt=0).count(), "by_month": dict(sorted(by_month.items())),
    }
