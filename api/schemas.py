"""What the API returns and accepts. Field names are English; labels are in the user's language."""
from datetime import datetime

from ninja import Field, Schema

from workflow.states import OrderState


class ErrorBody(Schema):
    code: str = Field(..., description="not_found, transition_not_allowed, invalid, unauthorized, forbidden, ...")
    message: str


class ErrorOut(Schema):
    error: ErrorBody


def _money_hidden(context) -> bool:
    """Need to know: laboratory staff get no prices through the API either."""
    from orders.access import laboratory_view

    request = (context or {}).get("request")
    return request is not None and laboratory_view(request.user)


class InstrumentSummary(Schema):
    id: int
    position: int
    sample_id: str | None
    instrument_type: str
    brand: str
    model: str
    serial_number: str
    capacity: str
    state: str
    state_label: str
    laboratory: str | None
    amount: int | None = Field(..., description="Harga alat (rupiah), setelah koreksi tarif bila ada; null bagi "
                                                "staf laboratorium (tanpa akses harga)")

    @staticmethod
    def resolve_instrument_type(obj):
        return str(obj.instrument_type.name)

    @staticmethod
    def resolve_state_label(obj):
        return str(obj.get_state_display())

    @staticmethod
    def resolve_laboratory(obj):
        return str(obj.laboratory.name) if obj.laboratory_id else None

    @staticmethod
    def resolve_amount(obj, context):
        return None if _money_hidden(context) else obj.effective_amount


class InstrumentDetail(InstrumentSummary):
    order_id: int
    order_number: str | None
    resolution: str
    points: str
    tolerance: str
    customer_identification: str = Field(..., description="Identifikasi alat oleh pelanggan (nomor aset/tag)")
    units: int
    received_at: datetime | None
    state_entered_at: datetime
    allowed_transitions: list[str] = Field(..., description="Langkah yang dapat dilakukan pemilik token sekarang")

    @staticmethod
    def resolve_order_number(obj):
        return obj.order.number


class OrderSummary(Schema):
    id: int
    number: str | None
    company: str
    state: str
    state_label: str
    created_at: datetime
    state_entered_at: datetime
    total_amount: int | None = Field(..., description="Harga pesanan (rupiah); null bagi staf laboratorium")

    @staticmethod
    def resolve_company(obj):
        return str(obj.company.name)

    @staticmethod
    def resolve_total_amount(obj, context):
        return None if _money_hidden(context) else obj.total_amount

    @staticmethod
    def resolve_state_label(obj):
        return str(obj.get_state_display())


class OrderDetail(OrderSummary):
    unit: str = Field(..., description="Kode unit yang melayani pesanan")
    notes: str
    price_rejection_reason: str
    cancel_reason: str
    instruments: list[InstrumentSummary]
    allowed_transitions: list[str] = Field(..., description="Langkah yang dapat dilakukan pemilik token sekarang")

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.code

    @staticmethod
    def resolve_instruments(obj, context):
        from orders.access import instruments_seen_by

        request = (context or {}).get("request")
        instruments = list(obj.instruments.all())
        return instruments_seen_by(request.user, instruments) if request is not None else instruments


class OrderLineIn(Schema):
    """One physical instrument of a new order (as one line of the order form per serial number)."""

    instrument_type_id: int = Field(..., ge=1, le=2**63 - 1,
                                    description="ID jenis alat; harus termasuk layanan unit yang dipilih")
    brand: str = Field(..., min_length=1, max_length=100, pattern=r"\S", description="Merek")
    serial_number: str = Field(..., min_length=1, max_length=100, pattern=r"\S", description="Nomor seri")
    capacity: str = Field(..., min_length=1, max_length=100, pattern=r"\S", description="Kapasitas/rentang")
    model: str = Field("", max_length=100, description="Model/tipe")
    resolution: str = Field("", max_length=50, description="Resolusi")
    points: str = Field("", max_length=300, description="Titik/kanal kalibrasi")
    units: int = Field(1, ge=1, le=100, description="Jumlah titik/kanal (tarif per titik/kanal)")
    tolerance: str = Field("", max_length=100, description="Toleransi (opsional)")
    customer_identification: str = Field("", max_length=100, description="Identifikasi alat di perusahaan")


class OrderIn(Schema):
    """A new draft order (step 4), submitted afterwards with the transition order.submit."""

    unit: str | None = Field(None, max_length=20, description="Kode unit tujuan; kosong: unit utama instalasi")
    notes: str = Field("", max_length=2000, description="Catatan untuk CS")
    lines: list[OrderLineIn] = Field(..., min_length=1, max_length=200, description="Alat yang dipesan")


class OrderFilter(Schema):
    state: OrderState | None = Field(None, description="Status pesanan")
    number: str | None = Field(None, max_length=40, description="Bagian dari nomor order")


class ReportOut(Schema):
    id: int
    number: str
    status: str
    status_label: str
    instrument_id: int
    numbered_at: datetime
    signed_at: datetime | None
    signer: str | None
    verify_url: str | None = Field(..., description="Halaman verifikasi publik (kode QR); hanya bila ditandatangani")

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())

    @staticmethod
    def resolve_signer(obj):
        return str(obj.signer) if obj.signer_id else None


class BillingOut(Schema):
    id: int
    code: str
    amount: int
    status: str
    status_label: str
    created_at: datetime
    expires_at: datetime
    is_expired: bool
    replaces: str | None

    @staticmethod
    def resolve_status_label(obj):
        return str(obj.get_status_display())

    @staticmethod
    def resolve_replaces(obj):
        return obj.replaces.code if obj.replaces_id else None


class QuotationLineOut(Schema):
    position: int
    instrument: str = Field(..., alias="type")
    serial_number: str = Field(..., alias="serial")
    units: int
    unit_price: int
    amount: int = Field(..., alias="approved", description="Jumlah yang disetujui (rupiah)")
    tariff_code: str
    legal_basis: str = Field(..., alias="regulation", description="Peraturan yang menetapkan tarif, mis. PP 54/2021")
    reduction_percent: int
    reduction_basis: str
    correction_reason: str


class QuotationOut(Schema):
    id: int
    number: str
    issued_at: datetime
    total: int
    current: bool = Field(..., description="Surat penawaran dari persetujuan tarif terakhir")
    pdf_url: str
    lines: list[QuotationLineOut]


class SopRow(Schema):
    code: str
    subject: str
    step: int | None
    actor: str
    from_: list[str] = Field(..., alias="from")
    to: str
    norm_minutes: int | None
    norm_working_days: int | None
    name_id: str
    name_en: str
    in_inbox: bool


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000, pattern=r"\S", description="Alasan (wajib)")


class TransitionIn(Schema):
    reason: str = Field("", max_length=2000, description="Tidak dipakai: langkah yang perlu alasan punya operasi sendiri")
    note: str = Field("", max_length=2000, description="Catatan opsional")
    ntpn: str = Field("", max_length=40, description="Penerimaan bukti bayar: NTPN pada BPN (16 huruf/angka)")
    paid_at: datetime | None = Field(None, description="Penerimaan bukti bayar: tanggal dan jam bayar pada BPN")
    bank: str = Field("", max_length=40, description="Penerimaan bukti bayar: bank/pos persepsi")
