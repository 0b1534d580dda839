"""Especificación de lessons_lib.stats: media y error típico sobre semillas, y la banda de una curva."""

import math
import statistics

import pytest
import torch

from lessons_lib import MeanSE, mean_se, seed_band
from lessons_lib.stats import seed_matrix


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


# --- seed_band ------------------------------------------------------------------------

CURVES = [[0.5, 2.0, 40.0], [0.8, 3.0, 10.0], [0.6, 2.5, 90.0], [0.7, 1.5, 20.0]]  # 4 semillas × 3 puntos


def test_the_band_is_the_mean_plus_and_minus_one_standard_error():
    center, low, high = seed_band(CURVES)
    for j in range(3):
        column = [row[j] for row in CURVES]
        se = statistics.stdev(column) / math.sqrt(4)
        assert center[j].item() == pytest.approx(statistics.fmean(column))
        assert (low[j].item(), high[j].item()) == pytest.approx((center[j].item() - se, center[j].item() + se))


def test_with_log_the_center_is_the_geometric_mean_and_the_band_multiplicative():
    center, low, high = seed_band(CURVES, log=True)
    for j in range(3):
        logs = [math.log(row[j]) for row in CURVES]
        factor = math.exp(statistics.stdev(logs) / math.sqrt(4))
        assert center[j].item() == pytest.approx(statistics.geometric_mean([row[j] for row in CURVES]))
        assert (low[j].item(), high[j].item()) == pytest.approx((center[j].item() / factor, center[j].item() * factor))


def test_one_wild_seed_moves_the_arithmetic_mean_far_more_than_the_geometric_one():
    runs = [[1.0], [1.0], [1.0], [1000.0]]
    assert seed_band(runs)[0].item() == pytest.approx(250.75)
    assert seed_band(runs, log=True)[0].item() == pytest.approx(1000 ** (1 / 4))


def test_identical_seeds_give_a_band_of_zero_width_as_float64_tensors():
    center, low, high = seed_band(torch.tensor([[1.0, 3.0], [1.0, 3.0]]), log=True)
    assert center.dtype == torch.float64 and center.shape == (2,)
    assert torch.allclose(low, center) and torch.allclose(high, center)


@pytest.mark.parametrize(
    "values, log, error, pattern",
    [
        (
            [[1.0, 2.0]],
            False,
            ValueError,
            r"values debe ser una matriz semillas × puntos, con 2 semillas o más; se recibió la forma \(1, 2\)",
        ),
        ([1.0, 2.0], False, ValueError, r"se recibió la forma \(2,\)"),
        ([[1.0, math.nan], [1.0, 2.0]], False, ValueError, r"values debe ser finito; se recibió"),
        ([[1.0, math.inf], [1.0, 2.0]], True, ValueError, r"values debe ser finito"),
        (
            [[1.0, 0.0], [1.0, 2.0]],
            True,
            ValueError,
            r"con log=True, values debe ser positivo; se recibió un mínimo de 0",
        ),
        ("abc", False, TypeError, r"values debe ser un tensor o una secuencia de números"),
        ([[1.0], [2.0]], "sí", TypeError, r"log debe ser True o False; se recibió str 'sí'"),
    ],
    ids=["one-seed", "1-d", "nan", "inf", "zero-with-log", "string", "log-not-bool"],
)
def test_seed_band_rejects_bad_arguments(values, log, error, pattern):
    with pytest.raises(error, match=pattern):
        seed_band(values, log=log)


def test_seed_matrix_names_the_argument_it_is_told_and_checks_its_own_arguments():
    assert seed_matrix([[1, 2], [3, 4]], "x").dtype == torch.float64
    with pytest.raises(
        ValueError, match=r"^con log=True, curves\['a'\] debe ser positivo; se recibió un mínimo de -1$"
    ):
        seed_matrix([[1.0, -1.0], [1.0, 2.0]], "curves['a']", log=True)
    with pytest.raises(TypeError, match=r"name debe ser un texto no vacío; se recibió str ''"):
        seed_matrix([[1.0], [2.0]], "")
    with pytest.raises(TypeError, match=r"log debe ser True o False; se recibió int 1"):
        seed_matrix([[1.0], [2.0]], "x", log=1)


def test_bootstrap_interval_of_a_mean_matches_the_normal_approximation():
    from lessons_lib import bootstrap_interval

    values = torch.randn(400, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    low, high = bootstrap_interval(lambda i: values[i].mean().item(), 400, num_resamples=2000, seed=3)
    se = values.std().item() / 20
    assert low < values.mean().item() < high
    assert (high - low) == pytest.approx(2 * 1.96 * se, rel=0.15)


def test_bootstrap_interval_is_reproducible_and_narrows_with_the_level():
    from lessons_lib import bootstrap_interval

    values = torch.arange(50, dtype=torch.float64)
    stat = lambda i: values[i].median().item()  # noqa: E731
    assert bootstrap_interval(stat, 50, seed=1) == bootstrap_interval(stat, 50, seed=1)
    wide, narrow = bootstrap_interval(stat, 50, level=0.95, seed=1), bootstrap_interval(stat, 50, level=0.5, seed=1)
    assert wide[0] <= narrow[0] <= narrow[1] <= wide[1]
