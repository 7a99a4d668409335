"""Bounds of every integer the API accepts, so that none can reach the database out of its range
(PostgreSQL answers `bigint out of range` with an error): anything outside answers 422."""
from typing import Annotated

from ninja import Field, Path, Schema
from ninja.pagination import PageNumberPagination

MAX_ID = 2**63 - 1  # BigAutoField
MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 100

OrderId = Annotated[int, Path(..., ge=1, le=MAX_ID, description="ID pesanan")]
InstrumentId = Annotated[int, Path(..., ge=1, le=MAX_ID, description="ID alat")]


class BoundedPageNumberPagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Nomor halaman")
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE, description="Jumlah per halaman")
