r"""Comprobador de la predicción con dropout de Monte Carlo, ``fn(model, X, num_samples)``."""

import math

import torch

from lessons_lib.checks._engine import (
    DEFAULT_TIMEOUT,
    SEED,
    Case,
    Mistake,
    check_arguments,
    close,
    diagnose,
    format_value,
    run_check,
    runs_on_meta,
    seeded_randn,
    tensor_problem,
    unchanged_case,
    wrong_type_hint,
)
from lessons_lib.uncertainty import mc_dropout_predict

__all__ = ["check_mc_dropout_predict"]


_MC_CLASSES = 3
_MC_TOLERANCE = 0.04
_MC_COPIES = 500
_MC_PASSES = 8
_MC_STRUCTURE_HINT = (
    "La función debe devolver dos cosas, (probs, entropy): las "
    "probabilidades medias, de forma (n, clases), y la entropía predictiva, "
    "de forma (n,)."
)
_MC_TRAIN_HINT = (
    "Todas las pasadas dan lo mismo: el dropout está apagado. Pon el modelo "
    "en modo de entrenamiento (model.train()) antes de las pasadas."
)
_MC_RESTORE_HINT = (
    "Devuelve el modelo al modo en que estaba: guarda model.training antes "
    "de empezar y llama a model.train(was_training) al terminar."
)


def _mc_model(p, dtype=torch.float32, device="cpu", training=False):
    """Red diminuta con dropout: 3 entradas, 4 ocultas, 3 clases."""
    randn = seeded_randn()
    model = torch.nn.Sequential(
        torch.nn.Linear(3, 4),
        torch.nn.ReLU(),
        torch.nn.Dropout(p),
        torch.nn.Linear(4, _MC_CLASSES),
    )
    with torch.no_grad():
        for parameter in model.parameters():
            # Pesos grandes: la media de softmax se separa de la salida en
            # modo eval, y los errores típicos se distinguen.
            parameter.copy_(2 * randn(parameter.shape))
    return model.to(dtype=dtype, device=device).train(training)


def _mc_inputs(n, dtype=torch.float32):
    """``n`` entradas de la red diminuta, siempre las mismas."""
    return seeded_randn(SEED + 1)(n, 3, dtype=dtype)


def _entropy(probs):
    """Entropía −Σ p log p de cada fila, con 0 log 0 = 0."""
    return -torch.special.xlogy(probs, probs).sum(dim=-1)


def _mc_exact_mean(model, X, p):
    """Media exacta de las probabilidades sobre las 2⁴ máscaras."""
    with torch.no_grad():
        hidden = model[1](model[0](X))
        total = torch.zeros(X.shape[0], _MC_CLASSES, dtype=X.dtype)
        for bits in range(2**4):
            mask = torch.tensor([(bits >> i) & 1 for i in range(4)], dtype=X.dtype)
            kept = int(mask.sum())
            weight = (1 - p) ** kept * p ** (4 - kept)
            logits = model[3](hidden * mask / (1 - p))
            total += weight * torch.softmax(logits, dim=-1)
    return total


def _pair_problem(got, X):
    """Pista si ``got`` no es un par ``(probs, entropy)`` de tensores con la
    forma, el tipo y el dispositivo que corresponden a ``X``; ``None`` si lo
    es."""
    if isinstance(got, torch.Tensor):
        return _MC_STRUCTURE_HINT
    if not isinstance(got, (tuple, list)):
        return wrong_type_hint(got, "un par (probs, entropy)")
    if len(got) < 2:
        return _MC_STRUCTURE_HINT
    like_probs = torch.empty(X.shape[0], _MC_CLASSES, dtype=X.dtype, device=X.device)
    like_entropy = torch.empty(X.shape[0], dtype=X.dtype, device=X.device)
    for value, like, name in [(got[0], like_probs, "probs"), (got[1], like_entropy, "entropy")]:
        problem = tensor_problem(value, like)
        if problem is not None:
            return f"{name}: {problem}"
    return None


def _format_pair(got):
    """Texto para el informe: ``probs = …; entropy = …``."""
    if isinstance(got, (tuple, list)) and len(got) >= 2:
        return f"probs = {format_value(got[0])}; entropy = {format_value(got[1])}"
    return format_value(got)


def _pair_judge(X, judge):
    """El juez ``judge(got, probs, entropy)``, precedido de la guarda del par:
    si lo devuelto no es un par ``(probs, entropy)`` como corresponde a
    ``X``, el caso falla con esa pista."""

    def guarded(got):
        problem = _pair_problem(got, X)
        if problem is not None:
            return _format_pair(got), problem
        return judge(got, got[0], got[1])

    return guarded


def _well_formed_pair(got, probs, entropy):
    """Juez para los casos de estructura: pasa todo par que pase la guarda."""
    return _format_pair(got), None


def _mc_case(name, shown, expected, args, judge, error_hint=""):
    """Caso de ``fn(model, X, num_samples)`` con ``args = (model, X,
    num_samples)``; ``judge(got, probs, entropy)`` recibe el par ya
    comprobado."""
    return Case(name, shown, expected, args, _pair_judge(args[1], judge), error_hint)


_LOGITS_MISTAKE = Mistake(
    "Devuelve probabilidades: aplica softmax a la salida del modelo en cada pasada.", lambda logits: logits
)
_LOG2_HINT = "Usa el logaritmo natural (torch.log), no log2: la entropía se mide en nats."
_ENTROPY_MISTAKES = [
    Mistake(_LOG2_HINT, lambda probs: _entropy(probs) / math.log(2)),
    Mistake("Error de signo: la entropía es −Σ p log p, que no es negativa.", lambda probs: -_entropy(probs)),
]


def _mc_eval_case():
    """Caso exacto: sin dropout, la media es la salida en modo eval."""
    X = _mc_inputs(5)
    model = _mc_model(0.0)
    with torch.no_grad():
        logits = model(X)
    expected = torch.softmax(logits, dim=-1)

    def judge(got, probs, entropy):
        hint = diagnose(
            probs.detach(),
            expected,
            "Sin dropout, todas las pasadas son la salida en modo eval: probs debe ser softmax(model(X)).",
            [_LOGITS_MISTAKE],
            (logits,),
        )
        if hint is None:
            hint = diagnose(
                entropy.detach(),
                _entropy(expected),
                "La entropía predictiva es −Σ p log p de las probabilidades medias.",
                _ENTROPY_MISTAKES,
                (expected,),
            )
        return _format_pair(got), hint

    shown = "modelo sin dropout (p = 0), X de forma (5, 3), 3 pasadas"
    expected_text = f"probs = {format_value(expected)}"
    return _mc_case("sin dropout: la salida en modo eval", shown, expected_text, (model, X, 3), judge)


def _consistency_hint(probs, entropy):
    """Pista si las filas de ``probs`` no son distribuciones o ``entropy``
    no es su entropía; ``None`` si todo cuadra."""
    if torch.isnan(probs).any() or torch.isnan(entropy).any():
        return "El resultado contiene NaN: con probabilidades 0, p·log p da 0·(−∞); usa torch.special.xlogy(p, p)."
    sums = probs.sum(dim=-1)
    if (probs < 0).any() or not close(sums, torch.ones_like(sums), probs.dtype):
        return (
            "Cada fila de probs debe ser una distribución: valores no "
            "negativos que suman 1. Promedia softmax de cada pasada."
        )
    own = _entropy(probs)
    if close(entropy, own, probs.dtype):
        return None
    if close(entropy, own / math.log(2), probs.dtype):
        return _LOG2_HINT
    if (entropy < own).all():
        return (
            "La entropía predictiva es la de la media de las "
            "probabilidades, H[p̄] = −Σ p̄ log p̄, no la media de las "
            "entropías de cada pasada (que es menor)."
        )
    return "entropy debe ser −Σ p̄ log p̄, con p̄ las probabilidades medias que devuelves."


def _mc_consistency_case():
    """Caso: probabilidades válidas y entropía de su media."""

    def judge(got, probs, entropy):
        return _format_pair(got), _consistency_hint(probs.detach(), entropy.detach())

    return _mc_case(
        "probabilidades que suman 1 y entropía de la media",
        "modelo con dropout (p = 0.5), X de forma (6, 3), 10 pasadas",
        "filas de probs que suman 1; entropy = −Σ probs·log probs",
        (_mc_model(0.5), _mc_inputs(6), 10),
        judge,
    )


def _mc_dropout_on_case():
    """Caso: el dropout se enciende aunque el modelo llegue en modo eval."""
    X = _mc_inputs(6)
    model = _mc_model(0.5)
    with torch.no_grad():
        eval_probs = torch.softmax(model(X), dim=-1)

    def judge(got, probs, entropy):
        if close(probs.detach(), eval_probs, probs.dtype):
            return _format_pair(got), _MC_TRAIN_HINT
        return _format_pair(got), None

    return _mc_case(
        "el dropout se enciende (modelo en modo eval)",
        "modelo con dropout (p = 0.5) en modo eval, X de forma (6, 3), 20 pasadas",
        "probs distinto de la salida en modo eval",
        (model, X, 20),
        judge,
    )


def _mc_mean_case():
    """Caso estadístico: la media se acerca a la esperanza exacta."""
    p = 0.5
    X = _mc_inputs(4)
    model = _mc_model(p)
    exact = _mc_exact_mean(model, X, p)
    with torch.no_grad():
        eval_probs = torch.softmax(model(X), dim=-1)

    def judge(got, probs, entropy):
        mean = probs.detach().reshape(_MC_COPIES, 4, _MC_CLASSES).mean(dim=0)
        error = (mean - exact).abs().max().item()
        text = f"media de las copias a {error:.3f} de la esperanza exacta"
        if error <= _MC_TOLERANCE:
            return text, None
        if (probs.detach() - eval_probs.repeat(_MC_COPIES, 1)).abs().max() < 1e-5:
            return text, _MC_TRAIN_HINT
        # Promediar logits da casi la softmax de la salida en modo eval.
        if (mean - eval_probs).abs().max() < error / 3:
            return text, "Promedia probabilidades, no logits: aplica softmax a cada pasada y después haz la media."
        return text, "probs debe ser la media de softmax(model(X)) sobre las pasadas, con el dropout encendido."

    samples = _MC_COPIES * _MC_PASSES
    return _mc_case(
        "la media se acerca a la esperanza, p = 0.5",
        f"X: {_MC_COPIES} copias de 4 entradas; {_MC_PASSES} pasadas",
        f"a menos de {_MC_TOLERANCE:g} de la media exacta sobre las 16 máscaras ({samples} muestras por entrada)",
        (model, X.repeat(_MC_COPIES, 1), _MC_PASSES),
        judge,
    )


def _modes(model):
    """``True`` o ``False`` por cada módulo: ¿está en modo de entrenamiento?"""
    return [module.training for module in model.modules()]


def _mc_mode_case(training):
    """Caso: el modelo vuelve al modo en que estaba."""
    model = _mc_model(0.5, training=training)
    mode = "entrenamiento" if training else "eval"

    def judge(_):
        if all(mode_ == training for mode_ in _modes(model)):
            return f"modo {mode}", None
        return "el modo cambió", _MC_RESTORE_HINT

    return Case(
        f"restaura el modo {mode}",
        f"modelo en modo {mode}",
        f"modelo en modo {mode} al terminar",
        (model, _mc_inputs(3), 3),
        judge,
    )


def _call_expecting_failure(fn, *args):
    """Llama a ``fn``: que deje pasar el error a propósito del modelo roto
    es lo correcto."""
    try:
        fn(*args)
    except _MCFailure:
        pass


def _mc_error_case():
    """Caso: el modo se restaura aunque el modelo lance una excepción."""
    model = _BrokenModel().eval()

    def judge(_):
        if not any(_modes(model)):
            return "modo eval", None
        return "quedó en modo de entrenamiento", (
            "Si el modelo lanza una excepción, el modo también debe "
            "restaurarse: pon las pasadas en un try y restaura el modo en "
            "el finally."
        )

    return Case(
        "restaura el modo aunque el modelo falle",
        "modelo en modo eval cuya pasada hacia delante lanza un error",
        "modelo en modo eval al terminar",
        (model, _mc_inputs(2), 3),
        judge,
        call=_call_expecting_failure,
    )


def _mc_no_grad_case():
    """Caso: no se guardan grafos de autograd."""

    def judge(got, probs, entropy):
        if probs.requires_grad or entropy.requires_grad:
            return "resultado con grafo de autograd", (
                "Haz las pasadas dentro de torch.no_grad(): para predecir no "
                "hacen falta gradientes, y el grafo ocupa memoria."
            )
        return "sin grafo de autograd", None

    return _mc_case(
        "sin grafos de autograd",
        "modelo con dropout, X de forma (4, 3), 3 pasadas",
        "probs y entropy sin requires_grad",
        (_mc_model(0.5), _mc_inputs(4), 3),
        judge,
    )


def _mc_structure_case(name, dtype, device, error_hint=""):
    """Caso: forma, tipo y dispositivo de la entrada."""
    X = _mc_inputs(5, dtype).to(device)
    return _mc_case(
        name,
        format_value(X),
        "probs (5, 3) y entropy (5,) con el tipo y el dispositivo de X",
        (_mc_model(0.5, dtype, device), X, 3),
        _well_formed_pair,
        error_hint,
    )


def _mc_cases():
    """Casos de ``fn(model, X, num_samples)``."""
    cases = [
        _mc_eval_case(),
        _mc_consistency_case(),
        _mc_dropout_on_case(),
        _mc_mean_case(),
        _mc_mode_case(training=False),
        _mc_mode_case(training=True),
        _mc_error_case(),
        _mc_no_grad_case(),
        _mc_structure_case("float64", torch.float64, "cpu"),
    ]
    meta_model = _mc_model(0.5, device="meta")
    if runs_on_meta(mc_dropout_predict, meta_model, torch.ones(2, 3, device="meta"), 2):
        cases.append(
            _mc_structure_case(
                "dispositivo (modelo y X en «meta»)",
                torch.float32,
                "meta",
                "Crea los tensores en el dispositivo de X (torch.zeros_like, "
                "device=X.device) o apila las pasadas con torch.stack.",
            )
        )
    cases.append(unchanged_case([_mc_model(0.5), _mc_inputs(4), 3], ["X"]))
    return cases


def check_mc_dropout_predict(fn, *, timeout=DEFAULT_TIMEOUT):
    r"""Comprueba una predicción con dropout de Monte Carlo.

    La función del estudiante tiene la firma ``fn(model, X, num_samples)`` y
    devuelve un par ``(probs, entropy)`` (o una tupla que empiece así, como
    :func:`lessons_lib.mc_dropout_predict`): las probabilidades medias de
    ``num_samples`` pasadas con el dropout encendido, de forma
    ``(n, clases)``, y su entropía predictiva
    :math:`-\sum_c \bar p_c \log \bar p_c`, de forma ``(n,)``. Los casos,
    con una red diminuta (3 entradas, 4 unidades ocultas con dropout,
    3 clases):

    * sin dropout, ``probs`` es ``softmax(model(X))`` en modo eval;
    * las filas de ``probs`` suman 1 y ``entropy`` es la de ``probs``;
    * el dropout se enciende aunque el modelo llegue en modo eval;
    * estadístico, con la semilla fija: con 500 copias de 4 entradas y
      8 pasadas, la media de cada entrada está a menos de 0.04 de la media
      exacta sobre las 16 máscaras (unas 5 desviaciones típicas);
    * el modelo vuelve al modo en que estaba (eval o entrenamiento), también
      si su pasada hacia delante lanza una excepción;
    * no quedan grafos de autograd;
    * ``float64`` y, si PyTorch lo permite, el dispositivo ``meta``: el
      resultado tiene el tipo y el dispositivo de ``X``;
    * ``X`` no se modifica.

    Las pistas reconocen el dropout apagado, la media de logits en lugar de
    probabilidades, la media de las entropías, el logaritmo en base 2, el
    modo sin restaurar y el ``try``/``finally`` que falta.

    Argumentos, resultado y errores: los de todos los comprobadores
    (:mod:`lessons_lib.checks`), con ``fn(model, X, num_samples)``.

    Ejemplo:
        >>> from lessons_lib import mc_dropout_predict
        >>> check_mc_dropout_predict(mc_dropout_predict).passed
        True
        >>> def dropout_off(model, X, num_samples):
        ...     model.eval()
        ...     with torch.no_grad():
        ...         probs = torch.softmax(model(X), dim=-1)
        ...     return probs, -(probs * probs.log()).sum(dim=-1)
        >>> result = check_mc_dropout_predict(dropout_off)
        >>> result.passed
        False
        >>> print(result.cases[2].hint)  # doctest: +NORMALIZE_WHITESPACE
        Todas las pasadas dan lo mismo: el dropout está apagado. Pon el
        modelo en modo de entrenamiento (model.train()) antes de las pasadas.
    """
    timeout = check_arguments(fn, timeout)
    return run_check("check_mc_dropout_predict", fn, _mc_cases, timeout)


class _MCFailure(RuntimeError):
    """El error que lanza a propósito el modelo roto de un caso."""


class _BrokenModel(torch.nn.Module):
    """Un modelo con dropout cuya pasada hacia delante siempre falla."""

    def __init__(self):
        super().__init__()
        self.dropout = torch.nn.Dropout(0.5)

    def forward(self, X):
        raise _MCFailure("pasada hacia delante rota a propósito")
