"""Especificación de lessons_lib.plotting.norms: las bolas unidad."""

import pytest

from lessons_lib import plot_unit_balls

pytestmark = pytest.mark.usefixtures("no_figures_left_open")


def test_plot_unit_balls_has_one_panel_per_exponent_and_marks_the_non_norm():
    fig = plot_unit_balls()
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["$p = 1$", "$p = 2$", r"$p = \infty$", "$p = 1/2$  (no es norma)"]
    segment = [line for line in fig.axes[3].get_lines() if line.get_linestyle() == ":"]
    assert len(segment) == 1 and list(segment[0].get_xdata()) == [1, 0]


@pytest.mark.parametrize("ps", [[], (), "12", None])
def test_plot_unit_balls_rejects_bad_exponent_lists(ps):
    with pytest.raises(TypeError, match="ps debe ser una lista o tupla no vacía"):
        plot_unit_balls(ps)
