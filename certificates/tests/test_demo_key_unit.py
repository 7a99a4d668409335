"""A head of centre's demo key names the unit they head (the demo CA and TSA, one for every unit, keep
the installation's name)."""
import pytest
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from certificates.demo import DEMO_PASSPHRASE, issue_demo_key
from demo.units import seed_units


@pytest.mark.django_db
def test_a_makassar_heads_demo_key_names_bspji_makassar(users, settings, tmp_path):
    settings.SIGNING_KEY_DIR = str(tmp_path)
    head = seed_units()["kepala_balai_mks"]
    _key, cert, _chain = pkcs12.load_key_and_certificates(issue_demo_key(head).read_bytes(), DEMO_PASSPHRASE.encode())
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "BSPJI Makassar"
    home = users["kepala_balai"]
    _key, cert, _chain = pkcs12.load_key_and_certificates(issue_demo_key(home).read_bytes(), DEMO_PASSPHRASE.encode())
    assert cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == \
        home.roles.get().unit.short_name
