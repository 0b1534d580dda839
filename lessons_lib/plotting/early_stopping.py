"""Las figuras del capítulo «Parada temprana»: los filtros espectrales del descenso de gradiente y de ridge."""

import torch

from lessons_lib._validate import check_int, check_positive, describe, to_float_tensor
from lessons_lib.least_squares import gradient_descent_filter, ridge_filter
from lessons_lib.plotting.style import COLORS, figure_style, new_figure

__all__ = ["plot_spectral_filters"]


def plot_spectral_filters(eigenvalues, lr, steps):
    r"""Cuánto deja pasar de cada dirección el descenso de gradiente y ridge con :math:`\lambda = 1/(\eta t)`.

    Para cada número de pasos :math:`t` de ``steps``, dibuja el filtro del
    descenso de gradiente desde cero, :math:`1 - (1 - \eta\mu)^t` (línea
    continua), y el de ridge con :math:`\lambda = 1/(\eta t)`,
    :math:`\mu/(\mu + \lambda)` (a trazos), frente al autovalor :math:`\mu`
    en escala logarítmica. Los autovalores de los datos se marcan abajo.

    Argumentos:
        eigenvalues: los autovalores :math:`\mu_i \ge 0` de
            :math:`\mathbf{X}^\top\mathbf{X}/n` (los nulos no se marcan).
        lr: la tasa de aprendizaje :math:`\eta > 0`.
        steps: los números de pasos que dibujar (enteros mayores o iguales
            que 1).

    Devuelve:
        ``matplotlib.figure.Figure``.

    Ejemplo:
        >>> fig = plot_spectral_filters(torch.tensor([0.1, 1.0, 4.0]), lr=0.1, steps=[10, 100])
        >>> fig.axes[0].get_xscale()
        'log'
    """
    eigenvalues = to_float_tensor(eigenvalues, "eigenvalues").double().flatten()
    lr = check_positive(lr, "lr")
    steps = [check_int(t, "steps") for t in steps]
    if not steps:
        raise ValueError("steps no puede estar vacío; se recibió []")
    positive = eigenvalues[eigenvalues > 1e-12 * eigenvalues.max()]
    if len(positive) == 0:
        raise ValueError(
            f"eigenvalues debe tener algún autovalor positivo; se recibió {describe(eigenvalues.tolist())}"
        )
    grid = torch.logspace(positive.min().log10() - 1, positive.max().log10() + 0.3, 400, dtype=torch.float64)
    grid = grid[lr * grid < 1]  # más allá, el descenso de gradiente oscilaría
    with figure_style():
        fig, (ax,) = new_figure(width=6.4, height=3.6)
        for i, t in enumerate(steps):
            color = COLORS[i % len(COLORS)]
            lambd = 1 / (lr * t)
            ax.plot(grid, gradient_descent_filter(grid, lr, t), color=color, label=f"descenso de gradiente, $t = {t}$")
            ax.plot(
                grid, ridge_filter(grid, lambd), color=color, linestyle="--", label=f"ridge, $\\lambda = {lambd:.3g}$"
            )
        ax.plot(
            positive, torch.zeros_like(positive), "|", color=COLORS[-1], markersize=10, label="autovalores de los datos"
        )
        ax.set_xscale("log")
        ax.set_xlabel(r"autovalor $\mu$ de $\mathbf{X}^\top\mathbf{X}/n$")
        ax.set_ylabel("fracción que pasa")
        ax.legend(fontsize=8, loc="upper left")
    return fig
