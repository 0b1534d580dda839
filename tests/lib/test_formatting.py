"""Especificación de lessons_lib.formatting: los números de la prosa según la Ortografía de la RAE."""

import math

import pytest
import torch

import lessons_lib as ll
from lessons_lib.formatting import NO_BREAK_SPACE, THIN_SPACE


@pytest.mark.parametrize(
    "value, kwargs, expected",
    [
        (42504, {}, f"42{THIN_SPACE}504"),
        (60000, {}, f"60{THIN_SPACE}000"),
        (1000, {}, "1000"),  # cuatro cifras: sin agrupar
        (9999, {}, "9999"),
        (1234567, {}, f"1{THIN_SPACE}234{THIN_SPACE}567"),
        (123456.789, {"decimals": 2}, f"123{THIN_SPACE}456.79"),
        (0.011534, {"decimals": 5}, "0.01153"),
        (0.9623, {"decimals": 1, "style": "percent"}, f"96.2{NO_BREAK_SPACE}%"),
        (1.0, {"decimals": 0, "style": "percent"}, f"100{NO_BREAK_SPACE}%"),
        (6.0e-8, {"decimals": 1, "style": "power"}, "6.0·10⁻⁸"),
        (5e-6, {"style": "power"}, "5·10⁻⁶"),
        (42504.0, {"decimals": 1, "style": "power"}, "4.3·10⁴"),
        (2.5, {"decimals": 1, "style": "power"}, "2.5"),
        (-0.0215, {"decimals": 4}, "−0.0215"),
        (0.0197, {"decimals": 4, "sign": True}, "+0.0197"),
        (-0.00001, {"decimals": 2}, "0.00"),  # redondeado a cero: sin signo menos
        (torch.tensor(3.14159), {"decimals": 2}, "3.14"),
    ],
)
def test_format_number_follows_the_rae(value, kwargs, expected):
    assert ll.format_number(value, **kwargs) == expected


@pytest.mark.parametrize("value, decimals", [(0.398, 2), (2.5, 2), (3.0, 1), (7, 0)])
def test_a_pasted_number_keeps_its_zeros(value, decimals):
    """myst-nb lee el texto pegado con ast.literal_eval: «0.40» no debe volverse 0.4."""
    from IPython.lib.pretty import pretty
    from myst_nb.core.variables import format_plain_text

    text = ll.format_number(value, decimals)
    assert format_plain_text(pretty(text), "") == str(text)


def test_formatted_numbers_print_without_quotes():
    """Pegados con glue, se muestran como texto: su repr no lleva comillas."""
    text = ll.format_number(42504)
    assert repr(text) == str(text) and isinstance(text, str)
    from IPython.lib.pretty import pretty

    assert pretty(text) == str(text)


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_format_number_rejects_non_finite_values(value):
    with pytest.raises(ValueError, match="value debe ser un número finito"):
        ll.format_number(value)
