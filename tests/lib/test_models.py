"""Especificación de lessons_lib.models: decaimiento de pesos desde cero y conciso, MLP con dropout,
y modelos que siguen el dispositivo de la entrada."""

import math

import pytest
import torch

from lessons_lib import (
    DropoutMLP,
    DropoutMLPScratch,
    LinearRegressionScratch,
    SyntheticRegressionData,
    WeightDecay,
    WeightDecayScratch,
    fit,
    l2_norm,
    set_seed,
)
from lessons_lib.models import squared_loss

# --- Decaimiento de pesos ---------------------------------------------------------


def test_squared_loss_has_the_one_half_factor():
    assert squared_loss(torch.tensor([[3.0]]), torch.tensor([[1.0]])) == 2.0


def test_scratch_and_concise_start_from_the_same_weights():
    set_seed(7)
    scratch = WeightDecayScratch(20, lambd=3, lr=0.01)
    set_seed(7)
    concise = WeightDecay(20, lambd=3, lr=0.01)
    assert torch.equal(scratch.w.T, concise.net.weight)
    assert scratch.b.item() == concise.net.bias.item() == 0.0


def test_scratch_and_concise_compute_the_same_loss():
    set_seed(0)
    scratch, concise = WeightDecayScratch(5, 3, 0.01), None
    set_seed(0)
    concise = WeightDecay(5, 3, 0.01)
    X, y = torch.randn(8, 5), torch.randn(8, 1)
    assert torch.allclose(scratch.loss(scratch(X), y), concise.loss(concise(X), y))


def test_penalty_is_lambda_times_half_squared_norm_and_ignores_the_bias():
    model = WeightDecayScratch(3, lambd=2.0, lr=0.1)
    with torch.no_grad():
        model.w.copy_(torch.tensor([[1.0], [2.0], [2.0]]))
        model.b.fill_(100.0)
    assert model.penalty().item() == pytest.approx(2.0 * 9 / 2)


def test_linear_regression_scratch_has_no_penalty():
    assert not hasattr(LinearRegressionScratch(3, lr=0.1), "penalty")


def test_one_optimizer_step_with_weight_decay_is_the_decay_formula():
    """w ← (1 − ηλ) w − η ∇L, con el ∇L de la pérdida sin penalizar."""
    set_seed(3)
    lr, lambd = 0.05, 2.0
    model = WeightDecay(6, lambd=lambd, lr=lr, sigma=1.0)
    X, y = torch.randn(10, 6), torch.randn(10, 1)
    w, b = model.net.weight.detach().clone(), model.net.bias.detach().clone()
    grad_w, grad_b = torch.autograd.grad(model.loss(model(X), y), [model.net.weight, model.net.bias])
    optimizer = model.configure_optimizers()
    optimizer.zero_grad()
    model.loss(model(X), y).backward()
    optimizer.step()
    assert torch.allclose(model.net.weight, (1 - lr * lambd) * w - lr * grad_w, atol=1e-6)
    assert torch.allclose(model.net.bias, b - lr * grad_b, atol=1e-7)  # el sesgo no decae


def test_one_scratch_step_is_the_same_decay_formula():
    set_seed(3)
    lr, lambd = 0.05, 2.0
    model = WeightDecayScratch(6, lambd=lambd, lr=lr, sigma=1.0)
    X, y = torch.randn(10, 6), torch.randn(10, 1)
    w = model.w.detach().clone()
    (grad_w,) = torch.autograd.grad(model.loss(model(X), y), [model.w])
    optimizer = model.configure_optimizers()
    optimizer.zero_grad()
    (model.loss(model(X), y) + model.penalty()).backward()
    optimizer.step()
    assert torch.allclose(model.w, (1 - lr * lambd) * w - lr * grad_w, atol=1e-6)


def test_pytorch_sgd_does_not_decay_by_default():
    assert torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1).defaults["weight_decay"] == 0


@pytest.fixture(scope="module")
def chapter_data():
    """Los datos del capítulo: 200 entradas, 20 ejemplos de entrenamiento, 100 de validación."""
    return SyntheticRegressionData(
        torch.full((200,), 0.01), 0.05, noise=0.01, num_train=20, num_val=100, batch_size=5, seed=0
    )


def train(model_class, data, lambd, epochs=40):
    set_seed(0)
    model = model_class(200, lambd=lambd, lr=0.01)
    return model, fit(model, data, epochs=epochs, seed=0, device="cpu", progress=False)


@pytest.mark.parametrize("lambd", [0.0, 3.0])
def test_scratch_and_concise_follow_the_same_trajectory(chapter_data, lambd):
    """Tolerancias: 1e-6 relativo en ‖w‖ y 1e-6 absoluto en la pérdida (redondeo de float32)."""
    scratch, scratch_history = train(WeightDecayScratch, chapter_data, lambd)
    concise, concise_history = train(WeightDecay, chapter_data, lambd)
    assert l2_norm(concise.net.weight).item() == pytest.approx(l2_norm(scratch.w).item(), rel=1e-6)
    for a, b in zip(scratch_history.val_loss, concise_history.val_loss, strict=False):
        assert a == pytest.approx(b, abs=1e-6)


def test_weight_decay_shrinks_the_weights_and_helps_validation(chapter_data):
    free, free_history = train(WeightDecayScratch, chapter_data, 0.0)
    decayed, decayed_history = train(WeightDecayScratch, chapter_data, 3.0)
    assert l2_norm(decayed.w) < l2_norm(free.w)
    assert free_history.train_loss[-1] < decayed_history.train_loss[-1]
    assert decayed_history.val_loss[-1] < free_history.val_loss[-1]


def test_huge_lambda_predicts_the_mean_of_the_training_targets(chapter_data):
    # 100 épocas, como el capítulo: el sesgo aprende con η = 0.01 y tarda en llegar.
    free, _ = train(WeightDecayScratch, chapter_data, 0.0, epochs=100)
    model, _ = train(WeightDecayScratch, chapter_data, 100.0, epochs=100)
    assert l2_norm(model.w) < 0.3 * l2_norm(free.w)
    assert model.b.item() == pytest.approx(chapter_data.y_train.mean().item(), abs=0.002)


@pytest.mark.parametrize("model_class", [WeightDecayScratch, WeightDecay])
@pytest.mark.parametrize(
    "lambd, error, pattern",
    [
        (-1.0, ValueError, r"lambd debe ser un número finito mayor o igual que 0; se recibió -1\.0"),
        (math.nan, ValueError, r"lambd debe ser un número; se recibió NaN"),
        (math.inf, ValueError, r"lambd debe ser un número finito"),
        ("3", TypeError, r"lambd debe ser un número real; se recibió str"),
    ],
)
def test_weight_decay_models_reject_bad_lambda(model_class, lambd, error, pattern):
    with pytest.raises(error, match=pattern):
        model_class(10, lambd=lambd, lr=0.01)


@pytest.mark.parametrize("model_class", [WeightDecayScratch, WeightDecay])
@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        ({"lr": 0}, ValueError, r"lr debe ser un número finito mayor que 0"),
        ({"lr": -0.1}, ValueError, r"lr debe ser un número finito mayor que 0"),
        ({"num_inputs": 0}, ValueError, r"num_inputs debe ser un entero mayor o igual que 1"),
        ({"num_inputs": 2.5}, TypeError, r"num_inputs debe ser un número entero"),
        ({"sigma": -1}, ValueError, r"sigma debe ser un número finito mayor o igual que 0"),
    ],
)
def test_weight_decay_models_reject_bad_arguments(model_class, kwargs, error, pattern):
    arguments = {"num_inputs": 10, "lambd": 1.0, "lr": 0.01}
    arguments.update(kwargs)
    with pytest.raises(error, match=pattern):
        model_class(**arguments)


# --- MLP con dropout ------------------------------------------------------------------


def test_dropout_mlps_have_the_same_parameter_shapes_and_initialisation():
    set_seed(0)
    scratch = DropoutMLPScratch()
    set_seed(0)
    concise = DropoutMLP()
    scratch_parameters = [p for p in scratch.parameters()]
    concise_parameters = [p for p in concise.parameters()]
    assert [p.shape for p in scratch_parameters] == [p.shape for p in concise_parameters]
    assert [tuple(p.shape) for p in scratch_parameters] == [(256, 784), (256,), (256, 256), (256,), (10, 256), (10,)]
    for a, b in zip(scratch_parameters, concise_parameters, strict=False):
        assert torch.equal(a, b)


@pytest.mark.parametrize("model_class", [DropoutMLPScratch, DropoutMLP])
def test_dropout_mlp_is_deterministic_in_eval_mode(model_class):
    model = model_class().eval()
    X = torch.rand(16, 1, 28, 28)
    assert torch.equal(model(X), model(X))


@pytest.mark.parametrize("model_class", [DropoutMLPScratch, DropoutMLP])
def test_dropout_mlp_is_random_in_training_mode(model_class):
    model = model_class().train()
    X = torch.rand(16, 1, 28, 28)
    assert not torch.equal(model(X), model(X))


@pytest.mark.parametrize("model_class", [DropoutMLPScratch, DropoutMLP])
def test_dropout_mlp_without_dropout_is_deterministic_in_training_mode(model_class):
    model = model_class(dropout_1=0.0, dropout_2=0.0).train()
    X = torch.rand(4, 784)
    assert torch.equal(model(X), model(X))


@pytest.mark.parametrize("model_class", [DropoutMLPScratch, DropoutMLP])
@pytest.mark.parametrize(
    "kwargs, error, pattern",
    [
        ({"dropout_1": 1.5}, ValueError, r"dropout_1 es una probabilidad y debe estar en \[0, 1\]; se recibió 1\.5"),
        ({"dropout_2": -0.1}, ValueError, r"dropout_2 es una probabilidad y debe estar en \[0, 1\]"),
        ({"dropout_2": math.nan}, ValueError, r"dropout_2 debe ser un número; se recibió NaN"),
        ({"dropout_1": "0.5"}, TypeError, r"dropout_1 debe ser un número real"),
        ({"num_hiddens_1": 0}, ValueError, r"num_hiddens_1 debe ser un entero mayor o igual que 1"),
        ({"num_outputs": 2.0}, TypeError, r"num_outputs debe ser un número entero"),
        ({"lr": 0}, ValueError, r"lr debe ser un número finito mayor que 0"),
    ],
)
def test_dropout_mlps_reject_bad_arguments(model_class, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        model_class(**kwargs)


@pytest.fixture(scope="module")
def fashion_subset():
    from lessons_lib import FashionMNIST

    return FashionMNIST(batch_size=128, num_train=3000, num_val=1000)


def test_scratch_and_concise_dropout_mlps_both_learn_to_similar_accuracy(fashion_subset):
    histories = {}
    for model_class in (DropoutMLPScratch, DropoutMLP):
        set_seed(0)
        histories[model_class] = fit(model_class(), fashion_subset, epochs=3, device="cpu", progress=False)
    for history in histories.values():
        assert history.train_loss[-1] < 0.7 * history.train_loss[0]
        assert history.val_acc[-1] > 0.70
    accuracies = [history.val_acc[-1] for history in histories.values()]
    assert abs(accuracies[0] - accuracies[1]) < 0.05


def test_dropout_mlp_optimizer_uses_lr_and_momentum():
    optimizer = DropoutMLP(lr=0.2, momentum=0.5).configure_optimizers()
    assert optimizer.defaults["lr"] == 0.2 and optimizer.defaults["momentum"] == 0.5


@pytest.mark.parametrize("model_class", [DropoutMLPScratch, DropoutMLP])
@pytest.mark.parametrize("momentum", [1.0, -0.5, 2])
def test_dropout_mlps_reject_bad_momentum(model_class, momentum):
    with pytest.raises(ValueError, match=r"momentum"):
        model_class(momentum=momentum)


def test_printing_a_model_shows_its_hyperparameters():
    assert "num_inputs=3, lr=0.1)" in repr(LinearRegressionScratch(3, lr=0.1))
    assert "lr=0.01, lambd=3)" in repr(WeightDecayScratch(2, lambd=3, lr=0.01))
    assert repr(WeightDecay(2, lambd=3, lr=0.01)).startswith("WeightDecay(\n  lambd=3, lr=0.01\n")
    assert "dropout_1=0.2, dropout_2=0.5, lr=0.05, momentum=0.9" in repr(DropoutMLPScratch())
    concise = repr(DropoutMLP(dropout_1=0.1))
    assert "lr=0.05, momentum=0.9" in concise and "Dropout(p=0.1" in concise


# --- El dispositivo sigue a la entrada (dispositivo «meta») ---------------------
#
# Un tensor «meta» tiene forma, tipo y dispositivo pero no valores: si un
# modelo crea un tensor en la CPU y lo mezcla con la entrada, falla o
# devuelve un tensor de la CPU, igual que pasaría con una entrada en la GPU.


META = torch.device("meta")
MODELS = {
    "LinearRegressionScratch": lambda: LinearRegressionScratch(4, lr=0.1),
    "WeightDecayScratch": lambda: WeightDecayScratch(4, lambd=1.0, lr=0.1),
    "WeightDecay": lambda: WeightDecay(4, lambd=1.0, lr=0.1),
    "DropoutMLPScratch": lambda: DropoutMLPScratch(4, 8, 8, 3, lr=0.1),
    "DropoutMLP": lambda: DropoutMLP(4, 8, 8, 3, lr=0.1),
}


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("mode", [True, False], ids=["train", "eval"])
def test_models_forward_and_loss_follow_the_device(name, mode):
    model = MODELS[name]().to(META)
    model.train(mode)
    X = torch.ones(5, 4, device=META)
    y_hat = model(X)
    assert y_hat.device == META
    classifier = "MLP" in name
    y = torch.zeros(5, dtype=torch.long, device=META) if classifier else torch.zeros(5, 1, device=META)
    assert model.loss(y_hat, y).device == META


@pytest.mark.parametrize("name", MODELS)
def test_a_training_step_stays_on_the_device(name):
    # fit no puede ejecutarse entero en «meta»: acumula la pérdida con
    # loss.item(), y un tensor meta no tiene valores que leer (PyTorch lanza
    # «Tensor.item() cannot be called on meta tensors»). Se prueba lo más
    # cercano: el paso que fit da en cada lote (pasada hacia delante, pérdida
    # más penalización, retropropagación y paso del optimizador del modelo).
    model = MODELS[name]().to(META)
    model.train()
    classifier = "MLP" in name
    X = torch.ones(5, 4, device=META)
    y = torch.zeros(5, dtype=torch.long, device=META) if classifier else torch.zeros(5, 1, device=META)
    optimizer = model.configure_optimizers()
    objective = model.loss(model(X), y)
    if hasattr(model, "penalty"):
        objective = objective + model.penalty()
    optimizer.zero_grad()
    objective.backward()
    optimizer.step()
    for parameter in model.parameters():
        assert parameter.device == META and parameter.grad.device == META
