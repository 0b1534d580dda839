"""Especificación de los comprobadores de tareas (lessons_lib.checks).

Cada comprobador aprueba la implementación de referencia con nota 1.0,
suspende las implementaciones equivocadas típicas con una pista que nombra
el error, y nunca se rompe con una función rota: excepciones, tipos o
formas equivocados, NaN y funciones que no terminan son casos fallidos.
"""

import copy
import functools
import math
import time

import numpy as np
import pytest
import torch

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


def weight_decay_step(w, grad, lr, lambd):
    """Paso correcto de SGD con decaimiento de pesos."""
    return (1 - lr * lambd) * w - lr * grad


def case(result, name):
    """El caso de ``result`` cuyo nombre empieza por ``name``."""
    return next(c for c in result.cases if c.name.startswith(name))


def failed_hints(result):
    return " | ".join(c.hint for c in result.cases if not c.passed)


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
    names = [c.name for c in check_dropout_layer(dropout_layer).cases]
    for expected in [
        "p = 0",
        "p = 1",
        "float64",
        "lote vacío",
        "dispositivo",
        "no modifica",
        "máscara independiente",
        "fracción anulada",
        "la media se conserva",
    ]:
        assert any(name.startswith(expected) for name in names), expected
    names = [c.name for c in check_l2_penalty(l2_penalty).cases]
    for expected in [
        "vector",
        "valores negativos",
        "matriz",
        "float64",
        "valores grandes",
        "ceros",
        "tensor vacío",
        "gradiente",
        "no modifica",
    ]:
        assert any(name.startswith(expected) for name in names), expected


def test_a_correct_implementation_other_than_the_reference_passes():
    def dropout_with_bernoulli(X, p):
        if p == 1:
            return torch.zeros_like(X)
        keep = torch.bernoulli(torch.full_like(X, 1 - p))
        return keep * X / (1 - p)

    assert check_dropout_layer(dropout_with_bernoulli).passed
    assert check_norm(lambda x: torch.linalg.vector_norm(x, 2), 2).passed
    assert check_frobenius_norm(lambda X: torch.linalg.matrix_norm(X)).passed


# --- Penalizaciones ------------------------------------------------------------------


def test_l2_penalty_without_the_half_is_told_it_forgot_the_half():
    result = check_l2_penalty(lambda w: torch.sum(w**2))
    assert not result.passed
    assert "¿Olvidaste el factor ½?" in case(result, "vector").hint
    assert case(result, "ceros").passed  # 2·0 = 0: ahí no se nota


def test_l2_penalty_with_the_mean_is_told_it_used_the_mean():
    result = check_l2_penalty(lambda w: torch.mean(w**2) / 2)
    assert "¿Usaste la media en lugar de la suma?" in case(result, "vector").hint
    # La media de un tensor vacío es NaN.
    empty = case(result, "tensor vacío")
    assert empty.got == "tensor(nan)"
    assert "NaN" in empty.hint and "una suma sin términos vale 0" in empty.hint


def test_l2_penalty_that_returns_the_norm_is_told_so():
    result = check_l2_penalty(lambda w: torch.sqrt(torch.sum(w**2)))
    assert "Devolviste la norma" in case(result, "vector").hint


def test_l2_penalty_that_also_penalises_the_bias_fails_at_w_zero():
    # «Bias incluido»: fn solo recibe los pesos; un estudiante que suma
    # además el sesgo del modelo (aquí, una variable global) no da 0 en w = 0.
    bias = torch.tensor([0.5])

    def penalty_with_bias(w):
        return torch.sum(w**2) / 2 + torch.sum(bias**2) / 2

    result = check_l2_penalty(penalty_with_bias)
    assert not case(result, "ceros").passed
    assert "sesgo" in case(result, "ceros").hint


def test_l2_penalty_that_leaves_autograd_fails_only_the_gradient_case():
    result = check_l2_penalty(lambda w: (w**2).sum().item() / 2)
    assert [c.name for c in result.cases if not c.passed] == ["gradiente (autograd)"]
    assert "grafo de autograd" in case(result, "gradiente").hint


def test_l2_penalty_that_does_not_sum_is_told_to_sum():
    result = check_l2_penalty(lambda w: w**2 / 2)
    assert "¿olvidaste sumar?" in case(result, "vector").hint


def test_penalty_that_changes_the_dtype_fails_the_float64_case():
    result = check_l2_penalty(lambda w: torch.sum(w.float() ** 2) / 2)
    assert [c.name for c in result.cases if not c.passed] == ["float64"]
    assert "torch.float64" in case(result, "float64").hint


def test_penalty_that_modifies_w_in_place_is_caught():
    def abs_in_place(w):
        return torch.sum(w.abs_())

    result = check_l1_penalty(abs_in_place)
    assert "No modifiques w in situ" in case(result, "no modifica").hint


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda w: torch.sum(w), "¿Olvidaste el valor absoluto?"),
        (lambda w: torch.mean(torch.abs(w)), "¿Usaste la media en lugar de la suma?"),
        (lambda w: torch.sum(w**2), "Elevaste al cuadrado en lugar de tomar el valor absoluto"),
    ],
    ids=["no_abs", "mean", "squared"],
)
def test_typical_l1_penalty_mistakes_get_their_hint(wrong, hint):
    result = check_l1_penalty(wrong)
    assert not result.passed
    assert hint in case(result, "valores negativos").hint


# --- Normas ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "p, wrong, hint",
    [
        (2, lambda x: torch.sum(x**2), "¿Olvidaste la raíz cuadrada?"),
        (1, lambda x: torch.sum(x), "¿Olvidaste el valor absoluto?"),
        (1, lambda x: torch.sum(x**2), "Elevaste al cuadrado en lugar de tomar el valor absoluto"),
        (math.inf, lambda x: torch.max(x), "¿Olvidaste el valor absoluto?"),
        (3, lambda x: torch.sum(torch.abs(x) ** 3), "¿Olvidaste la raíz p-ésima?"),
        # Sin valor absoluto, una raíz cúbica de una suma negativa da NaN.
        (3, lambda x: torch.sum(x**3) ** (1 / 3), "¿Olvidaste el valor absoluto?"),
        (3, lambda x: torch.sqrt(torch.sum(x**2)), "Calculaste la norma ℓ2, no la ℓ3"),
    ],
    ids=["l2_no_sqrt", "l1_no_abs", "l1_squared", "linf_no_abs", "l3_no_root", "l3_no_abs", "l3_is_l2"],
)
def test_typical_norm_mistakes_get_their_hint(p, wrong, hint):
    result = check_norm(wrong, p)
    assert not result.passed
    assert hint in case(result, "valores negativos").hint


def test_linf_norm_that_fails_on_an_empty_vector_is_told_the_convention():
    result = check_norm(lambda x: torch.max(torch.abs(x)), math.inf)
    assert [c.name for c in result.cases if not c.passed] == ["vector vacío"]
    assert "lanzó RuntimeError" in case(result, "vector vacío").got
    assert "Un vector vacío tiene norma 0" in case(result, "vector vacío").hint


def test_vector_norm_of_a_matrix_treats_it_as_a_vector():
    result = check_norm(lambda x: torch.linalg.norm(x, 1), 1)  # con 2-D, norma de matriz
    assert "aplanada" in case(result, "matriz").hint


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda X: torch.sum(X**2), "¿olvidaste la raíz cuadrada?"),
        (lambda X: torch.sqrt(torch.sum(torch.diagonal(X) ** 2)), "Usaste solo la diagonal"),
        (lambda X: torch.linalg.matrix_norm(X, ord=2), "norma espectral"),
    ],
    ids=["squared", "diagonal", "spectral"],
)
def test_typical_frobenius_mistakes_get_their_hint(wrong, hint):
    result = check_frobenius_norm(wrong)
    assert not result.passed
    assert hint in case(result, "matriz 2×3").hint


# --- Dropout -----------------------------------------------------------------------


def test_dropout_without_rescaling_is_told_to_divide_by_one_minus_p():
    result = check_dropout_layer(lambda X, p: (torch.rand_like(X) > p) * X)
    rescale = "Los elementos que se conservan deben dividirse por 1 − p"
    assert rescale in case(result, "valores").hint
    assert rescale in case(result, "la media se conserva").hint


def test_dropout_with_p_as_keep_probability_is_told_so():
    def keep_probability(X, p):
        return (torch.rand_like(X) < p) * X / p

    result = check_dropout_layer(keep_probability)
    keep = "p es la probabilidad de anular, no de conservar"
    assert keep in case(result, "p = 1").hint  # devuelve X en lugar de ceros
    assert keep in case(result, "valores").hint
    assert keep in case(result, "fracción anulada").hint


def test_dropout_with_a_cpu_mask_fails_on_the_meta_device():
    def cpu_mask(X, p):  # la versión de las ediciones anteriores
        if p == 1:
            return torch.zeros_like(X)
        if p == 0:
            return X
        mask = (torch.rand(X.shape) > p).float()
        return mask * X / (1.0 - p)

    result = check_dropout_layer(cpu_mask)
    assert [c.name for c in result.cases if not c.passed] == ["dispositivo (tensor en «meta»)"]
    meta = case(result, "dispositivo")
    assert "lanzó RuntimeError" in meta.got
    assert "torch.rand_like(X)" in meta.hint


def test_dropout_that_converts_to_float32_fails_the_float64_case():
    def cpu_mask_and_float(X, p):
        if p == 1:
            return torch.zeros_like(X)
        mask = (torch.rand(X.shape) > p).float()
        return mask * X.float() / (1.0 - p)

    result = check_dropout_layer(cpu_mask_and_float)
    assert "torch.float64" in case(result, "float64").hint
    assert not case(result, "dispositivo").passed


def test_dropout_with_one_mask_shared_by_the_batch_is_caught():
    def shared_by_rows(X, p):
        mask = torch.rand(X.shape[1:], device=X.device) > p
        return mask * X / (1 - p)

    result = check_dropout_layer(shared_by_rows)
    assert "se comparte entre los ejemplos del lote" in case(result, "máscara independiente").hint


def test_dropout_with_one_mask_per_row_is_caught():
    def shared_by_columns(X, p):
        mask = torch.rand(X.shape[0], 1, device=X.device) > p
        return mask * X / (1 - p)

    result = check_dropout_layer(shared_by_columns)
    assert "se comparte entre las columnas" in case(result, "máscara independiente").hint


def test_dropout_that_modifies_its_input_fails_only_that_case():
    def in_place(X, p):
        if p == 1:
            return X.zero_()
        return X.mul_((torch.rand_like(X) > p) / (1 - p))

    result = check_dropout_layer(in_place)
    assert [c.name for c in result.cases if not c.passed] == ["no modifica la entrada"]
    assert "No modifiques X in situ" in case(result, "no modifica").hint


def test_dropout_that_divides_by_zero_at_p_one_is_told_about_nan():
    result = check_dropout_layer(lambda X, p: (torch.rand_like(X) > p) * X / (1 - p))
    hint = case(result, "p = 1").hint
    assert "NaN" in hint and "trata p = 1 aparte" in hint


def test_dropout_that_drops_nothing_or_everything_is_told_so():
    for wrong in [lambda X, p: X, lambda X, p: torch.zeros_like(X)]:
        result = check_dropout_layer(wrong)
        assert "unos elementos deben anularse y otros no" in case(result, "valores").hint
        assert "unos elementos deben anularse y otros no" in case(result, "máscara independiente").hint


def test_dropout_that_returns_a_cpu_tensor_for_a_meta_input_is_told_about_the_device():
    result = check_dropout_layer(lambda X, p: torch.zeros(X.shape))
    hint = case(result, "dispositivo").hint
    assert "dispositivo de la entrada (meta)" in hint and "torch.zeros_like" in hint


def test_dropout_with_a_wrong_scale_gets_the_general_hint():
    result = check_dropout_layer(lambda X, p: (torch.rand_like(X) > p) * X * 2)
    assert "Cada salida debe ser 0 (anulada) o x/(1 − p)" in case(result, "valores").hint


def test_dropout_with_the_wrong_shape_is_told_the_expected_shape():
    result = check_dropout_layer(lambda X, p: X[:, :1])
    assert "La forma debe ser (4, 6)" in case(result, "p = 0").hint


# --- Paso de decaimiento de pesos ----------------------------------------------------


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda w, g, lr, lambd: (1 - lambd) * w - lr * g, "¿Olvidaste multiplicar el decaimiento por lr?"),
        (lambda w, g, lr, lambd: (1 - lr * lambd) * w + lr * g, "Error de signo en el gradiente"),
        (lambda w, g, lr, lambd: (1 + lr * lambd) * w - lr * g, "Error de signo en el decaimiento"),
        (lambda w, g, lr, lambd: w - lr * g, "Falta el decaimiento"),
        (lambda w, g, lr, lambd: (1 - lr * lambd / 2) * w - lr * g, "no dividas lambd por 2"),
    ],
    ids=["lr_forgotten_on_decay", "gradient_sign", "decay_sign", "no_decay", "half_lambda"],
)
def test_typical_weight_decay_step_mistakes_get_their_hint(wrong, hint):
    result = check_weight_decay_step(wrong)
    assert not result.passed
    assert hint in case(result, "paso normal").hint


def test_weight_decay_step_that_updates_w_in_place_is_caught():
    def in_place(w, grad, lr, lambd):
        return w.mul_(1 - lr * lambd).sub_(lr * grad)

    result = check_weight_decay_step(in_place)
    assert [c.name for c in result.cases if not c.passed] == ["no modifica la entrada"]
    assert "No modifiques w ni grad in situ" in case(result, "no modifica").hint


# --- Norma espectral ----------------------------------------------------------------


def power_iteration(X, num_iters=30, start=None):
    """Iteración de potencias como la escribiría un estudiante (sin casos especiales)."""
    v = torch.randn(X.shape[1], dtype=X.dtype) if start is None else start(X)
    for _ in range(num_iters):
        v = X.T @ (X @ v)
        v = v / torch.linalg.vector_norm(v)
    return torch.linalg.vector_norm(X @ v)


def test_a_correct_power_iteration_passes_except_the_documented_conventions():
    result = check_spectral_norm(power_iteration)
    failed = [c.name for c in result.cases if not c.passed]
    # Sin tratar aparte X = 0, normalizar divide por 0.
    assert failed == ["ceros"], str(result)
    assert "divide por 0" in case(result, "ceros").hint
    assert "NaN" in case(result, "ceros").hint


def test_a_power_iteration_with_the_zero_case_and_enough_iterations_passes():
    def careful(X):
        if not torch.any(X != 0):
            return torch.zeros((), dtype=X.dtype)
        return power_iteration(X)

    def torch_spectral_norm(X):
        # PyTorch da 0 para una matriz vacía desde la versión 2.10; antes lanza un error.
        if X.numel() == 0:
            return torch.zeros((), dtype=X.dtype)
        return torch.linalg.matrix_norm(X, ord=2)

    assert check_spectral_norm(careful).passed
    assert check_spectral_norm(torch_spectral_norm).passed


def test_a_power_iteration_that_starts_with_ones_is_told_to_start_at_random():
    def ones(X):
        if not torch.any(X != 0):
            return torch.zeros((), dtype=X.dtype)
        return power_iteration(X, start=lambda X: torch.ones(X.shape[1], dtype=X.dtype))

    result = check_spectral_norm(ones)
    assert [c.name for c in result.cases if not c.passed] == ["vector singular ortogonal a (1, 1)"]
    hint = case(result, "vector singular ortogonal").hint
    assert "segundo valor singular" in hint and "vector aleatorio" in hint


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda X: torch.linalg.matrix_norm(X), "norma de Frobenius"),
        (lambda X: torch.linalg.matrix_norm(X, ord=2) ** 2, "Devolviste σ₁²"),
        (lambda X: torch.max(torch.abs(X)), "mayor entrada en valor absoluto"),
    ],
    ids=["frobenius", "squared", "max_entry"],
)
def test_typical_spectral_norm_mistakes_get_their_hint(wrong, hint):
    result = check_spectral_norm(wrong)
    assert not result.passed
    assert hint in case(result, "matriz 3×3").hint


def test_the_largest_eigenvalue_is_told_apart_from_the_largest_singular_value():
    def largest_eigenvalue(X):
        if X.shape[0] != X.shape[1]:
            return torch.linalg.matrix_norm(X, ord=2)
        return torch.linalg.eigvals(X).abs().max().to(X.dtype)

    result = check_spectral_norm(largest_eigenvalue)
    assert not case(result, "no simétrica").passed
    assert "solo coincide con σ₁ si X es simétrica" in case(result, "no simétrica").hint
    assert case(result, "vector singular ortogonal").passed  # simétrica: coinciden


def test_too_few_iterations_are_caught_by_the_tolerance():
    result = check_spectral_norm(lambda X: power_iteration(X, num_iters=1))
    assert not result.passed
    assert not case(result, "float64").passed


def test_the_spectral_battery_has_known_singular_values():
    result = check_spectral_norm(spectral_norm)
    expected = {
        "matriz 3×3": "3",
        "matriz 2×3 (ancha)": "2",
        "matriz 3×2 (alta)": "3",
        "matriz diagonal": "4",
        "vector singular ortogonal a (1, 1)": "3",
        "rango 1": "15",
        "float64": "4",
        "valores grandes": "3e+06",
        "ceros": "0",
    }
    for name, value in expected.items():
        assert case(result, name).expected == value, name


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


def raises(*args):
    raise ValueError("algo salió mal")


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
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    first = str(check_dropout_layer(lambda X, p: (torch.rand_like(X) > p) * X))
    assert torch.equal(torch.rand(3), expected)
    assert str(check_dropout_layer(lambda X, p: (torch.rand_like(X) > p) * X)) == first


# --- Argumentos de los comprobadores -----------------------------------------------


@pytest.mark.parametrize("checker", CHECKERS)
@pytest.mark.parametrize("not_a_function", [None, 3, "l2_penalty", torch.ones(2)])
def test_checkers_reject_what_is_not_a_function(checker, not_a_function):
    with pytest.raises(TypeError, match=r"fn debe ser una función.*se recibió"):
        checker(not_a_function)


@pytest.mark.parametrize("p", [0.5, 0, -1, -math.inf])
def test_check_norm_rejects_p_below_one(p):
    with pytest.raises(ValueError, match=r"p debe ser mayor o igual que 1.*se recibió p="):
        check_norm(l2_norm, p)


def test_check_norm_rejects_nan_and_non_numbers():
    with pytest.raises(ValueError, match=r"p debe ser un número; se recibió NaN"):
        check_norm(l2_norm, math.nan)
    with pytest.raises(TypeError, match=r"p debe ser un número real"):
        check_norm(l2_norm, "2")


@pytest.mark.parametrize("timeout", [0, -1, math.inf, math.nan])
def test_checkers_reject_a_timeout_that_is_not_positive_and_finite(timeout):
    with pytest.raises(ValueError, match=r"timeout"):
        check_l2_penalty(l2_penalty, timeout=timeout)


def test_checkers_reject_a_timeout_that_is_not_a_number():
    with pytest.raises(TypeError, match=r"timeout debe ser un número real"):
        check_l2_penalty(l2_penalty, timeout="2")


# --- Dropout de Monte Carlo --------------------------------------------------------

from lessons_lib import mc_dropout_predict  # noqa: E402
from lessons_lib.checks import check_mc_dropout_predict  # noqa: E402


def mc_entropy(probs):
    return -torch.special.xlogy(probs, probs).sum(dim=-1)


def mc_variant(
    *,
    train=True,
    restore=True,
    finally_=True,
    no_grad=True,
    average="probs",
    log=torch.log,
    entropy="of_mean",
    device_aware=True,
):
    """Una implementación de estudiante con los errores que se pidan."""

    def predict(model, X, num_samples):
        was_training = model.training

        def passes():
            if train:
                model.train()
            outputs = []
            for _ in range(num_samples):
                logits = model(X)
                outputs.append(logits if average == "logits" else torch.softmax(logits, dim=-1))
            return outputs

        if finally_:
            try:
                if no_grad:
                    with torch.no_grad():
                        outputs = passes()
                else:
                    outputs = passes()
            finally:
                if restore:
                    model.train(was_training)
        else:
            with torch.no_grad():
                outputs = passes()
            if restore:
                model.train(was_training)
        if device_aware:
            stacked = torch.stack(outputs)
        else:
            stacked = torch.zeros(len(outputs), *outputs[0].shape)
            for i, output in enumerate(outputs):
                stacked[i] = output
        if average == "logits":
            probs = torch.softmax(stacked.mean(dim=0), dim=-1)
        else:
            probs = stacked.mean(dim=0)
        if entropy == "mean_of_entropies":
            H = (-(stacked * log(stacked)).sum(dim=-1)).mean(dim=0)
        else:
            H = -(probs * log(probs)).sum(dim=-1)
        return probs, H

    return predict


def test_the_reference_mc_dropout_predict_passes_every_case():
    result = check_mc_dropout_predict(mc_dropout_predict)
    assert result.passed, str(result)
    names = [c.name for c in result.cases]
    for expected in [
        "sin dropout",
        "probabilidades que suman 1",
        "el dropout se enciende",
        "la media se acerca",
        "restaura el modo eval",
        "restaura el modo entrenamiento",
        "restaura el modo aunque",
        "sin grafos",
        "float64",
        "no modifica",
    ]:
        assert any(name.startswith(expected) for name in names), expected


def test_a_plain_student_version_passes_too():
    result = check_mc_dropout_predict(mc_variant())
    assert result.passed, str(result)


@pytest.mark.parametrize(
    "wrong, failing, hint",
    [
        (mc_variant(train=False), "el dropout se enciende", "el dropout está apagado"),
        (mc_variant(average="logits"), "la media se acerca", "Promedia probabilidades, no logits"),
        (mc_variant(entropy="mean_of_entropies"), "probabilidades que suman 1", "no la media de las entropías"),
        (mc_variant(log=torch.log2), "sin dropout", "logaritmo natural"),
        (mc_variant(restore=False), "restaura el modo eval", "model.train(was_training)"),
        (mc_variant(finally_=False), "restaura el modo aunque", "finally"),
        (mc_variant(no_grad=False), "sin grafos", "torch.no_grad()"),
    ],
    ids=["dropout-off", "logits", "mean-of-entropies", "log2", "no-restore", "no-finally", "no-grad"],
)
def test_typical_mc_dropout_mistakes_get_their_hint(wrong, failing, hint):
    result = check_mc_dropout_predict(wrong)
    assert not result.passed
    assert hint in case(result, failing).hint, str(result)


def test_mc_dropout_with_a_cpu_buffer_fails_on_the_meta_device():
    result = check_mc_dropout_predict(mc_variant(device_aware=False))
    device_case = case(result, "dispositivo")
    assert not device_case.passed
    assert "device=X.device" in device_case.hint


def test_an_mc_dropout_that_returns_only_the_probabilities_is_told_to_return_a_pair():
    result = check_mc_dropout_predict(lambda model, X, n: torch.softmax(model(X), dim=-1))
    assert "dos cosas, (probs, entropy)" in result.cases[0].hint
    assert not result.passed


def test_an_mc_dropout_that_is_broken_fails_cases_without_crashing():
    assert "¿olvidaste el return?" in check_mc_dropout_predict(lambda m, X, n: None).cases[0].hint
    result = check_mc_dropout_predict(raises)
    assert result.cases[0].got == "lanzó ValueError: algo salió mal"
    assert result.score < 0.5


def test_an_mc_dropout_with_nan_entropies_is_told_about_xlogy():
    def nan_entropy(model, X, n):
        probs, _ = mc_variant()(model, X, n)
        return probs, torch.full_like(probs[:, 0], math.nan)

    assert "xlogy" in case(check_mc_dropout_predict(nan_entropy), "probabilidades").hint


def test_check_mc_dropout_predict_validates_its_arguments():
    with pytest.raises(TypeError, match=r"fn debe ser una función.*se recibió"):
        check_mc_dropout_predict("mc_dropout_predict")
    with pytest.raises(ValueError, match=r"timeout"):
        check_mc_dropout_predict(mc_dropout_predict, timeout=0)


def test_an_mc_dropout_that_returns_a_single_element_tuple_is_told_to_return_a_pair():
    result = check_mc_dropout_predict(lambda model, X, n: (mc_variant()(model, X, n)[0],))
    assert "dos cosas, (probs, entropy)" in result.cases[0].hint


def test_an_mc_dropout_without_softmax_is_told_to_return_distributions():
    def no_softmax(model, X, n):
        model.train()
        with torch.no_grad():
            mean = torch.stack([model(X) for _ in range(n)]).mean(dim=0)
        model.eval()
        return mean, mc_entropy(torch.softmax(mean, dim=-1))

    assert "suman 1" in case(check_mc_dropout_predict(no_softmax), "probabilidades").hint


def test_an_mc_dropout_with_an_unrelated_entropy_gets_the_general_hint():
    def doubled(model, X, n):
        probs, entropy = mc_variant()(model, X, n)
        return probs, 2 * entropy

    hint = case(check_mc_dropout_predict(doubled), "probabilidades").hint
    assert hint.startswith("entropy debe ser −Σ p̄ log p̄")


def test_an_mc_dropout_that_averages_hard_votes_gets_the_general_hint():
    def hard_votes(model, X, n):
        model.train()
        with torch.no_grad():
            votes = torch.stack(
                [torch.nn.functional.one_hot(model(X).argmax(-1), 3).to(X.dtype) for _ in range(n)]
            ).mean(dim=0)
        model.eval()
        return votes, mc_entropy(votes)

    mean_case = case(check_mc_dropout_predict(hard_votes), "la media se acerca")
    assert not mean_case.passed
    assert mean_case.hint.startswith("probs debe ser la media de softmax")


def test_an_mc_dropout_that_modifies_x_is_caught():
    def modifies(model, X, n):
        result = mc_variant()(model, X, n)
        X.add_(1)
        return result

    unchanged = case(check_mc_dropout_predict(modifies), "no modifica")
    assert not unchanged.passed and "in situ" in unchanged.hint


def test_check_mc_dropout_predict_leaves_the_global_random_state_alone():
    # Crear las redes de los casos (nn.Linear) usa el generador global.
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    first = str(check_mc_dropout_predict(mc_dropout_predict))
    assert torch.equal(torch.rand(3), expected)
    assert str(check_mc_dropout_predict(mc_dropout_predict)) == first


# --- Pliegues de la validación cruzada ---------------------------------------------


def generator(seed):
    return torch.Generator().manual_seed(seed)


def with_complements(folds):
    """Los pares (train_idx, val_idx): cada entrenamiento, los demás pliegues."""
    return [(torch.cat(folds[:i] + folds[i + 1 :]), fold) for i, fold in enumerate(folds)]


def numpy_blocks(n, k, seed=0):
    """Correcta, con otro generador: bloques consecutivos de una permutación de NumPy."""
    order = np.random.default_rng(seed).permutation(n)
    return with_complements([torch.from_numpy(part) for part in np.array_split(order, k)])


def sampled_folds(n, k, seed=0):
    """Sortea cada pliegue por separado: los pliegues se solapan."""
    g = generator(seed)
    sizes = [len(part) for part in torch.tensor_split(torch.arange(n), k)]
    splits = []
    for size in sizes:
        val = torch.randperm(n, generator=g)[:size]
        splits.append((torch.tensor([i for i in range(n) if i not in val.tolist()]), val))
    return splits


def floor_sized_folds(n, k, seed=0):
    """Pliegues de n // k ejemplos: el resto se pierde."""
    order, size = torch.randperm(n, generator=generator(seed)), n // k
    return with_complements([order[i * size : (i + 1) * size] for i in range(k)])


def floor_sized_steps(n, k, seed=0):
    """Trozos de n // k ejemplos hasta el final: el resto forma un pliegue de más."""
    order, size = torch.randperm(n, generator=generator(seed)), n // k
    return with_complements([order[start : start + size] for start in range(0, n, size)])


def remainder_in_the_last_fold(n, k, seed=0):
    order, size = torch.randperm(n, generator=generator(seed)), n // k
    return with_complements([order[i * size : (i + 1) * size] for i in range(k - 1)] + [order[(k - 1) * size :]])


def training_with_everything(n, k, seed=0):
    return [(torch.arange(n), val) for _, val in kfold_splits(n, k, seed=seed)]


def training_with_the_later_folds(n, k, seed=0):
    """El entrenamiento de cada pliegue son solo los pliegues siguientes (y el del último, los anteriores)."""
    folds = list(torch.tensor_split(torch.randperm(n, generator=generator(seed)), k))
    return [(torch.cat(folds[i + 1 :] or folds[:i]), fold) for i, fold in enumerate(folds)]


def one_fold_short(n, k, seed=0):
    return kfold_splits(n, k, seed=seed)[:-1]


def global_shuffle(n, k, seed=0):
    """Baraja con el generador global: otra permutación en cada llamada."""
    return with_complements(list(torch.tensor_split(torch.randperm(n), k)))


def fixed_seed(n, k, seed=0):
    return kfold_splits(n, k, seed=0)


def no_shuffle(n, k, seed=0):
    return with_complements(list(torch.tensor_split(torch.arange(n), k)))


def as_lists(n, k, seed=0):
    return [(train.tolist(), val.tolist()) for train, val in kfold_splits(n, k, seed=seed)]


def as_floats(n, k, seed=0):
    return [(train.float(), val.float()) for train, val in kfold_splits(n, k, seed=seed)]


def test_the_reference_kfold_splits_passes_every_case():
    result = check_kfold_splits(kfold_splits)
    assert result.passed, str(result)
    names = [c.name for c in result.cases]
    for expected in [
        "n divisible por k",
        "n no divisible por k",
        "k = 2",
        "dejar uno fuera (k = n)",
        "n grande",
        "reproducible con la misma semilla",
        "la semilla cambia los pliegues",
    ]:
        assert expected in names, expected


def test_folds_from_another_generator_in_another_order_pass_too():
    assert check_kfold_splits(numpy_blocks).passed


@pytest.mark.parametrize(
    "wrong, failing, hint",
    [
        (sampled_folds, "n divisible por k", "Los pliegues de validación se solapan"),
        (floor_sized_folds, "n no divisible por k", "Se pierde el resto"),
        (floor_sized_steps, "n no divisible por k", "Sobra un pliegue (4 en lugar de k = 3)"),
        (remainder_in_the_last_fold, "resto de varios ejemplos", "Todo el resto está en el último pliegue"),
        (training_with_everything, "n divisible por k", "contiene ejemplos de su propio pliegue de validación"),
        (training_with_the_later_folds, "n divisible por k", "le faltan ejemplos que no están en su pliegue"),
        (one_fold_short, "k = 2", "Debe haber k = 2 pares (train_idx, val_idx), uno por pliegue; devolviste 1."),
        (global_shuffle, "reproducible con la misma semilla", "baraja con un generador propio"),
        (fixed_seed, "la semilla cambia los pliegues", "la semilla no se usa"),
        (no_shuffle, "la semilla cambia los pliegues", "baraja los ejemplos antes de cortarlos"),
        (as_lists, "n divisible por k", "deben ser tensores de PyTorch (torch.Tensor), no list"),
        (as_floats, "n divisible por k", "deben ser enteros (torch.long), no torch.float32"),
    ],
    ids=[
        "overlap",
        "dropped-remainder",
        "extra-fold",
        "remainder-last",
        "own-fold",
        "train-missing",
        "fold-count",
        "not-reproducible",
        "seed-ignored",
        "no-shuffle",
        "lists",
        "floats",
    ],
)
def test_typical_kfold_mistakes_get_their_hint(wrong, failing, hint):
    result = check_kfold_splits(wrong)
    assert not result.passed
    assert hint in case(result, failing).hint, str(result)


def test_a_dropped_remainder_passes_only_when_k_divides_n():
    result = check_kfold_splits(floor_sized_folds)
    assert case(result, "n divisible por k").passed
    assert case(result, "dejar uno fuera").passed
    failed = [c.name for c in result.cases if not c.passed]
    assert failed == [
        "n no divisible por k",
        "resto de varios ejemplos",
        "k = 2",
        "n grande",
        "reproducible con la misma semilla",
    ]


def test_a_remainder_dumped_in_the_last_fold_fails_only_when_it_is_two_or_more():
    result = check_kfold_splits(remainder_in_the_last_fold)
    # Con n % k = 1, el último pliegue tiene uno más: es un reparto válido.
    assert case(result, "n no divisible por k").passed
    assert not case(result, "n grande").passed


def test_global_shuffling_gives_valid_folds_that_do_not_repeat():
    result = check_kfold_splits(global_shuffle)
    assert [c.name for c in result.cases if not c.passed] == ["reproducible con la misma semilla"]


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda n, k, seed=0: [(t + 1, v + 1) for t, v in kfold_splits(n, k, seed=seed)], "¿empiezas a contar en 1?"),
        (lambda n, k, seed=0: [(t - 3, v) for t, v in kfold_splits(n, k, seed=seed)], "índices fuera de range(n)"),
        (lambda n, k, seed=0: [(t, v[None]) for t, v in kfold_splits(n, k, seed=seed)], "una dimensión"),
        (
            lambda n, k, seed=0: [(t, torch.isin(torch.arange(n), v)) for t, v in kfold_splits(n, k, seed=seed)],
            "no máscaras booleanas",
        ),
        (lambda n, k, seed=0: [(t, v.numpy()) for t, v in kfold_splits(n, k, seed=seed)], "no ndarray"),
        (lambda n, k, seed=0: [(t, v, v) for t, v in kfold_splits(n, k, seed=seed)], "debe ser un par"),
        (lambda n, k, seed=0: torch.arange(n), "lista de k = 3 pares"),
        (lambda n, k, seed=0: None, "¿olvidaste el return?"),
    ],
    ids=["one-based", "negative", "2-d", "mask", "ndarray", "triple", "tensor", "none"],
)
def test_malformed_folds_are_told_what_is_wrong(wrong, hint):
    result = check_kfold_splits(wrong)
    assert result.score == 0
    assert hint in result.cases[0].hint, str(result)


def test_folds_of_uneven_size_that_are_not_the_remainder_get_the_general_hint():
    def uneven(n, k, seed=0):
        order = torch.randperm(n, generator=generator(seed))
        return with_complements(list(torch.split(order, [n - k + 1] + [1] * (k - 1))))

    hint = case(check_kfold_splits(uneven), "n divisible por k").hint
    assert hint == "Los tamaños de los pliegues deben diferir como mucho en uno; son [10, 1, 1]."


def test_examples_missing_from_every_fold_that_are_not_the_remainder_get_the_general_hint():
    def first_example_never_validates(n, k, seed=0):
        return [(train[train != 0], val[val != 0]) for train, val in kfold_splits(n, k, seed=seed)]

    hint = case(check_kfold_splits(first_example_never_validates), "n divisible por k").hint
    assert hint.startswith("Hay ejemplos que no están en ningún pliegue de validación (1 de 12)")


def test_a_training_set_with_repeated_examples_is_caught():
    def repeated(n, k, seed=0):
        return [(torch.cat([train, train[:1]]), val) for train, val in kfold_splits(n, k, seed=seed)]

    assert "train_idx del pliegue 1 repite ejemplos" in case(check_kfold_splits(repeated), "k = 2").hint


def test_a_function_without_the_seed_argument_is_told_the_signature():
    result = check_kfold_splits(lambda n, k: kfold_splits(n, k))
    assert result.cases[0].got.startswith("lanzó TypeError")
    assert "fn(n, k, seed=0)" in result.cases[0].hint


def test_the_kfold_report_shows_the_sizes_that_were_expected_and_received():
    first = check_kfold_splits(floor_sized_folds).cases[1]
    assert first.input == "n = 10, k = 3, seed = 1"
    assert first.expected.startswith("3 pares (train_idx, val_idx): 1 pliegue de 4 y 2 pliegues de 3")
    assert first.got == "3 pares; pliegues de validación de tamaños [3, 3, 3]"


def test_check_kfold_splits_leaves_the_global_random_state_alone():
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    first = str(check_kfold_splits(global_shuffle))
    assert torch.equal(torch.rand(3), expected)
    assert str(check_kfold_splits(global_shuffle)) == first


# --- Parada temprana ----------------------------------------------------------------


def early_stopping_variant(
    *,
    keep="copy",
    patience_shift=0,
    watch="val",
    improves=lambda loss, best: loss < best,
    reset=True,
    max_shift=0,
    zero_based=False,
    argmin=False,
):
    """Una implementación de estudiante con los errores que se pidan.

    ``keep``: ``"copy"`` (correcto), ``"live"`` (guarda ``model.state_dict()``
    sin copiarlo), ``"every"`` (copia los pesos en todas las épocas) o
    ``"nothing"`` (no restaura). ``max_shift=None``: sin máximo de épocas.
    """

    def early_stopping(model, train_epoch, validate, max_epochs, patience):
        best, best_epoch, waited, saved, losses, epoch = math.inf, 0, 0, None, [], 0
        while max_shift is None or epoch < max_epochs + max_shift:
            epoch += 1
            train_loss = train_epoch()
            val_loss = validate()
            losses.append(val_loss)
            loss = train_loss if watch == "train" else val_loss
            if improves(loss, best):
                best, best_epoch = loss, epoch
                waited = 0 if reset else waited
                if keep == "copy":
                    saved = copy.deepcopy(model.state_dict())
                elif keep == "live":
                    saved = model.state_dict()
            else:
                waited += 1
            if keep == "every":
                saved = copy.deepcopy(model.state_dict())
            if waited >= patience + patience_shift:
                break
        if saved is not None:
            model.load_state_dict(saved)
        if argmin:
            best_epoch = int(torch.tensor(losses).argmin()) + 1
        return best_epoch - 1 if zero_based else best_epoch

    return early_stopping


def early_stopping_with_clones(model, train_epoch, validate, max_epochs, patience):
    """Correcta, escrita de otra forma: cuenta las épocas desde la mejor y clona tensor a tensor."""
    best_loss, best_epoch, best_weights = math.inf, None, None
    for epoch in range(1, max_epochs + 1):
        train_epoch()
        loss = validate()
        if loss < best_loss:
            best_loss, best_epoch = loss, epoch
            best_weights = {name: value.clone() for name, value in model.state_dict().items()}
        elif epoch - best_epoch >= patience:
            break
    model.load_state_dict(best_weights)
    return best_epoch


def test_a_correct_early_stopping_passes_every_case():
    result = check_early_stopping(early_stopping_variant())
    assert result.passed, str(result)
    assert len(result.cases) >= 8
    assert check_early_stopping(early_stopping_with_clones).passed


@pytest.mark.parametrize(
    "wrong, failing, hint",
    [
        (early_stopping_variant(keep="every"), "restaura los pesos", "pesos de la última época (la 4)"),
        (early_stopping_variant(keep="nothing"), "restaura los pesos", "pesos de la última época (la 4)"),
        (early_stopping_variant(keep="live"), "restaura los pesos", "Guardas una referencia a los pesos, no una copia"),
        (early_stopping_variant(patience_shift=-1), "se detiene tras patience", "Te detuviste una época antes"),
        (early_stopping_variant(patience_shift=1), "se detiene tras patience", "Te detuviste una época tarde"),
        (early_stopping_variant(watch="train"), "mira la validación", "Vigilas la pérdida de entrenamiento"),
        (
            early_stopping_variant(improves=lambda loss, best: loss <= best),
            "una pérdida igual",
            "Una pérdida igual a la mejor no es una mejora",
        ),
        (early_stopping_variant(reset=False), "la paciencia vuelve a empezar", "debe volver a 0"),
        (early_stopping_variant(max_shift=1), "nunca pasa de max_epochs", "Hiciste una época de más"),
        (early_stopping_variant(max_shift=None), "nunca pasa de max_epochs", "Hiciste más de max_epochs épocas"),
        (early_stopping_variant(zero_based=True), "devuelve la mejor época", "Cuenta las épocas desde 1"),
        (
            early_stopping_variant(improves=lambda loss, best: not loss >= best),
            "una pérdida NaN",
            "Una pérdida NaN no es una mejora",
        ),
        (early_stopping_variant(argmin=True), "una pérdida NaN", "torch.argmin"),
    ],
    ids=[
        "restores-last",
        "no-restore",
        "live-state-dict",
        "one-early",
        "one-late",
        "watches-training",
        "equal-improves",
        "no-reset",
        "one-epoch-too-many",
        "no-maximum",
        "zero-based",
        "nan-improves",
        "nan-argmin",
    ],
)
def test_typical_early_stopping_mistakes_get_their_hint(wrong, failing, hint):
    result = check_early_stopping(wrong)
    assert not result.passed
    assert hint in case(result, failing).hint, str(result)


@pytest.mark.parametrize(
    "wrong, only_failing",
    [
        (early_stopping_variant(keep="live"), ["restaura los pesos de la mejor época"]),
        (early_stopping_variant(zero_based=True), ["devuelve la mejor época, contada desde 1"]),
        (early_stopping_variant(watch="train"), ["mira la validación, no el entrenamiento"]),
        (early_stopping_variant(reset=False), ["la paciencia vuelve a empezar tras una mejora"]),
    ],
    ids=["live-state-dict", "zero-based", "watches-training", "no-reset"],
)
def test_one_mistake_fails_only_the_case_that_looks_for_it(wrong, only_failing):
    result = check_early_stopping(wrong)
    assert [c.name for c in result.cases if not c.passed] == only_failing


def test_the_early_stopping_report_says_where_it_stopped():
    result = check_early_stopping(early_stopping_variant(patience_shift=1))
    first = case(result, "se detiene tras patience")
    assert first.input == "validación: 5, 4, 3, 3.5, 3.6, 3.7, 3.8, 3.9, 4, 4.1; max_epochs = 10; patience = 3"
    assert first.expected == "se detiene en la época 6 (la mejor, la 3)"
    assert first.got == "se detuvo en la época 7"
    assert "entrenamiento: 5, 4, 3, 2.5" in case(result, "mira la validación").input


def test_the_last_epoch_or_another_wrong_number_is_told_apart():
    def stops_and_returns(value):
        def early_stopping(model, train_epoch, validate, max_epochs, patience):
            early_stopping_variant()(model, train_epoch, validate, max_epochs, patience)
            return value

        return early_stopping

    returned = case(check_early_stopping(stops_and_returns(6)), "devuelve la mejor época")
    assert returned.hint.startswith("Devolviste la última época (6), no la mejor (3)")
    returned = case(check_early_stopping(stops_and_returns(9)), "devuelve la mejor época")
    assert returned.hint == "Devuelve la época con menor pérdida de validación, la 3; devolviste 9."
    returned = case(check_early_stopping(stops_and_returns(3.0)), "devuelve la mejor época")
    assert "un número entero; devolvió un objeto de tipo float" in returned.hint
    assert case(check_early_stopping(stops_and_returns(torch.tensor(3))), "devuelve la mejor época").passed


def test_validating_before_training_breaks_the_protocol():
    def validates_first(model, train_epoch, validate, max_epochs, patience):
        validate()
        return early_stopping_variant()(model, train_epoch, validate, max_epochs, patience)

    result = check_early_stopping(validates_first)
    assert result.score == 0
    assert result.cases[0].hint.endswith(
        "empezaron así: validate() train_epoch() validate() train_epoch() validate() train_epoch()."
    )


def test_a_loop_that_never_stops_is_cut_and_told_so():
    def never_stops(model, train_epoch, validate, max_epochs, patience):
        while True:
            train_epoch()
            validate()

    result = check_early_stopping(never_stops)
    assert result.score == 0
    assert result.cases[0].hint.startswith("La función no se detuvo: el comprobador cortó el bucle tras 30 épocas.")


def test_a_loop_that_stops_at_a_fixed_epoch_gets_the_general_hint():
    def three_epochs(model, train_epoch, validate, max_epochs, patience):
        for _ in range(3):
            train_epoch()
            validate()
        return 3

    hint = case(check_early_stopping(three_epochs), "la paciencia vuelve a empezar").hint
    assert hint == "La parada temprana debía detener el entrenamiento en la época 9, no en la 3."


def test_restoring_weights_of_no_single_epoch_gets_the_general_hint():
    def restores_zeros(model, train_epoch, validate, max_epochs, patience):
        best = early_stopping_variant()(model, train_epoch, validate, max_epochs, patience)
        with torch.no_grad():
            model.weight[0] = 0.5
        return best

    restore = case(check_early_stopping(restores_zeros), "restaura los pesos")
    assert restore.got == "pesos que no son de ninguna época"
    assert restore.hint.startswith("El modelo debe terminar con los pesos de la mejor época, la 2")


def test_an_early_stopping_that_raises_is_told_the_signature():
    result = check_early_stopping(lambda model, train_epoch, validate, max_epochs: 1)
    assert result.cases[0].got.startswith("lanzó TypeError")
    assert "fn(model, train_epoch, validate, max_epochs, patience)" in result.cases[0].hint
    assert result.score == 0


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
