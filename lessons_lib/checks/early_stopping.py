"""Comprobador de la parada temprana, ``fn(model, train_epoch, validate, max_epochs, patience)``.

Cada caso es un entrenamiento con guion: ``train_epoch()`` pone en el único
parámetro de un modelo diminuto el número de la época (como un optimizador,
*in situ*) y devuelve una pérdida de entrenamiento escrita de antemano;
``validate()`` devuelve la pérdida de validación escrita para esa época.
Así se ve cuántas épocas se hicieron y de qué época son los pesos finales.
"""

import math
import numbers
from dataclasses import dataclass

import torch

from lessons_lib.checks._engine import (
    DEFAULT_TIMEOUT,
    Case,
    check_arguments,
    format_value,
    run_check,
    short_number,
    wrong_type_hint,
)

__all__ = ["check_early_stopping"]


_EXTRA_EPOCHS = 20  # épocas de más que se toleran antes de cortar un bucle que no para
_ERROR_HINT = (
    "Tu función lanzó una excepción; su firma debe ser fn(model, train_epoch, validate, max_epochs, patience), "
    "y train_epoch() y validate() se llaman sin argumentos."
)
_LIVE_HINT = (
    "Guardas una referencia a los pesos, no una copia: los tensores de model.state_dict() comparten memoria con "
    "el modelo y siguen cambiando al entrenar. Guarda una copia: copy.deepcopy(model.state_dict()) o "
    "{k: v.clone() for k, v in model.state_dict().items()}."
)
_NAN_HINT = (
    "Una pérdida NaN no es una mejora, y su época no puede ser la mejor. Compara con loss < best, que es falso "
    "con NaN; not loss >= best, un else tras if loss > best y torch.argmin toman NaN por una mejora."
)


class _EpochTagged(torch.nn.Module):
    """Un modelo diminuto cuyo único parámetro dice de qué época son sus pesos."""

    def __init__(self):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.zeros(2))


class _TooManyEpochs(BaseException):
    """Corta el bucle de una función que no se detiene (no es una ``Exception``: un ``except Exception``
    del estudiante no lo detiene)."""


@dataclass(frozen=True)
class _Script:
    """El guion de un entrenamiento: las pérdidas de cada época, ``max_epochs`` y ``patience``.

    Tras ``max_epochs`` épocas la validación solo empeora: una función que
    no respeta el máximo se detiene igual por la paciencia.
    """

    val: tuple
    train: tuple
    max_epochs: int
    patience: int

    def val_loss(self, epoch):
        worst = max(loss for loss in self.val if not math.isnan(loss))
        return self.val[epoch - 1] if 1 <= epoch <= len(self.val) else worst + epoch

    def train_loss(self, epoch):
        return self.train[epoch - 1] if 1 <= epoch <= len(self.train) else self.train[-1] / (epoch + 1)

    def describe(self, with_train=False):
        text = f"validación: {_losses(self.val)}"
        if with_train:
            text += f"; entrenamiento: {_losses(self.train)}"
        return f"{text}; max_epochs = {self.max_epochs}; patience = {self.patience}"


def _losses(values):
    return ", ".join(short_number(value, 4) for value in values)


def _script(val, patience, train=None):
    """Un guion con ``max_epochs = len(val)``; sin ``train``, la de entrenamiento sigue a la de validación."""
    train = train or [loss - 0.5 for loss in val]
    return _Script(tuple(val), tuple(train), len(val), patience)


class _Run:
    """Una ejecución con guion: ``train_epoch``, ``validate`` y lo que hizo la función del estudiante."""

    def __init__(self, script, in_place=True):
        self.script = script
        self.in_place = in_place
        self.model = _EpochTagged()
        self.calls = []  # "t" por cada train_epoch(), "v" por cada validate()
        self.returned = None
        self.runaway = False

    @property
    def epochs(self):
        return self.calls.count("t")

    def train_epoch(self):
        self.calls.append("t")
        epoch = self.epochs
        if epoch > self.script.max_epochs + _EXTRA_EPOCHS:
            raise _TooManyEpochs
        with torch.no_grad():
            if self.in_place:  # como un optimizador
                self.model.weight.fill_(epoch)
            else:  # un tensor nuevo: una referencia guardada conserva los pesos viejos
                self.model.weight.data = torch.full_like(self.model.weight, epoch)
        return self.script.train_loss(epoch)

    def validate(self):
        self.calls.append("v")
        return self.script.val_loss(self.epochs)

    def weights_epoch(self):
        """La época de los pesos finales del modelo (``None`` si no son los de ninguna)."""
        weight = self.model.weight.detach()
        value = weight[0].item()
        if not bool((weight == value).all()) or value != round(value):
            return None
        return int(value)


def _play(fn, script, in_place=True):
    """Ejecuta ``fn`` con el guion y devuelve el :class:`_Run`."""
    run = _Run(script, in_place)
    try:
        run.returned = fn(run.model, run.train_epoch, run.validate, script.max_epochs, script.patience)
    except _TooManyEpochs:
        run.runaway = True
    return run


# --- Lo que haría cada regla de parada ---------------------------------------


def _lower(loss, best):
    return loss < best


def _lower_or_equal(loss, best):
    return loss <= best


def _not_worse(loss, best):
    return not loss >= best  # verdadero con NaN


def _simulate(script, improves=_lower, patience=0, reset=True, watch="val", limit=0):
    """``(épocas hechas, mejor época)`` con una regla de parada.

    ``patience`` y ``limit`` se suman a los del guion (``limit=None``: sin
    máximo); ``reset=False`` no pone a 0 el contador tras una mejora;
    ``watch="train"`` mira la pérdida de entrenamiento.
    """
    loss_at = script.val_loss if watch == "val" else script.train_loss
    last = script.max_epochs + (_EXTRA_EPOCHS if limit is None else limit)
    best, best_epoch, waited, epoch = math.inf, None, 0, 0
    while epoch < last:
        epoch += 1
        loss = loss_at(epoch)
        if improves(loss, best):
            best, best_epoch = loss, epoch
            waited = 0 if reset else waited
        else:
            waited += 1
        if waited >= script.patience + patience:
            break
    return epoch, best_epoch


# Los errores típicos: la pista y la regla que los comete, en el orden en que se prueban.
_MISTAKES = [
    (
        "Vigilas la pérdida de entrenamiento: la parada temprana mira la de validación, la que devuelve "
        "validate(). La de entrenamiento sigue bajando aunque el modelo sobreajuste.",
        {"watch": "train"},
    ),
    (
        "Una pérdida igual a la mejor no es una mejora: compara con < (estrictamente menor), no con <=; "
        "si no, una validación estancada nunca detiene el entrenamiento.",
        {"improves": _lower_or_equal},
    ),
    (_NAN_HINT, {"improves": _not_worse}),
    (
        "El contador de paciencia debe volver a 0 cada vez que la pérdida de validación mejora: cuenta "
        "épocas seguidas sin mejora, no el total.",
        {"reset": False},
    ),
    (
        "Te detuviste una época antes: la parada llega al completar patience épocas seguidas sin mejora, "
        "no patience − 1.",
        {"patience": -1},
    ),
    (
        "Te detuviste una época tarde: la parada llega al completar patience épocas seguidas sin mejora, "
        "no una después (¿comparaste el contador con > patience en lugar de >= patience?).",
        {"patience": 1},
    ),
    (
        "Hiciste una época de más: las épocas van de 1 a max_epochs, range(1, max_epochs + 1).",
        {"limit": 1},
    ),
    (
        "Hiciste más de max_epochs épocas: el bucle debe terminar tras max_epochs épocas aunque la pérdida "
        "siga mejorando.",
        {"limit": None},
    ),
]


# --- Juzgar una ejecución ----------------------------------------------------


def _protocol_hint(run):
    """Pista si las llamadas no alternan ``train_epoch()`` y ``validate()``; ``None`` si lo hacen."""
    if run.runaway:
        return (
            f"La función no se detuvo: el comprobador cortó el bucle tras {run.epochs - 1} épocas. Haz como "
            "mucho max_epochs épocas y detente tras patience épocas seguidas sin mejora."
        )
    if run.calls != ["t", "v"] * run.epochs:
        order = " ".join("train_epoch()" if call == "t" else "validate()" for call in run.calls[:6])
        return (
            "Cada época llama a train_epoch() y después a validate(), una vez cada una; las llamadas "
            f"empezaron así: {order or 'ninguna'}."
        )
    return None


def _stop_hint(run, script):
    """Pista si ``run`` no se detuvo en la época correcta; ``None`` si lo hizo."""
    expected, _ = _simulate(script)
    if run.epochs == expected:
        return None
    for hint, rule in _MISTAKES:
        epochs, _ = _simulate(script, **rule)
        if epochs != expected and run.epochs == epochs:
            return hint
    if run.epochs > script.max_epochs:
        return _MISTAKES[-1][0]
    return f"La parada temprana debía detener el entrenamiento en la época {expected}, no en la {run.epochs}."


def _stop_text(run):
    return f"se detuvo en la época {run.epochs}"


def _integer(value):
    """``value`` como ``int`` si es un entero (de Python o un tensor de enteros de un elemento); si no, ``None``."""
    if isinstance(value, torch.Tensor) and value.numel() == 1 and not value.is_floating_point():
        value = value.item()
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    return None


def _scripted_case(name, script, expected, judge, *, shown=None, call=_play):
    """Un caso con guion: ``call(fn, script)`` ejecuta la función y ``judge`` mira la ejecución."""
    return Case(name, shown or script.describe(), expected, (script,), judge, _ERROR_HINT, call=call)


def _stop_case(name, script, *, with_train=False):
    """Caso: el entrenamiento se detiene en la época correcta."""
    expected, best = _simulate(script)

    def judge(run):
        return _stop_text(run), _protocol_hint(run) or _stop_hint(run, script)

    expected_text = f"se detiene en la época {expected} (la mejor, la {best})"
    return _scripted_case(name, script, expected_text, judge, shown=script.describe(with_train))


def _nan_case():
    """Caso: una pérdida NaN no es una mejora, ni al parar ni al elegir la mejor época."""
    script = _script([3.0, 2.0, math.nan, 2.5, 2.6, 2.7, 2.8, 2.9], patience=3)
    nan_epoch = 3
    expected, best = _simulate(script)

    def judge(run):
        hint = _protocol_hint(run) or _stop_hint(run, script)
        if hint is None and nan_epoch in (_integer(run.returned), run.weights_epoch()):
            hint = _NAN_HINT
        return f"{_stop_text(run)}; devolvió {_format_returned(run.returned)}", hint

    expected_text = f"se detiene en la época {expected}; devuelve {best}, no la época de NaN ({nan_epoch})"
    return _scripted_case("una pérdida NaN no es una mejora", script, expected_text, judge)


def _format_returned(value):
    number = _integer(value)
    return str(number) if number is not None else format_value(value)


def _return_case():
    """Caso: devuelve la mejor época, contada desde 1."""
    script = _script([4.0, 3.0, 2.0, 2.5, 2.4, 2.6, 2.7, 2.8, 2.9, 3.0], patience=3)
    _, best = _simulate(script)

    def judge(run):
        got = f"devolvió {_format_returned(run.returned)}"
        problem = _protocol_hint(run)
        if problem is not None:
            return got, problem
        returned = _integer(run.returned)
        if returned is None:
            return got, wrong_type_hint(run.returned, "la mejor época, un número entero")
        if returned == best:
            return got, None
        if returned == best - 1:
            return got, (
                f"Cuenta las épocas desde 1 (la primera época es la 1): devolviste {returned}, una menos que la "
                f"mejor, la {best}. Usa range(1, max_epochs + 1)."
            )
        if returned == run.epochs:
            return got, (
                f"Devolviste la última época ({returned}), no la mejor ({best}): guarda el número de la época "
                "cada vez que la pérdida de validación mejora."
            )
        return got, f"Devuelve la época con menor pérdida de validación, la {best}; devolviste {returned}."

    return _scripted_case("devuelve la mejor época, contada desde 1", script, f"devuelve {best}", judge)


def _restore_case():
    """Caso: el modelo termina con los pesos de la mejor época, copiados cuando se vieron."""
    script = _script([4.0, 2.0, 3.0, 3.5, 3.7, 3.9], patience=2)
    stopped, best = _simulate(script)

    def call(fn, script):
        # Otra vez con pesos que se reemplazan en lugar de cambiar in situ:
        # una referencia guardada (no una copia) conserva entonces los buenos.
        return _play(fn, script), _play(fn, script, in_place=False)

    def judge(runs):
        run, replaced = runs
        restored = run.weights_epoch()
        got = f"pesos de la época {restored}" if restored is not None else "pesos que no son de ninguna época"
        problem = _protocol_hint(run)
        if problem is not None:
            return got, problem
        if restored == best:
            return got, None
        if restored == run.epochs and replaced.weights_epoch() == best:
            return got, _LIVE_HINT
        if restored == run.epochs:
            return got, (
                f"El modelo termina con los pesos de la última época (la {restored}), no con los de la mejor "
                f"(la {best}): guarda una copia de los pesos cada vez que la pérdida de validación mejora y "
                "cárgala al final con model.load_state_dict(...)."
            )
        return (
            got,
            f"El modelo debe terminar con los pesos de la mejor época, la {best}, cargados con model.load_state_dict.",
        )

    expected_text = f"el modelo termina con los pesos de la época {best} (se detiene en la {stopped})"
    return _scripted_case("restaura los pesos de la mejor época", script, expected_text, judge, call=call)


def _early_stopping_cases():
    """Casos de ``fn(model, train_epoch, validate, max_epochs, patience)``."""
    rising = [5.0, 4.0, 3.0, 3.2, 3.4, 3.6, 3.8, 4.0, 4.2, 4.4]
    return [
        _stop_case(
            "se detiene tras patience épocas sin mejora",
            _script([5.0, 4.0, 3.0, 3.5, 3.6, 3.7, 3.8, 3.9, 4.0, 4.1], patience=3),
        ),
        _return_case(),
        _restore_case(),
        _stop_case(
            "mira la validación, no el entrenamiento",
            _script(rising, patience=2, train=[5.0, 4.0, 3.0, 2.5, 2.0, 1.5, 1.2, 1.0, 0.8, 0.6]),
            with_train=True,
        ),
        _stop_case("una pérdida igual no es una mejora", _script([3.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0], patience=3)),
        _stop_case(
            "la paciencia vuelve a empezar tras una mejora",
            _script([5.0, 5.1, 4.0, 4.1, 3.0, 3.1, 2.0, 2.1, 2.2, 2.3, 2.4, 2.5], patience=2),
        ),
        _stop_case("nunca pasa de max_epochs", _script([5.0, 4.0, 3.0, 2.0, 1.0], patience=2)),
        _stop_case("max_epochs = 1: una sola época", _script([1.0], patience=3)),
        _nan_case(),
    ]


def check_early_stopping(fn, *, timeout=DEFAULT_TIMEOUT):
    """Comprueba un bucle de entrenamiento con parada temprana.

    La función del estudiante tiene la firma
    ``fn(model, train_epoch, validate, max_epochs, patience)``. En cada
    época llama a ``train_epoch()`` (una época de entrenamiento; devuelve la
    pérdida de entrenamiento) y después a ``validate()`` (devuelve la
    pérdida de validación, un ``float``); se detiene en cuanto ``patience``
    épocas seguidas no mejoran la pérdida de validación (no la dejan por
    debajo de la mejor vista), nunca hace más de ``max_epochs`` épocas, y
    antes de terminar carga en ``model`` los pesos (``state_dict``) de la
    época con menor pérdida de validación. Devuelve esa época, contada
    desde 1. Es lo que hace :func:`lessons_lib.fit` con ``patience=k`` y
    ``restore_best=True``.

    Los casos son entrenamientos con guion, con un modelo diminuto cuyo
    parámetro dice de qué época es (``train_epoch`` lo cambia *in situ*,
    como un optimizador), para ver cuántas épocas se hicieron y qué pesos
    se restauraron:

    * se detiene tras ``patience`` épocas sin mejora, ni una antes ni una
      después;
    * devuelve la mejor época, contada desde 1;
    * el modelo termina con los pesos de la mejor época;
    * la pérdida de entrenamiento sigue bajando mientras la de validación
      sube: manda la de validación;
    * una pérdida igual a la mejor no es una mejora;
    * el contador de paciencia vuelve a 0 tras cada mejora;
    * no pasa de ``max_epochs`` aunque la validación siga mejorando, y con
      ``max_epochs = 1`` hace una sola época;
    * una pérdida NaN no es una mejora ni la mejor época;
    * en todos, cada época llama a ``train_epoch()`` y después a
      ``validate()``, una vez cada una.

    Las pistas reconocen los pesos de la última época en lugar de los de la
    mejor, la referencia a ``model.state_dict()`` guardada sin copiarla
    (sus tensores siguen cambiando al entrenar), la parada una época antes
    o una después, la pérdida de entrenamiento vigilada en lugar de la de
    validación, ``<=`` en lugar de ``<``, el contador que no vuelve a 0,
    las épocas de más, la época contada desde 0 y NaN tomado por una mejora.

    Argumentos, resultado y errores: los de todos los comprobadores
    (:mod:`lessons_lib.checks`), con
    ``fn(model, train_epoch, validate, max_epochs, patience)``.

    Ejemplo:
        >>> import copy, math
        >>> def early_stopping(model, train_epoch, validate, max_epochs, patience):
        ...     best_loss, best_epoch, waited = math.inf, 0, 0
        ...     for epoch in range(1, max_epochs + 1):
        ...         train_epoch()
        ...         loss = validate()
        ...         if loss < best_loss:
        ...             best_loss, best_epoch, waited = loss, epoch, 0
        ...             best_weights = copy.deepcopy(model.state_dict())
        ...         else:
        ...             waited += 1
        ...             if waited >= patience:
        ...                 break
        ...     model.load_state_dict(best_weights)
        ...     return best_epoch
        >>> check_early_stopping(early_stopping).passed
        True
    """
    timeout = check_arguments(fn, timeout)
    return run_check("check_early_stopping", fn, _early_stopping_cases, timeout)
