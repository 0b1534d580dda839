"""Especificación de lessons_lib.regularization: las penalizaciones, el conteo de monomios, el umbral
suave, la regresión penalizada, dropout_layer y los grupos de parámetros con y sin decaimiento."""

import itertools
import math

import numpy as np
import pytest
import torch
from torch import nn

from lessons_lib import (
    DropoutMLP,
    DropoutMLPScratch,
    WeightDecay,
    decay_parameter_groups,
    dropout_layer,
    l1_penalty,
    l2_norm,
    l2_penalty,
    num_monomials,
    penalized_least_squares,
    set_seed,
    soft_threshold,
)

# --- l2_penalty y l1_penalty ----------------------------------------------------


def test_l2_penalty_is_half_the_squared_norm_not_the_norm():
    w = torch.tensor([3.0, -4.0])
    assert l2_penalty(w) == 12.5
    assert l2_penalty(w) == l2_norm(w) ** 2 / 2
    assert l2_penalty(w) != l2_norm(w)


def test_l1_penalty_is_the_sum_of_absolute_values():
    assert l1_penalty(torch.tensor([3.0, -4.0, 0.5])) == 7.5


def test_penalties_of_matrices_sum_over_every_entry():
    W = torch.tensor([[1.0, -2.0], [3.0, 0.0]])
    assert l2_penalty(W) == 7.0
    assert l1_penalty(W) == 6.0


def test_gradient_of_l2_penalty_is_w():
    w = torch.randn(7, dtype=torch.float64, requires_grad=True)
    l2_penalty(w).backward()
    assert torch.equal(w.grad, w.detach())


def test_gradient_of_l1_penalty_is_the_sign_of_w():
    w = torch.tensor([2.0, -0.5, 3.0], requires_grad=True)
    l1_penalty(w).backward()
    assert torch.equal(w.grad, torch.tensor([1.0, -1.0, 1.0]))


@pytest.mark.parametrize("penalty", [l2_penalty, l1_penalty])
def test_penalties_keep_dtype_and_device(penalty):
    assert penalty(torch.ones(3, dtype=torch.float64)).dtype == torch.float64
    assert penalty(torch.ones(3, device="meta")).device.type == "meta"


@pytest.mark.parametrize("penalty", [l2_penalty, l1_penalty])
def test_penalties_follow_the_device_of_the_input(penalty):
    out = penalty(torch.ones(3, 4, device="meta"))
    assert out.device.type == "meta" and out.shape == ()


@pytest.mark.parametrize("penalty", [l2_penalty, l1_penalty])
@pytest.mark.parametrize("bad", [[1.0, 2.0], 3.0, "w", None])
def test_penalties_reject_what_is_not_a_tensor(penalty, bad):
    with pytest.raises(TypeError, match=r"w debe ser un torch\.Tensor; se recibió"):
        penalty(bad)


@pytest.mark.parametrize("penalty", [l2_penalty, l1_penalty])
@pytest.mark.parametrize("dtype", [torch.int64, torch.bool])
def test_penalties_reject_integer_tensors(penalty, dtype):
    with pytest.raises(TypeError, match=r"w debe ser un tensor de coma flotante.*se recibió dtype=torch\."):
        penalty(torch.ones(3, dtype=dtype))


# --- num_monomials ------------------------------------------------------------------


@pytest.mark.parametrize("k", range(1, 6))
@pytest.mark.parametrize("d", range(0, 6))
def test_num_monomials_matches_brute_force_enumeration(k, d):
    exponents = [e for e in itertools.product(range(d + 1), repeat=k) if sum(e) == d]
    assert num_monomials(k, d) == len(exponents)


def test_num_monomials_known_values():
    assert num_monomials(2, 2) == 3  # x², xy, y²
    assert num_monomials(1, 7) == 1
    assert num_monomials(20, 5) == math.comb(24, 19)


@pytest.mark.parametrize(
    "k, d, error",
    [(0, 2, ValueError), (2, -1, ValueError), (2.5, 1, TypeError), (2, "3", TypeError), (True, 1, TypeError)],
)
def test_num_monomials_rejects_bad_arguments(k, d, error):
    with pytest.raises(error, match=r"(k|d) debe ser .*se recibió"):
        num_monomials(k, d)


# --- soft_threshold y penalized_least_squares ----------------------------------------


def test_soft_threshold_shrinks_towards_zero_without_crossing_it():
    w = torch.tensor([3.0, -2.5, 0.2, -0.9, 0.0])
    assert torch.equal(soft_threshold(w, 1.0), torch.tensor([2.0, -1.5, 0.0, 0.0, 0.0]))
    assert torch.equal(soft_threshold(w, 0.0), w)


def test_soft_threshold_is_the_proximal_step_of_the_l1_penalty():
    # S_t(w) minimiza ½(v - w)² + t|v|: ningún v de una rejilla fina lo mejora.
    t = 0.7
    grid = torch.linspace(-5, 5, 20001, dtype=torch.float64)
    for w in [-3.0, -0.5, 0.3, 2.0]:
        objective = (grid - w) ** 2 / 2 + t * grid.abs()
        best = grid[objective.argmin()]
        assert soft_threshold(torch.tensor(w, dtype=torch.float64), t).item() == pytest.approx(best.item(), abs=1e-3)


def test_soft_threshold_rejects_negative_threshold():
    with pytest.raises(ValueError, match=r"threshold debe ser un número finito mayor o igual que 0"):
        soft_threshold(torch.ones(2), -1.0)


@pytest.fixture
def sparse_problem():
    # Los mismos datos que el capítulo «Regularización de pesos», en float64.
    generator = torch.Generator().manual_seed(0)
    X = torch.randn(50, 10, generator=generator)
    w = torch.tensor([2.0, -1.5, 1.0, 0, 0, 0, 0, 0, 0, 0])
    y = X @ w + 0.5 * torch.randn(50, generator=generator)
    return X.double(), y.double()


def test_l1_zeroes_the_irrelevant_weights_and_l2_keeps_them(sparse_problem):
    X, y = sparse_problem
    w_l1 = penalized_least_squares(X, y, "l1", 0.2, steps=2000)
    w_l2 = penalized_least_squares(X, y, "l2", 0.2, steps=2000)
    assert torch.all(w_l1[3:] == 0) and torch.all(w_l1[:3] != 0)
    assert torch.all(w_l2 != 0)


def test_l2_penalized_least_squares_reaches_the_closed_form(sparse_problem):
    X, y = sparse_problem
    n, d = X.shape
    lambd = 0.3
    closed_form = torch.linalg.solve(X.T @ X + n * lambd * torch.eye(d, dtype=X.dtype), X.T @ y)
    assert torch.allclose(penalized_least_squares(X, y, "l2", lambd, steps=3000), closed_form, atol=1e-8)


def test_l1_penalized_least_squares_satisfies_the_lasso_optimality_conditions(sparse_problem):
    # En el óptimo: -∇L(w)_j = λ sign(w_j) si w_j ≠ 0, y |∇L(w)_j| ≤ λ si w_j = 0.
    X, y = sparse_problem
    lambd = 0.2
    w = penalized_least_squares(X, y, "l1", lambd, steps=5000)
    grad = X.T @ (X @ w - y) / len(y)
    active = w != 0
    assert torch.allclose(-grad[active], lambd * torch.sign(w[active]), atol=1e-6)
    assert torch.all(grad[~active].abs() <= lambd + 1e-6)


@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        ({"penalty": "l3"}, ValueError, r"penalty debe ser 'l2' o 'l1'"),
        ({"lambd": -1.0}, ValueError, r"lambd debe ser un número finito mayor o igual que 0"),
        ({"lambd": math.nan}, ValueError, r"lambd debe ser un número; se recibió NaN"),
        ({"lr": 0.0}, ValueError, r"lr debe ser un número finito mayor que 0"),
        ({"steps": 0}, ValueError, r"steps debe ser un entero mayor o igual que 1"),
        ({"y": torch.ones(3)}, ValueError, r"X debe ser una matriz \(n, d\) e y un vector de n elementos"),
        ({"X": [[1.0]]}, TypeError, r"X debe ser un torch\.Tensor"),
    ],
)
def test_penalized_least_squares_rejects_bad_arguments(kwargs, error, pattern):
    arguments = {"X": torch.ones(4, 2), "y": torch.ones(4), "penalty": "l2", "lambd": 0.1, "lr": 0.1, "steps": 10}
    arguments.update(kwargs)
    with pytest.raises(error, match=pattern):
        penalized_least_squares(**arguments)


def test_soft_threshold_follows_the_device_of_the_input():
    assert soft_threshold(torch.ones(3, 4, device="meta"), 0.5).device.type == "meta"


@pytest.mark.parametrize("penalty", ["l1", "l2"])
def test_penalized_least_squares_follows_the_device_of_the_input(penalty):
    X, y = torch.ones(6, 3, device="meta"), torch.ones(6, device="meta")
    w = penalized_least_squares(X, y, penalty, 0.1, steps=3)
    assert w.device.type == "meta" and w.shape == (3,)


# --- dropout_layer -------------------------------------------------------------------


def test_dropout_with_p_zero_returns_the_input_itself():
    X = torch.randn(3, 4)
    assert dropout_layer(X, 0.0) is X


def test_dropout_with_p_one_returns_zeros_like_the_input():
    X = torch.randn(3, 4, dtype=torch.float64)
    out = dropout_layer(X, 1.0)
    assert torch.equal(out, torch.zeros_like(X)) and out.dtype == torch.float64


@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_dropout_zeroes_a_fraction_p_and_keeps_the_mean(p):
    """Con un millón de elementos y semilla fija: la fracción anulada tiene una
    desviación típica de √(p(1−p)/n) ≤ 0.0005 y la media, de √(p/(1−p)/n) ≤ 0.002;
    las tolerancias son de unas 6 desviaciones típicas."""
    torch.manual_seed(0)
    X = torch.full((1000, 1000), 3.0)
    out = dropout_layer(X, p)
    assert (out == 0).float().mean().item() == pytest.approx(p, abs=0.003)
    assert out.mean().item() == pytest.approx(3.0, abs=6 * 3.0 * math.sqrt(p / (1 - p) / X.numel()))
    assert torch.all((out == 0) | torch.isclose(out, torch.tensor(3.0 / (1 - p))))


def test_dropout_draws_a_new_mask_every_call():
    X = torch.ones(100, 100)
    assert not torch.equal(dropout_layer(X, 0.5), dropout_layer(X, 0.5))


def test_dropout_is_reproducible_with_the_same_seed():
    X = torch.ones(50, 50)
    torch.manual_seed(1)
    a = dropout_layer(X, 0.3)
    torch.manual_seed(1)
    assert torch.equal(a, dropout_layer(X, 0.3))


@pytest.mark.parametrize("dtype", [torch.float16, torch.float32, torch.float64])
@pytest.mark.parametrize("p", [0.0, 0.5, 1.0])
def test_dropout_keeps_dtype_shape_and_device(dtype, p):
    X = torch.ones(4, 5, dtype=dtype)
    out = dropout_layer(X, p)
    assert out.dtype == dtype and out.shape == X.shape and out.device == X.device
    meta = dropout_layer(torch.ones(4, 5, dtype=dtype, device="meta"), p)
    assert meta.device.type == "meta" and meta.dtype == dtype


@pytest.mark.parametrize("p", [0.0, 0.5, 1.0])
def test_dropout_layer_follows_the_device_and_dtype_of_the_input(p):
    X = torch.ones(3, 4, device="meta", dtype=torch.float64)
    out = dropout_layer(X, p)
    assert out.device.type == "meta" and out.dtype == torch.float64 and out.shape == (3, 4)


def test_gradients_flow_only_through_the_kept_units():
    torch.manual_seed(0)
    X = torch.randn(20, 30, requires_grad=True)
    out = dropout_layer(X, 0.4)
    out.sum().backward()
    kept = out.detach() != 0
    assert torch.allclose(X.grad[kept], torch.full_like(X.grad[kept], 1 / 0.6))
    assert torch.all(X.grad[~kept] == 0)


@pytest.mark.parametrize(
    "p, error, pattern",
    [
        (1.5, ValueError, r"p es una probabilidad y debe estar en \[0, 1\]; se recibió 1\.5"),
        (-0.1, ValueError, r"p es una probabilidad y debe estar en \[0, 1\]; se recibió -0\.1"),
        (math.nan, ValueError, r"p debe ser un número; se recibió NaN"),
        (math.inf, ValueError, r"p es una probabilidad"),
        ("0.5", TypeError, r"p debe ser un número real; se recibió str"),
        (None, TypeError, r"p debe ser un número real; se recibió NoneType"),
        (True, TypeError, r"p debe ser un número real; se recibió bool"),
        ([0.5], TypeError, r"p debe ser un número real; se recibió list"),
    ],
)
def test_dropout_rejects_bad_probabilities(p, error, pattern):
    X = torch.ones(2, 2)
    with pytest.raises(error, match=pattern):
        dropout_layer(X, p)


@pytest.mark.parametrize(
    "X, pattern",
    [
        ([[1.0, 2.0]], r"X debe ser un torch\.Tensor; se recibió list"),
        (torch.ones(2, 2, dtype=torch.int64), r"X debe ser un tensor de coma flotante.*torch\.int64"),
    ],
)
def test_dropout_rejects_inputs_that_are_not_float_tensors(X, pattern):
    with pytest.raises(TypeError, match=pattern):
        dropout_layer(X, 0.5)


def test_dropout_accepts_numpy_and_tensor_probabilities():
    X = torch.ones(3)
    assert torch.equal(dropout_layer(X, torch.tensor(1.0)), torch.zeros(3))
    assert dropout_layer(X, np.float64(0.0)) is X


def test_the_chapter_claim_on_the_kept_fraction_holds_for_many_book_seeds():
    """La frase del capítulo «Dropout», con el mismo código, para las semillas 0 a 499."""
    p, steps = 0.5, 24
    for seed in range(500):
        set_seed(seed + 2)
        masks = torch.stack([dropout_layer(torch.ones(5), p) != 0 for _ in range(steps)])
        spread = (p * (1 - p) / masks.numel()) ** 0.5
        assert abs(masks.float().mean().item() - (1 - p)) < 4 * spread, seed


# --- decay_parameter_groups: decaimiento en las matrices, no en sesgos ni normalizaciones ---


def ids(params):
    return {id(p) for p in params}


def test_matrices_are_decayed_and_vectors_are_not():
    model = nn.Sequential(
        nn.Conv2d(1, 4, 3),
        nn.BatchNorm2d(4),
        nn.Flatten(),
        nn.Linear(4 * 26 * 26, 8),
        nn.LayerNorm(8),
        nn.Linear(8, 2, bias=False),
    )
    decay, no_decay = decay_parameter_groups(model, 0.1)
    assert decay["weight_decay"] == 0.1 and no_decay["weight_decay"] == 0.0
    expected_decay = {id(model[0].weight), id(model[3].weight), id(model[5].weight)}
    expected_no_decay = {
        id(model[0].bias),
        id(model[1].weight),
        id(model[1].bias),
        id(model[3].bias),
        id(model[4].weight),
        id(model[4].bias),
    }
    assert ids(decay["params"]) == expected_decay
    assert ids(no_decay["params"]) == expected_no_decay


@pytest.mark.parametrize("model_class", [DropoutMLP, DropoutMLPScratch])
def test_the_dropout_mlp_decays_its_three_weight_matrices_only(model_class):
    model = model_class()
    decay, no_decay = decay_parameter_groups(model, 1e-3)
    weights = {id(p) for name, p in model.named_parameters() if name.endswith("weight")}
    biases = {id(p) for name, p in model.named_parameters() if name.endswith("bias")}
    assert ids(decay["params"]) == weights and len(weights) == 3
    assert ids(no_decay["params"]) == biases and len(biases) == 3


def test_every_trainable_parameter_is_in_exactly_one_group_and_frozen_ones_in_none():
    model = nn.Sequential(nn.Embedding(10, 4), nn.Linear(4, 4), nn.LayerNorm(4))
    model[1].bias.requires_grad_(False)
    decay, no_decay = decay_parameter_groups(model, 0.5)
    grouped = decay["params"] + no_decay["params"]
    trainable = [p for p in model.parameters() if p.requires_grad]
    assert len(grouped) == len(set(map(id, grouped))) == len(trainable)
    assert ids(grouped) == ids(trainable)
    assert id(model[1].bias) not in ids(grouped)


def test_a_shared_parameter_appears_once():
    layer = nn.Linear(3, 3)
    model = nn.Sequential(layer, nn.ReLU(), layer)
    decay, no_decay = decay_parameter_groups(model, 0.1)
    assert len(decay["params"]) == 1 and len(no_decay["params"]) == 1


def test_an_sgd_step_with_the_groups_shrinks_weights_and_leaves_biases_alone():
    model = nn.Linear(5, 2)
    before = {name: p.detach().clone() for name, p in model.named_parameters()}
    lr, lambd = 0.1, 0.3
    optimizer = torch.optim.SGD(decay_parameter_groups(model, lambd), lr=lr)
    for p in model.parameters():
        p.grad = torch.zeros_like(p)  # sin datos: solo actúa el decaimiento
    optimizer.step()
    assert torch.allclose(model.weight, (1 - lr * lambd) * before["weight"])
    assert torch.equal(model.bias, before["bias"])


def test_adamw_with_the_groups_decays_weights_by_one_minus_lr_times_lambda():
    model = nn.Linear(4, 3)
    before = {name: p.detach().clone() for name, p in model.named_parameters()}
    optimizer = torch.optim.AdamW(decay_parameter_groups(model, 0.5), lr=0.01)
    for p in model.parameters():
        p.grad = torch.zeros_like(p)
    optimizer.step()
    assert torch.allclose(model.weight, (1 - 0.01 * 0.5) * before["weight"])
    assert torch.equal(model.bias, before["bias"])


def test_the_groups_reproduce_the_concise_weight_decay_model():
    # WeightDecay separa a mano peso (con λ) y sesgo (sin λ): la misma regla.
    model = WeightDecay(num_inputs=4, lambd=3.0, lr=0.01)
    by_hand = model.configure_optimizers().param_groups
    decay, no_decay = decay_parameter_groups(model, 3.0)
    assert ids(decay["params"]) == ids(by_hand[0]["params"])
    assert ids(no_decay["params"]) == ids(by_hand[1]["params"])


def test_a_model_without_parameters_gives_two_empty_groups():
    decay, no_decay = decay_parameter_groups(nn.ReLU(), 0.1)
    assert decay["params"] == [] and no_decay["params"] == []


@pytest.mark.parametrize(
    "model, weight_decay, error, pattern",
    [
        ("modelo", 0.1, TypeError, r"model debe ser un torch.nn.Module; se recibió str"),
        ([nn.Linear(2, 2)], 0.1, TypeError, r"model debe ser un torch.nn.Module; se recibió list"),
        (nn.Linear(2, 2), -0.1, ValueError, r"weight_decay debe ser un número finito mayor o igual que 0"),
        (nn.Linear(2, 2), math.inf, ValueError, r"weight_decay .*se recibió inf"),
        (nn.Linear(2, 2), math.nan, ValueError, r"weight_decay debe ser un número; se recibió NaN"),
        (nn.Linear(2, 2), "0.1", TypeError, r"weight_decay debe ser un número real"),
    ],
)
def test_decay_parameter_groups_rejects_bad_arguments_in_spanish(model, weight_decay, error, pattern):
    with pytest.raises(error, match=pattern):
        decay_parameter_groups(model, weight_decay)
