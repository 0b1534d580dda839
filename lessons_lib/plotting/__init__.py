"""Figuras y animaciones del libro, agrupadas por capítulo.

Cada función de figura devuelve una ``matplotlib.figure.Figure`` y ninguna
llama a ``display`` ni a ``plt.show``: en un cuaderno la figura se muestra al
ser el último valor de una celda, en un script se guarda con
``fig.savefig(...)`` y en la compilación del libro se convierte en SVG (HTML)
y PDF (LaTeX). Cada animación es una :class:`~lessons_lib.Animation` y vive
junto a la figura que dibuja sus fotogramas.

El paquete:

- :mod:`~lessons_lib.plotting.style`: la paleta, los parámetros de
  matplotlib y las piezas comunes (``figure_style``, ``new_figure``). Es el
  único módulo que importa matplotlib, y solo al dibujar.
- :mod:`~lessons_lib.plotting.player`: el reproductor (``Animation``),
  ``figure_png`` y ``animate``, que hace una animación con una función de
  figura.
- un módulo por tema: ``training`` (curvas de entrenamiento), ``norms``
  (bolas unidad), ``overfitting`` (capacidad, memorización y pico de
  interpolación), ``early_stopping`` (filtros espectrales), ``uncertainty`` (fiabilidad), ``regularization`` (restricciones y caminos de pesos) y
  ``dropout``.

Para añadir un tema, se crea su módulo (``plotting/tema.py``, con su
``__all__``; las figuras se dibujan dentro de ``with figure_style():`` con
ejes de ``new_figure``) y se añade aquí una línea que importe sus nombres
públicos: ``__all__`` se forma solo con las funciones ``plot_*`` y
``animate_*`` importadas. Sus pruebas van en ``tests/lib/test_plotting_tema.py``.
"""

from lessons_lib.plotting.dropout import animate_dropout, plot_dropout_network, plot_dropout_steps
from lessons_lib.plotting.early_stopping import plot_spectral_filters
from lessons_lib.plotting.norms import plot_unit_balls
from lessons_lib.plotting.overfitting import plot_cross_validation, plot_polynomial_fits, plot_seed_bands
from lessons_lib.plotting.player import Animation
from lessons_lib.plotting.regularization import (
    animate_regularization_path,
    plot_constraint_geometry,
    plot_constraint_path,
    plot_weight_paths,
)
from lessons_lib.plotting.style import COLORS, STYLE  # la paleta y el estilo, también aquí como antes
from lessons_lib.plotting.training import plot_gap, plot_history, plot_history_bands, plot_sweep
from lessons_lib.plotting.uncertainty import plot_reliability

# Lo público: el reproductor y las funciones de figura y de animación importadas arriba.
__all__ = ["Animation", *sorted(name for name in globals() if name.startswith(("plot_", "animate_")))]
