r"""Las figuras de la regularización de pesos: la geometría de la restricción y los caminos.

:func:`plot_constraint_geometry` y :func:`plot_constraint_path` dibujan el
mínimo de una pérdida dentro de las bolas :math:`\ell_2` y :math:`\ell_1`;
:func:`animate_regularization_path` anima ese mínimo mientras las bolas
encogen, y :func:`plot_weight_paths` dibuja cada peso en función de
:math:`\lambda`.
"""

import itertools

import torch

from lessons_lib._validate import check_positive, describe
from lessons_lib.plotting.norms import draw_ball
from lessons_lib.plotting.player import animate
from lessons_lib.plotting.style import COLORS, figure_style, new_figure, plane_axes, pyplot
from lessons_lib.regularization_paths import constrained_minimum, constraint_path, quadratic_loss

__all__ = [
    "animate_regularization_path",
    "plot_constraint_geometry",
    "plot_constraint_path",
    "plot_weight_paths",
]

#: La ventana del plano :math:`(w_1, w_2)` de las figuras de la restricción.
LIMITS = (-1.6, 2.6)


def plot_constraint_geometry(center=(1.7, 0.9), curvature=((1.0, 0.35), (0.35, 0.6)), radius=1.0):
    r"""Curvas de nivel de una pérdida y su mínimo dentro de la bola :math:`\ell_2` y la :math:`\ell_1`.

    Izquierda: la restricción :math:`\|\mathbf{w}\|_2 \le r` (un círculo); el
    mínimo restringido tiene las dos coordenadas distintas de cero. Derecha:
    :math:`\|\mathbf{w}\|_1 \le r` (un rombo); el mínimo cae en un vértice, con
    un peso exactamente cero.

    Argumentos:
        center: mínimo sin restricción de la pérdida.
        curvature: matriz :math:`A` de ``quadratic_loss``.
        radius: radio :math:`r` de las dos bolas.

    Devuelve:
        ``matplotlib.figure.Figure``.
    """
    center, curvature, W1, W2, losses = _loss_on_grid(center, curvature, num=300)
    with figure_style():
        fig, axes = new_figure(ncols=2, width=8.4, height=4.0)
        for ax, p, name in zip(axes, (2, 1), (r"$\ell_2$", r"$\ell_1$"), strict=False):
            optimum = constrained_minimum(p, radius, center, curvature)
            level = quadratic_loss(optimum, center, curvature).item()
            ax.contour(
                W1,
                W2,
                losses,
                levels=[level * f for f in (0.15, 0.45, 1.0, 1.8, 2.8)],
                colors=COLORS[5],
                linewidths=0.8,
            )
            draw_ball(ax, p, radius)
            ax.plot(*center.tolist(), marker="x", color=COLORS[5], markersize=8)
            ax.annotate(
                "mínimo sin\nrestricción",
                center.tolist(),
                xytext=(6, 6),
                textcoords="offset points",
            )
            _mark_optimum(ax, optimum)
            ax.set_title(f"restricción {name}")
            ax.set_xlabel("$w_1$")
            ax.set_ylabel("$w_2$")
            plane_axes(ax, *LIMITS)
    return fig


def plot_constraint_path(radii, *, center=(1.7, 0.9), curvature=((1.0, 0.35), (0.35, 0.6))):
    r"""El camino del mínimo restringido al encoger las bolas :math:`\ell_2` y :math:`\ell_1`.

    Para cada radio :math:`r` dibuja las curvas de nivel de
    ``quadratic_loss`` (la que toca la bola, discontinua), la bola de radio
    :math:`r`, el mínimo restringido (el punto) y el camino que ha recorrido
    desde el mínimo sin restricción (la cruz) mientras el radio bajaba. Un
    radio menor equivale a una :math:`\lambda` mayor.

    Con un solo radio, las dos bolas van una al lado de la otra (un fotograma
    de :func:`~lessons_lib.animate_regularization_path`); con varios, hay una
    columna por radio, la bola :math:`\ell_2` arriba y la :math:`\ell_1`
    abajo (la tira del PDF).

    Argumentos:
        radii: un radio o una lista de radios (números mayores que 0).
        center: mínimo sin restricción de la pérdida.
        curvature: matriz :math:`A` de ``quadratic_loss``.

    Devuelve:
        ``matplotlib.figure.Figure``.

    Ejemplo:
        >>> fig = plot_constraint_path(1.0)
        >>> [ax.get_title() for ax in fig.axes]
        ['$\\ell_2$, $r = 1.00$', '$\\ell_1$, $r = 1.00$']
    """
    single = not isinstance(radii, (list, tuple))
    radii = [check_positive(r, "radii") for r in ([radii] if single else radii)]
    if not radii:
        raise ValueError("radii debe tener al menos un radio; se recibió []")
    center, curvature, W1, W2, losses = _loss_on_grid(center, curvature, num=160)
    # Elipses fijas (no cambian de un fotograma a otro): las que pasan por
    # puntos del segmento entre el mínimo y el origen.
    top = quadratic_loss(torch.zeros(2, dtype=torch.float64), center, curvature).item()
    levels = [top * s**2 for s in (0.15, 0.35, 0.6, 0.85, 1.1)]
    with figure_style():
        if single:
            # Un fotograma de la animación: márgenes fijos, para que todos queden alineados.
            margins = {"left": 0.07, "right": 0.98, "bottom": 0.12, "top": 0.92, "wspace": 0.2}
            fig, axes = new_figure(ncols=2, width=8.4, height=4.0, margins=margins)
        else:
            # La tira: una columna por radio, ℓ2 en la fila de arriba y ℓ1 en la de abajo.
            fig, axes = new_figure(nrows=2, ncols=len(radii), width=1.55 * len(radii), height=3.3)
        for ax, (p, radius) in zip(axes, itertools.product((2, 1), radii), strict=True):
            _draw_constraint_step(ax, p, radius, center, curvature, W1, W2, losses, levels, small=not single)
    return fig


def animate_regularization_path(radii=None, *, center=(1.7, 0.9), curvature=((1.0, 0.35), (0.35, 0.6)), fps=4):
    r"""El mínimo restringido mientras las bolas :math:`\ell_2` y :math:`\ell_1` encogen.

    Cada fotograma es :func:`~lessons_lib.plot_constraint_path` con un radio
    :math:`r` menor que el anterior, es decir, con una :math:`\lambda` mayor.
    Con :math:`\ell_2`, el mínimo baja suavemente hacia el origen; con
    :math:`\ell_1`, en cuanto una coordenada llega a cero se queda sobre el
    eje. La tira del PDF muestra cinco radios.

    Argumentos:
        radii: radios de los fotogramas, de mayor a menor (por defecto, 16
            radios de :math:`\|\mathbf{c}\|_1` a 0.2, con :math:`\mathbf{c}`
            el mínimo sin restricción).
        center, curvature: la pérdida, como en
            :func:`~lessons_lib.plot_constraint_path`.
        fps: fotogramas por segundo.

    Devuelve:
        Una :class:`Animation`.

    Ejemplo:
        >>> animation = animate_regularization_path([2.0, 1.0, 0.5])
        >>> len(animation), animation.labels[-1]
        (3, 'r = 0.50')
    """
    if radii is None:
        start = sum(abs(c) for c in center)
        radii = torch.linspace(start, 0.2, 16).tolist()
    if not isinstance(radii, (list, tuple)) or len(radii) < 2:
        raise ValueError(f"radii debe ser una lista de al menos 2 radios; se recibió {describe(radii)}")
    radii = [check_positive(r, "radii") for r in radii]
    if any(a <= b for a, b in itertools.pairwise(radii)):
        raise ValueError(f"radii debe ir de mayor a menor; se recibió {radii}")
    return animate(
        lambda r: plot_constraint_path(r, center=center, curvature=curvature),
        radii,
        alt=(
            "Animación: dos paneles con las curvas de nivel de una pérdida "
            "cuadrática, una bola ℓ2 (círculo) y una bola ℓ1 (rombo) que encogen; "
            "el mínimo restringido baja suavemente hacia el origen con ℓ2 y, con "
            "ℓ1, llega al eje horizontal y sigue por él."
        ),
        labels=[f"r = {r:.2f}" for r in radii],
        fps=fps,
    )


def plot_weight_paths(lambdas, paths, *, zero_crossings=None):
    r"""El camino de cada peso, :math:`w_i(\lambda)`, con una penalización por panel.

    Argumentos:
        lambdas: valores de :math:`\lambda` (mayores que 0, de menor a mayor).
        paths: ``{etiqueta: tensor (len(lambdas), d)}``, por ejemplo los de
            :func:`~lessons_lib.regularization_path` con :math:`\ell_2` y
            con :math:`\ell_1`. Un color por peso, el mismo en todos los
            paneles.
        zero_crossings: ``{etiqueta: tensor (d,)}`` con el :math:`\lambda` en
            que se anula cada peso (opcional): se marcan sobre el eje.

    Devuelve:
        ``matplotlib.figure.Figure``.

    Ejemplo:
        >>> paths = {"ℓ1": torch.tensor([[1.0, 0.5], [0.5, 0.0]])}
        >>> fig = plot_weight_paths([0.1, 1.0], paths, zero_crossings={"ℓ1": torch.tensor([1.2, 0.6])})
        >>> fig.axes[0].get_title(), fig.axes[0].get_xscale()
        ('ℓ1', 'log')
    """
    lambdas = [check_positive(value, "lambdas") for value in lambdas]
    if not isinstance(paths, dict) or not paths:
        raise TypeError(f"paths debe ser un diccionario no vacío {{etiqueta: tensor}}; se recibió {describe(paths)}")
    for label, path in paths.items():
        if not isinstance(path, torch.Tensor) or path.dim() != 2 or len(path) != len(lambdas):
            raise ValueError(
                f"paths[{label!r}] debe ser un tensor ({len(lambdas)}, d), una fila por λ; se recibió {describe(path)}"
            )
    num_weights = next(iter(paths.values())).shape[1]
    # Un color por peso, el mismo en todos los paneles: con más de 10 pesos, una escala continua.
    colormap = pyplot().get_cmap("tab10" if num_weights <= 10 else "viridis")
    colors = [colormap(i if num_weights <= 10 else i / max(num_weights - 1, 1)) for i in range(num_weights)]
    with figure_style():
        fig, axes = new_figure(ncols=len(paths), width=4.2 * len(paths), height=3.6)
        for ax in axes[1:]:
            ax.sharey(axes[0])
        for ax, (label, path) in zip(axes, paths.items(), strict=False):
            for i, color in enumerate(colors):
                ax.plot(lambdas, path[:, i].detach().cpu(), color=color, linewidth=1.4, label=f"$w_{{{i + 1}}}$")
            crossings = (zero_crossings or {}).get(label)
            if crossings is not None:
                for value, color in zip(crossings.tolist(), colors, strict=False):
                    ax.plot(
                        [value],
                        [0.0],
                        marker="o",
                        markersize=4,
                        color=color,
                        markeredgecolor="black",
                        markeredgewidth=0.5,
                        zorder=4,
                    )
            ax.axhline(0, color="#888888", linewidth=0.6)
            ax.set_xscale("log")
            ax.set_xlabel(r"$\lambda$")
            ax.set_title(label)
        axes[0].set_ylabel("peso")
        axes[-1].legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8)
    return fig


def _loss_on_grid(center, curvature, num):
    """La pérdida cuadrática en una rejilla de ``num`` × ``num`` puntos de la ventana :data:`LIMITS`.

    Devuelve ``center`` y ``curvature`` como tensores, las coordenadas de la
    rejilla (``W1``, ``W2``) y la pérdida en cada punto.
    """
    center = torch.tensor(center, dtype=torch.float64)
    curvature = torch.tensor(curvature, dtype=torch.float64)
    grid = torch.linspace(*LIMITS, num, dtype=torch.float64)
    W1, W2 = torch.meshgrid(grid, grid, indexing="xy")
    return center, curvature, W1, W2, quadratic_loss(torch.stack([W1, W2], dim=-1), center, curvature)


def _mark_optimum(ax, optimum, small=False):
    """El mínimo restringido: un punto y, si hay sitio, sus coordenadas."""
    ax.plot(*optimum.tolist(), marker="o", color=COLORS[1], markersize=5 if small else 7)
    if not small:
        ax.annotate(
            f"({optimum[0]:.2f}, {optimum[1]:.2f})".replace("-0.00", "0.00"),
            optimum.tolist(),
            xytext=(8, -14),
            textcoords="offset points",
            color=COLORS[1],
        )


def _draw_constraint_step(ax, p, radius, center, curvature, W1, W2, losses, levels, small):
    name = r"\ell_2" if p == 2 else r"\ell_1"
    path = constraint_path(p, radius, center, curvature)
    optimum = path[-1]
    ax.contour(W1, W2, losses, levels=levels, colors=COLORS[5], linewidths=0.6)
    level = quadratic_loss(optimum, center, curvature).item()
    if level > 0:
        ax.contour(W1, W2, losses, levels=[level], colors=COLORS[1], linewidths=1.0, linestyles="--")
    draw_ball(ax, p, radius)
    ax.plot(path[:, 0], path[:, 1], color=COLORS[1], linewidth=1.4)
    ax.plot(*center.tolist(), marker="x", color=COLORS[5], markersize=6 if small else 8)
    _mark_optimum(ax, optimum, small)
    ax.set_title(rf"${name}$, $r = {radius:.2f}$", fontsize=8 if small else None)
    plane_axes(ax, *LIMITS)
    if small:
        ax.set_xticks([])
        ax.set_yticks([])
    else:
        ax.set_xlabel("$w_1$")
        ax.set_ylabel("$w_2$")
