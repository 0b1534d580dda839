"""Especificación de decay_parameter_groups: decaimiento en las matrices, no en sesgos ni normalizaciones."""

import math

import pytest
import torch
from torch import nn

from lessons_lib import DropoutMLP, DropoutMLPScratch, WeightDecay, decay_parameter_groups


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
def test_bad_arguments_are_rejected_in_spanish(model, weight_decay, error, pattern):
    with pytest.raises(error, match=pattern):
        decay_parameter_groups(model, weight_decay)
