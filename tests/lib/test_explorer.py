"""lessons_lib.explorer: la rejilla, los datos que lee la página, la imagen para imprimir y los errores."""

import base64
import html
import itertools
import json
import re

import pytest

from lessons_lib.explorer import Explorer, explore, format_grid_value, log_grid, nice_ticks
from lessons_lib.formatting import format_number


def bars(ax, i):
    ax.bar([0, 1], [i, -i])


def small(**changes):
    arguments = {
        "grid": [0.0, 0.1, 1.0],
        "series": {"entrenamiento": [0.1, 0.2, 0.4], "validación": [0.9, 0.5, 0.6]},
        "snapshot": bars,
        "alt": "Las pérdidas para cada λ.",
    }
    arguments.update(changes)
    grid, series = arguments.pop("grid"), arguments.pop("series")
    return explore(grid, series, **arguments)


def test_log_grid_starts_at_zero_and_is_logarithmic():
    grid = log_grid(1e-4, 1e2, 31)
    assert len(grid) == 32 and grid[0] == 0.0
    assert grid[1] == pytest.approx(1e-4) and grid[-1] == pytest.approx(1e2)
    ratios = [b / a for a, b in itertools.pairwise(grid[1:])]
    assert max(ratios) == pytest.approx(min(ratios), rel=1e-4)
    assert log_grid(1, 10, 2, include_zero=False) == [1.0, 10.0]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((0, 1, 5), "0 < low < high"),
        ((1, 1, 5), "0 < low < high"),
        ((1, 10, 1), "count debe ser un entero mayor o igual que 2"),
        ((1, 10, True), "count debe ser un entero"),
    ],
)
def test_log_grid_rejects_bad_arguments(arguments, message):
    with pytest.raises(ValueError, match=message):
        log_grid(*arguments)


def test_log_grid_rejects_non_numbers():
    with pytest.raises(TypeError, match="low debe ser un número real finito"):
        log_grid("1", 10, 3)


def test_grid_values_and_ticks_are_written_as_in_the_prose():
    assert [str(format_grid_value(v)) for v in (0, 1e-4, 0.0316, 0.5, 3.16, 316, 2e4)] == [
        "0",
        "1.0·10⁻⁴",
        "0.032",
        "0.50",
        "3.2",
        "316",
        "2.0·10⁴",
    ]
    ticks = nice_ticks(-0.73, 0.73)
    assert [value for value, _ in ticks] == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert [str(text) for _, text in ticks] == [str(format_number(v, 1)) for v in (-1.0, -0.5, 0.0, 0.5, 1.0)]
    assert [str(t) for _, t in nice_ticks(2.0, 2.0)] == ["1.0", "1.5", "2.0", "2.5", "3.0"]  # un solo valor: un margen


def test_payload_has_labels_sentences_curves_and_ticks():
    explorer = small(vector={"pesos": [[0.0, 1.0], [0.5, -0.5], [1.0, 2.0]]}, initial=1)
    payload = explorer.payload()
    assert payload["labels"] == ["λ = 0", "λ = 0.10", "λ = 1.0"]
    assert payload["sentences"][1] == "Con λ = 0.10, entrenamiento: 0.200; validación: 0.500."
    assert [curve["name"] for curve in payload["series"]] == ["entrenamiento", "validación"]
    assert payload["initial"] == 1 and payload["logY"] is False
    assert payload["yTicks"][0][0] <= 0.1 and payload["yTicks"][-1][0] >= 0.9
    assert payload["vector"]["values"][2] == [1.0, 2.0]
    assert payload["vector"]["ticks"][0][0] <= -2.0 <= 2.0 <= payload["vector"]["ticks"][-1][0]
    assert len(explorer) == 3 and repr(explorer) == "Explorer(3 valores de λ, curvas: entrenamiento, validación)"


def test_custom_sentences_and_logarithmic_axis():
    explorer = small(sentence=lambda i: f"Punto {i}.", log_y=True, parameter="p")
    assert explorer.sentences == ["Punto 0.", "Punto 1.", "Punto 2."]
    assert explorer.labels[0] == "p = 0"
    assert [value for value, _ in explorer.payload()["yTicks"]] == [0.1, 1.0]


def test_html_has_the_controls_the_data_and_a_fallback_image():
    explorer = small(initial=2)
    page = explorer._repr_html_()
    assert page.startswith('<div class="lessons-explorer" role="group" aria-label="Explorador de λ">')
    assert 'type="range"' in page and 'max="2"' in page and 'value="2"' in page
    assert 'aria-valuetext="λ = 1.0"' in page and 'aria-label="Valor de λ"' in page
    assert (
        '<p class="lessons-explorer-text" aria-live="polite">Con λ = 1.0, entrenamiento: 0.400; validación: 0.600.</p>'
        in page
    )
    data = re.search(r'<script type="application/json" class="lessons-explorer-data">(.*?)</script>', page).group(1)
    assert json.loads(data) == json.loads(json.dumps(explorer.payload()))
    image = re.search(
        r'<img class="lessons-explorer-fallback" src="data:image/png;base64,([^"]+)" alt="([^"]+)">', page
    )
    assert base64.b64decode(image.group(1)) == explorer.snapshots_png()
    assert html.unescape(image.group(2)) == "Las pérdidas para cada λ. Tres instantáneas: λ = 0; λ = 0.10; λ = 1.0."


def test_the_json_cannot_close_its_script_early():
    explorer = small(series={"</script><b>": [1.0, 2.0, 3.0]})
    assert "</script><b>" not in explorer._repr_html_()


def test_three_snapshots_for_print():
    calls = []

    def snapshot(ax, i):
        calls.append(i)
        ax.plot([0, 1], [i, i])

    explorer = small(snapshot=snapshot, snapshots=[2, 0, 1])
    png = explorer._repr_png_()
    assert png.startswith(b"\x89PNG") and calls == [2, 0, 1]
    assert explorer._repr_png_() is png  # se dibujan una sola vez
    assert isinstance(explorer, Explorer) and explorer.snapshots == [2, 0, 1]


@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"grid": [1.0]}, ValueError, "grid debe ser una lista de al menos 2 valores"),
        ({"grid": [0.0, 1.0, 1.0]}, ValueError, "grid debe ser creciente"),
        ({"grid": [0.0, float("nan"), 1.0]}, TypeError, "grid debe ser un número real finito"),
        ({"series": {}}, ValueError, "series debe ser un diccionario"),
        ({"series": {"a": [1.0, 2.0]}}, ValueError, r"series\['a'\] debe tener un valor por punto de grid \(3\)"),
        ({"log_y": True, "series": {"a": [0.0, 1.0, 2.0]}}, ValueError, "con log_y=True"),
        ({"vector": [[1.0]]}, ValueError, "vector debe ser"),
        ({"vector": {"w": [[1.0], [2.0]]}}, ValueError, "una fila por punto de grid"),
        ({"vector": {"w": [[1.0], [2.0, 3.0], [4.0]]}}, ValueError, "todas de la misma longitud"),
        ({"snapshot": None}, TypeError, "snapshot debe ser una función"),
        ({"alt": " "}, ValueError, "alt debe describir la gráfica"),
        ({"initial": 3}, ValueError, "initial debe ser un entero entre 0 y 2"),
        ({"snapshots": [0, 1]}, ValueError, "snapshots debe tener 3 posiciones entre 0 y 2"),
        ({"snapshots": [0, 1, 5]}, ValueError, "snapshots debe tener 3 posiciones"),
    ],
)
def test_explore_validates_its_arguments(changes, error, message):
    with pytest.raises(error, match=message):
        small(**changes)
