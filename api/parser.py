"""The API's JSON bodies as django-ninja reads them, refusing a NUL character in any string (PostgreSQL
cannot hold one in text; pages refuse it in core.middleware). Ninja turns the refusal into a 400,
which api.errors words as such."""
from ninja.parser import Parser

from core.middleware import json_holds_nul


class NulInBody(ValueError):
    pass


class JsonParser(Parser):
    def parse_body(self, request):
        data = super().parse_body(request)
        if json_holds_nul(data):
            raise NulInBody("NUL character in the request body")
        return data
