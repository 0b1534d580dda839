"""Especificación de lessons_lib.checks.mc_dropout: los errores típicos del dropout de Monte Carlo."""

import math

import pytest
import torch
from checktools import assert_reproducible_leaving_the_global_generator_alone, case, missing_cases, raises

from lessons_lib import mc_dropout_predict
from lessons_lib.checks import check_mc_dropout_predict


def mc_entropy(probs):
    return -torch.special.xlogy(probs, probs).sum(dim=-1)


def mc_variant(
    *,
    train=True,
    restore=True,
    finally_=True,
    no_grad=True,
    average="probs",
    log=torch.log,
    entropy="of_mean",
    device_aware=True,
):
    """Una implementación de estudiante con los errores que se pidan."""

    def predict(model, X, num_samples):
        was_training = model.training

        def passes():
            if train:
                model.train()
            outputs = []
            for _ in range(num_samples):
                logits = model(X)
                outputs.append(logits if average == "logits" else torch.softmax(logits, dim=-1))
            return outputs

        if finally_:
            try:
                if no_grad:
                    with torch.no_grad():
                        outputs = passes()
                else:
                    outputs = passes()
            finally:
                if restore:
                    model.train(was_training)
        else:
            with torch.no_grad():
                outputs = passes()
            if restore:
                model.train(was_training)
        if device_aware:
            stacked = torch.stack(outputs)
        else:
            stacked = torch.zeros(len(outputs), *outputs[0].shape)
            for i, output in enumerate(outputs):
                stacked[i] = output
        if average == "logits":
            probs = torch.softmax(stacked.mean(dim=0), dim=-1)
        else:
            probs = stacked.mean(dim=0)
        if entropy == "mean_of_entropies":
            H = (-(stacked * log(stacked)).sum(dim=-1)).mean(dim=0)
        else:
            H = -(probs * log(probs)).sum(dim=-1)
        return probs, H

    return predict


def test_the_reference_mc_dropout_predict_passes_every_case():
    result = check_mc_dropout_predict(mc_dropout_predict)
    assert result.passed, str(result)
    expected = [
        "sin dropout",
        "probabilidades que suman 1",
        "el dropout se enciende",
        "la media se acerca",
        "restaura el modo eval",
        "restaura el modo entrenamiento",
        "restaura el modo aunque",
        "sin grafos",
        "float64",
        "no modifica",
    ]
    assert missing_cases(result, expected) == []


def test_a_plain_student_version_passes_too():
    result = check_mc_dropout_predict(mc_variant())
    assert result.passed, str(result)


@pytest.mark.parametrize(
    "wrong, failing, hint",
    [
        (mc_variant(train=False), "el dropout se enciende", "el dropout está apagado"),
        (mc_variant(average="logits"), "la media se acerca", "Promedia probabilidades, no logits"),
        (mc_variant(entropy="mean_of_entropies"), "probabilidades que suman 1", "no la media de las entropías"),
        (mc_variant(log=torch.log2), "sin dropout", "logaritmo natural"),
        (mc_variant(restore=False), "restaura el modo eval", "model.train(was_training)"),
        (mc_variant(finally_=False), "restaura el modo aunque", "finally"),
        (mc_variant(no_grad=False), "sin grafos", "torch.no_grad()"),
    ],
    ids=["dropout-off", "logits", "mean-of-entropies", "log2", "no-restore", "no-finally", "no-grad"],
)
def test_typical_mc_dropout_mistakes_get_their_hint(wrong, failing, hint):
    result = check_mc_dropout_predict(wrong)
    assert not result.passed
    assert hint in case(result, failing).hint, str(result)


def test_mc_dropout_with_a_cpu_buffer_fails_on_the_meta_device():
    result = check_mc_dropout_predict(mc_variant(device_aware=False))
    device_case = case(result, "dispositivo")
    assert not device_case.passed
    assert "device=X.device" in device_case.hint


def test_an_mc_dropout_that_returns_only_the_probabilities_is_told_to_return_a_pair():
    result = check_mc_dropout_predict(lambda model, X, n: torch.softmax(model(X), dim=-1))
    assert "dos cosas, (probs, entropy)" in result.cases[0].hint
    assert not result.passed


def test_an_mc_dropout_that_is_broken_fails_cases_without_crashing():
    assert "¿olvidaste el return?" in check_mc_dropout_predict(lambda m, X, n: None).cases[0].hint
    result = check_mc_dropout_predict(raises)
    assert result.cases[0].got == "lanzó ValueError: algo salió mal"
    assert result.score < 0.5


def test_an_mc_dropout_with_nan_entropies_is_told_about_xlogy():
    def nan_entropy(model, X, n):
        probs, _ = mc_variant()(model, X, n)
        return probs, torch.full_like(probs[:, 0], math.nan)

    assert "xlogy" in case(check_mc_dropout_predict(nan_entropy), "probabilidades").hint


def test_check_mc_dropout_predict_validates_its_arguments():
    with pytest.raises(TypeError, match=r"fn debe ser una función.*se recibió"):
        check_mc_dropout_predict("mc_dropout_predict")
    with pytest.raises(ValueError, match=r"timeout"):
        check_mc_dropout_predict(mc_dropout_predict, timeout=0)


def test_an_mc_dropout_that_returns_a_single_element_tuple_is_told_to_return_a_pair():
    result = check_mc_dropout_predict(lambda model, X, n: (mc_variant()(model, X, n)[0],))
    assert "dos cosas, (probs, entropy)" in result.cases[0].hint


def test_an_mc_dropout_without_softmax_is_told_to_return_distributions():
    def no_softmax(model, X, n):
        model.train()
        with torch.no_grad():
            mean = torch.stack([model(X) for _ in range(n)]).mean(dim=0)
        model.eval()
        return mean, mc_entropy(torch.softmax(mean, dim=-1))

    assert "suman 1" in case(check_mc_dropout_predict(no_softmax), "probabilidades").hint


def test_an_mc_dropout_with_an_unrelated_entropy_gets_the_general_hint():
    def doubled(model, X, n):
        probs, entropy = mc_variant()(model, X, n)
        return probs, 2 * entropy

    hint = case(check_mc_dropout_predict(doubled), "probabilidades").hint
    assert hint.startswith("entropy debe ser −Σ p̄ log p̄")


def test_an_mc_dropout_that_averages_hard_votes_gets_the_general_hint():
    def hard_votes(model, X, n):
        model.train()
        with torch.no_grad():
            votes = torch.stack(
                [torch.nn.functional.one_hot(model(X).argmax(-1), 3).to(X.dtype) for _ in range(n)]
            ).mean(dim=0)
        model.eval()
        return votes, mc_entropy(votes)

    mean_case = case(check_mc_dropout_predict(hard_votes), "la media se acerca")
    assert not mean_case.passed
    assert mean_case.hint.startswith("probs debe ser la media de softmax")


def test_an_mc_dropout_that_modifies_x_is_caught():
    def modifies(model, X, n):
        result = mc_variant()(model, X, n)
        X.add_(1)
        return result

    unchanged = case(check_mc_dropout_predict(modifies), "no modifica")
    assert not unchanged.passed and "in situ" in unchanged.hint


def test_check_mc_dropout_predict_leaves_the_global_random_state_alone():
    assert_reproducible_leaving_the_global_generator_alone(lambda: check_mc_dropout_predict(mc_dropout_predict))
