"""Especificación de lessons_lib.selection: los pliegues de la validación cruzada y la regla de un error típico."""

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons_lib import kfold_splits, one_standard_error_rule


@settings(max_examples=60, deadline=None)
@given(n=st.integers(2, 60), data=st.data())
def test_validation_folds_partition_the_examples_with_sizes_that_differ_by_at_most_one(n, data):
    k = data.draw(st.integers(2, n))
    splits = kfold_splits(n, k, seed=data.draw(st.integers(0, 5)))
    assert len(splits) == k
    folds = [val for _, val in splits]
    assert sorted(torch.cat(folds).tolist()) == list(range(n))
    sizes = [len(fold) for fold in folds]
    assert max(sizes) - min(sizes) <= 1


@settings(max_examples=40, deadline=None)
@given(n=st.integers(2, 40), data=st.data())
def test_each_training_set_is_the_complement_of_its_fold(n, data):
    k = data.draw(st.integers(2, n))
    for train, val in kfold_splits(n, k):
        assert not set(train.tolist()) & set(val.tolist())
        assert sorted(train.tolist() + val.tolist()) == list(range(n))


def test_indices_are_sorted_long_tensors():
    for train, val in kfold_splits(10, 3, seed=4):
        assert train.dtype == val.dtype == torch.long
        assert torch.equal(train, train.sort().values) and torch.equal(val, val.sort().values)


def test_the_same_seed_gives_the_same_folds_and_another_seed_other_folds():
    first = [val.tolist() for _, val in kfold_splits(30, 5, seed=0)]
    assert first == [val.tolist() for _, val in kfold_splits(30, 5, seed=0)]
    assert first != [val.tolist() for _, val in kfold_splits(30, 5, seed=1)]


def test_folds_are_shuffled_not_consecutive_blocks():
    blocks = [list(range(i, i + 6)) for i in range(0, 30, 6)]
    assert [val.tolist() for _, val in kfold_splits(30, 5, seed=0)] != blocks


def test_folds_do_not_consume_the_global_random_stream():
    torch.manual_seed(0)
    expected = torch.rand(3)
    torch.manual_seed(0)
    kfold_splits(20, 4)
    assert torch.equal(torch.rand(3), expected)


def test_leave_one_out_is_k_equal_to_n():
    splits = kfold_splits(4, 4)
    assert sorted(val.item() for _, val in splits) == [0, 1, 2, 3]
    assert all(len(train) == 3 for train, _ in splits)


@pytest.mark.parametrize(
    ("n", "k", "message"),
    [
        (5, 1, "k debe ser un entero entre 2 y 5; se recibió 1"),
        (5, 6, "k debe ser un entero entre 2 y 5; se recibió 6"),
    ],
)
def test_k_outside_two_to_n_names_the_range_and_the_value(n, k, message):
    with pytest.raises(ValueError, match=message):
        kfold_splits(n, k)


def test_one_standard_error_rule_picks_the_simplest_candidate_within_one_se_of_the_best():
    means = [1.0, 0.40, 0.31, 0.30, 0.32]
    ses = [0.1, 0.02, 0.02, 0.02, 0.02]
    # El mejor es el índice 3 (0.30); el umbral es 0.32; el primero por debajo, el 2.
    assert one_standard_error_rule(means, ses) == 2


def test_one_standard_error_rule_returns_the_best_when_nothing_simpler_is_close():
    assert one_standard_error_rule([3.0, 2.0, 1.0], [0.1, 0.1, 0.1]) == 2
    assert one_standard_error_rule([1.0, 1.0], [0.0, 0.0]) == 0
