"""Especificación de lessons_lib.regularization_paths: el mínimo restringido y los caminos de los pesos.

El mínimo con la pérdida cuadrática dentro de una bola ℓ1 o ℓ2 se compara con
la búsqueda en el borde; los caminos, con las soluciones cerradas: la de ℓ2 y,
con un diseño ortogonal, el umbral suave.
"""

import pytest
import torch
from libtools import sparse_problem

import lessons_lib as ll
from lessons_lib import lp_norm
from lessons_lib.norms import unit_circle
from lessons_lib.regularization_paths import constrained_minimum, constraint_path, quadratic_loss

CENTER = torch.tensor([1.7, 0.9], dtype=torch.float64)
CURVATURE = torch.tensor([[1.0, 0.35], [0.35, 0.6]], dtype=torch.float64)


# --- La pérdida cuadrática y el mínimo restringido ---------------------------------------


def test_quadratic_loss_is_zero_at_the_center_and_grows_away_from_it():
    center, curvature = torch.tensor([1.0, 2.0]), torch.tensor([[2.0, 0.0], [0.0, 1.0]])
    assert quadratic_loss(center, center, curvature) == 0
    assert quadratic_loss(torch.tensor([2.0, 2.0]), center, curvature) == 2.0


def test_l1_constrained_minimum_lands_on_a_vertex_and_l2_does_not():
    l1 = constrained_minimum(1, 1.0, CENTER, CURVATURE)
    l2 = constrained_minimum(2, 1.0, CENTER, CURVATURE)
    assert l1.tolist() == [1.0, 0.0]
    assert lp_norm(l2, 2).item() == pytest.approx(1.0) and torch.all(l2.abs() > 0.1)


def test_constrained_minimum_is_the_center_when_it_is_inside_the_ball():
    center = torch.tensor([0.2, 0.1], dtype=torch.float64)
    assert torch.equal(constrained_minimum(2, 1.0, center, torch.eye(2, dtype=torch.float64)), center)


def test_constrained_minimum_beats_every_other_boundary_point():
    center = torch.tensor([2.0, -1.0], dtype=torch.float64)
    curvature = torch.tensor([[1.0, 0.3], [0.3, 2.0]], dtype=torch.float64)
    best = quadratic_loss(constrained_minimum(2, 1.0, center, curvature), center, curvature)
    assert torch.all(quadratic_loss(unit_circle(2, 4000), center, curvature) >= best - 1e-12)


# --- El camino del mínimo restringido ---------------------------------------------------


@pytest.mark.parametrize("p", [1, 2])
@pytest.mark.parametrize("radius", [0.1, 0.5, 1.3, 3.0])
def test_vectorized_path_ends_at_the_constrained_minimum(p, radius):
    path = constraint_path(p, radius, CENTER, CURVATURE)
    expected = constrained_minimum(p, radius, CENTER, CURVATURE, num=8000)
    assert torch.allclose(path[-1], expected)
    assert torch.allclose(path[0], CENTER) or ll.lp_norm(CENTER, p) > radius


def test_l1_path_reaches_the_axis_and_stays_there_while_l2_never_does():
    radii = torch.linspace(2.6, 0.05, 50).tolist()
    l1 = torch.stack([constrained_minimum(1, r, CENTER, CURVATURE) for r in radii])
    l2 = torch.stack([constrained_minimum(2, r, CENTER, CURVATURE) for r in radii])
    on_axis = (l1[:, 1] == 0).tolist()
    first = on_axis.index(True)
    assert all(on_axis[first:]) and not any(on_axis[:first])
    assert bool((l2 != 0).all())


# --- Caminos de los pesos ------------------------------------------------------------------


def orthogonal_problem(seed=0):
    X, _ = sparse_problem(seed)
    Q, _ = torch.linalg.qr(X)
    X = Q * len(Q) ** 0.5
    y = (
        X[:, 0] * 2
        - X[:, 1]
        + 0.3 * torch.randn(len(X), generator=torch.Generator().manual_seed(seed + 1), dtype=torch.float64)
    )
    return X, y


def test_l2_path_matches_the_closed_form():
    X, y = sparse_problem()
    lambdas = [0.0, 0.1, 1.0, 10.0]
    path = ll.regularization_path(X, y, "l2", lambdas, steps=2000)
    n, d = X.shape
    for lambd, w in zip(lambdas, path, strict=False):
        closed = torch.linalg.solve(X.T @ X / n + lambd * torch.eye(d, dtype=X.dtype), X.T @ y / n)
        assert torch.allclose(w, closed, atol=1e-8)


def test_l1_path_with_an_orthogonal_design_is_the_soft_threshold_of_least_squares():
    X, y = orthogonal_problem()
    w_ls = X.T @ y / len(y)
    lambdas = [0.01, 0.3, 1.0, 1.5]
    path = ll.regularization_path(X, y, "l1", lambdas)
    for lambd, w in zip(lambdas, path, strict=False):
        assert torch.allclose(w, ll.soft_threshold(w_ls, lambd), atol=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_zero_crossings_of_an_orthogonal_design_are_the_least_squares_magnitudes(seed):
    X, y = orthogonal_problem(seed)
    w_ls = X.T @ y / len(y)
    crossings = ll.l1_zero_crossings(X, y, tol=1e-7)
    assert torch.allclose(crossings, w_ls.abs(), atol=1e-6 * w_ls.abs().max())


def test_zero_crossings_of_a_correlated_design_are_where_each_weight_vanishes():
    X, y = sparse_problem(3)
    crossings = ll.l1_zero_crossings(X, y, tol=1e-7)
    lambda_max = ((X.T @ y).abs().max() / len(y)).item()
    assert crossings.max().item() == pytest.approx(lambda_max, rel=1e-5)
    lr = 1 / torch.linalg.eigvalsh(X.T @ X / len(y))[-1].item()
    for i, value in enumerate(crossings.tolist()):
        below = ll.penalized_least_squares(X, y, "l1", value * (1 - 1e-3), lr=lr, steps=2000)
        above = ll.penalized_least_squares(X, y, "l1", value * (1 + 1e-3), lr=lr, steps=2000)
        assert below[i] != 0 and above[i] == 0, i


@pytest.mark.parametrize(
    "call, error, pattern",
    [
        (lambda: ll.regularization_path(torch.ones(3, 2), torch.ones(3), "l1", []), TypeError, "lambdas"),
        (lambda: ll.regularization_path(torch.ones(3, 2), torch.ones(3), "l1", [1.0, 0.5]), ValueError, "lambdas"),
        (lambda: ll.regularization_path(torch.ones(3, 2), torch.ones(4), "l1", [1.0]), ValueError, "X"),
        (lambda: ll.regularization_path(torch.zeros(3, 2), torch.ones(3), "l1", [1.0]), ValueError, "X"),
        (lambda: ll.regularization_path(torch.ones(3, 2), torch.ones(3), "l3", [1.0]), ValueError, "penalty"),
        (lambda: ll.l1_zero_crossings(torch.eye(2), torch.ones(2), tol=0), ValueError, "tol"),
        (lambda: ll.l1_zero_crossings(torch.eye(2), torch.ones(2), lambdas=[0.1, 0.2]), ValueError, "lambdas"),
    ],
)
def test_paths_reject_bad_arguments(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()
