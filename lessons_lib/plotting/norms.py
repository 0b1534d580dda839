"""Las figuras de las normas: las bolas unidad."""

import math

from lessons_lib._validate import describe
from lessons_lib.norms import unit_circle
from lessons_lib.plotting.style import COLORS, figure_style, new_figure, plane_axes

__all__ = ["plot_unit_balls"]


def plot_unit_balls(ps=(1, 2, math.inf, 0.5)):
    r"""Bolas unidad :math:`\{\mathbf{x} : \|\mathbf{x}\|_p \le 1\}` en el plano, una por panel.

    En los paneles con :math:`p < 1` dibuja además el segmento entre
    :math:`(1, 0)` y :math:`(0, 1)`, que se sale del conjunto: este no
    es convexo y la desigualdad triangular falla.

    Argumentos:
        ps: exponentes que dibujar (números mayores que 0; ``math.inf`` incluido).

    Devuelve:
        ``matplotlib.figure.Figure``.
    """
    if not isinstance(ps, (list, tuple)) or not ps:
        raise TypeError(f"ps debe ser una lista o tupla no vacía de exponentes; se recibió {describe(ps)}")
    with figure_style():
        fig, axes = new_figure(ncols=len(ps), width=2.4 * len(ps), height=2.7)
        for ax, p, color in zip(axes, ps, COLORS * len(ps), strict=False):
            draw_ball(ax, p, color=color, alpha=0.25)
            name = r"\infty" if p == math.inf else ("1/2" if p == 0.5 else f"{p:g}")
            ax.set_title(rf"$p = {name}$" + ("  (no es norma)" if p < 1 else ""))
            if p < 1:
                ax.plot(
                    [1, 0],
                    [0, 1],
                    color=COLORS[5],
                    linestyle=":",
                    marker="o",
                    markersize=4,
                )
            plane_axes(ax, -1.3, 1.3)
            ax.set_xticks([-1, 0, 1])
            ax.set_yticks([-1, 0, 1])
    return fig


def draw_ball(ax, p, radius=1.0, color=COLORS[0], alpha=0.2):
    r"""La bola :math:`\{\mathbf{x} : \|\mathbf{x}\|_p \le r\}`, rellena y con su borde."""
    ball = radius * unit_circle(p)
    ax.fill(ball[:, 0], ball[:, 1], color=color, alpha=alpha, linewidth=0)
    ax.plot(ball[:, 0], ball[:, 1], color=color)
