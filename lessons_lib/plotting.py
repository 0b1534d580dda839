r"""Figuras del libro. Cada función devuelve una ``matplotlib.figure.Figure``.

Ninguna función llama a ``display`` ni a ``plt.show``: en un cuaderno la
figura se muestra al ser el último valor de una celda, en un script se guarda
con ``fig.savefig(...)`` y en la compilación del libro se convierte en SVG
(HTML) y PDF (LaTeX). Todas comparten el mismo estilo (:data:`STYLE`).
matplotlib se importa solo al dibujar.
"""

import itertools
import math
from contextlib import contextmanager

import torch

from lessons_lib._extras import import_extra
from lessons_lib._validate import (
    check_int,
    check_positive,
    check_real,
    describe,
)
from lessons_lib.norms import unit_circle
from lessons_lib.paths import constrained_minimum, constraint_path, quadratic_loss

__all__ = [
    "plot_constraint_geometry",
    "plot_constraint_path",
    "plot_dropout_network",
    "plot_dropout_steps",
    "plot_gap",
    "plot_history",
    "plot_sweep",
    "plot_unit_balls",
    "plot_weight_paths",
]

#: Colores de la paleta del libro (se pueden distinguir en color y en gris).
COLORS = ("#1f5fa6", "#d1495b", "#2e8b57", "#e09f3e", "#6c4f9c", "#4d4d4d")

#: Parámetros de matplotlib comunes a todas las figuras.
STYLE = {
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "lines.linewidth": 1.8,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "svg.hashsalt": "lessons_lib",
    "axes.formatter.use_locale": False,
}


@contextmanager
def _style():
    # Sin el extra «plot», un error que dice cómo instalarlo.
    matplotlib = import_extra("matplotlib", "plot")
    from cycler import cycler

    with matplotlib.rc_context({**STYLE, "axes.prop_cycle": cycler(color=COLORS)}):
        yield


def _figure(ncols=1, width=6.4, height=3.6, **subplot_kw):
    """Una figura nueva con ``ncols`` ejes en fila.

    Se crea con pyplot para que Jupyter active su integración con matplotlib
    (la figura se muestra al devolverla) y se cierra enseguida: así pyplot la
    olvida y no la muestra otra vez al final de la celda.
    """
    plt = import_extra("matplotlib.pyplot", "plot")

    fig, axes = plt.subplots(
        1,
        ncols,
        figsize=(width, height),
        layout="constrained",
        squeeze=False,
        subplot_kw=subplot_kw,
    )
    plt.close(fig)
    return fig, list(axes[0])


def plot_history(history, *, metric="loss", log=False, split=False, title=None):
    """Curvas de entrenamiento (línea continua) y de validación (discontinua) por época.

    Argumentos:
        history: un :class:`~lessons_lib.History`, o un diccionario
            ``{etiqueta: History}`` para comparar varios entrenamientos (un
            color por entrenamiento).
        metric: ``"loss"`` (pérdida) o ``"acc"`` (exactitud, solo clasificadores).
        log: escala logarítmica en el eje vertical.
        split: si es ``True``, entrenamiento y validación van en dos paneles,
            cada uno con su escala; útil cuando sus valores son de órdenes de
            magnitud distintos.
        title: título de la figura.

    Devuelve:
        ``matplotlib.figure.Figure``.

    Ejemplo:
        >>> from lessons_lib import History
        >>> fig = plot_history(History(train_loss=[1.0, 0.5], val_loss=[1.2, 0.8], seconds=[0.1, 0.1]), log=True)
        >>> fig.axes[0].get_yscale(), fig.axes[0].get_ylabel()
        ('log', 'pérdida')
    """
    runs = history if isinstance(history, dict) else {None: history}
    if not runs:
        raise ValueError("history no puede ser un diccionario vacío; se recibió {}")
    if metric not in ("loss", "acc"):
        raise ValueError(f"metric debe ser 'loss' o 'acc'; se recibió {metric!r}")
    ylabel = "pérdida" if metric == "loss" else "exactitud"
    with _style():
        if split:
            fig, axes = _figure(ncols=2, width=9.6)
            train_ax, val_ax = axes
            train_ax.set_title("entrenamiento")
            val_ax.set_title("validación")
        else:
            fig, axes = _figure()
            train_ax = val_ax = axes[0]
        for i, (label, run) in enumerate(runs.items()):
            train, val = (run.train_loss, run.val_loss) if metric == "loss" else (run.train_acc, run.val_acc)
            if not val:
                raise ValueError("metric='acc' exige historiales de un clasificador (con exactitud)")
            epochs = range(1, len(val) + 1)
            color = COLORS[i % len(COLORS)]
            if split:  # cada panel dice qué conjunto muestra: la leyenda, qué entrenamiento
                train_label = val_label = label
            else:
                prefix = f"{label}, " if label is not None else ""
                train_label, val_label = f"{prefix}entrenamiento", f"{prefix}validación"
            train_ax.plot(epochs, train, color=color, label=train_label)
            val_ax.plot(epochs, val, color=color, linestyle="--", label=val_label)
        for ax in axes:
            ax.set_xlabel("época")
            ax.xaxis.get_major_locator().set_params(integer=True)
            ax.set_ylabel(ylabel)
            if log:
                ax.set_yscale("log")
            if ax.get_legend_handles_labels()[1]:
                ax.legend()
        if title:
            (fig.suptitle if split else axes[0].set_title)(title)
    return fig


def plot_gap(history, *, title=None):
    """Brecha de generalización por época: pérdida de validación menos la de entrenamiento.

    Usa la pérdida de entrenamiento medida en modo ``eval``
    (``fit(..., eval_train=True)``), comparable con la de validación; si el
    historial no la tiene, usa la medida durante el entrenamiento.

    Argumentos:
        history: un :class:`~lessons_lib.History` o un diccionario
            ``{etiqueta: History}``.
        title: título de la figura.

    Devuelve:
        ``matplotlib.figure.Figure``.

    Ejemplo:
        >>> from lessons_lib import History
        >>> h = History(train_loss=[1.0, 0.5], val_loss=[1.1, 0.9])
        >>> plot_gap({"sin dropout": h}).axes[0].get_ylabel()
        'validación − entrenamiento'
    """
    runs = history if isinstance(history, dict) else {None: history}
    if not runs:
        raise ValueError("history no puede ser un diccionario vacío; se recibió {}")
    with _style():
        fig, (ax,) = _figure(height=3.2)
        for i, (label, run) in enumerate(runs.items()):
            train = run.train_eval_loss or run.train_loss
            gap = [v - t for v, t in zip(run.val_loss, train, strict=False)]
            ax.plot(range(1, len(gap) + 1), gap, color=COLORS[i % len(COLORS)], label=label)
        ax.axhline(0, color="#888888", linewidth=0.8)
        ax.set_xlabel("época")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_ylabel("validación − entrenamiento")
        if len(runs) > 1 or None not in runs:
            ax.legend()
        if title:
            ax.set_title(title)
    return fig


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
    with _style():
        fig, axes = _figure(ncols=len(ps), width=2.4 * len(ps), height=2.7)
        for ax, p, color in zip(axes, ps, COLORS * len(ps), strict=False):
            points = unit_circle(p)
            ax.fill(
                points[:, 0],
                points[:, 1],
                color=color,
                alpha=0.25,
                linewidth=0,
            )
            ax.plot(points[:, 0], points[:, 1], color=color)
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
            ax.set_xlim(-1.3, 1.3)
            ax.set_ylim(-1.3, 1.3)
            ax.set_aspect("equal")
            ax.set_xticks([-1, 0, 1])
            ax.set_yticks([-1, 0, 1])
            ax.axhline(0, color="#888888", linewidth=0.6)
            ax.axvline(0, color="#888888", linewidth=0.6)
    return fig


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
    center = torch.tensor(center, dtype=torch.float64)
    curvature = torch.tensor(curvature, dtype=torch.float64)
    grid = torch.linspace(-1.6, 2.6, 300, dtype=torch.float64)
    W1, W2 = torch.meshgrid(grid, grid, indexing="xy")
    losses = quadratic_loss(torch.stack([W1, W2], dim=-1), center, curvature)
    with _style():
        fig, axes = _figure(ncols=2, width=8.4, height=4.0)
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
            _draw_ball(ax, p, radius)
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
            ax.set_aspect("equal")
            ax.set_xlim(-1.6, 2.6)
            ax.set_ylim(-1.6, 2.6)
            ax.axhline(0, color="#888888", linewidth=0.6)
            ax.axvline(0, color="#888888", linewidth=0.6)
    return fig


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
    with _style():
        fig, axes = _figure(ncols=2, width=9.0, height=2.9)
        _draw_network(
            axes[0],
            num_inputs,
            num_hiddens,
            num_outputs,
            set(),
            "MLP sin dropout",
        )
        _draw_network(
            axes[1],
            num_inputs,
            num_hiddens,
            num_outputs,
            dropped,
            "MLP con dropout",
        )
    return fig


def _draw_network(ax, num_inputs, num_hiddens, num_outputs, dropped, title, labels=True):
    from matplotlib.patches import Circle

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


def plot_sweep(values, losses, *, best=None, references=None, xlabel=r"$\lambda$", ylabel="pérdida de validación"):
    r"""Una pérdida frente a un hiperparámetro, en escala logarítmica.

    Argumentos:
        values: valores del hiperparámetro, mayores que 0 (por ejemplo,
            los :math:`\lambda` probados).
        losses: la pérdida obtenida con cada valor.
        best: valor que destacar, uno de ``values`` (opcional).
        references: ``{etiqueta: pérdida}`` que dibujar como líneas
            horizontales, como la pérdida sin regularizar (opcional).
        xlabel, ylabel: etiquetas de los ejes.

    Devuelve:
        ``matplotlib.figure.Figure``.

    Ejemplo:
        >>> fig = plot_sweep([0.1, 1, 10], [0.3, 0.2, 0.4], best=1,
        ...                  references={"sin regularizar": 0.5})
        >>> fig.axes[0].get_xscale()
        'log'
    """
    values = [check_positive(v, "values") for v in values]
    losses = [check_real(v, "losses") for v in losses]
    if len(values) != len(losses) or not values:
        raise ValueError(
            f"values y losses deben tener la misma longitud (al menos 1); se recibieron {len(values)} y {len(losses)}"
        )
    with _style():
        fig, (ax,) = _figure(width=6.0, height=3.4)
        ax.plot(values, losses, marker="o", label="validación")
        for i, (label, level) in enumerate((references or {}).items()):
            ax.axhline(check_real(level, "references"), color=COLORS[2 + i], linestyle="--", linewidth=1.2, label=label)
        if best is not None:
            best = check_real(best, "best")
            if best not in values:
                raise ValueError(f"best debe ser uno de values; se recibió {best}")
            best_loss = losses[values.index(best)]
            ax.plot([best], [best_loss], marker="o", markersize=12, markerfacecolor="none", color=COLORS[1])
            ax.annotate(
                f"mejor: {best:g}",
                (best, best_loss),
                xytext=(0, 12),
                textcoords="offset points",
                ha="center",
                color=COLORS[1],
            )
        ax.set_xscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.legend()
    return fig


def _draw_ball(ax, p, radius):
    """La bola :math:`\\|\\mathbf{w}\\|_p \\le r`, rellena y con su borde."""
    ball = radius * unit_circle(p)
    ax.fill(ball[:, 0], ball[:, 1], color=COLORS[0], alpha=0.2, linewidth=0)
    ax.plot(ball[:, 0], ball[:, 1], color=COLORS[0])


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
    _draw_ball(ax, p, radius)
    ax.plot(path[:, 0], path[:, 1], color=COLORS[1], linewidth=1.4)
    ax.plot(*center.tolist(), marker="x", color=COLORS[5], markersize=6 if small else 8)
    _mark_optimum(ax, optimum, small)
    ax.set_title(rf"${name}$, $r = {radius:.2f}$", fontsize=8 if small else None)
    ax.set_aspect("equal")
    ax.set_xlim(-1.6, 2.6)
    ax.set_ylim(-1.6, 2.6)
    ax.axhline(0, color="#888888", linewidth=0.6)
    ax.axvline(0, color="#888888", linewidth=0.6)
    if small:
        ax.set_xticks([])
        ax.set_yticks([])
    else:
        ax.set_xlabel("$w_1$")
        ax.set_ylabel("$w_2$")


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
    center = torch.tensor(center, dtype=torch.float64)
    curvature = torch.tensor(curvature, dtype=torch.float64)
    grid = torch.linspace(-1.6, 2.6, 160, dtype=torch.float64)
    W1, W2 = torch.meshgrid(grid, grid, indexing="xy")
    losses = quadratic_loss(torch.stack([W1, W2], dim=-1), center, curvature)
    # Elipses fijas (no cambian de un fotograma a otro): las que pasan por
    # puntos del segmento entre el mínimo y el origen.
    top = quadratic_loss(torch.zeros(2, dtype=torch.float64), center, curvature).item()
    levels = [top * s**2 for s in (0.15, 0.35, 0.6, 0.85, 1.1)]
    with _style():
        import matplotlib.pyplot as plt

        if single:
            # Márgenes fijos, sin motor de diseño: todos los fotogramas de una
            # animación quedan alineados y se dibujan más deprisa.
            fig, axes = plt.subplots(1, 2, figsize=(8.4, 4.0))
            plt.close(fig)
            fig.subplots_adjust(left=0.07, right=0.98, bottom=0.12, top=0.92, wspace=0.2)
            pairs = [(ax, p, radii[0]) for ax, p in zip(axes, (2, 1), strict=False)]
        else:
            fig, grid_axes = plt.subplots(
                2,
                len(radii),
                figsize=(1.55 * len(radii), 3.3),
                layout="constrained",
                squeeze=False,
            )
            plt.close(fig)
            pairs = [(grid_axes[row, col], p, r) for row, p in enumerate((2, 1)) for col, r in enumerate(radii)]
        for ax, p, radius in pairs:
            _draw_constraint_step(ax, p, radius, center, curvature, W1, W2, losses, levels, small=not single)
    return fig


def _running_fraction(masks):
    kept = masks.float().sum(dim=1).cumsum(0)
    units = masks.shape[1] * torch.arange(1, len(masks) + 1)
    return kept / units


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
    if not isinstance(masks, torch.Tensor) or masks.dtype != torch.bool or masks.dim() != 2:
        raise TypeError(f"masks debe ser un tensor booleano (pasos, unidades); se recibió {describe(masks)}")
    single = not isinstance(steps, (list, tuple))
    steps = [check_int(t, "steps", minimum=0) for t in ([steps] if single else steps)]
    if not steps or max(steps) >= len(masks):
        raise ValueError(f"steps debe tener al menos un paso, entre 0 y {len(masks) - 1}; se recibió {steps}")
    p = check_real(p, "p")
    if not 0 < p < 1:
        raise ValueError(f"p debe estar entre 0 y 1 (sin incluirlos); se recibió {p}")
    num_steps, num_hiddens = masks.shape
    fraction = _running_fraction(masks)
    t = torch.arange(1, num_steps + 1)
    spread = 2 * torch.sqrt(p * (1 - p) / (num_hiddens * t))
    with _style():
        import matplotlib.pyplot as plt

        if single:
            # Márgenes fijos, sin motor de diseño, como en plot_constraint_path.
            fig, axes = plt.subplots(1, 2, figsize=(7.6, 2.9), gridspec_kw={"width_ratios": [1.15, 1.0]})
            fig.subplots_adjust(left=0.01, right=0.98, bottom=0.16, top=0.9, wspace=0.12)
        else:
            # La tira: tres paneles por fila; la fracción, en el último.
            rows = math.ceil((len(steps) + 1) / 3)
            fig, grid_axes = plt.subplots(rows, 3, figsize=(7.2, 1.75 * rows), layout="constrained", squeeze=False)
            axes = [*list(grid_axes.flat)[: len(steps)], grid_axes.flat[-1]]
            for ax in list(grid_axes.flat)[len(steps) : -1]:
                ax.axis("off")
        plt.close(fig)
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
    import matplotlib.pyplot as plt

    num_weights = next(iter(paths.values())).shape[1]
    colors = plt.get_cmap("tab10" if num_weights <= 10 else "viridis")
    with _style():
        fig, axes = _figure(ncols=len(paths), width=4.2 * len(paths), height=3.6)
        for ax in axes[1:]:
            ax.sharey(axes[0])
        for ax, (label, path) in zip(axes, paths.items(), strict=False):
            for i in range(num_weights):
                color = colors(i % 10 if num_weights <= 10 else i / max(num_weights - 1, 1))
                ax.plot(lambdas, path[:, i].detach().cpu(), color=color, linewidth=1.4, label=f"$w_{{{i + 1}}}$")
            crossings = (zero_crossings or {}).get(label)
            if crossings is not None:
                for i, value in enumerate(crossings.tolist()):
                    color = colors(i % 10 if num_weights <= 10 else i / max(num_weights - 1, 1))
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
