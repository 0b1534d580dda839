"""Especificación de lessons_lib.plotting.training: plot_history, plot_gap, plot_sweep y plot_history_bands."""

import math

import pytest
import torch
from libtools import band_limits
from matplotlib.figure import Figure

from lessons_lib import History, plot_gap, plot_history, plot_history_bands, plot_sweep

pytestmark = pytest.mark.usefixtures("no_figures_left_open")


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


# --- plot_history_bands: curvas sobre varias semillas -------------------------------------


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


def test_plot_history_bands_rejects_histories_without_epochs():
    empty = [History(), History()]
    with pytest.raises(
        ValueError, match=r"^los History de runs\['a'\] deben tener train_loss; se recibió train_loss vacío$"
    ):
        plot_history_bands({"a": empty}, metric="loss")
