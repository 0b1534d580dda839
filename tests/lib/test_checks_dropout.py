"""Especificación de lessons_lib.checks.dropout: los errores típicos de una capa de dropout."""

import torch
from checktools import case

from lessons_lib.checks import check_dropout_layer


def test_dropout_without_rescaling_is_told_to_divide_by_one_minus_p():
    result = check_dropout_layer(lambda X, p: (torch.rand_like(X) > p) * X)
    rescale = "Los elementos que se conservan deben dividirse por 1 − p"
    assert rescale in case(result, "valores").hint
    assert rescale in case(result, "la media se conserva").hint


def test_dropout_with_p_as_keep_probability_is_told_so():
    def keep_probability(X, p):
        return (torch.rand_like(X) < p) * X / p

    result = check_dropout_layer(keep_probability)
    keep = "p es la probabilidad de anular, no de conservar"
    assert keep in case(result, "p = 1").hint  # devuelve X en lugar de ceros
    assert keep in case(result, "valores").hint
    assert keep in case(result, "fracción anulada").hint


def test_dropout_with_a_cpu_mask_fails_on_the_meta_device():
    def cpu_mask(X, p):  # la versión de las ediciones anteriores
        if p == 1:
            return torch.zeros_like(X)
        if p == 0:
            return X
        mask = (torch.rand(X.shape) > p).float()
        return mask * X / (1.0 - p)

    result = check_dropout_layer(cpu_mask)
    assert [c.name for c in result.cases if not c.passed] == ["dispositivo (tensor en «meta»)"]
    meta = case(result, "dispositivo")
    assert "lanzó RuntimeError" in meta.got
    assert "torch.rand_like(X)" in meta.hint


def test_dropout_that_converts_to_float32_fails_the_float64_case():
    def cpu_mask_and_float(X, p):
        if p == 1:
            return torch.zeros_like(X)
        mask = (torch.rand(X.shape) > p).float()
        return mask * X.float() / (1.0 - p)

    result = check_dropout_layer(cpu_mask_and_float)
    assert "torch.float64" in case(result, "float64").hint
    assert not case(result, "dispositivo").passed


def test_dropout_with_one_mask_shared_by_the_batch_is_caught():
    def shared_by_rows(X, p):
        mask = torch.rand(X.shape[1:], device=X.device) > p
        return mask * X / (1 - p)

    result = check_dropout_layer(shared_by_rows)
    assert "se comparte entre los ejemplos del lote" in case(result, "máscara independiente").hint


def test_dropout_with_one_mask_per_row_is_caught():
    def shared_by_columns(X, p):
        mask = torch.rand(X.shape[0], 1, device=X.device) > p
        return mask * X / (1 - p)

    result = check_dropout_layer(shared_by_columns)
    assert "se comparte entre las columnas" in case(result, "máscara independiente").hint


def test_dropout_that_modifies_its_input_fails_only_that_case():
    def in_place(X, p):
        if p == 1:
            return X.zero_()
        return X.mul_((torch.rand_like(X) > p) / (1 - p))

    result = check_dropout_layer(in_place)
    assert [c.name for c in result.cases if not c.passed] == ["no modifica la entrada"]
    assert "No modifiques X in situ" in case(result, "no modifica").hint


def test_dropout_that_divides_by_zero_at_p_one_is_told_about_nan():
    result = check_dropout_layer(lambda X, p: (torch.rand_like(X) > p) * X / (1 - p))
    hint = case(result, "p = 1").hint
    assert "NaN" in hint and "trata p = 1 aparte" in hint


def test_dropout_that_drops_nothing_or_everything_is_told_so():
    for wrong in [lambda X, p: X, lambda X, p: torch.zeros_like(X)]:
        result = check_dropout_layer(wrong)
        assert "unos elementos deben anularse y otros no" in case(result, "valores").hint
        assert "unos elementos deben anularse y otros no" in case(result, "máscara independiente").hint


def test_dropout_that_returns_a_cpu_tensor_for_a_meta_input_is_told_about_the_device():
    result = check_dropout_layer(lambda X, p: torch.zeros(X.shape))
    hint = case(result, "dispositivo").hint
    assert "dispositivo de la entrada (meta)" in hint and "torch.zeros_like" in hint


def test_dropout_with_a_wrong_scale_gets_the_general_hint():
    result = check_dropout_layer(lambda X, p: (torch.rand_like(X) > p) * X * 2)
    assert "Cada salida debe ser 0 (anulada) o x/(1 − p)" in case(result, "valores").hint


def test_dropout_with_the_wrong_shape_is_told_the_expected_shape():
    result = check_dropout_layer(lambda X, p: X[:, :1])
    assert "La forma debe ser (4, 6)" in case(result, "p = 0").hint
