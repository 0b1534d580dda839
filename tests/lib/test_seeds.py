"""Especificación de las semillas: cada propósito tiene su propia corriente de números.

Con una sola corriente, ``set_seed(0)`` y ``SyntheticRegressionData(..., seed=0)``
sacaban los mismos números normales: los pesos iniciales de la regresión eran
0.01 veces el primer ejemplo de entrenamiento. Estas pruebas exigen que eso no
pueda volver a pasar con ninguna semilla de 0 a 9 ni con ningún modelo.
"""

import random

import numpy as np
import pytest
import torch

import lessons_lib as ll
from lessons_lib import set_seed

SEEDS = range(10)
NUM_INPUTS = 200  # como en «Regularización de pesos»
# Cada modelo de la biblioteca, con las mismas entradas que los datos.
MODELS = {
    "LinearRegressionScratch": lambda: ll.LinearRegressionScratch(NUM_INPUTS, lr=0.01),
    "WeightDecayScratch": lambda: ll.WeightDecayScratch(NUM_INPUTS, lambd=3, lr=0.01),
    "WeightDecay": lambda: ll.WeightDecay(NUM_INPUTS, lambd=3, lr=0.01),
    "DropoutMLPScratch": lambda: ll.DropoutMLPScratch(num_inputs=NUM_INPUTS, num_hiddens_1=8, num_hiddens_2=8),
    "DropoutMLP": lambda: ll.DropoutMLP(num_inputs=NUM_INPUTS, num_hiddens_1=8, num_hiddens_2=8),
}


def first_weights(model):
    """Los pesos de la primera capa, una fila por unidad: (unidades, NUM_INPUTS)."""
    weight = next(p for p in model.parameters() if p.dim() == 2).detach()
    return weight.T if weight.shape[0] == NUM_INPUTS else weight


def repeated_ratios(W, X):
    """Para cada fila de ``W`` y cada fila de ``X``, cuántos cocientes w_i / x_i se repiten.

    Si una fila de pesos es una copia escalada de un ejemplo (``w = c·x``),
    casi todas sus coordenadas dan el mismo cociente ``c``; si son
    independientes, ninguno se repite (a seis cifras significativas).
    """
    ratios = W.double()[:, None, :] / X.double()[None, :, :]
    keys = torch.sort(torch.round(torch.log(ratios.abs()) * 1e6) * torch.sign(ratios), dim=-1).values
    return (keys.diff(dim=-1) == 0).sum(dim=-1)


@pytest.mark.parametrize("name", MODELS)
@pytest.mark.parametrize("seed", SEEDS)
def test_same_integer_for_model_and_data_gives_unrelated_numbers(name, seed):
    ll.set_seed(seed)
    weights = first_weights(MODELS[name]())
    data = ll.SyntheticRegressionData(torch.full((NUM_INPUTS,), 0.01), 0.05, num_train=20, num_val=5, seed=seed)
    examples = torch.cat([data.X_train, data.X_val])
    # Con una corriente compartida, los pesos iniciales de la regresión
    # repetían 0.01 veces el primer ejemplo en 184 de 200 coordenadas.
    repeated = repeated_ratios(weights, examples).max().item()
    assert repeated <= 2, f"{repeated} coordenadas repiten el cociente peso/dato"


@pytest.mark.parametrize("seed", SEEDS)
def test_data_stream_differs_from_the_global_stream(seed):
    """Los datos no repiten lo que ``torch.randn`` da tras ``set_seed`` con el mismo entero."""
    ll.set_seed(seed)
    global_stream = torch.randn(200)
    data = ll.SyntheticRegressionData(torch.zeros(200), 0.0, num_train=1, num_val=1, seed=seed)
    cosine = torch.nn.functional.cosine_similarity(global_stream, data.X_train[0], dim=0).item()
    assert abs(cosine) < 0.3


@pytest.mark.parametrize("seed", SEEDS)
def test_derived_seeds_are_distinct_per_purpose_and_never_the_seed_itself(seed):
    derived = {purpose: ll.derive_seed(seed, purpose) for purpose in ("data", "shuffle", "init")}
    assert len(set(derived.values())) == 3
    assert seed not in derived.values()
    assert all(0 <= value < 2**63 for value in derived.values())
    assert derived["data"] == ll.derive_seed(seed, "data")  # determinista


def test_same_seed_still_gives_the_same_data():
    a = ll.SyntheticRegressionData([1.0, 2.0], 0.5, num_train=4, num_val=2, seed=7)
    b = ll.SyntheticRegressionData([1.0, 2.0], 0.5, num_train=4, num_val=2, seed=7)
    c = ll.SyntheticRegressionData([1.0, 2.0], 0.5, num_train=4, num_val=2, seed=8)
    assert torch.equal(a.X_train, b.X_train) and not torch.equal(a.X_train, c.X_train)


def test_book_seed_offsets_every_chapter_seed(monkeypatch):
    monkeypatch.delenv("LESSONS_BOOK_SEED", raising=False)
    assert [ll.book_seed(s) for s in (0, 1, 5)] == [0, 1, 5]
    monkeypatch.setenv("LESSONS_BOOK_SEED", "3")
    assert [ll.book_seed(s) for s in (0, 1, 5)] == [3, 4, 8]


@pytest.mark.parametrize("value", ["-1", "uno", "1.5"])
def test_book_seed_rejects_a_bad_environment_variable(monkeypatch, value):
    monkeypatch.setenv("LESSONS_BOOK_SEED", value)
    with pytest.raises(ValueError, match=r"LESSONS_BOOK_SEED debe ser un entero.*se recibió"):
        ll.book_seed(0)


# --- set_seed ---------------------------------------------------------------------


def test_set_seed_reproduces_torch_numpy_and_random():
    def draw():
        return torch.rand(3).tolist(), np.random.rand(3).tolist(), random.random()

    set_seed(11)
    first = draw()
    set_seed(11)
    assert draw() == first
    set_seed(12)
    assert draw() != first


def test_set_seed_accepts_numpy_integers():
    set_seed(np.int64(3))
    a = torch.rand(2)
    set_seed(3)
    assert torch.equal(a, torch.rand(2))


@pytest.mark.parametrize(
    "seed, error",
    [
        (-1, ValueError),
        (1.5, TypeError),
        ("3", TypeError),
        (True, TypeError),
        (None, TypeError),
    ],
)
def test_set_seed_rejects_bad_seeds(seed, error):
    with pytest.raises(error, match="^seed "):
        set_seed(seed)
