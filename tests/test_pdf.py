"""El PDF del libro, compilado con el constructor LaTeX de Jupyter Book (xelatex)."""

import ast
import subprocess

import pytest

from conftest import glue_references, glued_values

pytestmark = pytest.mark.book


@pytest.fixture(scope="module")
def pdf_text(pdf_path):
    return subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout


def test_pdf_holds_the_normas_chapter(pdf_text):
    assert "Normas" in pdf_text
    assert "Qué es una norma" in pdf_text
    assert "La norma de Frobenius" in pdf_text


def test_pdf_holds_the_glued_numbers_of_normas(pdf_path, pdf_text):
    values = glued_values(pdf_path.parents[1], "normas")
    for name, fmt in glue_references("normas"):
        expected = format(ast.literal_eval(values[name]), fmt) if fmt else values[name]
        assert expected in pdf_text, name


def test_pdf_holds_the_figures_as_images(pdf_path):
    listing = subprocess.run(["pdfimages", "-list", str(pdf_path)], capture_output=True, text=True, check=True).stdout
    images = [line for line in listing.splitlines()[2:] if " image " in line]
    assert len(images) >= 1
