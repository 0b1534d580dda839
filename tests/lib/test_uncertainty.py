"""Especificación de mc_dropout_predict: el dropout de Monte Carlo."""

import itertools
import math

import pytest
import torch
from torch import nn

import lessons_lib as ll
from lessons_lib.uncertainty import MCDropoutPrediction, mc_dropout_predict


def tiny_classifier(p=0.5, seed=0):
    """Red diminuta: 3 entradas, 4 unidades ocultas con dropout, 3 clases."""
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Dropout(p), nn.Linear(4, 3))
    with torch.no_grad():  # logits grandes: la softmax se nota
        model[3].weight.mul_(4)
    return model


def exact_mc_mean(model, X, p):
    """Media exacta de softmax sobre las 2⁴ máscaras de la capa oculta."""
    hidden = torch.relu(model[0](X))
    total = torch.zeros(X.shape[0], 3, dtype=X.dtype)
    for mask in itertools.product([0.0, 1.0], repeat=4):
        mask = torch.tensor(mask, dtype=X.dtype)
        kept = int(mask.sum())
        weight = (1 - p) ** kept * p ** (4 - kept)
        total += weight * torch.softmax(model[3](hidden * mask / (1 - p)), dim=1)
    return total


def test_it_is_exported_and_returns_a_named_tuple():
    assert ll.mc_dropout_predict is mc_dropout_predict
    model = tiny_classifier()
    result = mc_dropout_predict(model, torch.randn(5, 3), 10)
    assert isinstance(result, MCDropoutPrediction)
    probs, entropy, std = result
    assert probs is result.probs and entropy is result.entropy and std is result.std


@pytest.mark.parametrize("n, num_samples", [(1, 1), (5, 7), (64, 20)])
def test_shapes_and_probabilities_that_sum_to_one(n, num_samples):
    model = tiny_classifier()
    probs, entropy, std = mc_dropout_predict(model, torch.randn(n, 3), num_samples)
    assert probs.shape == (n, 3) and std.shape == (n, 3) and entropy.shape == (n,)
    assert torch.allclose(probs.sum(dim=1), torch.ones(n))
    assert torch.all(probs >= 0) and torch.all(std >= 0)
    assert torch.all(entropy >= 0) and torch.all(entropy <= math.log(3) + 1e-6)


def test_the_entropy_is_that_of_the_mean_probabilities():
    model = tiny_classifier()
    probs, entropy, _ = mc_dropout_predict(model, torch.randn(8, 3), 30)
    assert torch.allclose(entropy, -(probs * probs.log()).sum(dim=1))


def test_without_dropout_it_equals_the_eval_output_with_zero_spread():
    model = tiny_classifier(p=0.0).eval()
    X = torch.randn(10, 3)
    probs, entropy, std = mc_dropout_predict(model, X, 5)
    expected = torch.softmax(model(X), dim=1)
    assert torch.allclose(probs, expected, atol=1e-6)
    assert torch.all(std < 1e-6)
    assert torch.allclose(entropy, -(expected * expected.log()).sum(dim=1), atol=1e-6)


def test_with_dropout_it_averages_probabilities_over_the_masks():
    torch.manual_seed(1)
    model = tiny_classifier(p=0.5).double()
    X = torch.randn(4, 3, dtype=torch.float64)
    exact = exact_mc_mean(model, X, 0.5)
    # 500 copias de cada entrada, cada una con sus máscaras, y 8 pasadas:
    # 4000 muestras por entrada con solo 8 llamadas al modelo.
    probs, _, std = mc_dropout_predict(model, X.repeat(500, 1), 8)
    mean = probs.reshape(500, 4, 3).mean(dim=0)
    # Error típico de una media de 4000 muestras: menos de 0.5/√4000 ≈ 0.008.
    assert (mean - exact).abs().max() < 0.04
    assert std.max() > 0.05  # las pasadas no son iguales
    # Promediar logits daría la salida en modo eval, que aquí es otra cosa.
    with torch.no_grad():
        eval_probs = torch.softmax(model.eval()(X), dim=1)
    assert (eval_probs - exact).abs().max() > 0.1


@pytest.mark.parametrize("training", [True, False])
def test_the_mode_of_every_submodule_is_restored(training):
    model = tiny_classifier().train(training)
    model[2].train(not training)  # un estado mixto también se conserva
    before = [m.training for m in model.modules()]
    mc_dropout_predict(model, torch.randn(2, 3), 3)
    assert [m.training for m in model.modules()] == before


def test_the_mode_is_restored_even_if_the_model_fails():
    class Broken(nn.Module):
        def __init__(self):
            super().__init__()
            self.dropout = nn.Dropout(0.5)

        def forward(self, X):
            raise RuntimeError("forward roto")

    model = Broken().eval()
    with pytest.raises(RuntimeError, match="forward roto"):
        mc_dropout_predict(model, torch.randn(2, 3), 3)
    assert not model.training and not model.dropout.training


def test_batch_norm_keeps_its_running_statistics():
    model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Dropout(0.5), nn.Linear(4, 2))
    model.eval()
    mean_before = model[1].running_mean.clone()
    X = torch.randn(6, 3) + 5
    _probs, _, _ = mc_dropout_predict(model, X, 5)
    assert torch.equal(model[1].running_mean, mean_before)
    # Con una sola entrada, BatchNorm en modo de entrenamiento fallaría.
    mc_dropout_predict(model, X[:1], 2)


def test_no_autograd_graph_is_kept():
    model = tiny_classifier()
    probs, entropy, std = mc_dropout_predict(model, torch.randn(4, 3), 3)
    assert not probs.requires_grad and not entropy.requires_grad and not std.requires_grad


def test_the_input_is_not_modified_and_dtype_follows_it():
    model = tiny_classifier().double()
    X = torch.randn(4, 3, dtype=torch.float64)
    original = X.clone()
    probs, entropy, std = mc_dropout_predict(model, X, 3)
    assert torch.equal(X, original)
    assert probs.dtype == entropy.dtype == std.dtype == torch.float64


def test_the_device_follows_the_input():
    model = tiny_classifier().to("meta")
    probs, entropy, std = mc_dropout_predict(model, torch.ones(4, 3, device="meta"), 3)
    assert probs.device.type == entropy.device.type == std.device.type == "meta"


@pytest.mark.skipif(not torch.cuda.is_available(), reason="sin GPU")
def test_on_the_gpu():
    model = tiny_classifier().cuda()
    probs, entropy, _ = mc_dropout_predict(model, torch.randn(4, 3, device="cuda"), 10)
    assert probs.is_cuda and entropy.is_cuda
    assert torch.allclose(probs.sum(dim=1), torch.ones(4, device="cuda"))


def test_a_certain_class_has_zero_entropy_not_nan():
    model = nn.Linear(2, 3)
    with torch.no_grad():
        model.weight.zero_()
        model.bias.copy_(torch.tensor([1000.0, 0.0, 0.0]))
    probs, entropy, _ = mc_dropout_predict(model, torch.randn(3, 2), 2)
    assert torch.equal(probs[:, 1], torch.zeros(3))
    assert torch.equal(entropy, torch.zeros(3))


def test_more_passes_give_a_more_stable_mean():
    model = tiny_classifier()
    X = torch.randn(5, 3).repeat(50, 1)  # 50 repeticiones del experimento
    torch.manual_seed(0)
    few = mc_dropout_predict(model, X, 4).probs.reshape(50, 5, 3)
    many = mc_dropout_predict(model, X, 64).probs.reshape(50, 5, 3)
    # Con 16 veces más pasadas, la dispersión de la media baja unas 4 veces.
    assert many.std(dim=0).mean() < few.std(dim=0).mean() / 2.5
