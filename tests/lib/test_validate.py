"""Las comprobaciones de argumentos compartidas: qué aceptan y qué dicen al rechazar."""

import pytest
import torch

import lessons_lib as ll
from lessons_lib._validate import check_bool, check_device, check_int, check_probability, to_float_tensor


@pytest.mark.parametrize("value", [True, False])
def test_check_bool_returns_booleans(value):
    assert check_bool(value, "flag") is value


@pytest.mark.parametrize("value", [0, 1, "True", None])
def test_check_bool_rejects_everything_else_naming_the_argument(value):
    with pytest.raises(TypeError, match=r"^flag debe ser True o False; se recibió"):
        check_bool(value, "flag")


def test_check_bool_can_allow_none_and_says_so():
    assert check_bool(None, "progress", allow_none=True) is None
    with pytest.raises(TypeError, match=r"^progress debe ser True, False o None; se recibió int 1"):
        check_bool(1, "progress", allow_none=True)


def test_check_int_with_a_maximum_names_the_argument_and_the_whole_range():
    assert check_int(10000, "num_val", maximum=10000) == 10000
    for value in (0, 10001):
        with pytest.raises(ValueError, match=rf"^num_val debe ser un entero entre 1 y 10000; se recibió {value}$"):
            check_int(value, "num_val", maximum=10000)


def test_fashion_mnist_sizes_name_their_own_argument():
    with pytest.raises(ValueError, match=r"^num_val debe ser un entero entre 1 y 59999; se recibió 60000$"):
        ll.FashionMNIST(num_val=60000)
    with pytest.raises(ValueError, match=r"^num_train debe ser un entero entre 1 y 50000; se recibió 60001$"):
        ll.FashionMNIST(num_train=60001)
    with pytest.raises(ValueError, match=r"^num_test debe ser un entero entre 0 y 10000; se recibió 10001$"):
        ll.FashionMNIST(num_test=10001)


def test_names_are_verbs_and_return_the_checked_value():
    assert check_probability(0.25, "p") == 0.25
    assert check_device("cpu", "device") == torch.device("cpu")
    assert to_float_tensor([1, 2], "x").dtype == torch.get_default_dtype()
