"""Aprender en la página: preguntas de repaso, glosario, explorador, lanzadores y estado del libro.

Las pruebas leen tres compilaciones: la del libro de la sesión (``html_dir``:
las preguntas de «Normas», el glosario, el estado del libro), un libro
diminuto con un capítulo que usa todas las piezas (pregunta numérica con la
respuesta pegada, pregunta de opción múltiple, explorador, términos
enlazados) y una copia del libro con ``repository.url`` (Colab e «Informar de
un error»), que reutiliza la caché de ejecución de la sesión. Las pruebas en
Chromium abren las páginas por http y como ``file://``.
"""

import itertools
import json
import re
import shutil
import subprocess
from urllib.parse import parse_qs, urlparse

import pytest
from booktools import (
    CHAPTERS,
    GLUED,
    NOTEBOOKS,
    REPOSITORY_URL,
    ROOT,
    build_book,
    copy_project,
    debian_packages,
    environment,
    glued_values,
    page,
    read_page,
    require_tool,
)
from browsertools import PHONE, WIDE, axe_violations, base_url, open_page, save_screenshot, serve, site_pages
from learningtools import (
    chapter_pages,
    decode_key,
    glossary_entries,
    linked_terms,
    quizzes_in_page,
    quizzes_in_source,
    source_of,
)

pytestmark = pytest.mark.book

import lessons_notebooks  # noqa: E402
import lessons_texts  # noqa: E402

from lessons_lib.explorer import explore  # noqa: E402

# --- Un libro diminuto con todas las piezas ----------------------------------------------

CHAPTER = r"""
# Prueba

```{code-cell} ipython3
:tags: [remove-cell]

import torch
from myst_nb import glue

import lessons_lib
from lessons_lib import claim
from lessons_lib.explorer import explore, log_grid

glue("quiz_l1", lessons_lib.l1_norm([3.0, -4.0]).item(), display=False)
claim(True, "una frase")
for i in range(3):
    lessons_lib.claim(i < 3, "una frase en un bucle")
lessons_lib.claims.claim(True, "una frase con el nombre completo")
```

## Normas

Una {term}`norma` mide el tamaño de un vector; la {term}`norma <norma ℓ1>` $\ell_1$
suma valores absolutos.

:::{quiz}
:glue: quiz_l1
:tolerance: 0.01
:why: Se suman los valores absolutos: $3 + 4 = 7$.
:hint: La norma $\ell_1$ suma los valores absolutos, sin elevarlos al cuadrado.

¿Cuánto vale $\|(3, -4)\|_1$?
:::

::::{quiz}
¿Qué bola unidad del plano es un rombo?

:::{quiz-option} La de $\ell_2$.
Es un círculo: todos sus puntos están a distancia euclídea 1 del origen.
:::

:::{quiz-option} La de $\ell_1$.
:correct:
$|x_1| + |x_2| = 1$ son cuatro segmentos con los vértices sobre los ejes.
:::

:::{quiz-option} La de $\ell_\infty$.
Es un cuadrado: sus lados son $|x_i| = 1$.
:::
::::

## Explorador

```{code-cell} ipython3
grid = log_grid(1e-3, 1e2, 30)
X = torch.randn(20, 5, generator=torch.Generator().manual_seed(0))
w_true = torch.tensor([1.0, -2.0, 0.5, 0.0, 0.0])
y = X @ w_true + 0.3 * torch.randn(20, generator=torch.Generator().manual_seed(1))
X_val = torch.randn(50, 5, generator=torch.Generator().manual_seed(2))
y_val = X_val @ w_true
weights = [torch.linalg.solve(X.T @ X + lam * torch.eye(5), X.T @ y) for lam in grid]
train = [((X @ w - y) ** 2).mean().item() for w in weights]
val = [((X_val @ w - y_val) ** 2).mean().item() for w in weights]

def snapshot(ax, i):
    ax.bar(range(5), weights[i].tolist())
    ax.set_ylim(-2.5, 1.5)

explore(
    grid,
    {"entrenamiento": train, "validación": val},
    vector={"pesos": [w.tolist() for w in weights]},
    snapshot=snapshot,
    alt="Pérdidas de entrenamiento y validación para cada λ, y los pesos del λ elegido.",
)
```
"""

GLOSSARY = """# Glosario

:::{glossary-term} norma
:english: norm
:chapter: normas

Una función que asigna a cada vector un número no negativo, su tamaño.
:::

:::{glossary-term} norma ℓ1
:english: ℓ1 norm; Manhattan norm
:chapter: normas
:aliases: norma L1

La suma de los valores absolutos de las componentes.
:::

## Índice inglés → español

```{glossary-index}
```
"""

STATUS = "# Estado\n\n```{book-status}\n```\n"


def git_commit(project):
    """Hace de la copia un repositorio con un commit; devuelve su identificador."""
    env = {"GIT_AUTHOR_NAME": "prueba", "GIT_AUTHOR_EMAIL": "p@ejemplo", "GIT_COMMITTER_NAME": "prueba"}
    env["GIT_COMMITTER_EMAIL"] = "p@ejemplo"
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "prueba"]):
        subprocess.run(
            ["git", *command], cwd=project, check=True, capture_output=True, env={**environment(project), **env}
        )
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=project, capture_output=True, text=True).stdout.strip()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """El libro diminuto, compilado: (carpeta del proyecto, commit)."""
    project = copy_project(
        tmp_path_factory.mktemp("aprender"),
        {"prueba": CHAPTER},
        {"glosario": GLOSSARY, "estado": STATUS},
        repository_url=REPOSITORY_URL,
    )
    commit = git_commit(project)
    build_book(project, env=environment(project, LESSONS_BOOK_JOBS="1"))
    return project, commit


@pytest.fixture(scope="module")
def tiny_html(tiny):
    return tiny[0] / "_build" / "html"


@pytest.fixture(scope="module")
def tiny_server(tiny_html):
    with serve(tiny_html) as url:
        yield url


# --- Preguntas de repaso -------------------------------------------------------------------


def test_a_quiz_is_a_form_with_its_inputs_one_button_and_a_live_region(tiny_html):
    html = (tiny_html / "book" / "prueba.html").read_text(encoding="utf-8")
    quizzes = re.findall(r'<div class="lessons-quiz"[^>]*data-quiz=.*?</form></div>', html, re.S)
    assert len(quizzes) == 2
    numeric, choice = quizzes
    assert len(re.findall(r'<input type="text"', numeric)) == 1 and "radio" not in numeric
    assert len(re.findall(r'<input type="radio"', choice)) == 3
    for quiz in quizzes:
        assert quiz.count("<button") == 1 and ">Comprobar</button>" in quiz
        assert quiz.count('aria-live="polite"') == 1
        # Las explicaciones están, pero ocultas hasta comprobar.
        assert all("hidden" in tag for tag in re.findall(r'<div class="lessons-quiz-explanation"[^>]*>', quiz))


def test_the_numeric_answer_is_the_number_the_chapter_glued(tiny):
    project, _ = tiny
    glued = json.loads(glued_values(project / "_build", "prueba")["quiz_l1"])
    kinds = quizzes_in_page(page(project, "prueba"))
    assert kinds == [("number", {"value": glued, "tolerance": 0.01}), ("choice", {"answer": 1})]
    assert glued == 7.0


@pytest.mark.parametrize("chapter", [c for c in GLUED if "{quiz}" in source_of(c).read_text()])
def test_book_quizzes_answer_what_their_source_says(html_dir, chapter):
    """Cada pregunta del libro tiene la respuesta del fuente: la opción con :correct: o el valor pegado."""
    shown = quizzes_in_page(read_page(html_dir, chapter))
    written = quizzes_in_source(source_of(chapter))
    glued = glued_values(html_dir.parent, chapter)
    assert len(shown) == len(written) >= 3
    for (kind, key), (source_kind, source) in zip(shown, written, strict=True):
        assert kind == source_kind
        if kind == "choice":
            assert key["answer"] == source
        else:
            expected = json.loads(glued[source["glue"]]) if "glue" in source else float(source["answer"])
            assert key == {"value": expected, "tolerance": float(source["tolerance"])}


def test_every_chapter_has_three_quizzes_and_the_book_fifteen(html_dir):
    """Al menos 3 por capítulo y 15 en todo el libro, cada una con su respuesta en la página."""
    counts = {name: len(quizzes_in_page(html)) for name, html in chapter_pages(html_dir).items()}
    assert set(counts) == set(CHAPTERS), counts
    assert all(count >= 3 for count in counts.values()), counts
    assert sum(counts.values()) >= 15, counts


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_numeric_quizzes_take_their_answer_from_glue_and_choices_explain_every_option(chapter):
    """Las respuestas numéricas salen de ``glue`` (nunca escritas a mano) y cada opción tiene su frase."""
    text = source_of(chapter).read_text(encoding="utf-8")
    for kind, key in quizzes_in_source(source_of(chapter)):
        if kind == "number":
            assert "glue" in key and "answer" not in key, (chapter, key)
            assert 'glue("' + key["glue"] + '", ' in text, (chapter, key["glue"])
    options = re.findall(r"^:::\{quiz-option\} (.+)\n((?::[a-z-]+:.*\n)*)(.+)\n:::$", text, re.M)
    assert options and all(len(reason.split()) >= 6 for _, _, reason in options), chapter


def test_a_quiz_whose_glued_key_is_missing_stops_the_build(tmp_path):
    chapter = """
# Sin respuesta

```{code-cell} ipython3
from myst_nb import glue
glue("otra_cosa", 1.0, display=False)
```

:::{quiz}
:glue: respuesta_que_falta
:tolerance: 0.1
:why: Porque sí.
:hint: Porque no.

¿Cuánto vale?
:::
"""
    project = copy_project(tmp_path, {"sin_respuesta": chapter})
    result = build_book(project, env=environment(project, LESSONS_BOOK_JOBS="1"), check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "book/sin_respuesta" in output and "respuesta_que_falta" in output and "que el capítulo no pega" in output


# --- Las preguntas en Chromium --------------------------------------------------------------

FEEDBACK = "root => root.querySelector('[aria-live]').innerText.trim()"


def check_with_mouse(quiz, answer):
    if answer is None:
        quiz.locator("button").click()
    elif isinstance(answer, int):
        quiz.locator("input[type=radio]").nth(answer).check()
        quiz.locator("button").click()
    else:
        quiz.locator("input").fill(answer)
        quiz.locator("button").click()
    return quiz.evaluate(FEEDBACK)


def tab_to_button(page, quiz):
    """Tab hasta «Comprobar» (las fórmulas de MathJax de las opciones también reciben el foco)."""
    for _ in range(12):
        page.keyboard.press("Tab")
        if quiz.evaluate("root => document.activeElement === root.querySelector('button')"):
            return
    raise AssertionError("Tab no llega al botón «Comprobar»")


def check_with_keyboard(page, quiz, answer):
    """Solo el teclado: flechas para elegir, Tab hasta «Comprobar» y Enter o Espacio."""
    if isinstance(answer, int):
        radios = quiz.locator("input[type=radio]")
        radios.first.focus()
        page.keyboard.press("Space")
        for _ in range(answer):
            page.keyboard.press("ArrowDown")
        tab_to_button(page, quiz)
        page.keyboard.press("Enter")
    else:
        field = quiz.locator("input")
        field.focus()
        page.keyboard.press("Control+A")
        page.keyboard.type(answer)
        tab_to_button(page, quiz)
        page.keyboard.press("Space")
    return quiz.evaluate(FEEDBACK)


def answers_to_try(kind, key, count):
    """[(respuesta, ¿correcta?)]: cada opción, o el número con uno y dos decimales, con coma y lejos."""
    if kind == "choice":
        return [(index, index == key["answer"]) for index in range(count)]
    value, tolerance = key["value"], key["tolerance"]
    decimals = max(0, round(-__import__("math").log10(tolerance))) if tolerance else 6
    shown = f"{value:.{decimals}f}"
    return [(shown, True), (shown.replace(".", ","), True), (f"{value + 10 * tolerance + 1:.{decimals}f}", False)]


def exercise_quizzes(browser, url):
    """Comprueba con el ratón y con el teclado cada respuesta de cada pregunta de la página."""
    page, report = open_page(browser, url)
    quizzes = page.locator("[data-quiz]")
    checked = 0
    for index in range(quizzes.count()):
        quiz = quizzes.nth(index)
        kind, key = quiz.get_attribute("data-quiz"), decode_key(quiz.get_attribute("data-key"))
        assert quiz.locator("button").count() == 1 and quiz.locator("[aria-live=polite]").count() == 1
        assert not quiz.locator("[aria-live]").evaluate("e => e.innerText.trim()")  # nada antes de comprobar
        for answer, right in answers_to_try(kind, key, quiz.locator("input[type=radio]").count()):
            for feedback in (check_with_mouse(quiz, answer), check_with_keyboard(page, quiz, answer)):
                verdict, _, reason = feedback.partition(".")
                assert verdict == ("Correcto" if right else "Incorrecto"), (url, index, answer, feedback)
                assert len(reason.split()) >= 4, feedback  # y una frase que lo explica
                checked += 1
    page.close()
    assert not report.errors and not report.external, (report.errors, report.external)
    return checked


@pytest.mark.parametrize("mode", ["http", "file"])
def test_every_quiz_of_the_book_answers_right_and_wrong_by_mouse_and_keyboard(browser, server, html_dir, mode):
    pages = [name for name in site_pages(html_dir) if "data-quiz=" in (html_dir / name).read_text(encoding="utf-8")]
    assert "book/normas.html" in pages
    checked = sum(exercise_quizzes(browser, f"{base_url(mode, server, html_dir)}/{name}") for name in pages)
    assert checked >= 2 * 3 * 7


@pytest.mark.parametrize("mode", ["http", "file"])
def test_tiny_quizzes_work_offline(browser, tiny_server, tiny_html, mode):
    url = f"{tiny_server if mode == 'http' else tiny_html.as_uri()}/book/prueba.html"
    assert exercise_quizzes(browser, url) == 2 * (3 + 3)
    page, _ = open_page(browser, url)
    quiz = page.locator("[data-quiz=choice]")
    quiz.locator("button").click()
    assert quiz.evaluate(FEEDBACK) == lessons_texts.QUIZ_NO_CHOICE
    quiz = page.locator("[data-quiz=number]")
    assert check_with_mouse(quiz, "siete") == lessons_texts.QUIZ_NOT_A_NUMBER
    page.close()


# --- Glosario ---------------------------------------------------------------------------------


def test_glossary_has_forty_terms_each_with_english_and_its_chapter(html_dir):
    entries, index = glossary_entries(html_dir)
    assert len(entries) >= 40
    for entry in entries:
        assert entry["anchors"] and entry["english"], entry
        assert entry["chapter"] in lessons_texts.CHAPTERS.values(), entry
    # El índice inglés → español tiene cada equivalente una vez, en orden alfabético.
    assert sorted(e for entry in entries for e in entry["english"]) == sorted(index)


def test_every_glossary_term_is_linked_from_some_chapter(html_dir):
    entries, _ = glossary_entries(html_dir)
    pages = chapter_pages(html_dir)
    linked = {anchor for html in pages.values() for anchor in linked_terms(html)}
    unlinked = [entry["anchors"][0] for entry in entries if not set(entry["anchors"]) & linked]
    assert not unlinked, unlinked


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_chapter_links_each_term_once_and_every_term_it_introduces(html_dir, chapter):
    """Cada término, una vez por capítulo (la primera vez que aparece); los que presenta el capítulo, siempre."""
    entries, _ = glossary_entries(html_dir)
    links = linked_terms(read_page(html_dir, chapter))
    assert links, chapter
    for entry in entries:
        found = [anchor for anchor in links if anchor in entry["anchors"]]
        assert len(found) <= 1, (chapter, entry["anchors"][0], found)
        if entry["chapter"] == lessons_texts.CHAPTERS[chapter]:
            assert len(found) == 1, (chapter, entry["anchors"][0], found)
    known = {anchor for entry in entries for anchor in entry["anchors"]}
    assert set(links) <= known, set(links) - known


def test_pages_carry_the_definitions_of_the_terms_they_link(tiny_html):
    html = (tiny_html / "book" / "prueba.html").read_text(encoding="utf-8")
    data = json.loads(
        re.search(r'<script type="application/json" id="lessons-glossary-data">(.*?)</script>', html).group(1)
    )
    assert set(data) == {"term-norma", "term-norma-l1"}
    assert data["term-norma-l1"]["text"] == "La suma de los valores absolutos de las componentes."
    glossary = (tiny_html / "book" / "glosario.html").read_text(encoding="utf-8")
    assert '<span lang="en">Manhattan norm</span> → <a class="reference internal" href="#term-norma-l1">' in glossary


def tooltip_state(page):
    return page.evaluate("""() => {
        const tip = document.querySelector('[role=tooltip]');
        return {shown: !!tip && !tip.hidden && tip.getClientRects().length > 0, text: tip ? tip.textContent : '',
                described: document.activeElement.getAttribute('aria-describedby')};
    }""")


@pytest.mark.parametrize("mode", ["http", "file"])
def test_a_glossary_tooltip_appears_on_focus_and_hover_and_leaves_with_escape(browser, server, html_dir, mode):
    page, report = open_page(browser, f"{base_url(mode, server, html_dir)}/book/normas.html")
    link = page.locator("a.lessons-term[href$='#term-norma']")  # el primer enlace a «norma», no a «penalización»
    assert not tooltip_state(page)["shown"]
    link.focus()
    state = tooltip_state(page)
    assert state["shown"] and state["text"].startswith("norma: ") and state["described"] == "lessons-glossary-tooltip"
    page.keyboard.press("Escape")
    assert not tooltip_state(page)["shown"]
    assert page.evaluate("() => document.activeElement.classList.contains('lessons-term')")  # el foco sigue ahí
    # Con el puntero: aparece, se queda al pasar a la definición y se va al salir de los dos.
    page.evaluate("() => document.activeElement.blur()")
    link.hover()
    assert tooltip_state(page)["shown"]
    page.locator("[role=tooltip]").hover()
    page.wait_for_timeout(500)
    assert tooltip_state(page)["shown"]
    page.mouse.move(0, 0)
    page.wait_for_timeout(500)
    assert not tooltip_state(page)["shown"]
    page.close()
    assert not report.errors and not report.external


def test_the_tooltip_fits_a_phone_screen(browser, server):
    page, _ = open_page(browser, f"{server}/book/normas.html", viewport=PHONE)
    links = page.locator("a.lessons-term")
    for index in range(links.count()):
        links.nth(index).focus()
        box = page.locator("[role=tooltip]").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.close()


# --- Explorador -------------------------------------------------------------------------------


def explorer_state(page):
    return page.evaluate("""() => {
        const root = document.querySelector('.lessons-explorer');
        const slider = root.querySelector('input[type=range]');
        return {value: Number(slider.value), valuetext: slider.getAttribute('aria-valuetext'),
                label: root.querySelector('.lessons-explorer-label').textContent,
                text: root.querySelector('.lessons-explorer-text').textContent,
                live: root.querySelector('.lessons-explorer-text').getAttribute('aria-live'),
                marker: root.querySelector('.marker').getAttribute('x1'),
                bars: Array.from(root.querySelectorAll('.bar')).map(b => b.getAttribute('height')).join(),
                chart: root.querySelector('svg').getClientRects().length > 0,
                fallback: root.querySelector('img').getClientRects().length > 0};
    }""")


@pytest.mark.parametrize("mode", ["http", "file"])
def test_the_explorer_slider_moves_with_the_arrow_keys_and_states_the_numbers(browser, tiny_server, tiny_html, mode):
    url = f"{tiny_server if mode == 'http' else tiny_html.as_uri()}/book/prueba.html"
    page, report = open_page(browser, url)
    start = explorer_state(page)
    assert start["chart"] and not start["fallback"] and start["live"] == "polite"
    assert start["value"] == 0 and start["label"] == start["valuetext"] == "λ = 0"
    assert start["text"].startswith("Con λ = 0, entrenamiento: ")
    page.locator(".lessons-explorer input[type=range]").focus()
    seen = [start]
    for _ in range(30):
        page.keyboard.press("ArrowRight")
        seen.append(explorer_state(page))
    assert [state["value"] for state in seen] == list(range(31))
    assert len({state["text"] for state in seen}) == 31  # cada λ, sus números
    assert len({state["marker"] for state in seen}) == 31 and seen[0]["bars"] != seen[-1]["bars"]
    assert seen[-1]["valuetext"] == seen[-1]["label"] == "λ = 100"
    page.keyboard.press("Home")
    assert explorer_state(page)["value"] == 0
    save_screenshot(page.locator(".lessons-explorer"), f"explorador-{mode}")
    page.close()
    assert not report.errors and not report.external


def test_the_explorer_payload_is_small(tiny_html):
    html = (tiny_html / "book" / "prueba.html").read_text(encoding="utf-8")
    explorer = re.search(r'<div class="lessons-explorer".*?</script></div>', html, re.S).group(0)
    data = re.search(r'<script type="application/json" class="lessons-explorer-data">(.*?)</script>', explorer).group(1)
    payload = json.loads(data)
    assert len(payload["grid"]) == 31 and payload["grid"][0] == 0
    assert len(data.encode()) < 30_000 and len(explorer.encode()) < 200_000, (
        len(data.encode()),
        len(explorer.encode()),
    )


def bars(ax, i):
    ax.bar([0, 1], [i, -i])


def test_the_explorer_marks_reference_values_over_the_bars():
    explorer = explore(
        [0.0, 1.0],
        {"validación": [0.5, 0.4]},
        vector={"pesos": [[0.1, -0.2], [0.05, 0.0]]},
        reference={"verdaderos": [0.5, 0.01]},
        snapshot=bars,
        alt="Pesos y pérdida.",
    )
    vector = explorer.payload()["vector"]
    assert vector["reference"] == {"name": "verdaderos", "values": [0.5, 0.01]}
    ticks = [value for value, _ in vector["ticks"]]
    assert ticks[0] <= -0.5 and ticks[-1] >= 0.5  # la escala de las barras incluye la referencia
    plain = explore([0.0, 1.0], {"a": [1.0, 2.0]}, vector={"w": [[1.0], [2.0]]}, snapshot=bars, alt="x")
    assert "reference" not in plain.payload()["vector"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reference": {"verdaderos": [1.0, 2.0]}}, "pide también vector"),
        ({"vector": {"w": [[1.0], [2.0]]}, "reference": {"v": [1.0, 2.0]}}, r"un valor por componente de vector \(1\)"),
        ({"vector": {"w": [[1.0], [2.0]]}, "reference": [1.0]}, "reference debe ser"),
    ],
)
def test_explore_rejects_a_reference_it_cannot_draw(changes, message):
    with pytest.raises(ValueError, match=message):
        explore([0.0, 1.0], {"a": [1.0, 2.0]}, snapshot=bars, alt="x", **changes)


def book_explorer(html_dir):
    """El HTML del explorador de «Regularización de pesos» y sus datos."""
    html = read_page(html_dir, "regularizacion")
    explorers = re.findall(r'<div class="lessons-explorer".*?</script></div>', html, re.S)
    assert len(explorers) == 1
    data = re.search(r'<script type="application/json" class="lessons-explorer-data">(.*?)</script>', explorers[0])
    return explorers[0], json.loads(data.group(1))


def test_the_regularization_chapter_explores_lambda_on_its_own_experiment(html_dir):
    """31 valores de λ (el 0 incluido), con las pérdidas, los pesos, los verdaderos y una frase por valor."""
    explorer, payload = book_explorer(html_dir)
    grid = payload["grid"]
    assert len(grid) >= 31 and grid[0] == 0 and grid == sorted(grid)
    ratios = [b / a for a, b in itertools.pairwise(grid[1:])]
    assert max(ratios) == pytest.approx(min(ratios), rel=1e-3)  # logarítmica
    assert [curve["name"] for curve in payload["series"]] == ["entrenamiento", "validación", "predecir la media"]
    train, val, mean = (curve["values"] for curve in payload["series"])
    assert train[0] < 1e-6 < val[0] and val[0] > mean[0]  # λ = 0 interpola y valida peor que la media
    assert all(b >= a for a, b in itertools.pairwise(train))
    assert min(val) < mean[0] and val.index(min(val)) not in (0, len(grid) - 1)
    vector = payload["vector"]
    assert len(vector["values"]) == len(grid) and {len(row) for row in vector["values"]} == {40}
    assert vector["reference"]["values"] == [0.01] * 40
    assert len(payload["sentences"]) == len(grid) == len(set(payload["sentences"]))
    assert all(re.fullmatch(r"Con λ = \S+: pérdida de entrenamiento .+\.", text) for text in payload["sentences"])
    assert '<img class="lessons-explorer-fallback" src="data:image/png;base64,' in explorer
    assert len(explorer.encode()) < 200_000, len(explorer.encode())


@pytest.mark.parametrize("mode", ["http", "file"])
def test_the_book_explorer_moves_with_the_arrow_keys(browser, server, html_dir, mode):
    _, payload = book_explorer(html_dir)
    page, report = open_page(browser, f"{base_url(mode, server, html_dir)}/book/regularizacion.html")
    start = explorer_state(page)
    assert start["chart"] and not start["fallback"] and start["text"] == payload["sentences"][0]
    assert page.locator(".lessons-explorer .reference").count() == 40 + 1  # un trazo por barra y la leyenda
    page.locator(".lessons-explorer input[type=range]").focus()
    page.keyboard.press("ArrowRight")
    moved = explorer_state(page)
    assert moved["value"] == 1 and moved["text"] == payload["sentences"][1] and moved["marker"] != start["marker"]
    page.keyboard.press("End")
    end = explorer_state(page)
    assert end["value"] == len(payload["grid"]) - 1 and end["valuetext"] == "λ = 100" and end["bars"] != start["bars"]
    save_screenshot(page.locator(".lessons-explorer"), f"explorador-regularizacion-{mode}")
    page.close()
    assert not report.errors and not report.external, (report.errors, report.external)


# --- Accesible, sin conexión y en un teléfono (las páginas del libro diminuto) ------------------


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_tiny_pages_pass_axe_without_external_requests_or_sideways_scroll(browser, tiny_server, color_scheme):
    found = []
    for name in ("book/prueba.html", "book/glosario.html", "book/estado.html"):
        for viewport in (WIDE, PHONE):
            page, report = open_page(browser, f"{tiny_server}/{name}", viewport=viewport, color_scheme=color_scheme)
            if name == "book/prueba.html":  # con una respuesta a la vista y una definición abierta
                page.locator("[data-quiz=choice] input[type=radio]").first.check()
                page.locator("[data-quiz=choice] button").click()
                page.locator("a.lessons-term").first.focus()
            # Antes de axe-core, que pide las hojas de estilo por su cuenta para leerlas.
            found += [f"{name}: {problem}" for problem in report.errors + report.external]
            found += [
                f"{name} ({viewport['width']} px): {rule} en {targets}" for rule, _, targets in axe_violations(page)
            ]
            if page.evaluate("() => document.documentElement.scrollWidth") > viewport["width"]:
                found.append(f"{name}: se desplaza de lado a {viewport['width']} px")
            stem = f"aprender-{name.split('/')[-1][:-5]}-{viewport['width']}-{color_scheme}"
            save_screenshot(page, stem, full_page=True)
            page.close()
    assert not found, "\n".join(found)


# --- El PDF: preguntas, respuestas al final del capítulo, glosario e instantáneas --------------


def test_tiny_pdf_has_quizzes_answers_glossary_and_explorer_snapshots(tiny):
    require_tool("xelatex", debian_packages("TEX_PACKAGES"))
    require_tool("pdftotext", debian_packages("TEX_PACKAGES"))
    project, _ = tiny
    build_book(project, builder="pdflatex", env=environment(project, LESSONS_BOOK_JOBS="1"))
    pdf = project / "_build" / "latex" / "tecnicas-sobreajuste.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    start = flat.index("Pregunta de repaso 1")
    chapter = flat[start : flat.index("Glosario", start)]
    assert "¿Qué bola unidad del plano es un rombo? a) La de ℓ2 . b) La de ℓ1 . c) La de ℓ∞ ." in chapter
    assert chapter.count("Respuesta al final del capítulo.") == 2
    answers = chapter[chapter.index("Respuestas de las preguntas de repaso") :]
    assert "1. 7.00 (se acepta una diferencia de hasta 0.01). Se suman los valores absolutos" in answers
    assert "2. b) La de ℓ1 ." in answers
    assert "Manhattan norm → norma ℓ1" in flat and "En inglés: ℓ1 norm, Manhattan norm." in flat
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert len([line for line in images.splitlines()[2:] if line.split()[2] == "image"]) == 1  # las instantáneas


# --- Estado del libro ---------------------------------------------------------------------------


def status_rows(html):
    table = re.search(r'<table class="[^"]*lessons-book-status.*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)] for row in rows
    ]


def test_the_status_counts_every_claim_call_with_its_seed_version_and_commit(tiny):
    project, commit = tiny
    html = page(project, "estado")
    ((title, executed, seconds, claims, seed),) = status_rows(html)
    assert (title, claims, seed) == ("Prueba", "5", "0")  # 1 + 3 en un bucle + 1 con el nombre completo
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", executed) and float(seconds) > 0
    text = re.sub(r"<[^>]+>", "", html)
    import lessons_lib

    assert f"lessons_lib {lessons_lib.__version__}; versión del libro (commit): {commit}." in text


def test_the_book_status_lists_every_executed_page(html_dir):
    rows = status_rows(read_page(html_dir, "reproducibilidad"))
    titles = [row[0] for row in rows]
    assert len(rows) == len(NOTEBOOKS)
    assert {"Normas", "Regularización de pesos", "Dropout", "Reproducibilidad"} <= set(titles)
    counts = dict(zip(titles, (row[3] for row in rows), strict=True))
    # Al menos una comprobación por cada llamada a claim escrita en el capítulo (un bucle suma más).
    for chapter, title in (("normas", "Normas"), ("regularizacion", "Regularización de pesos"), ("dropout", "Dropout")):
        written = len(re.findall(r"\bclaim\(", source_of(chapter).read_text()))
        assert int(counts[title]) >= written > 0, (chapter, counts[title], written)
    assert counts["Reproducibilidad"] == "0"
    assert all(row[4] == "0" for row in rows)
    text = re.sub(r"<[^>]+>", "", read_page(html_dir, "reproducibilidad"))
    assert lessons_notebooks.book_commit(ROOT).split()[0] in text


# --- Colab e «Informar de un error» -------------------------------------------------------------


@pytest.fixture(scope="module")
def repository_html(html_dir, tmp_path_factory):
    """El libro con repository.url de GitHub, compilado desde la caché de ejecución de la sesión."""
    project = copy_project(tmp_path_factory.mktemp("repositorio"), repository_url=REPOSITORY_URL)
    commit = git_commit(project)
    shutil.copytree(html_dir.parent / ".jupyter_cache", project / "_build" / ".jupyter_cache")
    result = build_book(project, env=environment(project))
    assert "ejecutado en" not in result.stdout + result.stderr, "debía usar la caché"
    return project / "_build" / "html", commit


def test_every_chapter_opens_in_colab_with_the_notebook_pages_yml_publishes(repository_html):
    site, _ = repository_html
    assert "publish_dir: _build/html" in (ROOT / ".github" / "workflows" / "pages.yml").read_text()
    for chapter in NOTEBOOKS:
        html = read_page(site, chapter)
        links = re.findall(r'<a href="([^"]+)"[^>]*class="btn btn-sm btn-colab-button', html)
        assert len(links) == 1, chapter
        prefix = "https://colab.research.google.com/github/ejemplo/tecnicas-sobreajuste/blob/gh-pages/"
        assert links[0] == f"{prefix}_sources/book/{chapter}.ipynb"
        assert (site / links[0][len(prefix) :]).is_file()
        assert lessons_texts.COLAB_TEXT in html


def test_every_page_reports_an_error_with_its_title_path_and_commit(repository_html):
    site, commit = repository_html
    for name in site_pages(site):
        html = (site / name).read_text(encoding="utf-8")
        links = re.findall(r'<a href="(https://github\.com/ejemplo/tecnicas-sobreajuste/issues/new\?[^"]+)"', html)
        if name.startswith("book/"):
            assert len(links) == 1, name
            query = parse_qs(urlparse(links[0].replace("&amp;", "&")).query)
            title = re.search(r"<title>(?:\d+\. )?(.*?) &#8212;", html).group(1)
            assert query["title"] == [f"Error en «{title}»".replace("&lt;", "<").replace("&gt;", ">")], name
            body = query["body"][0]
            assert f"Archivo: {name[:-5]}.md\n" in body and f"Versión del libro: {commit}\n" in body, body


@pytest.mark.parametrize("mode", ["http", "file"])
def test_the_colab_and_report_links_in_chromium(browser, repository_html, mode):
    site, commit = repository_html
    with serve(site) as url:
        root = url if mode == "http" else site.as_uri()
        page, report = open_page(browser, f"{root}/book/normas.html")
        colab = page.get_by_role("link", name=lessons_texts.COLAB_TEXT)
        assert colab.get_attribute("href") == (
            "https://colab.research.google.com/github/ejemplo/tecnicas-sobreajuste/blob/gh-pages/_sources/book/normas.ipynb"
        )
        issue = page.get_by_role("link", name=lessons_texts.REPORT_TEXT)
        assert commit in parse_qs(urlparse(issue.get_attribute("href")).query)["body"][0]
        page.close()
    assert not report.errors and not report.external


# --- Las respuestas no se ven antes de comprobar ------------------------------------------------


def test_answers_are_not_in_the_visible_text(tiny_html):
    html = (tiny_html / "book" / "prueba.html").read_text(encoding="utf-8")
    visible = re.sub(r'<div class="lessons-quiz-explanation"[^>]*hidden>.*?</div>', "", html, flags=re.S)
    assert "son cuatro segmentos" not in re.sub(r"<[^>]+>", "", visible)
    assert 'value="7' not in html and "data-answer" not in html
