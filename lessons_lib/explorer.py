r"""Exploradores: un deslizador sobre una rejilla de valores de un parámetro, calculada de antemano.

Un capítulo calcula su experimento para cada valor de la rejilla (por
ejemplo, la regresión ridge en forma cerrada para 31 valores de
:math:`\lambda`) y lo entrega a :func:`explore`. El resultado se muestra de
dos formas, que el cuaderno elige según dónde se muestre:

- en HTML (``_repr_html_``), los datos de toda la rejilla en la página y un
  deslizador que recorre sus valores con el ratón o con las flechas del
  teclado. Cada posición actualiza una gráfica (las curvas frente al
  parámetro, con una marca en el valor elegido, y, si se dan, las barras de
  un vector, como los pesos, con un trazo fijo por barra para sus valores
  de referencia, como los pesos verdaderos) y una frase con los números de
  ese valor, que también lee el lector de pantalla. Dibuja la gráfica el guion
  ``book/_static/lessons-explorer.js`` del libro (sin bibliotecas ni
  peticiones: funciona sin conexión y desde ``file://``); fuera del libro,
  sin ese guion, se ve la imagen de tres instantáneas y la frase del valor
  inicial;
- en PNG (``_repr_png_``), tres instantáneas dibujadas con matplotlib, que es
  lo que lleva el PDF.

Los textos (las etiquetas del deslizador y las frases) se escriben aquí, con
:func:`~lessons_lib.format_number`: el guion solo los muestra.
"""

import base64
import dataclasses
import html
import io
import itertools
import json
import math
import numbers
from collections.abc import Callable

from lessons_lib.formatting import format_number

__all__ = ["Explorer", "explore", "log_grid"]

#: Resolución de la imagen de las tres instantáneas.
SNAPSHOT_DPI = 110


def log_grid(low, high, count, include_zero=True):
    r"""Una rejilla logarítmica de ``count`` valores de ``low`` a ``high``, con el 0 delante.

    Argumentos:
        low, high: el menor y el mayor valor positivo (``0 < low < high``).
        count: cuántos valores positivos (al menos 2).
        include_zero: si es ``True``, la rejilla empieza en 0 (sin regularizar).

    Devuelve:
        Una lista de ``float`` creciente.

    Ejemplo:
        >>> log_grid(0.01, 100, 5)
        [0.0, 0.01, 0.1, 1.0, 10.0, 100.0]
    """
    low, high = _real(low, "low"), _real(high, "high")
    if not 0 < low < high:
        raise ValueError(f"low y high deben cumplir 0 < low < high; se recibieron low={low}, high={high}")
    if isinstance(count, bool) or not isinstance(count, numbers.Integral) or count < 2:
        raise ValueError(f"count debe ser un entero mayor o igual que 2; se recibió {count!r}")
    step = (math.log10(high) - math.log10(low)) / (count - 1)
    values = [float(f"{10 ** (math.log10(low) + i * step):.6g}") for i in range(count)]
    return ([0.0] if include_zero else []) + values


def _real(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise TypeError(f"{name} debe ser un número real finito; se recibió {value!r}")
    return float(value)


def format_grid_value(value):
    """Un valor de la rejilla con dos cifras significativas, como en la prosa: 0, 0.032, 3.2, 1.0·10⁻⁴.

    Ejemplo:
        >>> [str(format_grid_value(v)) for v in (0, 0.0316, 3.16, 31.6)]
        ['0', '0.032', '3.2', '32']
        >>> format_grid_value(0.0001)
        1.0·10⁻⁴
    """
    if value == 0:
        return format_number(0)
    if abs(value) < 0.01 or abs(value) >= 10_000:
        return format_number(value, 1, style="power")
    return format_number(value, max(0, 1 - math.floor(math.log10(abs(value)))))


def nice_ticks(low, high, log=False):
    """Marcas del eje entre ``low`` y ``high`` (de 2 a 6), con su texto: ``[(valor, texto)]``.

    Ejemplo:
        >>> [str(text) for _, text in nice_ticks(0.13, 0.92)]
        ['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']
        >>> [str(text) for _, text in nice_ticks(0.003, 20, log=True)]
        ['1.0·10⁻³', '0.010', '0.10', '1.0', '10', '100']
    """
    if log:
        first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
        step = max(1, math.ceil((last - first) / 5))
        values = [10.0**e for e in range(first, last + step, step)]
        return [(value, format_grid_value(value)) for value in values]
    if high <= low:
        low, high = low - 1, high + 1
    raw = (high - low) / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step + 1e-9) * step
    count = math.ceil((high - start) / step - 1e-9)
    values = [round(start + k * step, 12) for k in range(count + 1)]
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return [(value, format_number(value, decimals)) for value in values]


def _rounded(values):
    """Cuatro cifras significativas: de sobra para dibujar, y la página pesa menos."""
    return [float(f"{v:.4g}") for v in values]


@dataclasses.dataclass(repr=False)
class Explorer:
    r"""Un deslizador sobre una rejilla, con una gráfica y una frase por valor, y tres instantáneas para imprimir.

    Se crea con :func:`explore`, que valida los argumentos.

    Atributos:
        grid: los valores del parámetro.
        series: {nombre: valores}, una curva por nombre.
        vector: {nombre: filas} o ``None``; una fila (un vector) por valor.
        reference: {nombre: valores} o ``None``; un valor por componente del
            vector, el mismo para toda la rejilla (los pesos verdaderos).
        labels: el texto de cada valor («λ = 0.032»).
        sentences: la frase de cada valor, con sus números.
        alt: la descripción de la gráfica.
        initial: la posición inicial del deslizador.
        snapshots: las tres posiciones que muestra la imagen para imprimir.
        snapshot: la función que dibuja una instantánea, ``snapshot(ax, i)``.
        log_y: si el eje vertical de las curvas es logarítmico.
    """

    grid: list
    series: dict
    vector: dict | None
    reference: dict | None
    labels: list
    sentences: list
    alt: str
    parameter: str
    initial: int
    snapshots: list
    snapshot: Callable = dataclasses.field(repr=False)
    log_y: bool = False
    _png: bytes | None = dataclasses.field(default=None, init=False, repr=False)

    def __len__(self):
        return len(self.grid)

    def __repr__(self):
        return f"Explorer({len(self)} valores de {self.parameter}, curvas: {', '.join(self.series)})"

    def payload(self):
        """Los datos que lee el guion de la página (un diccionario que se guarda como JSON)."""
        curves = [value for values in self.series.values() for value in values]
        data = {
            "parameter": self.parameter,
            "grid": self.grid,
            "labels": self.labels,
            "sentences": self.sentences,
            "series": [{"name": name, "values": _rounded(values)} for name, values in self.series.items()],
            "logY": self.log_y,
            "yTicks": [[value, text] for value, text in nice_ticks(min(curves), max(curves), self.log_y)],
            "initial": self.initial,
        }
        if self.vector is not None:
            ((name, rows),) = self.vector.items()
            marks = [value for values in (self.reference or {}).values() for value in values]
            largest = max(abs(value) for value in itertools.chain(marks, *rows)) or 1.0
            ticks = nice_ticks(-largest, largest)
            data["vector"] = {
                "name": name,
                "values": [_rounded(row) for row in rows],
                "ticks": [[value, text] for value, text in ticks],
            }
            if self.reference is not None:
                ((reference_name, values),) = self.reference.items()
                data["vector"]["reference"] = {"name": reference_name, "values": _rounded(values)}
        return data

    def snapshots_png(self):
        """Las tres instantáneas, una al lado de otra, como bytes de un PNG (se dibujan una vez)."""
        if self._png is None:
            from lessons_lib._extras import import_extra

            plt = import_extra("matplotlib.pyplot", "plot")
            fig, axes = plt.subplots(1, len(self.snapshots), figsize=(3.2 * len(self.snapshots), 2.8))
            for ax, index in zip(axes, self.snapshots, strict=True):
                self.snapshot(ax, index)
                ax.set_title(self.labels[index])
            fig.tight_layout()
            buffer = io.BytesIO()
            fig.savefig(buffer, format="png", dpi=SNAPSHOT_DPI, facecolor="white")
            plt.close(fig)
            self._png = buffer.getvalue()
        return self._png

    def _repr_png_(self):
        """Las tres instantáneas (el PDF y los formatos que no admiten HTML)."""
        return self.snapshots_png()

    def _repr_html_(self):
        """El explorador: la imagen de respaldo, la gráfica, el deslizador y la frase del valor elegido."""
        snapshot_alt = f"{self.alt} Tres instantáneas: {'; '.join(self.labels[i] for i in self.snapshots)}."
        image = "data:image/png;base64," + base64.b64encode(self.snapshots_png()).decode("ascii")
        data = json.dumps(self.payload(), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        label = html.escape(self.labels[self.initial])
        return (
            f'<div class="lessons-explorer" role="group" aria-label="{html.escape(f"Explorador de {self.parameter}")}">'
            f'<img class="lessons-explorer-fallback" src="{image}" alt="{html.escape(snapshot_alt)}">'
            f'<svg class="lessons-explorer-chart" role="img" aria-label="{html.escape(self.alt)}" hidden></svg>'
            '<div class="lessons-explorer-controls" hidden>'
            f'<input type="range" class="lessons-explorer-slider" min="0" max="{len(self) - 1}" step="1" '
            f'value="{self.initial}" aria-label="{html.escape(f"Valor de {self.parameter}")}" aria-valuetext="{label}">'
            f'<span class="lessons-explorer-label">{label}</span>'
            "</div>"
            f'<p class="lessons-explorer-text" aria-live="polite">{html.escape(self.sentences[self.initial])}</p>'
            f'<script type="application/json" class="lessons-explorer-data">{data}</script>'
            "</div>"
        )


def _default_sentence(labels, series, decimals):
    def sentence(index):
        parts = [f"{name}: {format_number(values[index], decimals)}" for name, values in series.items()]
        return f"Con {labels[index]}, " + "; ".join(parts) + "."

    return sentence


def explore(
    grid,
    series,
    *,
    snapshot,
    alt,
    parameter="λ",
    vector=None,
    reference=None,
    sentence=None,
    decimals=3,
    initial=0,
    snapshots=None,
    log_y=False,
):
    r"""Un explorador de ``grid``: un deslizador, una gráfica y una frase por valor.

    Argumentos:
        grid: los valores del parámetro, crecientes (al menos 2; por ejemplo,
            :func:`log_grid`). Se recorren en orden: una rejilla logarítmica
            se ve espaciada por igual.
        series: {nombre: lista de valores}, de 1 a 4 curvas con un valor por
            punto de la rejilla («entrenamiento», «validación»).
        snapshot: función ``snapshot(ax, i)`` que dibuja con matplotlib el
            estado del punto ``i`` en los ejes ``ax``; la imagen del PDF
            tiene tres.
        alt: la descripción de la gráfica, una frase.
        parameter: el nombre del parámetro en las etiquetas («λ»).
        vector: ``{nombre: filas}`` con una fila (un vector de la misma
            longitud) por punto, que la página dibuja como barras (los pesos);
            o ``None``.
        reference: ``{nombre: valores}`` con un valor por componente de
            ``vector`` que no cambia con el parámetro (los pesos
            verdaderos): la página lo marca con un trazo sobre cada barra; o
            ``None``. Pide ``vector``.
        sentence: función ``sentence(i)`` que devuelve la frase del punto
            ``i``, con sus números; por defecto, «Con λ = 0.032, nombre: valor;
            ...» con ``decimals`` decimales.
        decimals: decimales de la frase por defecto.
        initial: la posición inicial del deslizador.
        snapshots: las tres posiciones de la imagen para imprimir; por
            defecto, la primera, la del medio y la última.
        log_y: escala logarítmica en el eje vertical de las curvas (todos
            sus valores deben ser positivos).

    Devuelve:
        Un :class:`Explorer`, que el cuaderno muestra como HTML o como PNG.

    Ejemplo:
        >>> grid = log_grid(0.1, 10, 3)
        >>> explorer = explore(grid, {"pérdida": [1.0, 0.8, 0.5, 0.9]}, snapshot=lambda ax, i: ax.plot([0, i]),
        ...                    alt="La pérdida para cada valor de λ.")
        >>> explorer.labels
        ['λ = 0', 'λ = 0.10', 'λ = 1.0', 'λ = 10']
        >>> explorer.sentences[1]
        'Con λ = 0.10, pérdida: 0.800.'
    """
    if not isinstance(grid, (list, tuple)) or len(grid) < 2:
        raise ValueError(f"grid debe ser una lista de al menos 2 valores; se recibió {grid!r}")
    grid = [_real(value, "grid") for value in grid]
    if any(b <= a for a, b in itertools.pairwise(grid)):
        raise ValueError(f"grid debe ser creciente; se recibió {grid}")
    if not isinstance(series, dict) or not 1 <= len(series) <= 4:
        raise ValueError(f"series debe ser un diccionario {{nombre: valores}} con 1 a 4 curvas; se recibió {series!r}")
    series = {str(name): [_real(v, f"series[{name!r}]") for v in values] for name, values in series.items()}
    for name, values in series.items():
        if len(values) != len(grid):
            raise ValueError(
                f"series[{name!r}] debe tener un valor por punto de grid ({len(grid)}); tiene {len(values)}"
            )
        if log_y and min(values) <= 0:
            raise ValueError(f"con log_y=True, los valores de series[{name!r}] deben ser positivos")
    if vector is not None:
        if not isinstance(vector, dict) or len(vector) != 1:
            raise ValueError(
                f"vector debe ser {{nombre: filas}} con un solo nombre, o None; se recibió {type(vector).__name__}"
            )
        ((name, rows),) = vector.items()
        rows = [[_real(v, f"vector[{name!r}]") for v in row] for row in rows]
        if len(rows) != len(grid) or len({len(row) for row in rows}) != 1 or not rows[0]:
            raise ValueError(
                f"vector[{name!r}] debe tener una fila por punto de grid ({len(grid)}), todas de la misma longitud"
            )
        vector = {str(name): rows}
    if reference is not None:
        if not isinstance(reference, dict) or len(reference) != 1:
            raise ValueError(
                f"reference debe ser {{nombre: valores}} con un solo nombre, o None; se recibió {type(reference).__name__}"
            )
        if vector is None:
            raise ValueError("reference marca un valor sobre cada barra de vector: pide también vector")
        ((name, values),) = reference.items()
        values = [_real(v, f"reference[{name!r}]") for v in values]
        length = len(next(iter(vector.values()))[0])
        if len(values) != length:
            raise ValueError(
                f"reference[{name!r}] debe tener un valor por componente de vector ({length}); tiene {len(values)}"
            )
        reference = {str(name): values}
    if not callable(snapshot):
        raise TypeError(f"snapshot debe ser una función snapshot(ax, i); se recibió {type(snapshot).__name__}")
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"alt debe describir la gráfica (texto no vacío); se recibió {alt!r}")
    last = len(grid) - 1
    if isinstance(initial, bool) or not isinstance(initial, numbers.Integral) or not 0 <= initial <= last:
        raise ValueError(f"initial debe ser un entero entre 0 y {last}; se recibió {initial!r}")
    snapshots = [0, last // 2, last] if snapshots is None else list(snapshots)
    if len(snapshots) != 3 or any(
        isinstance(i, bool) or not isinstance(i, numbers.Integral) or not 0 <= i <= last for i in snapshots
    ):
        raise ValueError(f"snapshots debe tener 3 posiciones entre 0 y {last}; se recibió {snapshots!r}")
    labels = [f"{parameter} = {format_grid_value(value)}" for value in grid]
    sentence = sentence or _default_sentence(labels, series, decimals)
    sentences = [str(sentence(index)) for index in range(len(grid))]
    return Explorer(
        grid=grid,
        series=series,
        vector=vector,
        reference=reference,
        labels=labels,
        sentences=sentences,
        alt=alt.strip(),
        parameter=parameter,
        initial=int(initial),
        snapshots=[int(i) for i in snapshots],
        snapshot=snapshot,
        log_y=bool(log_y),
    )
