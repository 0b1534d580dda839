"""Las figuras del capítulo «Sobreajuste»: curvas sobre varias semillas, ajustes polinómicos y validación cruzada."""

import math

import torch

from lessons_lib._validate import check_bool, check_int, check_real, describe, to_float_tensor
from lessons_lib.plotting.style import COLORS, figure_style, new_figure
from lessons_lib.stats import seed_band, seed_matrix

__all__ = ["plot_cross_validation", "plot_polynomial_fits", "plot_seed_bands"]


def plot_seed_bands(x, curves, *, xlabel, ylabel, log=True, dashed=(), markers=None, levels=None):
    """Curvas medidas con varias semillas: el centro con su banda de ± un error típico.

    Argumentos:
        x: los valores del eje horizontal (grados, tamaños, épocas…).
        curves: ``{etiqueta: valores}``, cada uno ``semillas × len(x)``.
        xlabel, ylabel: etiquetas de los ejes.
        log: escala logarítmica en el eje vertical, con media geométrica
            (véase :func:`~lessons_lib.seed_band`).
        dashed: etiquetas de las curvas que se dibujan a trazos.
        markers: ``{texto: x}``, rectas verticales de referencia (opcional).
        levels: ``{texto: y}``, rectas horizontales de referencia (opcional),
            como el error mínimo que deja el ruido.

    Devuelve:
        ``matplotlib.figure.Figure``.

    Ejemplo:
        >>> fig = plot_seed_bands([1, 2, 3], {"a": [[1.0, 2.0, 3.0], [2.0, 3.0, 5.0]]},
        ...                       xlabel="n", ylabel="error", markers={"n = 2": 2})
        >>> fig.axes[0].get_yscale()
        'log'
    """
    x = _vector(x, "x").tolist()
    log = check_bool(log, "log")
    bands = {label: seed_band(_curve(curves, label, len(x), log), log=log) for label in _labelled(curves, "curves")}
    _check_dashed(dashed, curves)
    levels = {text: check_real(y, "levels") for text, y in _labelled(levels or {}, "levels", allow_empty=True).items()}
    markers = {
        text: check_real(position, "markers")
        for text, position in _labelled(markers or {}, "markers", allow_empty=True).items()
    }
    with figure_style():
        fig, (ax,) = new_figure(width=6.4, height=3.6)
        for i, (label, (center, low, high)) in enumerate(bands.items()):
            color = COLORS[i % len(COLORS)]
            ax.fill_between(x, low, high, color=color, alpha=0.2, linewidth=0)
            ax.plot(x, center, color=color, linestyle="--" if label in dashed else "-", label=label)
        for j, (text, level) in enumerate(levels.items()):
            ax.axhline(level, color="#777777", linestyle=("-.", ":")[j % 2], linewidth=1.0, label=text)
        for j, (text, position) in enumerate(markers.items()):
            ax.axvline(position, color=COLORS[-1 - j % 2], linestyle=":", linewidth=1.2, label=text)
        if log:
            ax.set_yscale("log")
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.legend()
    return fig


def plot_polynomial_fits(x, y, grid, fits, truth, *, ylim=(-2.0, 2.0)):
    """Los puntos de entrenamiento y varios ajustes, un panel por ajuste.

    Argumentos:
        x, y: los ejemplos de entrenamiento.
        grid: abscisas donde se evalúan las curvas.
        fits: ``{título: valores en grid}``, uno por panel.
        truth: la función verdadera en ``grid`` (línea gris).
        ylim: límites del eje vertical: una curva que se dispara no deja
            ver las demás.

    Devuelve:
        ``matplotlib.figure.Figure``.

    Ejemplo:
        >>> grid = torch.linspace(-1, 1, 5)
        >>> fig = plot_polynomial_fits([0.0], [1.0], grid, {"grado 0": torch.ones(5)}, grid)
        >>> len(fig.axes)
        1
    """
    x, y = _vector(x, "x"), _vector(y, "y", length=len(x))
    grid = _vector(grid, "grid")
    truth = _vector(truth, "truth", length=len(grid))
    fits = {
        title: _vector(values, f"fits[{title!r}]", length=len(grid))
        for title, values in _labelled(fits, "fits").items()
    }
    ylim = _limits(ylim)
    fit_colors = (COLORS[0], *COLORS[2:-1])  # ni el rojo ni el gris de los puntos
    with figure_style():
        fig, axes = new_figure(ncols=len(fits), width=3.2 * len(fits), height=3.0, sharey=True)
        for i, (ax, (title, values)) in enumerate(zip(axes, fits.items(), strict=True)):
            ax.plot(grid, truth, color="#888888", linewidth=1.2, label="función verdadera")
            ax.plot(grid, values, color=fit_colors[i % len(fit_colors)], label="ajuste")
            ax.scatter(x, y, s=14, color=COLORS[-1], zorder=3, label="entrenamiento")
            ax.set_ylim(*ylim)
            ax.set_title(title)
            ax.set_xlabel("$x$")
        axes[0].set_ylabel("$y$")
        axes[0].legend(loc="upper left", fontsize=8)
    return fig


def plot_cross_validation(
    values,
    means,
    standard_errors,
    *,
    chosen=None,
    xlabel,
    ylabel="error de validación cruzada",
    ylim=None,
    xscale="linear",
):
    """El error medio de la validación cruzada de cada candidato, con su error típico.

    Marca el mejor candidato, la línea de un error típico por encima de él y,
    si se da ``chosen``, el candidato elegido (por ejemplo, el de la regla de
    un error típico, :func:`~lessons_lib.one_standard_error_rule`).

    Argumentos:
        values: los candidatos (grados, :math:`\\lambda`…), en orden de complejidad.
        means, standard_errors: su error medio y su error típico.
        chosen: el índice del candidato elegido (opcional).
        xlabel, ylabel: etiquetas de los ejes.
        ylim: límites del eje vertical (opcional): los candidatos muy malos
            pueden estar órdenes de magnitud por encima de los buenos.
        xscale: ``"linear"`` o ``"log"`` (para :math:`\\lambda`, por ejemplo).

    Devuelve:
        ``matplotlib.figure.Figure`` (eje vertical logarítmico).

    Ejemplo:
        >>> fig = plot_cross_validation([1, 2, 3], [0.5, 0.2, 0.25], [0.05, 0.02, 0.04], chosen=1, xlabel="grado")
        >>> fig.axes[0].get_yscale()
        'log'
    """
    values, means, ses = _cross_validation_arguments(values, means, standard_errors)
    if chosen is not None:
        chosen = check_int(chosen, "chosen", minimum=0, maximum=len(values) - 1)
    if xscale not in ("linear", "log"):
        raise ValueError(f"xscale debe ser 'linear' o 'log'; se recibió {xscale!r}")
    ylim = None if ylim is None else _limits(ylim)
    best = int(means.argmin())
    marks = [(best, "o", COLORS[3], f"mínimo: {values[best]:.3g}")]
    if chosen is not None:
        marks.append((chosen, "s", COLORS[1], f"elegido: {values[chosen]:.3g}"))
    with figure_style():
        fig, (ax,) = new_figure(width=6.0, height=3.4)
        low = torch.clamp(means - ses, min=means.min() / 10)
        ax.errorbar(values, means, yerr=[means - low, ses], marker="o", capsize=3, label="media ± error típico")
        level = means[best] + ses[best]
        ax.axhline(level, color=COLORS[2], linestyle="--", linewidth=1.2, label="mínimo + un error típico")
        for index, marker, color, label in marks:
            ax.plot(
                [values[index]],
                [means[index]],
                marker=marker,
                markersize=12,
                markerfacecolor="none",
                color=color,
                label=label,
            )
        ax.set_yscale("log")
        ax.set_xscale(xscale)
        if ylim is not None:
            ax.set_ylim(*ylim)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.legend()
    return fig


# --- Comprobar los argumentos ------------------------------------------------


def _vector(values, name, length=None):
    """Un tensor de una dimensión de números finitos (con ``length`` elementos, si se pide)."""
    values = to_float_tensor(values, name)
    if values.dim() != 1 or not bool(torch.isfinite(values).all()):
        raise ValueError(f"{name} debe ser una secuencia de números finitos; se recibió {describe(values.tolist())}")
    if length is not None and len(values) != length:
        raise ValueError(f"{name} debe tener {length} valores, uno por punto; se recibieron {len(values)}")
    return values


def _labelled(mapping, name, allow_empty=False):
    """Exige un diccionario ``{etiqueta: valores}``, no vacío salvo con ``allow_empty``."""
    if not isinstance(mapping, dict):
        raise TypeError(f"{name} debe ser un diccionario {{etiqueta: valores}}; se recibió {describe(mapping)}")
    if not mapping and not allow_empty:
        raise ValueError(f"{name} no puede estar vacío; se recibió {{}}")
    return mapping


def _curve(curves, label, length, log):
    """Los valores de ``curves[label]``, una matriz semillas × ``length`` comprobada."""
    name = f"curves[{label!r}]"
    values = seed_matrix(curves[label], name, log=log)
    if values.shape[1] != length:
        raise ValueError(f"{name} debe tener {length} columnas, una por valor de x; se recibieron {values.shape[1]}")
    return values


def _check_dashed(dashed, curves):
    """Exige que ``dashed`` sea una colección de etiquetas de ``curves`` (no un texto)."""
    if not isinstance(dashed, (list, tuple, set, frozenset)):
        raise TypeError(f"dashed debe ser una lista de etiquetas de curves; se recibió {describe(dashed)}")
    unknown = [label for label in dashed if label not in curves]
    if unknown:
        raise ValueError(f"dashed debe nombrar curvas de curves ({list(curves)}); se recibió {unknown}")


def _limits(ylim):
    """Un par ``(mínimo, máximo)`` de números finitos con mínimo < máximo."""
    if isinstance(ylim, (list, tuple)) and len(ylim) == 2:
        low, high = check_real(ylim[0], "ylim"), check_real(ylim[1], "ylim")
        if math.isfinite(low) and math.isfinite(high) and low < high:
            return low, high
    raise ValueError(
        f"ylim debe ser un par (mínimo, máximo) de números finitos con mínimo < máximo; se recibió {describe(ylim)}"
    )


def _cross_validation_arguments(values, means, standard_errors):
    """Los candidatos (lista), sus errores medios y sus errores típicos (``float64``), comprobados."""
    values = _vector(values, "values").tolist()
    if not values:
        raise ValueError("values no puede estar vacío; se recibió []")
    means = _vector(means, "means", length=len(values)).double()
    if not bool((means > 0).all()):
        raise ValueError(
            f"means debe ser positivo (el eje vertical es logarítmico); se recibió {describe(means.tolist())}"
        )
    ses = _vector(standard_errors, "standard_errors", length=len(values)).double()
    if not bool((ses >= 0).all()):
        raise ValueError(f"standard_errors debe ser mayor o igual que 0; se recibió {describe(ses.tolist())}")
    return values, means, ses
