"""Every instrument type and range the demo catalogue offers can be calibrated with an active method whose
range covers it; ranges are read as people write them."""
from decimal import Decimal

import pytest

from catalog.models import InstrumentType, Tariff
from metrology.models import CalibrationMethod, ContributionSource
from metrology.ranges import StatedRange, covers, read_range
from metrology.services import covering_methods
from orders.models import Instrument


@pytest.mark.parametrize("text, unit, low, high", [
    ("220 g", "g", None, "220"),
    ("6 200 g", "g", None, "6200"),
    ("6,2 kg", "g", None, "6200"),
    ("-30 °C s.d. 150 °C", "°C", "-30", "150"),
    ("-30-150 °C", "°C", "-30", "150"),
    ("0-10 kg", "g", "0", "10000"),
    ("11-150 kg", "g", "11000", "150000"),
    ("<= 1200 °C", "°C", None, "1200"),
    (">= 1000 mL", "mL", "1000", None),
    ("0,5 L", "mL", None, "500"),
])
def test_ranges_are_read_as_written(text, unit, low, high):
    expected = StatedRange(Decimal(low) if low else None, Decimal(high) if high else None)
    assert read_range(text, unit) == expected


@pytest.mark.parametrize("text", ["", "per channel", "5 psi", "lihat lampiran"])
def test_a_range_without_a_number_in_a_known_unit_states_nothing(text):
    assert read_range(text, "bar") is None


def test_covering_compares_every_stated_end():
    assert covers(Decimal(0), Decimal(10000), read_range("6 200 g", "g"))
    assert not covers(Decimal(0), Decimal(500), read_range("6 200 g", "g"))
    assert not covers(Decimal(0), Decimal(250), read_range("-30 °C s.d. 150 °C", "°C"))
    assert covers(None, None, read_range("0-150 kg", "g"))


def test_every_type_and_range_of_the_demo_catalogue_has_an_active_covering_method(users):
    offered = InstrumentType.objects.filter(pk__in=Tariff.objects.values("instrument_type")).select_related("field")
    assert offered.count() >= 10
    missing = []
    for itype in offered:
        instrument = Instrument(instrument_type=itype, capacity="")  # as the catalogue states its range
        methods = list(covering_methods(instrument))
        if not methods:
            missing.append(str(itype))
        for method in methods:
            assert method.active and method.components.exists(), method
    assert missing == []


def test_the_balance_method_follows_euramet_cg_18(users):
    """Repeatability, eccentricity and indication (error at each load), the rounding at zero and at the load."""
    for code in ("MK-NER-01", "MK-NER-02"):
        method = CalibrationMethod.objects.get(code=code)
        assert "EURAMET cg-18" in method.reference and method.active
        assert "keterulangan, eksentrisitas dan penunjukan" in method.name
        names = " ".join(method.components.values_list("name", flat=True)).lower()
        for word in ("keterulangan", "eksentrisitas", "tanpa beban", "dengan beban", "beban standar", "apung"):
            assert word in names, (code, word)
        sources = list(method.components.values_list("source", flat=True))
        assert sources.count(ContributionSource.RESOLUTION) == 2 and ContributionSource.READINGS in sources
    six_kg = Instrument(instrument_type=InstrumentType.objects.get(name="Timbangan elektronik",
                                                                   range_label="0-10 kg"), capacity="6 200 g")
    assert [m.code for m in covering_methods(six_kg)] == ["MK-NER-01"]
    hundred_kg = Instrument(instrument_type=InstrumentType.objects.get(name="Timbangan elektronik",
                                                                       range_label="11-150 kg"), capacity="100 kg")
    assert [m.code for m in covering_methods(hundred_kg)] == ["MK-NER-02"]
