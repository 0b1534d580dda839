r"""Las figuras del dropout: la red con unidades anuladas, paso a paso y animada."""

import itertools
import math

import torch

from lessons_lib._extras import import_extra
from lessons_lib._validate import check_int, check_real, describe
from lessons_lib.plotting.player import animate
from lessons_lib.plotting.style import COLORS, figure_style, new_figure

__all__ = ["animate_dropout", "plot_dropout_network", "plot_dropout_steps"]


def plot_dropout_network(dropped=(1, 4), num_inputs=4, num_hiddens=5, num_outputs=3):
    """Un MLP con una capa oculta, antes y después de que el dropout anule algunas unidades.

    Las unidades anuladas se dibujan tachadas y sin flechas que entren o
    salgan de ellas: en esa pasada no intervienen ni hacia delante ni en la
    retropropagación.

    Argumentos:
        dropped: índices (desde 0) de las unidades ocultas anuladas.
        num_inputs, num_hiddens, num_outputs: unidades de cada capa.

    Devuelve:
        ``matplotlib.figure.Figure``.
    """
    num_inputs = check_int(num_inputs, "num_inputs")
    num_hiddens = check_int(num_hiddens, "num_hiddens")
    num_outputs = check_int(num_outputs, "num_outputs")
    dropped = set(dropped)
    if not all(isinstance(i, int) and 0 <= i < num_hiddens for i in dropped):
        raise ValueError(
            f"dropped debe contener índices entre 0 y {num_hiddens - 1}; se recibió {sorted(dropped, key=str)}"
        )
    with figure_style():
        fig, axes = new_figure(ncols=2, width=9.0, height=2.9)
        _draw_network(axes[0], num_inputs, num_hiddens, num_outputs, set(), "MLP sin dropout")
        _draw_network(axes[1], num_inputs, num_hiddens, num_outputs, dropped, "MLP con dropout")
    return fig


def plot_dropout_steps(masks, steps, p, *, num_inputs=4, num_outputs=3):
    r"""La red en varios pasos de entrenamiento con dropout y la fracción de unidades conservadas.

    ``masks[t, i]`` dice si la unidad oculta ``i`` se conserva en el paso
    ``t``. La figura dibuja la red de cada paso de ``steps`` (las unidades
    anuladas, tachadas) y, a la derecha, la fracción acumulada de unidades
    conservadas hasta el último de esos pasos, con la línea :math:`1 - p` y
    la banda de :math:`\pm 2` desviaciones típicas de esa fracción,
    :math:`2\sqrt{p(1-p)/(n t)}` con :math:`n` unidades y :math:`t` pasos.
    Con un solo paso es un fotograma de :func:`~lessons_lib.animate_dropout`.

    Argumentos:
        masks: tensor booleano ``(pasos, unidades ocultas)``.
        steps: un paso o una lista de pasos (índices desde 0).
        p: probabilidad de abandono con la que se sortearon las máscaras.
        num_inputs, num_outputs: unidades de entrada y de salida de la red.

    Devuelve:
        ``matplotlib.figure.Figure``.

    Ejemplo:
        >>> masks = torch.tensor([[True, False, True], [True, True, False]])
        >>> fig = plot_dropout_steps(masks, 1, 0.5)
        >>> [ax.get_title() for ax in fig.axes]
        ['paso 2 de 2', 'fracción de unidades conservadas']
    """
    p = _check_masks(masks, p)
    single = not isinstance(steps, (list, tuple))
    steps = [check_int(t, "steps", minimum=0) for t in ([steps] if single else steps)]
    if not steps or max(steps) >= len(masks):
        raise ValueError(f"steps debe tener al menos un paso, entre 0 y {len(masks) - 1}; se recibió {steps}")
    return _draw_dropout_steps(masks, steps[0] if single else steps, p, num_inputs, num_outputs)


def animate_dropout(masks, p, *, fps=3):
    r"""La red en cada paso del entrenamiento con dropout, con una máscara nueva por paso.

    Cada fotograma es :func:`~lessons_lib.plot_dropout_steps` en un paso: las
    unidades ocultas anuladas por la máscara de ese paso y la fracción
    acumulada de unidades conservadas, que se acerca a :math:`1 - p`. La tira
    del PDF muestra la red en cinco pasos y la fracción al final.

    Argumentos:
        masks: tensor booleano ``(pasos, unidades ocultas)``: ``True`` si la
            unidad se conserva en ese paso (al menos 2 pasos).
        p: probabilidad de abandono con la que se sortearon las máscaras.
        fps: fotogramas por segundo.

    Devuelve:
        Una :class:`Animation`.

    Ejemplo:
        >>> masks = torch.tensor([[True, False, True], [False, True, True]])
        >>> animate_dropout(masks, 0.5).labels
        ['paso 1 de 2', 'paso 2 de 2']
    """
    p = _check_masks(masks, p, min_steps=2)
    steps = len(masks)
    return animate(
        lambda t: _draw_dropout_steps(masks, t, p),
        list(range(steps)),
        alt=(
            "Animación: un perceptrón multicapa con una máscara de dropout nueva "
            "en cada paso (las unidades ocultas anuladas, tachadas) y, al lado, "
            "la fracción acumulada de unidades conservadas, que se acerca a 1 − p."
        ),
        labels=[f"paso {t + 1} de {steps}" for t in range(steps)],
        fps=fps,
    )


def _check_masks(masks, p, min_steps=1):
    """Las máscaras de dropout y su probabilidad, comprobadas una sola vez por figura o animación.

    Devuelve ``p`` como ``float``.
    """
    if not isinstance(masks, torch.Tensor) or masks.dtype != torch.bool or masks.dim() != 2:
        raise TypeError(f"masks debe ser un tensor booleano (pasos, unidades); se recibió {describe(masks)}")
    if len(masks) < min_steps:
        raise ValueError(f"masks debe tener al menos {min_steps} pasos; se recibieron {len(masks)}")
    p = check_real(p, "p")
    # Con p = 0 o p = 1 las máscaras no sortean nada: no hay dropout que dibujar.
    if not 0 < p < 1:
        raise ValueError(f"p es la probabilidad de abandono y debe estar entre 0 y 1, sin incluirlos; se recibió {p}")
    return p


def _draw_dropout_steps(masks, steps, p, num_inputs=4, num_outputs=3):
    """La figura de :func:`plot_dropout_steps`, con los argumentos ya comprobados.

    ``steps`` es un paso (un fotograma de la animación) o una lista de pasos (la tira).
    """
    single = not isinstance(steps, list)
    steps = [steps] if single else steps
    num_steps, num_hiddens = masks.shape
    fraction = _running_fraction(masks)
    t = torch.arange(1, num_steps + 1)
    spread = 2 * torch.sqrt(p * (1 - p) / (num_hiddens * t))
    with figure_style():
        if single:
            # Un fotograma de la animación: márgenes fijos, para que todos queden alineados.
            margins = {"left": 0.01, "right": 0.98, "bottom": 0.16, "top": 0.9, "wspace": 0.12}
            fig, axes = new_figure(2, 7.6, 2.9, margins=margins, gridspec_kw={"width_ratios": [1.15, 1.0]})
        else:
            # La tira: tres paneles por fila; la fracción, en el último.
            rows = math.ceil((len(steps) + 1) / 3)
            fig, grid = new_figure(nrows=rows, ncols=3, width=7.2, height=1.75 * rows)
            axes = [*grid[: len(steps)], grid[-1]]
            for ax in grid[len(steps) : -1]:
                ax.axis("off")
        for ax, step in zip(axes, steps, strict=False):
            dropped = {i for i in range(num_hiddens) if not masks[step, i]}
            _draw_network(
                ax, num_inputs, num_hiddens, num_outputs, dropped, f"paso {step + 1} de {num_steps}", labels=single
            )
        ax = axes[-1]
        last = max(steps) + 1
        ax.fill_between(
            t,
            (1 - p) - spread,
            (1 - p) + spread,
            color=COLORS[0],
            alpha=0.15,
            linewidth=0,
            label=r"$\pm 2$ desv. típicas",
        )
        ax.axhline(1 - p, color=COLORS[0], linewidth=1.0, linestyle="--", label=rf"$1 - p = {1 - p:g}$")
        ax.plot(t[:last], fraction[:last], color=COLORS[1], marker="o", markersize=2.5, label="acumulada")
        ax.set_xlim(0.5, num_steps + 0.5)
        ax.set_ylim(0, 1)
        ax.set_xlabel("paso")
        ax.set_title("fracción de unidades conservadas", fontsize=None if single else 9)
        ax.legend(loc="upper right", fontsize=7 if not single else 8)
    return fig


def _draw_network(ax, num_inputs, num_hiddens, num_outputs, dropped, title, labels=True):
    Circle = import_extra("matplotlib.patches", "plot").Circle

    layers = [
        ("x", num_inputs, 0.0),
        ("h", num_hiddens, 1.0),
        ("o", num_outputs, 2.0),
    ]
    positions = {}
    for name, size, y in layers:
        for i in range(size):
            positions[name, i] = ((i - (size - 1) / 2) * 0.9, y)
    radius = 0.22
    arrow = {
        "arrowstyle": "-|>",
        "color": "#555555",
        "linewidth": 0.7,
        "shrinkA": 0,
        "shrinkB": 0,
        "mutation_scale": 8,
    }
    for (lower, n_lower, _), (upper, n_upper, _) in itertools.pairwise(layers):
        for i in range(n_lower):
            for j in range(n_upper):
                if (lower == "h" and i in dropped) or (upper == "h" and j in dropped):
                    continue
                (x0, y0), (x1, y1) = positions[lower, i], positions[upper, j]
                length = math.hypot(x1 - x0, y1 - y0)
                dx, dy = (
                    (x1 - x0) / length * radius,
                    (y1 - y0) / length * radius,
                )
                ax.annotate(
                    "",
                    (x1 - dx, y1 - dy),
                    (x0 + dx, y0 + dy),
                    arrowprops=arrow,
                )
    for (name, i), (x, y) in positions.items():
        removed = name == "h" and i in dropped
        ax.add_patch(
            Circle(
                (x, y),
                radius,
                facecolor="#f2f2f2" if removed else "white",
                edgecolor="#bbbbbb" if removed else COLORS[0],
                linewidth=1.4,
                zorder=3,
            )
        )
        ax.text(
            x,
            y,
            f"${name}_{i + 1}$",
            ha="center",
            va="center",
            zorder=4,
            color="#aaaaaa" if removed else "black",
        )
        if removed:
            for sign in (1, -1):
                ax.plot(
                    [x - radius, x + radius],
                    [y - sign * radius, y + sign * radius],
                    color=COLORS[1],
                    linewidth=1.4,
                    zorder=5,
                )
    left = -(max(num_inputs, num_hiddens, num_outputs) - 1) / 2 * 0.9 - radius
    for label, y in (
        (
            ("entradas", 0.0),
            ("capa oculta", 1.0),
            ("salidas", 2.0),
        )
        if labels
        else ()
    ):
        ax.text(
            left - 0.15,
            y,
            label,
            ha="right",
            va="center",
            fontsize=9,
            color="#555555",
        )
    ax.set_title(title)
    ax.set_xlim(left - (1.6 if labels else 0.1), -left + 0.1)
    ax.set_ylim(-0.3, 2.3)
    ax.set_aspect("equal")
    ax.axis("off")


def _running_fraction(masks):
    kept = masks.float().sum(dim=1).cumsum(0)
    units = masks.shape[1] * torch.arange(1, len(masks) + 1)
    return kept / units
