"""Especificación de lessons_lib.norms: coincide con torch.linalg, cumple los axiomas y dibuja la bola unidad."""

import itertools
import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons_lib import frobenius_norm, l1_norm, l2_norm, linf_norm, lp_norm, spectral_norm
from lessons_lib.norms import unit_circle

VECTOR_NORMS = {
    "l1": (l1_norm, 1),
    "l2": (l2_norm, 2),
    "linf": (linf_norm, math.inf),
}


def reference(x, ord):
    return torch.linalg.vector_norm(torch.as_tensor(x, dtype=torch.float64), ord=ord)


# --- Frente a torch.linalg ---------------------------------------------------


@pytest.mark.parametrize("name", VECTOR_NORMS)
@pytest.mark.parametrize("shape", [(1,), (7,), (1000,), (3, 4), (2, 3, 5)])
def test_vector_norms_match_torch_linalg_on_random_inputs(name, shape):
    fn, ord = VECTOR_NORMS[name]
    x = torch.randn(shape, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    assert torch.allclose(fn(x), torch.linalg.vector_norm(x, ord=ord), rtol=1e-12)


@pytest.mark.parametrize("p", [1, 1.5, 2, 3, 4.5, 10, math.inf])
def test_lp_norm_matches_torch_linalg(p):
    x = torch.randn(50, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    assert torch.allclose(lp_norm(x, p), torch.linalg.vector_norm(x, ord=p), rtol=1e-12)


def test_lp_norm_with_p_1_and_2_equals_l1_and_l2():
    x = torch.tensor([1.0, -2.0, 3.0, -4.0])
    assert lp_norm(x, 1) == l1_norm(x)
    assert torch.isclose(lp_norm(x, 2), l2_norm(x))
    assert lp_norm(x, math.inf) == linf_norm(x)


def test_frobenius_matches_torch_linalg_matrix_norm():
    X = torch.randn(30, 40, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    assert torch.allclose(frobenius_norm(X), torch.linalg.matrix_norm(X, ord="fro"), rtol=1e-12)


def test_known_values():
    assert l2_norm([3.0, -4.0]) == 5
    assert l1_norm([3.0, -4.0]) == 7
    assert linf_norm([3.0, -4.0]) == 4
    assert torch.isclose(lp_norm([2.0, -2.0, 1.0], 3), torch.tensor(17.0 ** (1 / 3)))
    assert frobenius_norm(torch.ones(4, 9)) == 6


# --- Entradas y resultados definidos ------------------------------------------


@pytest.mark.parametrize("fn", [l1_norm, l2_norm, linf_norm, lambda x: lp_norm(x, 3)])
def test_empty_vector_has_norm_zero(fn):
    result = fn(torch.tensor([]))
    assert result.shape == () and result.item() == 0.0


def test_empty_matrix_has_frobenius_norm_zero():
    assert frobenius_norm(torch.zeros(0, 3)).item() == 0.0


@pytest.mark.parametrize("fn", [l1_norm, l2_norm, linf_norm, frobenius_norm])
def test_integer_input_is_computed_in_floating_point(fn):
    result = fn(torch.tensor([[3, -4]]))
    assert result.dtype == torch.get_default_dtype()
    assert result.shape == ()


def test_lists_numpy_arrays_and_booleans_are_accepted():
    assert l2_norm([3, 4]) == 5
    assert l2_norm(np.array([3.0, 4.0])) == 5
    assert l1_norm(torch.tensor([True, False, True])) == 2


@pytest.mark.parametrize("dtype", [torch.float16, torch.float32, torch.float64])
def test_result_keeps_floating_dtype(dtype):
    assert l2_norm(torch.ones(4, dtype=dtype)).dtype == dtype


@pytest.mark.parametrize("fn", [l1_norm, l2_norm, linf_norm, lambda x: lp_norm(x, 3)])
def test_result_stays_on_the_input_device(fn):
    x = torch.ones(3, device="meta")
    assert fn(x).device.type == "meta"


def test_frobenius_result_stays_on_the_input_device():
    assert frobenius_norm(torch.ones(2, 2, device="meta")).device.type == "meta"


@pytest.mark.parametrize(
    "norm",
    [
        l1_norm,
        l2_norm,
        linf_norm,
        lambda x: lp_norm(x, 3),
        lambda x: lp_norm(x, math.inf),
        frobenius_norm,
    ],
    ids=["l1", "l2", "linf", "lp3", "lp-inf", "frobenius"],
)
def test_norms_follow_the_device_of_the_input(norm):
    out = norm(torch.ones(3, 4, device="meta"))
    assert out.device.type == "meta" and out.shape == ()


def test_linf_norm_of_an_empty_vector_follows_the_device():
    assert linf_norm(torch.ones(0, device="meta")).device.type == "meta"


def test_nan_gives_nan_and_infinity_gives_infinity():
    assert torch.isnan(l2_norm([1.0, math.nan]))
    assert l1_norm([1.0, math.inf]) == math.inf
    assert linf_norm([1.0, -math.inf]) == math.inf


def test_gradients_flow_through_the_norms():
    x = torch.tensor([3.0, -4.0], requires_grad=True)
    l2_norm(x).backward()
    assert torch.allclose(x.grad, torch.tensor([0.6, -0.8]))


# --- Entradas incorrectas -----------------------------------------------------


@pytest.mark.parametrize(
    "bad, error, words",
    [
        ("abc", TypeError, ["x", "str"]),
        (None, TypeError, ["x", "None"]),
        ([["a"]], TypeError, ["x"]),
        ({"a": 1}, TypeError, ["x", "dict"]),
        ([[1.0, 2.0], [3.0]], TypeError, ["x"]),
        (torch.tensor([1 + 2j]), TypeError, ["x", "complejo"]),
    ],
)
def test_bad_vectors_are_rejected_with_a_spanish_message(bad, error, words):
    for fn in (l1_norm, l2_norm, linf_norm, lambda x: lp_norm(x, 2)):
        with pytest.raises(error) as info:
            fn(bad)
        for word in words:
            assert word in str(info.value)
        assert "se recibió" in str(info.value)


@pytest.mark.parametrize("p", [0.5, 0, -1, -math.inf])
def test_lp_norm_rejects_p_below_one(p):
    with pytest.raises(ValueError, match=r"p debe ser mayor o igual que 1.*desigualdad triangular.*se recibió"):
        lp_norm([1.0, 2.0], p)


def test_lp_norm_rejects_nan_p():
    with pytest.raises(ValueError, match=r"p debe ser un número; se recibió NaN"):
        lp_norm([1.0, 2.0], math.nan)


@pytest.mark.parametrize("p", ["2", None, True, [2]])
def test_lp_norm_rejects_p_that_is_not_a_real_number(p):
    with pytest.raises(TypeError, match=r"p debe ser un número real; se recibió"):
        lp_norm([1.0, 2.0], p)


def test_lp_norm_accepts_numpy_and_tensor_exponents():
    x = [3.0, -4.0]
    assert lp_norm(x, np.float64(2.0)) == 5
    assert lp_norm(x, torch.tensor(2)) == 5


@pytest.mark.parametrize("shape", [(3,), (2, 2, 2), ()])
def test_frobenius_rejects_anything_that_is_not_a_matrix(shape):
    with pytest.raises(ValueError, match=r"X debe ser una matriz.*2 dimensiones.*se recibió un tensor de"):
        frobenius_norm(torch.ones(shape))


def test_frobenius_rejects_a_string():
    with pytest.raises(TypeError, match=r"X debe ser un tensor o una secuencia de números"):
        frobenius_norm("matriz")


# --- Propiedades (hypothesis) -------------------------------------------------

# Valores cuyo cuadrado es representable en float64: la fórmula de l2_norm,
# como la del libro, eleva al cuadrado sin reescalar (véase el ejercicio del
# desbordamiento en el capítulo «Normas»).
finite = st.one_of(
    st.just(0.0),
    st.floats(min_value=1e-100, max_value=1e6),
    st.floats(min_value=-1e6, max_value=-1e-100),
)
vectors = st.integers(min_value=1, max_value=20).flatmap(lambda n: arrays(np.float64, n, elements=finite))
pairs = st.integers(min_value=1, max_value=20).flatmap(
    lambda n: st.tuples(arrays(np.float64, n, elements=finite), arrays(np.float64, n, elements=finite))
)
exponents = st.sampled_from([1, 1.5, 2, 3, math.inf])


@settings(max_examples=200, deadline=None)
@given(pair=pairs, p=exponents)
def test_triangle_inequality(pair, p):
    x, y = (torch.from_numpy(v) for v in pair)
    assert lp_norm(x + y, p) <= (lp_norm(x, p) + lp_norm(y, p)) * (1 + 1e-12) + 1e-12


@settings(max_examples=200, deadline=None)
@given(x=vectors, alpha=st.floats(min_value=-1e3, max_value=1e3), p=exponents)
def test_absolute_homogeneity(x, alpha, p):
    x = torch.from_numpy(x)
    assert torch.isclose(lp_norm(alpha * x, p), abs(alpha) * lp_norm(x, p), rtol=1e-9, atol=1e-9)


@settings(max_examples=200, deadline=None)
@given(x=vectors, p=exponents)
def test_zero_only_at_zero(x, p):
    x = torch.from_numpy(x)
    norm = lp_norm(x, p)
    assert norm >= 0
    assert (norm == 0) == bool(torch.all(x == 0))


@settings(max_examples=200, deadline=None)
@given(x=vectors)
def test_linf_le_l2_le_l1(x):
    x = torch.from_numpy(x)
    slack = 1 + 1e-12
    assert linf_norm(x) <= l2_norm(x) * slack
    assert l2_norm(x) <= l1_norm(x) * slack


@settings(max_examples=100, deadline=None)
@given(
    matrix=st.tuples(st.integers(1, 6), st.integers(1, 6)).flatmap(
        lambda shape: arrays(np.float64, shape, elements=finite)
    )
)
def test_frobenius_is_the_l2_norm_of_the_entries(matrix):
    X = torch.from_numpy(matrix)
    assert torch.isclose(frobenius_norm(X), l2_norm(X.flatten()), rtol=1e-12)
    assert torch.isclose(frobenius_norm(X) ** 2, torch.trace(X.T @ X), rtol=1e-9)


# --- Norma espectral -------------------------------------------------------------


def with_singular_values(values, rows, cols, seed=0):
    """Matriz rows × cols (float64) con los valores singulares dados."""
    generator = torch.Generator().manual_seed(seed)
    k = len(values)
    U, _ = torch.linalg.qr(torch.randn(rows, k, dtype=torch.float64, generator=generator))
    V, _ = torch.linalg.qr(torch.randn(cols, k, dtype=torch.float64, generator=generator))
    return U @ torch.diag(torch.tensor(values, dtype=torch.float64)) @ V.T


@pytest.mark.parametrize("shape", [(1, 1), (1, 5), (5, 1), (3, 3), (8, 5), (5, 8), (30, 40)])
def test_spectral_norm_matches_torch_linalg(shape):
    X = torch.randn(shape, generator=torch.Generator().manual_seed(3), dtype=torch.float64)
    expected = torch.linalg.matrix_norm(X, ord=2)
    assert torch.allclose(spectral_norm(X, num_iters=2000), expected, rtol=1e-10)


def test_spectral_norm_is_the_largest_singular_value_of_a_known_matrix():
    X = with_singular_values([5.0, 2.0, 1.0], 6, 4)
    assert torch.isclose(spectral_norm(X), torch.tensor(5.0, dtype=torch.float64), rtol=1e-12)
    assert spectral_norm(torch.diag(torch.tensor([1.0, -7.0, 3.0]))) == 7


def test_spectral_norm_approaches_from_below_and_improves_with_iterations():
    X = torch.randn(20, 15, generator=torch.Generator().manual_seed(4), dtype=torch.float64)
    exact = torch.linalg.matrix_norm(X, ord=2)
    estimates = [spectral_norm(X, num_iters=k) for k in (1, 2, 5, 10, 20, 50, 100)]
    assert all(estimate <= exact * (1 + 1e-12) for estimate in estimates)
    assert all(a <= b * (1 + 1e-12) for a, b in itertools.pairwise(estimates))
    assert (exact - estimates[-1]) / exact < (exact - estimates[0]) / exact


def test_spectral_norm_error_shrinks_like_the_singular_value_ratio():
    # σ₂/σ₁ = 1/2: cada iteración divide el error relativo por unos 2⁴ = 16.
    X = with_singular_values([2.0, 1.0, 0.5], 5, 5, seed=1)
    errors = [(2.0 - spectral_norm(X, num_iters=k).item()) / 2.0 for k in (3, 4)]
    assert errors[1] == pytest.approx(errors[0] / 16, rel=0.05)


def test_spectral_norm_is_deterministic_and_leaves_the_global_generator_alone():
    X = torch.randn(10, 7, generator=torch.Generator().manual_seed(5))
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    first = spectral_norm(X, num_iters=3)
    assert torch.equal(torch.rand(3), expected)
    assert torch.equal(spectral_norm(X, num_iters=3), first)


def test_spectral_norm_does_not_overflow_where_the_squares_would():
    X = torch.full((2, 2), 1e20)  # los cuadrados (10⁴⁰) no caben en float32
    assert torch.isclose(spectral_norm(X), torch.tensor(2e20))
    assert torch.isclose(spectral_norm(X * 1e-40), torch.tensor(2e-20))


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_spectral_norm_keeps_dtype_and_device(dtype):
    result = spectral_norm(torch.eye(3, dtype=dtype))
    assert result.dtype == dtype and result.shape == () and result.device.type == "cpu"


@pytest.mark.skipif(not torch.cuda.is_available(), reason="necesita una GPU CUDA")
def test_spectral_norm_runs_on_the_gpu():
    X = torch.randn(50, 30, device="cuda", dtype=torch.float64)
    result = spectral_norm(X, num_iters=2000)
    assert result.device.type == "cuda"
    assert torch.isclose(result, torch.linalg.matrix_norm(X, ord=2), rtol=1e-8)


def test_spectral_norm_edge_cases():
    assert spectral_norm(torch.zeros(0, 3)).item() == 0.0
    assert spectral_norm(torch.zeros(4, 2)).item() == 0.0
    assert torch.isnan(spectral_norm([[1.0, math.nan]]))
    assert spectral_norm([[1.0, -math.inf]]) == math.inf
    assert spectral_norm(torch.tensor([[3, 0], [0, -4]])) == 4  # enteros: en coma flotante


@pytest.mark.parametrize("shape", [(3,), (2, 2, 2), ()])
def test_spectral_norm_rejects_anything_that_is_not_a_matrix(shape):
    with pytest.raises(ValueError, match=r"X debe ser una matriz.*se recibió un tensor de"):
        spectral_norm(torch.ones(shape))


@pytest.mark.parametrize(
    "num_iters, error", [(0, ValueError), (-3, ValueError), (2.5, TypeError), (True, TypeError), ("10", TypeError)]
)
def test_spectral_norm_rejects_a_bad_number_of_iterations(num_iters, error):
    with pytest.raises(error, match=r"num_iters debe ser .*se recibió"):
        spectral_norm(torch.eye(2), num_iters=num_iters)


matrices = st.tuples(st.integers(1, 6), st.integers(1, 6)).flatmap(
    lambda shape: arrays(np.float64, shape, elements=finite)
)


@settings(max_examples=100, deadline=None)
@given(matrix=matrices)
def test_spectral_norm_is_bounded_by_frobenius_and_rank(matrix):
    X = torch.from_numpy(matrix)
    sigma = spectral_norm(X, num_iters=500)
    exact = torch.linalg.matrix_norm(X, ord=2)
    assert sigma <= exact * (1 + 1e-9) + 1e-300
    assert sigma <= frobenius_norm(X) * (1 + 1e-9) + 1e-300
    rank = torch.linalg.matrix_rank(X).item()
    assert frobenius_norm(X) <= math.sqrt(max(rank, 1)) * exact * (1 + 1e-9) + 1e-300


@settings(max_examples=100, deadline=None)
@given(matrix=matrices, alpha=st.floats(min_value=-1e3, max_value=1e3))
def test_spectral_norm_is_absolutely_homogeneous(matrix, alpha):
    # Con cualquier número de iteraciones: escalar X no cambia las iteraciones.
    X = torch.from_numpy(matrix)
    sigma = spectral_norm(X, num_iters=3)
    assert torch.isclose(spectral_norm(alpha * X, num_iters=3), abs(alpha) * sigma, rtol=1e-9, atol=1e-300)


def test_spectral_norm_of_the_transpose_is_the_same():
    X = torch.randn(7, 12, generator=torch.Generator().manual_seed(6), dtype=torch.float64)
    assert torch.isclose(spectral_norm(X.T, num_iters=2000), spectral_norm(X, num_iters=2000), rtol=1e-10)


# --- unit_circle: el borde de la bola unidad -------------------------------------------


@pytest.mark.parametrize("p", [1, 1.5, 2, 3, math.inf, 0.5])
def test_unit_circle_points_have_norm_one_and_close_the_curve(p):
    points = unit_circle(p, num=400)
    assert points.shape == (401, 2)
    assert torch.equal(points[0], points[-1])
    norms = (points.abs() ** p).sum(dim=1) ** (1 / p) if p != math.inf else points.abs().amax(dim=1)
    assert torch.allclose(norms, torch.ones(401, dtype=torch.float64))


def test_unit_circle_includes_the_axes():
    points = unit_circle(1, num=8)
    for vertex in ([1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]):
        assert any(torch.equal(point, torch.tensor(vertex, dtype=torch.float64)) for point in points)


@pytest.mark.parametrize(
    "p, num, error, pattern",
    [
        (0, 400, ValueError, r"p debe ser mayor que 0"),
        ("2", 400, TypeError, r"p debe ser un número real"),
        (2, 402, ValueError, r"num debe ser múltiplo de 4"),
        (2, 2, ValueError, r"num debe ser un entero mayor o igual que 4"),
    ],
)
def test_unit_circle_rejects_bad_arguments(p, num, error, pattern):
    with pytest.raises(error, match=pattern):
        unit_circle(p, num)
