"""Especificación de lessons_lib.checks.early_stopping: los errores típicos de un bucle con parada temprana."""

import copy
import math

import pytest
import torch
from checktools import case

from lessons_lib.checks import check_early_stopping


def early_stopping_variant(
    *,
    keep="copy",
    patience_shift=0,
    watch="val",
    improves=lambda loss, best: loss < best,
    reset=True,
    max_shift=0,
    zero_based=False,
    argmin=False,
):
    """Una implementación de estudiante con los errores que se pidan.

    ``keep``: ``"copy"`` (correcto), ``"live"`` (guarda ``model.state_dict()``
    sin copiarlo), ``"every"`` (copia los pesos en todas las épocas) o
    ``"nothing"`` (no restaura). ``max_shift=None``: sin máximo de épocas.
    """

    def early_stopping(model, train_epoch, validate, max_epochs, patience):
        best, best_epoch, waited, saved, losses, epoch = math.inf, 0, 0, None, [], 0
        while max_shift is None or epoch < max_epochs + max_shift:
            epoch += 1
            train_loss = train_epoch()
            val_loss = validate()
            losses.append(val_loss)
            loss = train_loss if watch == "train" else val_loss
            if improves(loss, best):
                best, best_epoch = loss, epoch
                waited = 0 if reset else waited
                if keep == "copy":
                    saved = copy.deepcopy(model.state_dict())
                elif keep == "live":
                    saved = model.state_dict()
            else:
                waited += 1
            if keep == "every":
                saved = copy.deepcopy(model.state_dict())
            if waited >= patience + patience_shift:
                break
        if saved is not None:
            model.load_state_dict(saved)
        if argmin:
            best_epoch = int(torch.tensor(losses).argmin()) + 1
        return best_epoch - 1 if zero_based else best_epoch

    return early_stopping


def early_stopping_with_clones(model, train_epoch, validate, max_epochs, patience):
    """Correcta, escrita de otra forma: cuenta las épocas desde la mejor y clona tensor a tensor."""
    best_loss, best_epoch, best_weights = math.inf, None, None
    for epoch in range(1, max_epochs + 1):
        train_epoch()
        loss = validate()
        if loss < best_loss:
            best_loss, best_epoch = loss, epoch
            best_weights = {name: value.clone() for name, value in model.state_dict().items()}
        elif epoch - best_epoch >= patience:
            break
    model.load_state_dict(best_weights)
    return best_epoch


def test_a_correct_early_stopping_passes_every_case():
    result = check_early_stopping(early_stopping_variant())
    assert result.passed, str(result)
    assert len(result.cases) >= 8
    assert check_early_stopping(early_stopping_with_clones).passed


@pytest.mark.parametrize(
    "wrong, failing, hint",
    [
        (early_stopping_variant(keep="every"), "restaura los pesos", "pesos de la última época (la 4)"),
        (early_stopping_variant(keep="nothing"), "restaura los pesos", "pesos de la última época (la 4)"),
        (early_stopping_variant(keep="live"), "restaura los pesos", "Guardas una referencia a los pesos, no una copia"),
        (early_stopping_variant(patience_shift=-1), "se detiene tras patience", "Te detuviste una época antes"),
        (early_stopping_variant(patience_shift=1), "se detiene tras patience", "Te detuviste una época tarde"),
        (early_stopping_variant(watch="train"), "mira la validación", "Vigilas la pérdida de entrenamiento"),
        (
            early_stopping_variant(improves=lambda loss, best: loss <= best),
            "una pérdida igual",
            "Una pérdida igual a la mejor no es una mejora",
        ),
        (early_stopping_variant(reset=False), "la paciencia vuelve a empezar", "debe volver a 0"),
        (early_stopping_variant(max_shift=1), "nunca pasa de max_epochs", "Hiciste una época de más"),
        (early_stopping_variant(max_shift=None), "nunca pasa de max_epochs", "Hiciste más de max_epochs épocas"),
        (early_stopping_variant(zero_based=True), "devuelve la mejor época", "Cuenta las épocas desde 1"),
        (
            early_stopping_variant(improves=lambda loss, best: not loss >= best),
            "una pérdida NaN",
            "Una pérdida NaN no es una mejora",
        ),
        (early_stopping_variant(argmin=True), "una pérdida NaN", "torch.argmin"),
    ],
    ids=[
        "restores-last",
        "no-restore",
        "live-state-dict",
        "one-early",
        "one-late",
        "watches-training",
        "equal-improves",
        "no-reset",
        "one-epoch-too-many",
        "no-maximum",
        "zero-based",
        "nan-improves",
        "nan-argmin",
    ],
)
def test_typical_early_stopping_mistakes_get_their_hint(wrong, failing, hint):
    result = check_early_stopping(wrong)
    assert not result.passed
    assert hint in case(result, failing).hint, str(result)


@pytest.mark.parametrize(
    "wrong, only_failing",
    [
        (early_stopping_variant(keep="live"), ["restaura los pesos de la mejor época"]),
        (early_stopping_variant(zero_based=True), ["devuelve la mejor época, contada desde 1"]),
        (early_stopping_variant(watch="train"), ["mira la validación, no el entrenamiento"]),
        (early_stopping_variant(reset=False), ["la paciencia vuelve a empezar tras una mejora"]),
    ],
    ids=["live-state-dict", "zero-based", "watches-training", "no-reset"],
)
def test_one_mistake_fails_only_the_case_that_looks_for_it(wrong, only_failing):
    result = check_early_stopping(wrong)
    assert [c.name for c in result.cases if not c.passed] == only_failing


def test_the_early_stopping_report_says_where_it_stopped():
    result = check_early_stopping(early_stopping_variant(patience_shift=1))
    first = case(result, "se detiene tras patience")
    assert first.input == "validación: 5, 4, 3, 3.5, 3.6, 3.7, 3.8, 3.9, 4, 4.1; max_epochs = 10; patience = 3"
    assert first.expected == "se detiene en la época 6 (la mejor, la 3)"
    assert first.got == "se detuvo en la época 7"
    assert "entrenamiento: 5, 4, 3, 2.5" in case(result, "mira la validación").input


def test_the_last_epoch_or_another_wrong_number_is_told_apart():
    def stops_and_returns(value):
        def early_stopping(model, train_epoch, validate, max_epochs, patience):
            early_stopping_variant()(model, train_epoch, validate, max_epochs, patience)
            return value

        return early_stopping

    returned = case(check_early_stopping(stops_and_returns(6)), "devuelve la mejor época")
    assert returned.hint.startswith("Devolviste la última época (6), no la mejor (3)")
    returned = case(check_early_stopping(stops_and_returns(9)), "devuelve la mejor época")
    assert returned.hint == "Devuelve la época con menor pérdida de validación, la 3; devolviste 9."
    returned = case(check_early_stopping(stops_and_returns(3.0)), "devuelve la mejor época")
    assert "un número entero; devolvió un objeto de tipo float" in returned.hint
    assert case(check_early_stopping(stops_and_returns(torch.tensor(3))), "devuelve la mejor época").passed


def test_validating_before_training_breaks_the_protocol():
    def validates_first(model, train_epoch, validate, max_epochs, patience):
        validate()
        return early_stopping_variant()(model, train_epoch, validate, max_epochs, patience)

    result = check_early_stopping(validates_first)
    assert result.score == 0
    assert result.cases[0].hint.endswith(
        "empezaron así: validate() train_epoch() validate() train_epoch() validate() train_epoch()."
    )


def test_a_loop_that_never_stops_is_cut_and_told_so():
    def never_stops(model, train_epoch, validate, max_epochs, patience):
        while True:
            train_epoch()
            validate()

    result = check_early_stopping(never_stops)
    assert result.score == 0
    assert result.cases[0].hint.startswith("La función no se detuvo: el comprobador cortó el bucle tras 30 épocas.")


def test_a_loop_that_stops_at_a_fixed_epoch_gets_the_general_hint():
    def three_epochs(model, train_epoch, validate, max_epochs, patience):
        for _ in range(3):
            train_epoch()
            validate()
        return 3

    hint = case(check_early_stopping(three_epochs), "la paciencia vuelve a empezar").hint
    assert hint == "La parada temprana debía detener el entrenamiento en la época 9, no en la 3."


def test_restoring_weights_of_no_single_epoch_gets_the_general_hint():
    def restores_zeros(model, train_epoch, validate, max_epochs, patience):
        best = early_stopping_variant()(model, train_epoch, validate, max_epochs, patience)
        with torch.no_grad():
            model.weight[0] = 0.5
        return best

    restore = case(check_early_stopping(restores_zeros), "restaura los pesos")
    assert restore.got == "pesos que no son de ninguna época"
    assert restore.hint.startswith("El modelo debe terminar con los pesos de la mejor época, la 2")


def test_an_early_stopping_that_raises_is_told_the_signature():
    result = check_early_stopping(lambda model, train_epoch, validate, max_epochs: 1)
    assert result.cases[0].got.startswith("lanzó TypeError")
    assert "fn(model, train_epoch, validate, max_epochs, patience)" in result.cases[0].hint
    assert result.score == 0
