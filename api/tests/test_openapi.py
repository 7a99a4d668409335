"""The API describes itself, and its docs page works without internet access."""
import re


def test_openapi_json_lists_the_endpoints(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/orders", "/api/orders/{order_id}", "/api/orders/{order_id}/reports",
                 "/api/orders/{order_id}/billings", "/api/orders/{order_id}/transitions/{code}",
                 "/api/instruments/{instrument_id}", "/api/instruments/{instrument_id}/transitions/{code}",
                 "/api/sop"):
        assert path in paths


def test_the_docs_page_loads_nothing_from_another_site(client, db):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources)
    assert "cdn" not in html.lower()
    # no executable inline script: only our static files and a JSON data block
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert all('type="application/json"' in attrs for attrs in inline)
