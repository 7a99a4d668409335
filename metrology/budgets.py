"""A calibration point's correction and uncertainty budget, from its method's template, its readings,
the reference standard used and the instrument's resolution; evaluated by `uncertainty.engine` and
rounded for the certificate by `uncertainty.reporting` (EA-4/02).

The result is plain data (`PointBudget.as_dict`) so it can be stored with the point and shown again
exactly as the verifier saw it.
"""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from metrology.models import ContributionSource, CorrectionForm
from uncertainty import engine, reporting


class PointProblem(ValueError):
    """The point cannot be evaluated yet; the message names what is missing, for the analyst."""


@dataclass
class PointBudget:
    mean: float
    reference_value: float
    correction: float
    result: engine.BudgetResult
    contributions: list[dict] = field(default_factory=list)
    standard: str = ""

    @property
    def reported(self) -> dict[str, Decimal]:
        return reporting.certificate_figures(self.result.expanded_uncertainty, self.result.coverage_factor,
                                             self.correction)

    def correction_text(self) -> str:
        return reporting.plain(self.reported["result"])

    def expanded_text(self) -> str:
        return reporting.plain(self.reported["expanded_uncertainty"])

    def k_text(self) -> str:
        k = self.reported["coverage_factor"]
        return "2" if k == 2 else reporting.plain(k)

    def as_dict(self) -> dict:
        r = self.result
        return {
            "mean": _g(self.mean), "reference_value": _g(self.reference_value), "correction": _g(self.correction),
            "standard": self.standard,
            "contributions": self.contributions,
            "u_c": _g(r.combined_standard_uncertainty),
            "nu_eff": "inf" if r.effective_dof == engine.INF else _g(r.effective_dof),
            "k": _g(r.coverage_factor), "U": _g(r.expanded_uncertainty),
            "reported_U": self.expanded_text(), "reported_k": self.k_text(),
            "reported_correction": self.correction_text(),
        }


def _g(x: float) -> str:
    return format(x, ".6g")


def pick_standard(standards, nominal: str):
    """The standard for a point: one whose nominal equals the point's, else one for the whole range."""
    nominal_value = _to_float(nominal)
    whole_range = None
    for std in standards:
        if std.nominal.strip():
            if nominal_value is not None and _to_float(std.nominal) == nominal_value:
                return std
        elif whole_range is None:
            whole_range = std
    return whole_range


def _to_float(text) -> float | None:
    try:
        value = float(str(text).replace(",", "."))
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def evaluate_point(method, components, nominal: str, readings: list[str], standards, resolution: str) -> PointBudget:
    """The correction and the budget of one point. `components` are the method's BudgetComponent rows."""
    components = list(components)
    nominal_value = _to_float(nominal)
    if nominal_value is None:
        raise PointProblem(_("isi nilai nominal"))
    values = [_to_float(r) for r in readings]
    if not values or any(v is None for v in values):
        raise PointProblem(_("isi pembacaan"))
    standard = pick_standard(standards, nominal)
    if standard is None:
        raise PointProblem(_("pilih standar acuan yang sesuai untuk nominal %(n)s") % {"n": nominal})
    mean = math.fsum(values) / len(values)
    reference = nominal_value + standard.correction
    if method.correction_form == CorrectionForm.COMPARISON:
        correction = standard.correction + mean
    elif method.correction_form == CorrectionForm.MEAN_MINUS_STANDARD:
        correction = mean - reference
    else:
        correction = reference - mean
    contributions = tuple(_contribution(c, values, nominal_value, standard, resolution) for c in components)
    if not contributions:
        raise PointProblem(_("metode belum memiliki anggaran ketidakpastian"))
    result = engine.evaluate(engine.Budget(method.name, method.unit, contributions))
    rows = [{
        "name": c.name, "name_en": getattr(component, "name_en", ""), "kind": c.kind, "sensitivity": _g(c.sensitivity), "u": _g(c.standard_uncertainty),
        "contribution": _g(row.contribution), "dof": "inf" if row.dof == engine.INF else _g(row.dof),
        "index": f"{row.index_percent:.1f}",
    } for component, c, row in zip(components, contributions, result.contributions)]
    return PointBudget(mean, reference, correction, result, rows, f"{standard.name} {standard.identification}")


def _contribution(component, values, nominal_value, standard, resolution) -> engine.Contribution:
    c, name = component.sensitivity, component.name
    dof = engine.INF if component.dof is None else component.dof
    if component.source == ContributionSource.READINGS:
        if len(values) < 2:
            raise PointProblem(_("komponen tipe A memerlukan sedikitnya 2 pembacaan"))
        n = len(values)
        u = _stdev(values) / math.sqrt(n)
        return engine.Contribution(name, c, u, float(n - 1) if component.dof is None else dof, "type_a")
    if component.source == ContributionSource.STANDARD:
        return engine.Contribution(name, c, standard.expanded_uncertainty / standard.coverage_factor, dof, "normal")
    if component.source == ContributionSource.RESOLUTION:
        res = _to_float(resolution)
        if res is None or res <= 0:
            raise PointProblem(_("isi resolusi alat"))
        return engine.Contribution(name, c, _from_distribution(component.distribution, res / 2, 2.0), dof,
                                   component.distribution)
    value = (component.value or 0.0) * (abs(nominal_value) if component.relative else 1.0)
    return engine.Contribution(name, c, _from_distribution(component.distribution, value, component.k), dof,
                               component.distribution)


def _from_distribution(distribution: str, value: float, k: float) -> float:
    if distribution == "normal":
        return value / k
    divisor = {"rectangular": math.sqrt(3), "triangular": math.sqrt(6), "u_shaped": math.sqrt(2)}[distribution]
    return value / divisor


def _stdev(values) -> float:
    return statistics.stdev(values)
