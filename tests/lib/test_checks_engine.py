"""Especificación del motor de los comprobadores (lessons_lib.checks._engine) y de lo común a todos.

Cada comprobador aprueba la implementación de referencia con nota 1.0 y nunca
se rompe con una función rota: excepciones, tipos o formas equivocados, NaN y
funciones que no terminan son casos fallidos. El informe (texto y HTML) y la
validación de ``fn`` y ``timeout`` son los mismos para todos. Los errores
típicos de cada tema se prueban en ``test_checks_<tema>.py``.
"""

import functools
import math
import time

import pytest
import torch
from checktools import (
    assert_reproducible_leaving_the_global_generator_alone,
    case,
    missing_cases,
    raises,
    weight_decay_step,
)

from lessons_lib import (
    dropout_layer,
    frobenius_norm,
    kfold_splits,
    l1_norm,
    l1_penalty,
    l2_norm,
    l2_penalty,
    linf_norm,
    lp_norm,
    spectral_norm,
)
from lessons_lib.checks import (
    CaseResult,
    CheckResult,
    check_dropout_layer,
    check_early_stopping,
    check_frobenius_norm,
    check_kfold_splits,
    check_l1_penalty,
    check_l2_penalty,
    check_norm,
    check_spectral_norm,
    check_weight_decay_step,
)

# --- La referencia aprueba ---------------------------------------------------------


REFERENCES = [
    pytest.param(check_l2_penalty, l2_penalty, id="l2_penalty"),
    pytest.param(check_l1_penalty, l1_penalty, id="l1_penalty"),
    pytest.param(functools.partial(check_norm, p=1), l1_norm, id="l1_norm"),
    pytest.param(functools.partial(check_norm, p=2), l2_norm, id="l2_norm"),
    pytest.param(functools.partial(check_norm, p=math.inf), linf_norm, id="linf_norm"),
    pytest.param(functools.partial(check_norm, p=3), lambda x: lp_norm(x, 3), id="lp_norm_3"),
    pytest.param(functools.partial(check_norm, p=1.5), lambda x: lp_norm(x, 1.5), id="lp_norm_1.5"),
    pytest.param(check_frobenius_norm, frobenius_norm, id="frobenius_norm"),
    pytest.param(check_spectral_norm, spectral_norm, id="spectral_norm"),
    pytest.param(check_dropout_layer, dropout_layer, id="dropout_layer"),
    pytest.param(check_weight_decay_step, weight_decay_step, id="weight_decay_step"),
]


@pytest.mark.parametrize("checker, reference", REFERENCES)
def test_the_reference_implementation_passes_every_case(checker, reference):
    result = checker(reference)
    assert isinstance(result, CheckResult)
    assert result.passed, str(result)
    assert result.score == 1.0
    assert result.n_failed == 0
    assert result.n_passed == len(result.cases) >= 8
    assert all(isinstance(c, CaseResult) and c.passed and c.hint == "" for c in result.cases)
    assert result.assert_passed() is result


def test_the_battery_covers_edge_and_statistical_cases():
    expected = [
        "p = 0",
        "p = 1",
        "float64",
        "lote vacío",
        "dispositivo",
        "no modifica",
        "máscara independiente",
        "fracción anulada",
        "la media se conserva",
    ]
    assert missing_cases(check_dropout_layer(dropout_layer), expected) == []
    expected = [
        "vector",
        "valores negativos",
        "matriz",
        "float64",
        "valores grandes",
        "ceros",
        "tensor vacío",
        "gradiente",
        "no modifica",
    ]
    assert missing_cases(check_l2_penalty(l2_penalty), expected) == []


def test_a_correct_implementation_other_than_the_reference_passes():
    def dropout_with_bernoulli(X, p):
        if p == 1:
            return torch.zeros_like(X)
        keep = torch.bernoulli(torch.full_like(X, 1 - p))
        return keep * X / (1 - p)

    assert check_dropout_layer(dropout_with_bernoulli).passed
    assert check_norm(lambda x: torch.linalg.vector_norm(x, 2), 2).passed
    assert check_frobenius_norm(lambda X: torch.linalg.matrix_norm(X)).passed


# --- Funciones rotas: fallos, nunca un comprobador roto --------------------------------


CHECKERS = [
    pytest.param(check_l2_penalty, id="l2_penalty"),
    pytest.param(check_l1_penalty, id="l1_penalty"),
    pytest.param(functools.partial(check_norm, p=2), id="norm"),
    pytest.param(check_frobenius_norm, id="frobenius_norm"),
    pytest.param(check_spectral_norm, id="spectral_norm"),
    pytest.param(check_dropout_layer, id="dropout_layer"),
    pytest.param(check_weight_decay_step, id="weight_decay_step"),
]
TENSOR_CHECKERS = CHECKERS[-2:]


def exits(*args):
    raise SystemExit(3)


@pytest.mark.parametrize("checker", CHECKERS)
@pytest.mark.parametrize(
    "broken, got, hint",
    [
        (raises, "lanzó ValueError: algo salió mal", ""),
        (exits, "lanzó SystemExit: 3", ""),
        (lambda *args: None, "None", "¿olvidaste el return?"),
        (lambda *args: "hola", "str 'hola'", "objeto de tipo str"),
        (lambda *args: [1.0, 2.0], "list [1.0, 2.0]", "objeto de tipo list"),
    ],
    ids=["raises", "exits", "none", "string", "list"],
)
def test_broken_functions_are_failed_cases_not_crashes(checker, broken, got, hint):
    result = checker(broken)
    assert not result.passed
    first = result.cases[0]
    assert first.got == got
    assert hint in first.hint
    assert result.score < 0.5


@pytest.mark.parametrize("checker", CHECKERS[:5])
def test_a_scalar_nan_is_reported(checker):
    result = checker(lambda x: torch.tensor(math.nan))
    assert result.cases[0].got == "tensor(nan)"
    assert "NaN" in result.cases[0].hint


@pytest.mark.parametrize("checker", TENSOR_CHECKERS)
def test_a_tensor_of_nan_is_reported(checker):
    result = checker(lambda x, *args: torch.full_like(x, math.nan))
    assert not result.passed
    assert "contiene NaN" in result.cases[0].hint


@pytest.mark.parametrize("checker", CHECKERS)
def test_a_function_that_does_not_finish_times_out_and_the_rest_is_skipped(checker):
    def sleeps(*args):
        time.sleep(1)

    start = time.perf_counter()
    result = checker(sleeps, timeout=0.2)
    assert time.perf_counter() - start < 0.9  # no espera al hilo
    assert result.cases[0].got == "no terminó en 0.2 s"
    assert "¿Hay un bucle que no termina" in result.cases[0].hint
    assert all(c.got == "no se ejecutó" for c in result.cases[1:])
    assert result.score == 0.0


def test_an_exception_without_message_is_reported_by_its_type():
    def raises_bare(w):
        raise RuntimeError

    assert check_l2_penalty(raises_bare).cases[0].got == "lanzó RuntimeError"


def test_a_long_exception_message_is_shortened_to_its_first_line():
    def raises_long(w):
        raise ValueError("x" * 300 + "\nsegunda línea")

    got = check_l2_penalty(raises_long).cases[0].got
    assert got == "lanzó ValueError: " + "x" * 147 + "..."


def test_a_result_that_cannot_be_checked_is_a_failed_case():
    # El resultado no depende del w recibido: autograd no puede derivarlo.
    def cut_graph(w):
        copy = w.detach().clone().requires_grad_(True)
        return torch.sum(copy**2) / 2

    gradient = case(check_l2_penalty(cut_graph), "gradiente")
    assert not gradient.passed
    assert gradient.hint.startswith("No se pudo comprobar lo devuelto: RuntimeError")


def test_a_python_number_is_accepted_as_a_value():
    result = check_norm(lambda x: float(torch.sum(torch.abs(x))), 1)
    assert result.passed, str(result)


def test_a_tensor_of_shape_one_is_not_a_scalar():
    result = check_l2_penalty(lambda w: (torch.sum(w**2) / 2).reshape(1))
    assert "tensor de dimensión 0" in result.cases[0].hint


# --- El informe --------------------------------------------------------------------


def test_the_report_lists_passed_and_failed_cases_in_spanish():
    result = check_l2_penalty(lambda w: torch.sum(w**2))
    lines = str(result).splitlines()
    assert lines[0] == "check_l2_penalty: 3 de 9 casos correctos"
    assert "  ✗ vector" in lines
    assert "  ✓ ceros" in lines
    report = str(result)
    for text in [
        "entrada:  tensor de forma (4,): [1, 2, 3, 4]",
        "esperado: 15",
        "obtenido: tensor(30)",
        "pista:    ¿Olvidaste el factor ½?",
    ]:
        assert text in report
    assert repr(result) == report


def test_the_report_counts_and_score_agree():
    result = check_l2_penalty(lambda w: torch.sum(w**2))
    assert (result.n_passed, result.n_failed) == (3, 6)
    assert result.score == pytest.approx(3 / 9)
    assert result.n_passed + result.n_failed == len(result.cases)


def test_the_html_report_is_an_escaped_table():
    result = check_l2_penalty(lambda w: "<script>")
    page = result._repr_html_()
    assert page.startswith("<table") and page.endswith("</table>")
    for text in [
        "check_l2_penalty: 1 de 9 casos correctos",
        "caso",
        "entrada",
        "esperado",
        "obtenido",
        "pista",
        "✓",
        "✗",
    ]:
        assert text in page
    assert "&lt;script&gt;" in page
    assert "<script>" not in page


def test_assert_passed_raises_with_the_report_when_a_case_fails():
    result = check_l1_penalty(lambda w: torch.sum(w))
    with pytest.raises(AssertionError) as error:
        result.assert_passed()
    assert str(error.value) == str(result)
    assert "¿Olvidaste el valor absoluto?" in str(error.value)


def test_a_check_is_reproducible_and_leaves_the_global_random_state_alone():
    assert_reproducible_leaving_the_global_generator_alone(
        lambda: check_dropout_layer(lambda X, p: (torch.rand_like(X) > p) * X)
    )


# --- Argumentos de los comprobadores -----------------------------------------------


@pytest.mark.parametrize("checker", CHECKERS)
@pytest.mark.parametrize("not_a_function", [None, 3, "l2_penalty", torch.ones(2)])
def test_checkers_reject_what_is_not_a_function(checker, not_a_function):
    with pytest.raises(TypeError, match=r"fn debe ser una función.*se recibió"):
        checker(not_a_function)


@pytest.mark.parametrize("timeout", [0, -1, math.inf, math.nan])
def test_checkers_reject_a_timeout_that_is_not_positive_and_finite(timeout):
    with pytest.raises(ValueError, match=r"timeout"):
        check_l2_penalty(l2_penalty, timeout=timeout)


def test_checkers_reject_a_timeout_that_is_not_a_number():
    with pytest.raises(TypeError, match=r"timeout debe ser un número real"):
        check_l2_penalty(l2_penalty, timeout="2")


@pytest.mark.parametrize("checker", [check_kfold_splits, check_early_stopping])
def test_the_new_checkers_validate_their_arguments_and_time_out(checker):
    with pytest.raises(TypeError, match=r"fn debe ser una función.*se recibió"):
        checker("kfold_splits")
    with pytest.raises(ValueError, match=r"timeout"):
        checker(kfold_splits, timeout=-1)

    def sleeps(*args, **kwargs):
        time.sleep(1)

    result = checker(sleeps, timeout=0.2)
    assert result.cases[0].got == "no terminó en 0.2 s"
    assert all(c.got == "no se ejecutó" for c in result.cases[1:])
