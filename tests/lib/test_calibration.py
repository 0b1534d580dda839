"""Especificación de lessons_lib.calibration: NLL, Brier, ECE, diagrama de fiabilidad y temperatura."""

import math

import pytest
import torch

from lessons_lib import calibration_metrics, fit_temperature, reliability_bins


def test_a_perfectly_calibrated_classifier_has_zero_ece():
    # Diez ejemplos con confianza 0.8, de los que aciertan ocho.
    probs = torch.tensor([[0.8, 0.2]] * 10, dtype=torch.float64)
    labels = torch.tensor([0] * 8 + [1] * 2)
    metrics = calibration_metrics(probs, labels, num_bins=10)
    assert metrics.accuracy == pytest.approx(0.8) and metrics.ece == pytest.approx(0.0, abs=1e-12)


def test_nll_and_brier_follow_their_definitions():
    probs = torch.tensor([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]], dtype=torch.float64)
    labels = torch.tensor([0, 1])
    metrics = calibration_metrics(probs, labels)
    assert metrics.nll == pytest.approx(-(math.log(0.7) + math.log(0.3)) / 2)
    brier = ((0.3**2 + 0.2**2 + 0.1**2) + (0.1**2 + 0.7**2 + 0.6**2)) / 2
    assert metrics.brier == pytest.approx(brier)


def test_an_overconfident_classifier_sits_below_the_diagonal():
    probs = torch.tensor([[0.99, 0.01]] * 100, dtype=torch.float64)
    labels = torch.tensor([0] * 60 + [1] * 40)
    confidence, accuracy, counts = reliability_bins(probs, labels, num_bins=10)
    filled = counts > 0
    assert counts.sum() == 100 and bool((accuracy[filled] < confidence[filled]).all())
    assert calibration_metrics(probs, labels, num_bins=10).ece == pytest.approx(0.39)


def test_temperature_scaling_fixes_an_overconfident_classifier_without_changing_its_choices():
    generator = torch.Generator().manual_seed(0)
    true_logits = torch.randn(2000, 5, generator=generator, dtype=torch.float64)
    labels = torch.multinomial(torch.softmax(true_logits, dim=1), 1, generator=generator).squeeze(1)
    overconfident = 3 * true_logits  # la misma red, tres veces más segura de lo que debe
    temperature = fit_temperature(overconfident, labels)
    assert temperature == pytest.approx(3.0, rel=0.1)
    before = calibration_metrics(torch.softmax(overconfident, dim=1), labels)
    after = calibration_metrics(torch.softmax(overconfident / temperature, dim=1), labels)
    assert after.nll < before.nll and after.ece < before.ece and after.accuracy == before.accuracy
