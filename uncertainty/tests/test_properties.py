"""Properties of the combined standard uncertainty that hold for every budget."""
import math

from hypothesis import given
from hypothesis import strategies as st

from uncertainty.engine import Contribution, combined_standard_uncertainty, effective_dof

magnitudes = st.floats(1e-6, 1e6)
sensitivities = st.one_of(st.just(0.0), magnitudes, magnitudes.map(lambda x: -x))
uncertainties = st.one_of(st.just(0.0), magnitudes)
dofs = st.one_of(st.just(math.inf), st.floats(1, 200))
contributions = st.lists(
    st.builds(Contribution, name=st.just("x"), sensitivity=sensitivities, standard_uncertainty=uncertainties, dof=dofs),
    min_size=1, max_size=10,
)
factors = st.one_of(st.just(0.0), st.floats(1e-3, 1e3), st.floats(-1e3, -1e-3))


@given(contributions, st.data())
def test_order_of_the_contributions_does_not_matter(budget, data):
    shuffled = data.draw(st.permutations(budget))
    assert math.isclose(combined_standard_uncertainty(shuffled), combined_standard_uncertainty(budget), rel_tol=1e-12)
    assert math.isclose(effective_dof(shuffled), effective_dof(budget), rel_tol=1e-9)


@given(contributions, factors)
def test_scaling_every_sensitivity_by_a_scales_u_c_by_abs_a(budget, factor):
    scaled = [Contribution(item.name, factor * item.sensitivity, item.standard_uncertainty, item.dof)
              for item in budget]
    assert math.isclose(combined_standard_uncertainty(scaled), abs(factor) * combined_standard_uncertainty(budget),
                        rel_tol=1e-12)
    if factor:
        assert math.isclose(effective_dof(scaled), effective_dof(budget), rel_tol=1e-9)
