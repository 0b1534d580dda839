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
    plot_cross_validation,
    plot_dropout_network,
    plot_gap,
    plot_history,
    plot_history_bands,
    plot_polynomial_fits,
    plot_seed_bands,
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


# --- Curvas sobre varias semillas: plot_seed_bands y plot_history_bands ---------------------


def band_limits(collection, xs):
    """Los bordes de abajo y de arriba de una banda de fill_between en cada x."""
    vertices = collection.get_paths()[0].vertices
    low = [min(y for vx, y in vertices if vx == x) for x in xs]
    high = [max(y for vx, y in vertices if vx == x) for x in xs]
    return low, high


SEED_CURVES = {
    "entrenamiento": [[4.0, 2.0, 1.0], [1.0, 0.5, 0.25], [2.0, 1.0, 0.5]],
    "validación": [[5.0, 3.0, 4.0], [6.0, 2.0, 8.0], [4.0, 2.5, 6.0]],
}


@pytest.mark.parametrize("log", [True, False])
def test_plot_seed_bands_draws_each_center_and_its_band_of_one_standard_error(log):
    x = [1, 2, 4]
    fig = plot_seed_bands(x, SEED_CURVES, xlabel="grado", ylabel="pérdida", log=log, dashed=["validación"])
    ax = fig.axes[0]
    lines, bands = ax.get_lines(), ax.collections
    assert [line.get_label() for line in lines] == ["entrenamiento", "validación"]
    assert [line.get_linestyle() for line in lines] == ["-", "--"]
    for line, band, values in zip(lines, bands, SEED_CURVES.values(), strict=True):
        # La media (de los logaritmos, con log) ± un error típico, s/√n, calculada aquí.
        data = torch.tensor(values, dtype=torch.float64)
        data = data.log() if log else data
        mean, se = data.mean(dim=0), data.std(dim=0) / math.sqrt(len(data))
        center, low, high = [t.exp() if log else t for t in (mean, mean - se, mean + se)]
        assert list(line.get_xdata()) == x
        assert list(line.get_ydata()) == pytest.approx(center.tolist())
        assert band_limits(band, x) == (pytest.approx(low.tolist()), pytest.approx(high.tolist()))
        assert matplotlib.colors.to_hex(band.get_facecolor()[0]) == line.get_color()
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_yscale()) == ("grado", "pérdida", "log" if log else "linear")


def test_plot_seed_bands_with_log_centers_on_the_geometric_mean():
    fig = plot_seed_bands([1], {"a": [[1.0], [100.0]]}, xlabel="n", ylabel="error")
    center = fig.axes[0].get_lines()[0].get_ydata()[0]
    assert center == pytest.approx(10.0)  # √(1·100), no la media aritmética, 50.5


def test_plot_seed_bands_marks_references_with_vertical_lines_in_the_legend():
    fig = plot_seed_bands(
        [10, 100, 200], {"a": [[1.0, 2.0, 1.0], [2.0, 3.0, 2.0]]}, xlabel="n", ylabel="e", markers={"$n = d$": 100}
    )
    marker = fig.axes[0].get_lines()[1]
    assert list(marker.get_xdata()) == [100, 100] and marker.get_linestyle() == ":"
    assert fig.axes[0].get_legend_handles_labels()[1] == ["a", "$n = d$"]


@pytest.mark.parametrize(
    "x, curves, kwargs, error, pattern",
    [
        ([1, 2], [[1.0, 2.0]], {}, TypeError, r"curves debe ser un diccionario \{etiqueta: valores\}; se recibió list"),
        ([1, 2], {}, {}, ValueError, r"curves no puede estar vacío"),
        (
            [1, 2, 3],
            {"a": [[1.0, 2.0], [1.0, 2.0]]},
            {},
            ValueError,
            r"curves\['a'\] debe tener 3 columnas, una por valor de x; se recibieron 2",
        ),
        (
            [1, 2],
            {"a": [[1.0, 2.0]]},
            {},
            ValueError,
            r"curves\['a'\] debe ser una matriz semillas × puntos, con 2 semillas o más",
        ),
        ([1, 2], {"a": [[1.0, 0.0], [1.0, 2.0]]}, {}, ValueError, r"con log=True, curves\['a'\] debe ser positivo"),
        (
            [1, math.nan],
            {"a": [[1.0, 2.0], [1.0, 2.0]]},
            {},
            ValueError,
            r"x debe ser una secuencia de números finitos",
        ),
        (
            5,
            {"a": [[1.0], [2.0]]},
            {},
            ValueError,
            r"x debe ser una secuencia de números finitos; se recibió float 5.0",
        ),
        (
            [1, 2],
            {"a": [[1.0, 2.0], [1.0, 2.0]]},
            {"dashed": ["b"]},
            ValueError,
            r"dashed debe nombrar curvas de curves \(\['a'\]\); se recibió \['b'\]",
        ),
        (
            [1, 2],
            {"a": [[1.0, 2.0], [1.0, 2.0]]},
            {"dashed": "a"},
            TypeError,
            r"dashed debe ser una lista de etiquetas",
        ),
        ([1, 2], {"a": [[1.0, 2.0], [1.0, 2.0]]}, {"markers": [1]}, TypeError, r"markers debe ser un diccionario"),
        (
            [1, 2],
            {"a": [[1.0, 2.0], [1.0, 2.0]]},
            {"markers": {"m": "x"}},
            TypeError,
            r"markers debe ser un número real",
        ),
        ([1, 2], {"a": [[1.0, 2.0], [1.0, 2.0]]}, {"log": 1}, TypeError, r"log debe ser True o False"),
    ],
    ids=[
        "not-a-dict",
        "empty",
        "columns",
        "one-seed",
        "log-zero",
        "nan-x",
        "scalar-x",
        "unknown-dashed",
        "string-dashed",
        "markers-list",
        "marker-text",
        "log-int",
    ],
)
def test_plot_seed_bands_rejects_bad_arguments(x, curves, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        plot_seed_bands(x, curves, xlabel="n", ylabel="e", **kwargs)


def accuracy_histories(*curves):
    """Un History por semilla con la exactitud de validación dada (y la de entrenamiento, 0.1 más)."""
    return [
        History(train_loss=[1.0] * len(c), val_loss=[1.0] * len(c), train_acc=[v + 0.1 for v in c], val_acc=list(c))
        for c in curves
    ]


def test_plot_history_bands_draws_the_mean_and_band_of_each_group_in_both_panels():
    groups = {
        "0 %": accuracy_histories([0.5, 0.7, 0.8], [0.4, 0.6, 0.9], [0.6, 0.8, 0.7]),
        "50 %": accuracy_histories([0.3, 0.4, 0.35], [0.2, 0.45, 0.3]),
    }
    fig = plot_history_bands(groups)
    train_ax, val_ax = fig.axes
    assert (train_ax.get_title(), val_ax.get_title(), train_ax.get_ylabel()) == (
        "entrenamiento",
        "validación",
        "exactitud",
    )
    assert val_ax.get_legend_handles_labels()[1] == ["0 %", "50 %"]
    for line, band, histories in zip(val_ax.get_lines(), val_ax.collections, groups.values(), strict=True):
        values = torch.tensor([h.val_acc for h in histories], dtype=torch.float64)
        se = values.std(dim=0) / math.sqrt(len(histories))
        assert list(line.get_xdata()) == [1, 2, 3]
        assert list(line.get_ydata()) == pytest.approx(values.mean(dim=0).tolist())
        low, high = band_limits(band, [1, 2, 3])
        assert low == pytest.approx((values.mean(dim=0) - se).tolist())
        assert high == pytest.approx((values.mean(dim=0) + se).tolist())
    train_center = train_ax.get_lines()[0].get_ydata()
    assert list(train_center) == pytest.approx([0.6, 0.8, 0.9])  # la exactitud de entrenamiento, medida aparte


def test_plot_history_bands_of_the_loss_with_log_uses_the_geometric_mean():
    histories = [
        History(train_loss=[1.0, 0.1], val_loss=[2.0, 1.0]),
        History(train_loss=[4.0, 0.4], val_loss=[8.0, 1.0]),
    ]
    fig = plot_history_bands({"a": histories}, metric="loss", log=True)
    train_ax, val_ax = fig.axes
    assert train_ax.get_ylabel() == "pérdida" and val_ax.get_yscale() == "log"
    assert list(train_ax.get_lines()[0].get_ydata()) == pytest.approx([2.0, 0.2])
    assert list(val_ax.get_lines()[0].get_ydata()) == pytest.approx([4.0, 1.0])


@pytest.mark.parametrize(
    "runs, kwargs, error, pattern",
    [
        (
            {"a": accuracy_histories([0.5], [0.6])},
            {"metric": "precision"},
            ValueError,
            r"metric debe ser 'loss' o 'acc'; se recibió 'precision'",
        ),
        ({}, {}, ValueError, r"runs no puede ser un diccionario vacío"),
        (
            accuracy_histories([0.5], [0.6]),
            {},
            TypeError,
            r"runs debe ser un diccionario \{etiqueta: \[History, ...\]\}; se recibió list",
        ),
        (
            {"a": accuracy_histories([0.5])[0]},
            {},
            TypeError,
            r"runs\['a'\] debe ser una lista de History, uno por semilla; se recibió History",
        ),
        (
            {"a": accuracy_histories([0.5])},
            {},
            ValueError,
            r"runs\['a'\] debe tener dos o más History, uno por semilla; se recibieron 1",
        ),
        ({"a": [1.0, 2.0]}, {}, TypeError, r"runs\['a'\] debe contener solo History"),
        (
            {"a": accuracy_histories([0.5, 0.6], [0.6])},
            {},
            ValueError,
            r"los History de runs\['a'\] deben tener el mismo número de épocas; se recibieron \[1, 2\]",
        ),
        (
            {"a": [History(train_loss=[1.0], val_loss=[1.0])] * 2},
            {},
            ValueError,
            r"deben tener train_acc \(metric='acc' exige historiales de un clasificador\); se recibió train_acc vacío",
        ),
        ({"a": accuracy_histories([0.5], [0.6])}, {"log": "sí"}, TypeError, r"log debe ser True o False"),
        (
            {"a": accuracy_histories([0.0], [0.6])},
            {"log": True},
            ValueError,
            r"con log=True, runs\['a'\].train_acc debe ser positivo|runs\['a'\].val_acc debe ser positivo",
        ),
    ],
    ids=[
        "metric",
        "empty",
        "list",
        "one-history",
        "one-seed",
        "not-history",
        "ragged",
        "regression-acc",
        "log-text",
        "log-zero",
    ],
)
def test_plot_history_bands_rejects_bad_arguments(runs, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        plot_history_bands(runs, **kwargs)


# --- Ajustes polinómicos y validación cruzada --------------------------------------------


def test_plot_polynomial_fits_draws_one_panel_per_fit_with_the_points_and_the_truth():
    grid = torch.linspace(-1, 1, 5, dtype=torch.float64)
    fits = {"grado 1": grid, "grado 4": grid**4, "grado 12": grid**12}
    x, y = [-0.5, 0.0, 0.5], [0.2, -0.1, 0.3]
    fig = plot_polynomial_fits(x, y, grid, fits, torch.zeros(5), ylim=(-1.5, 1.5))
    assert [ax.get_title() for ax in fig.axes] == ["grado 1", "grado 4", "grado 12"]
    for ax, values in zip(fig.axes, fits.values(), strict=True):
        truth, fit = ax.get_lines()
        assert (truth.get_label(), fit.get_label()) == ("función verdadera", "ajuste")
        assert list(fit.get_ydata()) == pytest.approx(values.tolist())
        assert list(truth.get_ydata()) == [0.0] * 5
        points = ax.collections[0].get_offsets()
        assert points.flatten().tolist() == pytest.approx([-0.5, 0.2, 0.0, -0.1, 0.5, 0.3])
        assert ax.get_ylim() == (-1.5, 1.5)
    colors = {ax.get_lines()[1].get_color() for ax in fig.axes}
    points = matplotlib.colors.to_hex(fig.axes[0].collections[0].get_facecolor()[0])
    assert len(colors) == 3 and points not in colors


def test_plot_polynomial_fits_keeps_the_fits_apart_from_the_points_with_many_panels():
    grid = torch.linspace(-1, 1, 3)
    fig = plot_polynomial_fits([0.0], [0.0], grid, {f"grado {d}": grid**d for d in range(7)}, grid)
    points = matplotlib.colors.to_hex(fig.axes[0].collections[0].get_facecolor()[0])
    assert len(fig.axes) == 7
    assert all(ax.get_lines()[1].get_color() != points for ax in fig.axes)


@pytest.mark.parametrize(
    "args, kwargs, error, pattern",
    [
        (
            ([0.0, 1.0], [1.0], [0.0], {"a": [1.0]}, [0.0]),
            {},
            ValueError,
            r"y debe tener 2 valores, uno por punto; se recibieron 1",
        ),
        (([0.0], [1.0], [0.0, 1.0], {"a": [1.0, 2.0]}, [0.0]), {}, ValueError, r"truth debe tener 2 valores"),
        (([0.0], [1.0], [0.0, 1.0], {"a": [1.0]}, [0.0, 1.0]), {}, ValueError, r"fits\['a'\] debe tener 2 valores"),
        (([0.0], [1.0], [0.0], {}, [0.0]), {}, ValueError, r"fits no puede estar vacío"),
        (([0.0], [1.0], [0.0], [[1.0]], [0.0]), {}, TypeError, r"fits debe ser un diccionario"),
        (([[0.0]], [1.0], [0.0], {"a": [1.0]}, [0.0]), {}, ValueError, r"x debe ser una secuencia de números finitos"),
        (("x", [1.0], [0.0], {"a": [1.0]}, [0.0]), {}, TypeError, r"x debe ser un tensor o una secuencia"),
        (
            ([0.0], [1.0], [0.0], {"a": [1.0]}, [0.0]),
            {"ylim": (2.0, -2.0)},
            ValueError,
            r"ylim debe ser un par \(mínimo, máximo\)",
        ),
        (
            ([0.0], [1.0], [0.0], {"a": [1.0]}, [0.0]),
            {"ylim": 2.0},
            ValueError,
            r"ylim debe ser un par.*se recibió float 2.0",
        ),
    ],
    ids=[
        "y-length",
        "truth-length",
        "fit-length",
        "empty-fits",
        "fits-list",
        "2-d-x",
        "string-x",
        "ylim-order",
        "ylim-scalar",
    ],
)
def test_plot_polynomial_fits_rejects_bad_arguments(args, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        plot_polynomial_fits(*args, **kwargs)


def test_plot_cross_validation_marks_the_best_the_threshold_and_the_chosen_candidate():
    degrees, means, ses = [0, 1, 2, 3, 4], [0.9, 0.3, 0.21, 0.2, 0.26], [0.1, 0.03, 0.02, 0.02, 0.03]
    fig = plot_cross_validation(degrees, means, ses, chosen=2, xlabel="grado")
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert list(lines["mínimo: 3"].get_xdata()) == [3] and list(lines["mínimo: 3"].get_ydata()) == pytest.approx([0.2])
    assert list(lines["elegido: 2"].get_xdata()) == [2] and list(lines["elegido: 2"].get_ydata()) == pytest.approx(
        [0.21]
    )
    threshold = lines["mínimo + un error típico"]
    assert [float(y) for y in threshold.get_ydata()] == pytest.approx([0.22, 0.22])
    data_line, *_ = ax.containers[0].lines
    assert list(data_line.get_ydata()) == pytest.approx(means)
    assert (ax.get_yscale(), ax.get_xlabel(), ax.get_ylabel()) == ("log", "grado", "error de validación cruzada")


def test_plot_cross_validation_keeps_the_lower_error_bar_above_zero_on_the_log_axis():
    fig = plot_cross_validation([1, 2], [0.5, 0.2], [1.0, 0.02], chosen=1, xlabel="grado")
    _, _, (bars,) = fig.axes[0].containers[0].lines
    (low_1, high_1), (low_2, high_2) = [[y for _, y in segment] for segment in bars.get_segments()]
    # 0.5 − 1.0 sería negativo: la barra se corta en la décima parte del menor error medio.
    assert (low_1, high_1) == pytest.approx((0.02, 1.5))
    assert (low_2, high_2) == pytest.approx((0.18, 0.22))


@pytest.mark.parametrize(
    "values, means, ses, chosen, error, pattern",
    [
        ([1, 2], [0.5], [0.1, 0.1], 0, ValueError, r"means debe tener 2 valores, uno por punto; se recibieron 1"),
        ([1, 2], [0.5, 0.2], [0.1], 0, ValueError, r"standard_errors debe tener 2 valores"),
        ([], [], [], 0, ValueError, r"values no puede estar vacío; se recibió \[\]"),
        ([1, 2], [0.5, 0.0], [0.1, 0.1], 0, ValueError, r"means debe ser positivo \(el eje vertical es logarítmico\)"),
        ([1, 2], [0.5, 0.2], [0.1, -0.1], 0, ValueError, r"standard_errors debe ser mayor o igual que 0"),
        ([1, 2], [0.5, 0.2], [0.1, 0.1], 2, ValueError, r"chosen debe ser un entero entre 0 y 1; se recibió 2"),
        ([1, 2], [0.5, 0.2], [0.1, 0.1], -1, ValueError, r"chosen debe ser un entero entre 0 y 1; se recibió -1"),
        ([1, 2], [0.5, 0.2], [0.1, 0.1], 1.0, TypeError, r"chosen debe ser un número entero"),
        (["a", "b"], [0.5, 0.2], [0.1, 0.1], 0, TypeError, r"values debe ser un tensor o una secuencia"),
    ],
    ids=[
        "means-length",
        "se-length",
        "empty",
        "zero-mean",
        "negative-se",
        "chosen-high",
        "chosen-negative",
        "chosen-float",
        "text-values",
    ],
)
def test_plot_cross_validation_rejects_bad_arguments(values, means, ses, chosen, error, pattern):
    with pytest.raises(error, match=pattern):
        plot_cross_validation(values, means, ses, chosen=chosen, xlabel="grado")


def test_plot_history_bands_rejects_histories_without_epochs():
    empty = [History(), History()]
    with pytest.raises(
        ValueError, match=r"^los History de runs\['a'\] deben tener train_loss; se recibió train_loss vacío$"
    ):
        plot_history_bands({"a": empty}, metric="loss")
