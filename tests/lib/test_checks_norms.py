"""Especificación de lessons_lib.checks.norms: los errores típicos de las normas ℓp, de Frobenius y espectral."""

import math

import pytest
import torch
from checktools import case

from lessons_lib import l2_norm, spectral_norm
from lessons_lib.checks import check_frobenius_norm, check_norm, check_spectral_norm

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


@pytest.mark.parametrize("p", [0.5, 0, -1, -math.inf])
def test_check_norm_rejects_p_below_one(p):
    with pytest.raises(ValueError, match=r"p debe ser mayor o igual que 1.*se recibió p="):
        check_norm(l2_norm, p)


def test_check_norm_rejects_nan_and_non_numbers():
    with pytest.raises(ValueError, match=r"p debe ser un número; se recibió NaN"):
        check_norm(l2_norm, math.nan)
    with pytest.raises(TypeError, match=r"p debe ser un número real"):
        check_norm(l2_norm, "2")


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
