"""Especificación de lessons_lib.stats: media y error típico sobre semillas."""

import math
import statistics

import pytest
import torch

from lessons_lib import MeanSE, mean_se


def test_mean_and_standard_error_match_the_textbook_formulas():
    values = [0.81, 0.79, 0.84, 0.80, 0.83]
    stat = mean_se(values)
    assert stat.n == 5
    assert stat.mean == pytest.approx(statistics.fmean(values))
    assert stat.se == pytest.approx(statistics.stdev(values) / math.sqrt(5))


def test_paired_differences_cancel_what_two_runs_share():
    shared = torch.tensor([0.3, 0.9, 0.1, 0.6, 0.4])  # lo que cambia de semilla a semilla
    a, b = shared + 0.05, shared + torch.tensor([0.001, -0.001, 0.0, 0.001, -0.001])
    paired = mean_se(a - b)
    assert paired.mean == pytest.approx(0.05, abs=1e-3)
    assert paired.se < 0.001 < mean_se(a).se


def test_identical_values_have_zero_standard_error():
    assert mean_se([2.0, 2.0, 2.0]) == MeanSE(2.0, 0.0, 3)


def test_text_formats_both_numbers_in_spanish():
    assert MeanSE(0.012345, 0.00051, 5).text(4) == "0.0123 ± 0.0005"
    assert MeanSE(-0.5, 0.25, 5).text(2) == "−0.50 ± 0.25"
