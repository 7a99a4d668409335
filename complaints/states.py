"""The complaint's states and the moves between them (ISO/IEC 17025 7.9): the complaints' own small
table, read by the services and the pages. Pure data: importable without a database."""
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role


class ComplaintState(models.TextChoices):
    LODGED = "LODGED", _("Diterima, menunggu tanggapan CS")
    ACKNOWLEDGED = "ACKNOWLEDGED", _("Ditanggapi CS, menunggu penugasan")
    ASSIGNED = "ASSIGNED", _("Sedang ditangani petugas")
    ANSWERED = "ANSWERED", _("Dijawab")
    CLOSED = "CLOSED", _("Ditutup")


# Who is "the assignee": the one member of staff the complaint was given to.
ASSIGNEE = "ASSIGNEE"
# Roles to whom CS may assign a complaint.
ASSIGNABLE_ROLES = (Role.KETUA_PJI, Role.PENYELIA, Role.MT, Role.CS)
# A customer may reopen an answered or closed complaint this many times.
MAX_REOPENS = 1


@dataclass(frozen=True)
class Move:
    code: str
    actors: tuple[str, ...]
    sources: tuple[str, ...]
    target: str
    name: str


S = ComplaintState
MOVES: dict[str, Move] = {m.code: m for m in (
    Move("acknowledge", (Role.CS,), (S.LODGED,), S.ACKNOWLEDGED, _("Menanggapi pengaduan")),
    Move("assign", (Role.CS,), (S.ACKNOWLEDGED, S.ASSIGNED), S.ASSIGNED, _("Menugaskan petugas")),
    Move("answer", (ASSIGNEE,), (S.ASSIGNED,), S.ANSWERED, _("Menjawab pengaduan")),
    Move("close", (Role.CS, Role.PELANGGAN), (S.ANSWERED,), S.CLOSED, _("Menutup pengaduan")),
    Move("reopen", (Role.PELANGGAN,), (S.ANSWERED, S.CLOSED), S.ASSIGNED, _("Membuka kembali pengaduan")),
)}
LODGE_NAME = _("Mengajukan pengaduan")
