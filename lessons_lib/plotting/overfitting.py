"""Las figuras del capítulo «Sobreajuste»: curvas sobre varias semillas, ajustes polinómicos y validación cruzada."""

import torch

from lessons_lib._validate import check_real, to_float_tensor
from lessons_lib.plotting.style import COLORS, figure_style, new_figure
from lessons_lib.stats import seed_band

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
    x = [check_real(value, "x") for value in x]
    if not curves:
        raise ValueError("curves no puede estar vacío; se recibió {}")
    with figure_style():
        fig, (ax,) = new_figure(width=6.4, height=3.6)
        for i, (label, values) in enumerate(curves.items()):
            center, low, high = seed_band(values, log=log)
            if len(center) != len(x):
                raise ValueError(
                    f"curves[{label!r}] debe tener {len(x)} columnas, una por valor de x; tiene {len(center)}"
                )
            color = COLORS[i % len(COLORS)]
            ax.fill_between(x, low, high, color=color, alpha=0.2, linewidth=0)
            ax.plot(x, center, color=color, linestyle="--" if label in dashed else "-", label=label)
        for j, (text, level) in enumerate((levels or {}).items()):
            ax.axhline(
                check_real(level, "levels"), color="#777777", linestyle=("-.", ":")[j % 2], linewidth=1.0, label=text
            )
        for j, (text, position) in enumerate((markers or {}).items()):
            ax.axvline(
                check_real(position, "markers"), color=COLORS[-1 - j % 2], linestyle=":", linewidth=1.2, label=text
            )
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
    x, y = to_float_tensor(x, "x"), to_float_tensor(y, "y")
    grid, truth = to_float_tensor(grid, "grid"), to_float_tensor(truth, "truth")
    if not fits:
        raise ValueError("fits no puede estar vacío; se recibió {}")
    with figure_style():
        fig, axes = new_figure(ncols=len(fits), width=3.2 * len(fits), height=3.0, sharey=True)
        for i, (ax, (title, values)) in enumerate(zip(axes, fits.items(), strict=True)):
            ax.plot(grid, truth, color="#888888", linewidth=1.2, label="función verdadera")
            ax.plot(grid, to_float_tensor(values, "fits"), color=COLORS[i + 1 if i else 0], label="ajuste")
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
    values = [check_real(v, "values") for v in values]
    means = to_float_tensor(means, "means").double()
    ses = to_float_tensor(standard_errors, "standard_errors").double()
    if not len(values) == len(means) == len(ses):
        raise ValueError(
            f"values, means y standard_errors deben tener la misma longitud; tienen {len(values)}, {len(means)} y {len(ses)}"
        )
    if xscale not in ("linear", "log"):
        raise ValueError(f"xscale debe ser 'linear' o 'log'; se recibió {xscale!r}")
    best = int(means.argmin())
    marks = [(best, "o", COLORS[3], f"mínimo: {values[best]:g}")]
    if chosen is not None:
        marks.append((chosen, "s", COLORS[1], f"elegido: {values[chosen]:g}"))
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
            ax.set_ylim(*(check_real(limit, "ylim") for limit in ylim))
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.legend()
    return fig
