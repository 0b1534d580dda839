"""Especificación de lessons_lib.plotting.regularization: la geometría de las restricciones,
el camino del mínimo restringido (figura y animación) y los caminos de los pesos."""

import io

import pytest
from libtools import sparse_problem
from PIL import Image

import lessons_lib as ll
from lessons_lib import plot_constraint_geometry

pytestmark = pytest.mark.usefixtures("no_figures_left_open")


def test_plot_constraint_geometry_shows_both_balls_and_their_optima():
    fig = plot_constraint_geometry()
    assert [ax.get_title() for ax in fig.axes] == [r"restricción $\ell_2$", r"restricción $\ell_1$"]
    labels = [text.get_text() for text in fig.axes[1].texts]
    assert "(1.00, 0.00)" in labels


# --- El camino del mínimo restringido y su animación ------------------------------------


def test_plot_constraint_path_frame_and_strip_layouts():
    frame = ll.plot_constraint_path(0.8)
    assert [ax.get_title() for ax in frame.axes] == [r"$\ell_2$, $r = 0.80$", r"$\ell_1$, $r = 0.80$"]
    strip = ll.plot_constraint_path([2.0, 1.0, 0.5])
    titles = [ax.get_title() for ax in strip.axes]
    assert len(titles) == 6 and titles[:3] == [rf"$\ell_2$, $r = {r:.2f}$" for r in (2.0, 1.0, 0.5)]


def test_regularization_animation_has_one_frame_per_radius_and_a_printable_strip():
    animation = ll.animate_regularization_path([2.0, 1.0, 0.5], fps=2)
    assert len(animation) == 3 and animation.labels == ["r = 2.00", "r = 1.00", "r = 0.50"]
    assert animation.fps == 2
    assert Image.open(io.BytesIO(animation.strip())).size[0] > 600
    with pytest.raises(ValueError, match="radii"):
        ll.animate_regularization_path([0.5, 1.0])
    with pytest.raises(ValueError, match="radii"):
        ll.animate_regularization_path([1.0])


# --- Caminos de los pesos ------------------------------------------------------------------


def test_plot_weight_paths_draws_every_weight_and_marks_the_zero_crossings():
    X, y = sparse_problem()
    lambdas = [0.01, 0.1, 1.0, 3.0]
    paths = {label: ll.regularization_path(X, y, label, lambdas) for label in ("l2", "l1")}
    crossings = ll.l1_zero_crossings(X, y)
    fig = ll.plot_weight_paths(lambdas, paths, zero_crossings={"l1": crossings})
    l2_axes, l1_axes = fig.axes
    assert l2_axes.get_title() == "l2" and l1_axes.get_xscale() == "log"
    assert len(l2_axes.lines) == 10 + 1  # diez pesos y el eje
    markers = [line for line in l1_axes.lines if line.get_marker() == "o"]
    assert sorted(m.get_xdata()[0] for m in markers) == pytest.approx(sorted(crossings.tolist()))
    with pytest.raises(TypeError, match="paths"):
        ll.plot_weight_paths(lambdas, {})
    with pytest.raises(ValueError, match="paths"):
        ll.plot_weight_paths(lambdas, {"l1": paths["l1"][:2]})
