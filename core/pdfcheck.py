"""Active content in an uploaded PDF, found by parsing it (pikepdf, i.e. qpdf), not by scanning bytes.

A byte scan misses what sits in a compressed object stream and takes any file that begins with
`%PDF-` for a PDF. Here the file must parse as a PDF with a catalogue, and every object is walked (the
ones packed in object streams included, since the cross-reference table names them all) looking for:

- JavaScript (a /JS or /JavaScript key, a JavaScript action);
- an /OpenAction or an /AA (additional actions) entry that is anything but a plain go-to inside the
  document;
- the actions /Launch, /SubmitForm, /ImportData, /GoToE, /RichMediaExecute, and rich media (/RichMedia);
- XFA forms (/XFA);
- embedded files (an /EmbeddedFiles name tree, a file specification carrying a file, an embedded
  file stream, a /FileAttachment annotation), unless the caller allows them: the public verify page
  does, because the centre's own certificates carry one.
"""
from __future__ import annotations

import io
import re

import pikepdf
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FORBIDDEN_ACTIONS = {"/Launch", "/SubmitForm", "/ImportData", "/GoToE", "/RichMediaExecute", "/Rendition", "/Sound",
                     "/Movie"}
EMBEDDED_FILE_KEYS = {"/EmbeddedFiles", "/EF"}
WORTH_A_LOOK = re.compile(rb"/(JS|JavaScript|OpenAction|AA|XFA|RichMedia\w*|EmbeddedFiles?|EF|FileAttachment|Launch"
                          rb"|SubmitForm|ImportData|GoToE|Rendition|Sound|Movie)(?![^\s/<>\[\]()%{}])")
# A proof of payment or an instrument's report has some thousands of objects; a file packing a million
# tiny objects into a few megabytes would take minutes to walk.
MAX_OBJECTS = 100_000


class UnreadablePdf(ValidationError):
    """The file does not parse as a PDF (damaged, locked, or merely starting with %PDF-)."""


def _refused(what: str) -> ValidationError:
    return ValidationError(_("PDF berisi %(what)s dan tidak diterima. Simpan ulang sebagai PDF biasa (mis. lewat "
                             "“Cetak ke PDF”) lalu unggah lagi.") % {"what": what})


def check_pdf(content: bytes, allow_embedded_files: bool = False) -> None:
    """Raise ValidationError naming the problem when `content` is not a PDF a parser reads, or holds
    active content (see the module's description)."""
    try:
        pdf = pikepdf.open(io.BytesIO(content))
    except pikepdf.PasswordError:
        raise UnreadablePdf(_("PDF dikunci dengan kata sandi; unggah PDF tanpa kata sandi.")) from None
    except Exception:  # qpdf's errors for a damaged file, or anything that merely starts with %PDF-
        raise UnreadablePdf(_("Berkas ini bukan PDF yang sah atau rusak.")) from None
    with pdf:
        try:
            root = pdf.Root
            if not isinstance(root, pikepdf.Dictionary):
                raise UnreadablePdf(_("Berkas ini bukan PDF yang sah atau rusak."))
            if int(pdf.trailer.get("/Size", 0)) > MAX_OBJECTS:
                raise ValidationError(_("PDF terlalu rumit untuk diperiksa (lebih dari %(n)s objek).")
                                      % {"n": MAX_OBJECTS})
            found: list[str] = []
            for count, obj in enumerate(pdf.objects):
                if count >= MAX_OBJECTS:
                    raise ValidationError(_("PDF terlalu rumit untuk diperiksa (lebih dari %(n)s objek).")
                                          % {"n": MAX_OBJECTS})
                # qpdf writes an object's syntax with its names spelled plainly (/J#61vaScript is
                # /JavaScript); only an object naming something of interest is walked in Python.
                syntax = (obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj).unparse(resolved=True)
                if WORTH_A_LOOK.search(syntax):
                    _walk(obj, allow_embedded_files, found)
        except ValidationError:
            raise
        except Exception:  # an object qpdf cannot read (a damaged object stream)
            raise UnreadablePdf(_("Berkas ini bukan PDF yang sah atau rusak.")) from None
    if found:  # a script named first: it is what most needs saying
        raise _refused(", ".join(sorted(dict.fromkeys(found), key=lambda what: what != _("skrip (JavaScript)"))))


def _is_plain_goto(action) -> bool:
    """A destination (an array or a name) or a /GoTo action, and so on down its /Next chain."""
    seen = 0
    while action is not None:
        seen += 1
        if seen > 32:
            return False
        if isinstance(action, (pikepdf.Array, pikepdf.Name, pikepdf.String)):
            return True
        if not isinstance(action, pikepdf.Dictionary) or _name(action, "/S") != "/GoTo":
            return False
        following = action.get("/Next")
        if isinstance(following, pikepdf.Array):
            return all(_is_plain_goto(a) for a in following)
        action = following
    return True


def _name(d, key: str) -> str:
    value = d.get(key)
    return str(value) if isinstance(value, pikepdf.Name) else ""


def _check_dictionary(d, allow_embedded_files: bool, found: list[str]) -> None:
    keys = set(d.keys())
    action = _name(d, "/S")
    if keys & {"/JS", "/JavaScript"} or action == "/JavaScript":
        found.append(_("skrip (JavaScript)"))
    if "/XFA" in keys:
        found.append(_("formulir XFA"))
    if keys & {"/RichMediaContent", "/RichMediaSettings"} or _name(d, "/Subtype") == "/RichMedia":
        found.append(_("media aktif (RichMedia)"))
    if action in FORBIDDEN_ACTIONS:
        found.append(_("aksi %(action)s") % {"action": action.lstrip("/")})
    if "/OpenAction" in keys and not _is_plain_goto(d.get("/OpenAction")):
        found.append(_("aksi yang berjalan sendiri saat dibuka (OpenAction)"))
    if "/AA" in keys:
        triggers = d.get("/AA")
        if not isinstance(triggers, pikepdf.Dictionary) or not all(
                _is_plain_goto(triggers.get(k)) for k in triggers.keys()):
            found.append(_("aksi tambahan yang berjalan sendiri (AA)"))
    if not allow_embedded_files and (keys & EMBEDDED_FILE_KEYS or _name(d, "/Type") == "/EmbeddedFile"
                                     or _name(d, "/Subtype") == "/FileAttachment"):
        found.append(_("berkas tersemat (lampiran)"))


def _walk(top, allow_embedded_files: bool, found: list[str]) -> None:
    """Every dictionary inside one indirect object (a stream's dictionary included); indirect
    references are not followed, since every indirect object is walked in its own turn."""
    stack = [top]
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Dictionary):
            _check_dictionary(obj, allow_embedded_files, found)
            children = (obj.get(k) for k in obj.keys())
        elif isinstance(obj, pikepdf.Array):
            children = iter(obj)
        else:
            continue
        stack.extend(child for child in children
                     if isinstance(child, (pikepdf.Dictionary, pikepdf.Array)) and not child.is_indirect)
