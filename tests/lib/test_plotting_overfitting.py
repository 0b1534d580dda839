"""Especificación de lessons_lib.plotting.overfitting: bandas sobre semillas, ajustes polinómicos y validación cruzada."""

import math

import matplotlib
import pytest
import torch
from libtools import band_limits

from lessons_lib import plot_cross_validation, plot_polynomial_fits, plot_seed_bands

pytestmark = pytest.mark.usefixtures("no_figures_left_open")


# --- plot_seed_bands: curvas sobre varias semillas -----------------------------------------


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
