"""Especificación de lessons_lib.checks.penalties: los errores típicos de las penalizaciones ℓ2 y ℓ1 y del paso de decaimiento de pesos."""

import pytest
import torch
from checktools import case

from lessons_lib.checks import check_l1_penalty, check_l2_penalty, check_weight_decay_step

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
