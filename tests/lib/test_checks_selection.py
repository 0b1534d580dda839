"""Especificación de lessons_lib.checks.selection: los errores típicos de los pliegues de la validación cruzada."""

import numpy as np
import pytest
import torch
from checktools import assert_reproducible_leaving_the_global_generator_alone, case

from lessons_lib import kfold_splits
from lessons_lib.checks import check_kfold_splits


def generator(seed):
    return torch.Generator().manual_seed(seed)


def with_complements(folds):
    """Los pares (train_idx, val_idx): cada entrenamiento, los demás pliegues."""
    return [(torch.cat(folds[:i] + folds[i + 1 :]), fold) for i, fold in enumerate(folds)]


def numpy_blocks(n, k, seed=0):
    """Correcta, con otro generador: bloques consecutivos de una permutación de NumPy."""
    order = np.random.default_rng(seed).permutation(n)
    return with_complements([torch.from_numpy(part) for part in np.array_split(order, k)])


def sampled_folds(n, k, seed=0):
    """Sortea cada pliegue por separado: los pliegues se solapan."""
    g = generator(seed)
    sizes = [len(part) for part in torch.tensor_split(torch.arange(n), k)]
    splits = []
    for size in sizes:
        val = torch.randperm(n, generator=g)[:size]
        splits.append((torch.tensor([i for i in range(n) if i not in val.tolist()]), val))
    return splits


def floor_sized_folds(n, k, seed=0):
    """Pliegues de n // k ejemplos: el resto se pierde."""
    order, size = torch.randperm(n, generator=generator(seed)), n // k
    return with_complements([order[i * size : (i + 1) * size] for i in range(k)])


def floor_sized_steps(n, k, seed=0):
    """Trozos de n // k ejemplos hasta el final: el resto forma un pliegue de más."""
    order, size = torch.randperm(n, generator=generator(seed)), n // k
    return with_complements([order[start : start + size] for start in range(0, n, size)])


def remainder_in_the_last_fold(n, k, seed=0):
    order, size = torch.randperm(n, generator=generator(seed)), n // k
    return with_complements([order[i * size : (i + 1) * size] for i in range(k - 1)] + [order[(k - 1) * size :]])


def training_with_everything(n, k, seed=0):
    return [(torch.arange(n), val) for _, val in kfold_splits(n, k, seed=seed)]


def training_with_the_later_folds(n, k, seed=0):
    """El entrenamiento de cada pliegue son solo los pliegues siguientes (y el del último, los anteriores)."""
    folds = list(torch.tensor_split(torch.randperm(n, generator=generator(seed)), k))
    return [(torch.cat(folds[i + 1 :] or folds[:i]), fold) for i, fold in enumerate(folds)]


def one_fold_short(n, k, seed=0):
    return kfold_splits(n, k, seed=seed)[:-1]


def global_shuffle(n, k, seed=0):
    """Baraja con el generador global: otra permutación en cada llamada."""
    return with_complements(list(torch.tensor_split(torch.randperm(n), k)))


def fixed_seed(n, k, seed=0):
    return kfold_splits(n, k, seed=0)


def no_shuffle(n, k, seed=0):
    return with_complements(list(torch.tensor_split(torch.arange(n), k)))


def as_lists(n, k, seed=0):
    return [(train.tolist(), val.tolist()) for train, val in kfold_splits(n, k, seed=seed)]


def as_floats(n, k, seed=0):
    return [(train.float(), val.float()) for train, val in kfold_splits(n, k, seed=seed)]


def test_the_reference_kfold_splits_passes_every_case():
    result = check_kfold_splits(kfold_splits)
    assert result.passed, str(result)
    names = [c.name for c in result.cases]
    for expected in [
        "n divisible por k",
        "n no divisible por k",
        "k = 2",
        "dejar uno fuera (k = n)",
        "n grande",
        "reproducible con la misma semilla",
        "la semilla cambia los pliegues",
    ]:
        assert expected in names, expected


def test_folds_from_another_generator_in_another_order_pass_too():
    assert check_kfold_splits(numpy_blocks).passed


@pytest.mark.parametrize(
    "wrong, failing, hint",
    [
        (sampled_folds, "n divisible por k", "Los pliegues de validación se solapan"),
        (floor_sized_folds, "n no divisible por k", "Se pierde el resto"),
        (floor_sized_steps, "n no divisible por k", "Sobra un pliegue (4 en lugar de k = 3)"),
        (remainder_in_the_last_fold, "resto de varios ejemplos", "Todo el resto está en el último pliegue"),
        (training_with_everything, "n divisible por k", "contiene ejemplos de su propio pliegue de validación"),
        (training_with_the_later_folds, "n divisible por k", "le faltan ejemplos que no están en su pliegue"),
        (one_fold_short, "k = 2", "Debe haber k = 2 pares (train_idx, val_idx), uno por pliegue; devolviste 1."),
        (global_shuffle, "reproducible con la misma semilla", "baraja con un generador propio"),
        (fixed_seed, "la semilla cambia los pliegues", "la semilla no se usa"),
        (no_shuffle, "la semilla cambia los pliegues", "baraja los ejemplos antes de cortarlos"),
        (as_lists, "n divisible por k", "deben ser tensores de PyTorch (torch.Tensor), no list"),
        (as_floats, "n divisible por k", "deben ser enteros (torch.long), no torch.float32"),
    ],
    ids=[
        "overlap",
        "dropped-remainder",
        "extra-fold",
        "remainder-last",
        "own-fold",
        "train-missing",
        "fold-count",
        "not-reproducible",
        "seed-ignored",
        "no-shuffle",
        "lists",
        "floats",
    ],
)
def test_typical_kfold_mistakes_get_their_hint(wrong, failing, hint):
    result = check_kfold_splits(wrong)
    assert not result.passed
    assert hint in case(result, failing).hint, str(result)


def test_a_dropped_remainder_passes_only_when_k_divides_n():
    result = check_kfold_splits(floor_sized_folds)
    assert case(result, "n divisible por k").passed
    assert case(result, "dejar uno fuera").passed
    failed = [c.name for c in result.cases if not c.passed]
    assert failed == [
        "n no divisible por k",
        "resto de varios ejemplos",
        "k = 2",
        "n grande",
        "reproducible con la misma semilla",
    ]


def test_a_remainder_dumped_in_the_last_fold_fails_only_when_it_is_two_or_more():
    result = check_kfold_splits(remainder_in_the_last_fold)
    # Con n % k = 1, el último pliegue tiene uno más: es un reparto válido.
    assert case(result, "n no divisible por k").passed
    assert not case(result, "n grande").passed


def test_global_shuffling_gives_valid_folds_that_do_not_repeat():
    result = check_kfold_splits(global_shuffle)
    assert [c.name for c in result.cases if not c.passed] == ["reproducible con la misma semilla"]


@pytest.mark.parametrize(
    "wrong, hint",
    [
        (lambda n, k, seed=0: [(t + 1, v + 1) for t, v in kfold_splits(n, k, seed=seed)], "¿empiezas a contar en 1?"),
        (lambda n, k, seed=0: [(t - 3, v) for t, v in kfold_splits(n, k, seed=seed)], "índices fuera de range(n)"),
        (lambda n, k, seed=0: [(t, v[None]) for t, v in kfold_splits(n, k, seed=seed)], "una dimensión"),
        (
            lambda n, k, seed=0: [(t, torch.isin(torch.arange(n), v)) for t, v in kfold_splits(n, k, seed=seed)],
            "no máscaras booleanas",
        ),
        (lambda n, k, seed=0: [(t, v.numpy()) for t, v in kfold_splits(n, k, seed=seed)], "no ndarray"),
        (lambda n, k, seed=0: [(t, v, v) for t, v in kfold_splits(n, k, seed=seed)], "debe ser un par"),
        (lambda n, k, seed=0: torch.arange(n), "lista de k = 3 pares"),
        (lambda n, k, seed=0: None, "¿olvidaste el return?"),
    ],
    ids=["one-based", "negative", "2-d", "mask", "ndarray", "triple", "tensor", "none"],
)
def test_malformed_folds_are_told_what_is_wrong(wrong, hint):
    result = check_kfold_splits(wrong)
    assert result.score == 0
    assert hint in result.cases[0].hint, str(result)


def test_folds_of_uneven_size_that_are_not_the_remainder_get_the_general_hint():
    def uneven(n, k, seed=0):
        order = torch.randperm(n, generator=generator(seed))
        return with_complements(list(torch.split(order, [n - k + 1] + [1] * (k - 1))))

    hint = case(check_kfold_splits(uneven), "n divisible por k").hint
    assert hint == "Los tamaños de los pliegues deben diferir como mucho en uno; son [10, 1, 1]."


def test_examples_missing_from_every_fold_that_are_not_the_remainder_get_the_general_hint():
    def first_example_never_validates(n, k, seed=0):
        return [(train[train != 0], val[val != 0]) for train, val in kfold_splits(n, k, seed=seed)]

    hint = case(check_kfold_splits(first_example_never_validates), "n divisible por k").hint
    assert hint.startswith("Hay ejemplos que no están en ningún pliegue de validación (1 de 12)")


def test_a_training_set_with_repeated_examples_is_caught():
    def repeated(n, k, seed=0):
        return [(torch.cat([train, train[:1]]), val) for train, val in kfold_splits(n, k, seed=seed)]

    assert "train_idx del pliegue 1 repite ejemplos" in case(check_kfold_splits(repeated), "k = 2").hint


def test_a_function_without_the_seed_argument_is_told_the_signature():
    result = check_kfold_splits(lambda n, k: kfold_splits(n, k))
    assert result.cases[0].got.startswith("lanzó TypeError")
    assert "fn(n, k, seed=0)" in result.cases[0].hint


def test_the_kfold_report_shows_the_sizes_that_were_expected_and_received():
    first = check_kfold_splits(floor_sized_folds).cases[1]
    assert first.input == "n = 10, k = 3, seed = 1"
    assert first.expected.startswith("3 pares (train_idx, val_idx): 1 pliegue de 4 y 2 pliegues de 3")
    assert first.got == "3 pares; pliegues de validación de tamaños [3, 3, 3]"


def test_check_kfold_splits_leaves_the_global_random_state_alone():
    assert_reproducible_leaving_the_global_generator_alone(lambda: check_kfold_splits(global_shuffle))
