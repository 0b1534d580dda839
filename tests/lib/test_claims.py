"""Especificación de lessons_lib.claims: una frase del libro que no se cumple detiene la compilación citándola."""

import pytest
import torch

import lessons_lib as ll


def test_a_true_claim_passes_silently():
    assert ll.claim(0.008 < 0.012, "con λ = 3 la pérdida de validación es menor") is None


def test_a_false_claim_stops_with_the_sentence():
    with pytest.raises(ll.ClaimError, match="«con dropout la brecha es menor»"):
        ll.claim(0.0212 < 0.0197, "con dropout la brecha es menor")


def test_claim_error_is_an_assertion_error():
    """Un fallo de una frase detiene la ejecución como un assert."""
    assert issubclass(ll.ClaimError, AssertionError)


def test_claim_evaluates_tensors_and_arrays_of_one_element():
    ll.claim(torch.tensor(True), "un tensor verdadero")
    with pytest.raises(ll.ClaimError):
        ll.claim(torch.tensor(False), "un tensor falso")
