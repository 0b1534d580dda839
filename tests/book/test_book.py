"""El libro compilado: cada capítulo con sus números pegados, figuras y ejercicios."""

import ast
import re

import pytest
import torch
from booktools import GLUED, glue_references, glued_numbers, glued_values, pasted_texts, read_page

pytestmark = pytest.mark.book


@pytest.mark.parametrize("chapter", GLUED)
def test_every_glued_number_appears_in_the_page_with_its_format(html_dir, chapter):
    values = glued_values(html_dir.parent, chapter)
    shown = pasted_texts(read_page(html_dir, chapter))
    references = glue_references(chapter)
    assert references, "el capítulo no pega ningún número"
    for name, fmt in references:
        text = values[name]
        expected = format(ast.literal_eval(text), fmt) if fmt else text
        assert expected in shown, f"{name}: se esperaba {expected!r} entre {shown}"


@pytest.mark.parametrize("chapter", GLUED)
def test_no_unresolved_glue_or_raw_markup_in_the_page(html_dir, chapter):
    page = read_page(html_dir, chapter)
    assert "{glue" not in page
    assert "```" not in page
    assert "Traceback" not in page


def test_normas_numbers_are_the_ones_the_library_computes(html_dir):
    from lessons_lib import l1_norm, l2_norm, linf_norm, lp_norm

    values = glued_numbers(html_dir.parent, "normas")
    u = torch.tensor([3.0, -4.0])
    residuals = torch.tensor([1.0, 1.0, 1.0, 1.0, 10.0])
    assert values["u_l2"] == l2_norm(u).item() == 5.0
    assert values["share_l2"] == pytest.approx(100 / 104, abs=5e-4)  # «96.2 %»
    assert values["share_l1"] == pytest.approx(10 / l1_norm(residuals).item(), abs=5e-4)
    assert values["u_l32"] == pytest.approx(lp_norm(u.double(), 32).item(), rel=1e-12)
    assert values["u_linf"] == linf_norm(u).item()
    assert values["half_sum"] == 4.0
    assert values["fro_ones"] == 6.0
    assert 0 <= values["max_rel_error"] < 1e-14
    assert values["u_l32_gap"] == pytest.approx(values["u_l32"] - 4.0, rel=0.05)


def test_normas_page_has_the_unit_ball_figure(html_dir):
    page = read_page(html_dir, "normas")
    figure = re.search(r'<figure[^>]*id="fig-bolas-unidad"[^>]*>(.*?)</figure>', page, re.S)
    assert figure, "falta la figura de las bolas unidad"
    image = re.search(r'<img[^>]*src="\.\./(_images/[^"]+\.svg)"', figure.group(1))
    assert image and (html_dir / image.group(1)).stat().st_size > 10_000
    assert "Bolas unidad" in figure.group(1)


def test_normas_page_shows_the_library_source(html_dir):
    page = re.sub(r"<[^>]+>", "", read_page(html_dir, "normas"))
    for function in ("l2_norm", "l1_norm", "lp_norm", "linf_norm", "frobenius_norm"):
        assert f"def {function}(" in page


def test_normas_page_has_exercises_with_hidden_solutions(html_dir):
    page = read_page(html_dir, "normas")
    exercises = re.findall(r'class="exercise admonition"', page)
    solutions = re.findall(r'class="solution dropdown admonition"', page)
    assert len(exercises) >= 3
    assert len(solutions) == len(exercises)


def test_normas_page_has_its_formulas_for_mathjax(html_dir):
    page = read_page(html_dir, "normas")
    assert page.count('class="math notranslate nohighlight"') >= 10
    assert r"\|\mathbf{x}\|_2 = \sqrt{\sum_{i=1}^n x_i^2}" in page


def figure_ids(page):
    return re.findall(r'<figure[^>]*id="([^"]+)"', page)


def test_regularizacion_page_has_its_figures(html_dir):
    page = read_page(html_dir, "regularizacion")
    expected = {"fig-geometria", "fig-decaimiento-curvas", "fig-decaimiento-conciso", "fig-barrido-lambda"}
    assert expected <= set(figure_ids(page))
    for image in re.findall(r'<img[^>]*src="\.\./(_images/[^"]+)"', page):
        assert (html_dir / image).stat().st_size > 5_000


def test_regularizacion_weight_decay_beats_no_regularization(html_dir):
    values = glued_numbers(html_dir.parent, "regularizacion")
    assert values["val_1"] < values["baseline"] < values["val_0"]
    assert values["norm_1"] < values["true_norm"] < values["norm_0"]
    assert values["train_0"] < values["train_1"]  # sin regularización, ajusta también el ruido


def test_regularizacion_scratch_and_concise_agree(html_dir):
    values = glued_numbers(html_dir.parent, "regularizacion")
    assert values["step_gap"] < 1e-6


def test_regularizacion_too_large_lambda_approaches_the_mean_predictor(html_dir):
    values = glued_numbers(html_dir.parent, "regularizacion")
    assert abs(values["cv_largest"] / values["cv_mean_predictor"] - 1) < 0.05
    assert values["zeros_l1"] > 0 and values["zeros_l2"] == 0


def test_regularizacion_tables_are_rendered_as_tables(html_dir):
    page = read_page(html_dir, "regularizacion")
    tables = re.findall(r"<table.*?</table>", page, re.S)
    assert any("predecir la media" in table and "ridge" in table for table in tables)
    assert any("solo las matrices" in table for table in tables)
    assert not re.search(r"<p>\|", page), "una tabla quedó como texto"


def test_dropout_page_has_its_figures(html_dir):
    page = read_page(html_dir, "dropout")
    assert {"fig-red-dropout", "fig-dropout-pasos", "fig-dropout-pocos-datos", "fig-fiabilidad"} <= set(
        figure_ids(page)
    )


def test_dropout_model_reaches_the_promised_accuracy(html_dir):
    values = glued_numbers(html_dir.parent, "dropout")
    # La red aprende: muy por encima del 10 % de adivinar la clase al azar.
    assert values["scratch_val_acc"] >= 0.8
    assert values["off_acc"] >= 0.8
    assert values["mc_acc"] >= 0.8


def test_dropout_is_unbiased_and_drops_a_fraction_p(html_dir):
    values = glued_numbers(html_dir.parent, "dropout")
    assert values["mean_gap"] < 0.02
    assert abs(values["zero_fraction"] - 0.5) < 0.005


def test_dropout_left_on_at_evaluation_is_worse_and_random(html_dir):
    values = glued_numbers(html_dir.parent, "dropout")
    assert values["on_mean"] < values["off_acc"]
    assert values["on_spread"] > 0


def test_the_test_set_closes_the_dropout_chapter(html_dir):
    """La tabla final mide la prueba una vez, con la validación al lado."""
    page = read_page(html_dir, "dropout")
    tables = re.findall(r"<table.*?</table>", page, re.S)
    assert any("exactitud de prueba" in table and "exactitud de validación" in table for table in tables)


def test_clases_page_shows_a_checker_report_and_offers_the_assignment(html_dir):
    page = read_page(html_dir, "clases")
    assert "check_l2_penalty: " in page and "¿Olvidaste el factor ½?" in page
    for name in ("tarea.ipynb", "tarea-solucion.ipynb"):
        link = re.search(rf'href="(\.\./_downloads/[0-9a-f]+/{re.escape(name)})"', page)
        assert link and (html_dir / "book" / link.group(1)).resolve().is_file(), name
