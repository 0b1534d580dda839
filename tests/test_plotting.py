"""Especificación de lessons_lib.plotting: figuras correctas, en español y sin efectos secundarios."""

import math

import matplotlib
import pytest
import torch
from matplotlib.figure import Figure

from lessons_lib import (
    History,
    lp_norm,
    plot_constraint_geometry,
    plot_dropout_network,
    plot_gap,
    plot_history,
    plot_sweep,
    plot_unit_balls,
)
from lessons_lib.norms import unit_circle
from lessons_lib.regularization_paths import constrained_minimum, quadratic_loss

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def no_figures_left_open():
    """Ninguna función deja figuras abiertas en pyplot (ni las muestra)."""
    import matplotlib.pyplot as plt

    yield
    assert plt.get_fignums() == []


def regression_history():
    return History(train_loss=[1.0, 0.5, 0.25], val_loss=[1.2, 0.9, 0.8], seconds=[0.1] * 3)


def classifier_history():
    return History(
        train_loss=[1.0, 0.5],
        val_loss=[1.1, 0.7],
        train_acc=[0.5, 0.8],
        val_acc=[0.45, 0.7],
        train_eval_loss=[0.9, 0.4],
        train_eval_acc=[0.55, 0.85],
        seconds=[0.1, 0.1],
    )


# --- plot_history y plot_gap ----------------------------------------------------


def test_plot_history_draws_training_and_validation_per_epoch():
    fig = plot_history(regression_history(), log=True, title="prueba")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["entrenamiento", "validación"]
    assert list(lines[0].get_xdata()) == [1, 2, 3]
    assert list(lines[1].get_ydata()) == [1.2, 0.9, 0.8]
    assert lines[1].get_linestyle() == "--"
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_yscale(), ax.get_title()) == ("época", "pérdida", "log", "prueba")


def test_plot_history_compares_runs_with_one_color_each():
    fig = plot_history({"A": regression_history(), "B": regression_history()})
    lines = fig.axes[0].get_lines()
    assert [line.get_label() for line in lines] == [
        "A, entrenamiento",
        "A, validación",
        "B, entrenamiento",
        "B, validación",
    ]
    assert lines[0].get_color() == lines[1].get_color() != lines[2].get_color()


def test_plot_history_split_gives_validation_its_own_panel_and_scale():
    tiny = History(train_loss=[1e-3, 1e-16], val_loss=[0.0186, 0.0185], seconds=[0.1] * 2)
    fig = plot_history({"λ = 0": tiny, "λ = 3": regression_history()}, log=True, split=True)
    train_ax, val_ax = fig.axes[:2]
    assert (train_ax.get_title(), val_ax.get_title()) == ("entrenamiento", "validación")
    assert [line.get_label() for line in val_ax.get_lines()] == ["λ = 0", "λ = 3"]
    assert list(val_ax.get_lines()[0].get_ydata()) == [0.0186, 0.0185]
    assert all(line.get_linestyle() == "--" for line in val_ax.get_lines())
    # Cada panel tiene su escala: la validación no se aplasta bajo los 1e-16 del entrenamiento.
    assert val_ax.get_ylim()[0] > 1e-3 > train_ax.get_ylim()[0]


def test_plot_history_of_accuracy():
    fig = plot_history(classifier_history(), metric="acc")
    assert fig.axes[0].get_ylabel() == "exactitud"
    assert list(fig.axes[0].get_lines()[1].get_ydata()) == [0.45, 0.7]


@pytest.mark.parametrize(
    "history, kwargs, pattern",
    [
        ({}, {}, r"history no puede ser un diccionario vacío"),
        (regression_history(), {"metric": "loss2"}, r"metric debe ser 'loss' o 'acc'; se recibió 'loss2'"),
        (regression_history(), {"metric": "acc"}, r"metric='acc' exige historiales de un clasificador"),
    ],
)
def test_plot_history_rejects_bad_arguments(history, kwargs, pattern):
    with pytest.raises(ValueError, match=pattern):
        plot_history(history, **kwargs)


def test_plot_gap_uses_the_eval_mode_training_loss_when_there_is_one():
    fig = plot_gap({"con": classifier_history(), "sin": regression_history()}, title="brecha")
    ax = fig.axes[0]
    gaps = [list(line.get_ydata()) for line in ax.get_lines() if line.get_label() in ("con", "sin")]
    assert gaps[0] == pytest.approx([1.1 - 0.9, 0.7 - 0.4])  # con train_eval_loss
    assert gaps[1] == pytest.approx([0.2, 0.4, 0.55])  # sin ella, la del entrenamiento
    assert ax.get_ylabel() == "validación − entrenamiento" and ax.get_title() == "brecha"


def test_plot_gap_rejects_an_empty_dictionary():
    with pytest.raises(ValueError, match="history no puede ser un diccionario vacío"):
        plot_gap({})


# --- Bolas unidad y geometría ----------------------------------------------------


@pytest.mark.parametrize("p", [1, 1.5, 2, 3, math.inf, 0.5])
def test_unit_circle_points_have_norm_one_and_close_the_curve(p):
    points = unit_circle(p, num=400)
    assert points.shape == (401, 2)
    assert torch.equal(points[0], points[-1])
    norms = (points.abs() ** p).sum(dim=1) ** (1 / p) if p != math.inf else points.abs().amax(dim=1)
    assert torch.allclose(norms, torch.ones(401, dtype=torch.float64))


def test_unit_circle_includes_the_axes():
    points = unit_circle(1, num=8)
    for vertex in ([1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]):
        assert any(torch.equal(point, torch.tensor(vertex, dtype=torch.float64)) for point in points)


@pytest.mark.parametrize(
    "p, num, error, pattern",
    [
        (0, 400, ValueError, r"p debe ser mayor que 0"),
        ("2", 400, TypeError, r"p debe ser un número real"),
        (2, 402, ValueError, r"num debe ser múltiplo de 4"),
        (2, 2, ValueError, r"num debe ser un entero mayor o igual que 4"),
    ],
)
def test_unit_circle_rejects_bad_arguments(p, num, error, pattern):
    with pytest.raises(error, match=pattern):
        unit_circle(p, num)


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


def test_quadratic_loss_is_zero_at_the_center_and_grows_away_from_it():
    center, curvature = torch.tensor([1.0, 2.0]), torch.tensor([[2.0, 0.0], [0.0, 1.0]])
    assert quadratic_loss(center, center, curvature) == 0
    assert quadratic_loss(torch.tensor([2.0, 2.0]), center, curvature) == 2.0


def test_l1_constrained_minimum_lands_on_a_vertex_and_l2_does_not():
    center = torch.tensor([1.7, 0.9], dtype=torch.float64)
    curvature = torch.tensor([[1.0, 0.35], [0.35, 0.6]], dtype=torch.float64)
    l1 = constrained_minimum(1, 1.0, center, curvature)
    l2 = constrained_minimum(2, 1.0, center, curvature)
    assert l1.tolist() == [1.0, 0.0]
    assert lp_norm(l2, 2).item() == pytest.approx(1.0) and torch.all(l2.abs() > 0.1)


def test_constrained_minimum_is_the_center_when_it_is_inside_the_ball():
    center = torch.tensor([0.2, 0.1], dtype=torch.float64)
    assert torch.equal(constrained_minimum(2, 1.0, center, torch.eye(2, dtype=torch.float64)), center)


def test_constrained_minimum_beats_every_other_boundary_point():
    center = torch.tensor([2.0, -1.0], dtype=torch.float64)
    curvature = torch.tensor([[1.0, 0.3], [0.3, 2.0]], dtype=torch.float64)
    best = quadratic_loss(constrained_minimum(2, 1.0, center, curvature), center, curvature)
    assert torch.all(quadratic_loss(unit_circle(2, 4000), center, curvature) >= best - 1e-12)


def test_plot_constraint_geometry_shows_both_balls_and_their_optima():
    fig = plot_constraint_geometry()
    assert [ax.get_title() for ax in fig.axes] == [r"restricción $\ell_2$", r"restricción $\ell_1$"]
    labels = [text.get_text() for text in fig.axes[1].texts]
    assert "(1.00, 0.00)" in labels


# --- Red con dropout ------------------------------------------------------------------


def arrows(ax):
    return [a for a in ax.texts if getattr(a, "arrow_patch", None) is not None]


def test_dropout_network_removes_every_arrow_of_the_dropped_units():
    fig = plot_dropout_network(dropped=(1, 4), num_inputs=4, num_hiddens=5, num_outputs=3)
    full, dropped = fig.axes
    assert len(arrows(full)) == 4 * 5 + 5 * 3
    assert len(arrows(dropped)) == 4 * 3 + 3 * 3
    assert [ax.get_title() for ax in fig.axes] == ["MLP sin dropout", "MLP con dropout"]


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        ({"dropped": (5,)}, ValueError, r"dropped debe contener índices entre 0 y 4"),
        ({"dropped": (-1,)}, ValueError, r"dropped debe contener índices"),
        ({"num_hiddens": 0}, ValueError, r"num_hiddens debe ser un entero mayor o igual que 1"),
        ({"num_inputs": 2.5}, TypeError, r"num_inputs debe ser un número entero"),
    ],
)
def test_dropout_network_rejects_bad_arguments(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        plot_dropout_network(**kwargs)


# --- plot_sweep ------------------------------------------------------------------------


def test_plot_sweep_marks_the_best_value_and_the_references():
    fig = plot_sweep([0.1, 1, 10], [0.3, 0.2, 0.4], best=1, references={"λ = 0": 0.5, "media": 0.45})
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_ylabel() == "pérdida de validación"
    assert [line.get_label() for line in ax.get_lines()][:3] == ["validación", "λ = 0", "media"]
    assert "mejor: 1" in [text.get_text() for text in ax.texts]


@pytest.mark.parametrize(
    "values, losses, kwargs, error, pattern",
    [
        ([0, 1], [0.1, 0.2], {}, ValueError, r"values debe ser un número finito mayor que 0"),
        ([1, 2], [0.1], {}, ValueError, r"values y losses deben tener la misma longitud"),
        ([], [], {}, ValueError, r"values y losses deben tener la misma longitud \(al menos 1\)"),
        ([1, 2], [0.1, "x"], {}, TypeError, r"losses debe ser un número real"),
        ([1, 2], [0.1, 0.2], {"best": 3}, ValueError, r"best debe ser uno de values; se recibió 3"),
    ],
)
def test_plot_sweep_rejects_bad_arguments(values, losses, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        plot_sweep(values, losses, **kwargs)
