"""Especificación de lessons_lib.plotting.dropout: la red con unidades anuladas, los pasos y su animación."""

import pytest
import torch

import lessons_lib as ll
from lessons_lib import plot_dropout_network

pytestmark = pytest.mark.usefixtures("no_figures_left_open")


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


# --- Los pasos de dropout y su animación ----------------------------------------------------


def test_plot_dropout_steps_draws_the_running_fraction_of_kept_units():
    masks = torch.tensor([[True, False, True, True], [False, False, True, True], [True, True, True, False]])
    fig = ll.plot_dropout_steps(masks, 2, 0.25)
    curve = fig.axes[-1].lines[-1]
    expected = [3 / 4, 5 / 8, 8 / 12]
    assert curve.get_ydata().tolist() == pytest.approx(expected)
    crossed = [t for t in fig.axes[0].texts if t.get_color() == "#aaaaaa"]
    assert len(crossed) == 1  # la unidad anulada en el paso 3
    strip = ll.plot_dropout_steps(masks, [0, 1, 2], 0.25)
    titles = [ax.get_title() for ax in strip.axes if ax.get_title()]
    assert titles == ["paso 1 de 3", "paso 2 de 3", "paso 3 de 3", "fracción de unidades conservadas"]


@pytest.mark.parametrize(
    "masks, steps, p, error, pattern",
    [
        (torch.ones(2, 3), 0, 0.5, TypeError, "masks"),
        (torch.ones(2, 3, dtype=torch.bool), 2, 0.5, ValueError, "steps"),
        (torch.ones(2, 3, dtype=torch.bool), [], 0.5, ValueError, "steps"),
        (torch.ones(2, 3, dtype=torch.bool), 0, 1.0, ValueError, "p"),
    ],
)
def test_plot_dropout_steps_rejects_bad_arguments(masks, steps, p, error, pattern):
    with pytest.raises(error, match=pattern):
        ll.plot_dropout_steps(masks, steps, p)


def test_dropout_animation_has_one_frame_per_step():
    masks = torch.tensor([[True, False, True], [False, True, True], [True, True, False]])
    animation = ll.animate_dropout(masks, 0.5)
    assert animation.labels == ["paso 1 de 3", "paso 2 de 3", "paso 3 de 3"]
    assert animation.key_frames == [0, 1, 2]
    with pytest.raises(ValueError, match="masks"):
        ll.animate_dropout(masks[:1], 0.5)
