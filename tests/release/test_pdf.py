"""El PDF del libro, compilado con el constructor LaTeX de Jupyter Book (xelatex)."""

import ast
import re
import subprocess

import pytest
from booktools import CHAPTERS, chapters_with_listings, directives_in, glue_references, glued_values, read_page

pytestmark = pytest.mark.book


@pytest.fixture(scope="module")
def pdf_text(pdf_path):
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture(scope="module")
def pdf_pages(pdf_text):
    return pdf_text.split("\f")


def test_cover_has_title_authors_and_date(pdf_pages):
    cover = pdf_pages[0]
    assert "Técnicas para evitar el sobreajuste" in cover
    assert "Autores de lessons_lib" in cover
    assert re.search(r"\d{1,2} de [a-z]+ de \d{4}", cover)


def test_table_of_contents_is_called_indice_and_lists_every_chapter(pdf_pages):
    start = next(i for i, page in enumerate(pdf_pages) if page.split()[:1] == ["Índice"])
    toc = "\n".join(pdf_pages[start : start + 2])  # el índice ocupa dos páginas
    for title in ["Normas", "Regularización de pesos", "Dropout", "Referencia de lessons_lib", "Reproducibilidad"]:
        assert title in toc, title
    assert "Contents" not in toc


def test_pdf_holds_every_chapter_and_section(pdf_text):
    for heading in [
        "Qué es una norma",
        "La norma de Frobenius",
        "De dónde viene el nombre",
        "Implementación concisa",
        "Elegir",
        "Ruido que no cambia la media",
        "Con dropout y sin dropout",
        "Bibliografía",
    ]:
        assert heading in pdf_text, heading


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_pdf_holds_the_glued_numbers(pdf_path, pdf_text, chapter):
    values = glued_values(pdf_path.parents[1], chapter)
    flat = " ".join(pdf_text.split())
    for name, fmt in glue_references(chapter):
        expected = format(ast.literal_eval(values[name]), fmt) if fmt else values[name]
        expected = " ".join(expected.split())  # pdftotext da espacios corrientes
        assert expected in flat, f"{chapter}: {name} = {expected}"


def test_every_figure_of_the_site_is_in_the_pdf(pdf_path, html_dir):
    listing = subprocess.run(["pdfimages", "-list", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    images = [line for line in listing.splitlines()[2:] if line.split()[2] == "image"]
    figures = sum(len(re.findall(r"<img ", read_page(html_dir, chapter))) for chapter in CHAPTERS)
    assert figures >= 9
    assert len(images) == figures


def test_no_missing_characters_and_no_unresolved_references(pdf_path, pdf_text):
    log = pdf_path.with_suffix(".log").read_text(errors="replace")
    assert "Missing character" not in log
    assert "There were undefined references" not in log
    assert "??" not in pdf_text


def test_the_site_links_to_the_pdf(pdf_path, html_dir):
    assert (html_dir / "tecnicas-sobreajuste.pdf").read_bytes() == pdf_path.read_bytes()
    for chapter in CHAPTERS:
        assert 'href="../tecnicas-sobreajuste.pdf"' in read_page(html_dir, chapter)


# --- Páginas y listados --------------------------------------------------------------------


def compact(text):
    """El texto sin espacios ni las marcas de línea partida de los listados (↪)."""
    return re.sub(r"[\s↪␣]", "", text)


def test_listings_in_the_pdf_have_no_docstrings(pdf_text):
    import lessons_source

    flat = compact(pdf_text)
    for chapter in chapters_with_listings():
        for dotted, _ in directives_in(chapter):
            lines = [
                line
                for line in lessons_source.source_without_docstrings(*lessons_source.split_dotted(dotted)).splitlines()
                if line.strip()
            ]
            # Cada línea del listado está en el PDF, y la cabecera va seguida de
            # su primera línea de código, sin la docstring en medio.
            assert all(compact(line) in flat for line in lines), dotted
            assert compact(lines[0] + lines[1]) in flat, dotted


def test_chapters_start_on_the_next_page_without_blank_pages(pdf_pages):
    blank = [number for number, page in enumerate(pdf_pages[:-1], start=1) if not page.strip()]
    assert not blank, f"páginas en blanco: {blank}"


def test_no_line_runs_off_the_page(pdf_path):
    """Ninguna línea de código o de salida se sale de la caja: LaTeX no avisa de ninguna línea desbordada."""
    log = pdf_path.with_suffix(".log").read_text(errors="replace")
    overfull = [float(points) for points in re.findall(r"Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)", log)]
    assert not [points for points in overfull if points > 1], overfull


# --- Preguntas de repaso y glosario ----------------------------------------------------------


def body_text(pdf_pages):
    """El texto desde el primer capítulo (sin la portada ni el índice), en una sola línea."""
    first = next(i for i, page in enumerate(pdf_pages) if "CAPÍTULO" in page)
    return " ".join(" ".join(pdf_pages[first:]).split())


def test_quizzes_follow_their_sections_and_their_answers_close_the_chapter(html_dir, pdf_pages):
    from learningtools import quizzes_in_page

    text = body_text(pdf_pages)
    # «Normas» es el segundo capítulo.
    normas = text[text.index("CAPÍTULO 2") : text.index("CAPÍTULO 3")]
    quizzes = quizzes_in_page(read_page(html_dir, "normas"))
    positions = [normas.index(f"Pregunta de repaso {n}") for n in range(1, len(quizzes) + 1)]
    answers = normas.index("Respuestas de las preguntas de repaso")
    assert positions == sorted(positions) and positions[-1] < answers
    assert normas.index("Bolas unidad") < positions[3] < normas.index("La norma de Frobenius")
    assert normas.count("Respuesta al final del capítulo.") == len(quizzes)
    # Cada respuesta numérica, con los decimales de su tolerancia, entre las respuestas y no en su pregunta.
    for number, (kind, key) in enumerate(quizzes, start=1):
        if kind == "number":
            decimals = len(f"{key['tolerance']:g}".partition(".")[2])
            shown = f"{key['value']:.{decimals}f}"
            start = positions[number - 1]
            question = normas[start : normas.index("Respuesta al final del capítulo.", start)]
            assert shown in normas[answers:] and shown not in question, shown


def test_the_glossary_and_its_english_index_are_in_the_pdf(pdf_pages):
    text = body_text(pdf_pages)
    glossary = text[text.index("Los términos técnicos del libro") :]
    assert "sobreajuste sobreajustar sobreajusta Lo que le pasa a un modelo" in glossary
    assert "En inglés: overfitting. Se presenta en: Sobreajuste." in glossary
    assert "overfitting → sobreajuste" in glossary and "weight decay → decaimiento de pesos" in glossary
