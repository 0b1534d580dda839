"""El estilo común de las figuras y las piezas que comparten.

Todas las figuras del libro se dibujan dentro de :func:`figure_style` (la
paleta :data:`COLORS` y los parámetros :data:`STYLE`) sobre ejes creados
con :func:`new_figure`. matplotlib se importa solo aquí y solo al dibujar,
con :func:`~lessons_lib._extras.import_extra`: sin el extra «plot», el error
dice cómo instalarlo.
"""

from contextlib import contextmanager

from lessons_lib._extras import import_extra

__all__ = [
    "COLORS",
    "STYLE",
    "figure_style",
    "new_figure",
    "plane_axes",
    "pyplot",
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


def pyplot():
    """``matplotlib.pyplot``, o un error que dice cómo instalar el extra «plot»."""
    return import_extra("matplotlib.pyplot", "plot")


@contextmanager
def figure_style():
    """El estilo del libro mientras dura el bloque ``with``."""
    matplotlib = import_extra("matplotlib", "plot")
    with matplotlib.rc_context({**STYLE, "axes.prop_cycle": matplotlib.cycler(color=COLORS)}):
        yield


def new_figure(ncols=1, width=6.4, height=3.6, *, nrows=1, margins=None, **subplots_kw):
    """Una figura nueva con ``nrows`` × ``ncols`` ejes.

    Se crea con pyplot para que Jupyter active su integración con matplotlib
    (la figura se muestra al devolverla) y se cierra enseguida: así pyplot la
    olvida y no la muestra otra vez al final de la celda.

    Argumentos:
        ncols, nrows: columnas y filas de ejes.
        width, height: tamaño de la figura, en pulgadas.
        margins: márgenes fijos (los de ``Figure.subplots_adjust``) en lugar
            del diseño automático: los fotogramas de una animación quedan
            alineados y se dibujan más deprisa.
        subplots_kw: más argumentos de ``pyplot.subplots`` (``subplot_kw``,
            ``gridspec_kw``).

    Devuelve:
        La figura y la lista de sus ejes, fila a fila.
    """
    plt = pyplot()
    layout = None if margins else "constrained"
    fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), layout=layout, squeeze=False, **subplots_kw)
    plt.close(fig)
    if margins:
        fig.subplots_adjust(**margins)
    return fig, list(axes.flat)


def plane_axes(ax, low, high):
    """Ejes de un plano: de ``low`` a ``high`` en los dos ejes, a la misma escala.

    Las rectas :math:`x = 0` e :math:`y = 0`, en gris, sirven de referencia.
    """
    ax.set_xlim(low, high)
    ax.set_ylim(low, high)
    ax.set_aspect("equal")
    ax.axhline(0, color="#888888", linewidth=0.6)
    ax.axvline(0, color="#888888", linewidth=0.6)
