"""Especificación de lessons_lib.least_squares: polinomios, norma mínima, ridge y filtros espectrales."""

import pytest
import torch

from lessons_lib import gradient_descent_filter, least_squares, polynomial_features, ridge_filter


def randn(*shape, seed=0):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)


def test_polynomial_features_are_the_powers_of_x():
    x = torch.tensor([0.5, -2.0, 3.0], dtype=torch.float64)
    features = polynomial_features(x, 4)
    assert features.shape == (3, 5)
    assert torch.equal(features, torch.stack([x**j for j in range(5)], dim=1))
    assert features.dtype == torch.float64


def test_polynomial_features_of_degree_zero_is_a_column_of_ones():
    assert torch.equal(polynomial_features([1, 2], 0), torch.ones(2, 1))


def test_ridge_matches_the_normal_equations_and_the_gradient_is_zero():
    X, y = randn(30, 5), randn(30, seed=1)
    w = least_squares(X, y, lambd=0.3)
    gradient = X.T @ (X @ w - y) / 30 + 0.3 * w
    assert gradient.abs().max() < 1e-12


def test_minimum_norm_solution_interpolates_and_is_the_smallest_interpolant():
    X, y = randn(5, 12), randn(5, seed=1)  # más pesos que ejemplos
    w = least_squares(X, y)
    assert (X @ w - y).abs().max() < 1e-10
    # Sumar una dirección que los datos no ven interpola igual pero alarga w.
    null = torch.linalg.svd(X).Vh[-1]
    assert (X @ (w + null) - y).abs().max() < 1e-10
    assert torch.linalg.vector_norm(w + null) > torch.linalg.vector_norm(w)


def test_minimum_norm_is_the_limit_of_ridge_as_lambda_goes_to_zero():
    X, y = randn(5, 12), randn(5, seed=1)
    assert (least_squares(X, y, 1e-10) - least_squares(X, y)).abs().max() < 1e-6


def test_with_more_examples_than_weights_lambda_zero_is_ordinary_least_squares():
    X, y = randn(40, 3), randn(40, seed=1)
    expected = torch.linalg.lstsq(X, y.unsqueeze(1)).solution.squeeze(1)
    assert torch.allclose(least_squares(X, y), expected, atol=1e-12)


def test_intercept_is_not_penalized_and_recovers_an_offset():
    X = randn(200, 3)
    y = X @ torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64) + 7.0
    w, b = least_squares(X, y, lambd=0.0, intercept=True)
    assert b.item() == pytest.approx(7.0) and torch.allclose(w, torch.tensor([1.0, -2.0, 0.5], dtype=torch.float64))
    # Con λ enorme los pesos se anulan, pero el sesgo queda en la media de y.
    w, b = least_squares(X, y, lambd=1e9, intercept=True)
    assert w.abs().max() < 1e-6 and b.item() == pytest.approx(y.mean().item(), abs=1e-6)


def test_column_targets_give_column_weights():
    X, y = randn(10, 3), randn(10, 1, seed=1)
    assert least_squares(X, y, 0.1).shape == (3, 1)


def test_gradient_descent_from_zero_follows_the_spectral_filter():
    """t pasos de descenso de gradiente desde 0 = Σ [1 − (1 − ημᵢ)ᵗ] ŵᵢ vᵢ."""
    X, y = randn(20, 6), randn(20, seed=1)
    lr, steps = 0.1, 37
    w = torch.zeros(6, dtype=torch.float64)
    for _ in range(steps):
        w = w - lr * X.T @ (X @ w - y) / 20
    mu, V = torch.linalg.eigh(X.T @ X / 20)
    w_hat = V.T @ least_squares(X, y)  # coordenadas de la solución sin penalizar
    predicted = V @ (gradient_descent_filter(mu, lr, steps) * w_hat)
    assert torch.allclose(w, predicted, atol=1e-10)


def test_ridge_is_the_same_spectral_sum_with_its_own_filter():
    X, y = randn(20, 6), randn(20, seed=1)
    mu, V = torch.linalg.eigh(X.T @ X / 20)
    w_hat = V.T @ least_squares(X, y)
    assert torch.allclose(least_squares(X, y, 0.5), V @ (ridge_filter(mu, 0.5) * w_hat), atol=1e-10)


def test_filters_go_from_zero_to_one():
    mu = torch.logspace(-4, 1, 50, dtype=torch.float64)
    for f in (ridge_filter(mu, 0.1), gradient_descent_filter(mu, 0.05, 100)):
        assert bool(((0 <= f) & (f <= 1)).all()) and bool((f[1:] >= f[:-1]).all())
    assert gradient_descent_filter(mu, 0.05, 0).abs().max() == 0
