"""El motor de los comprobadores: casos, límite de tiempo, veredicto e informe.

Un comprobador (un ``check_*`` de los módulos de tema) describe cada caso
con un :class:`Case`: la entrada, lo esperado y un juez que mira lo
devuelto. :func:`run_check` ejecuta los casos uno a uno, cada uno en un hilo
con límite de tiempo y con la semilla fija, y reúne los veredictos en un
:class:`CheckResult`. Las funciones de este módulo son las piezas con que se
escriben los casos: formatear valores para el informe (:func:`format_value`),
juzgar (:func:`diagnose` reconoce errores típicos, :class:`Mistake`) y casos
que sirven a varios comprobadores (:func:`number_case`, :func:`tensor_case`,
:func:`unchanged_case`). Cómo se añade un comprobador se explica en
:mod:`lessons_lib.checks`.
"""

import functools
import html
import numbers
import threading
from dataclasses import dataclass
from typing import NamedTuple

import torch

from lessons_lib._validate import check_positive, describe

__all__ = [
    "DEFAULT_TIMEOUT",
    "MEAN_HINT",
    "SEED",
    "SQUARED_HINT",
    "Case",
    "CaseResult",
    "CheckResult",
    "Mistake",
    "check_arguments",
    "close",
    "diagnose",
    "format_value",
    "number_case",
    "run_check",
    "runs_on_meta",
    "seeded_randn",
    "short_number",
    "statistic_hint",
    "tensor_case",
    "tensor_failure",
    "tensor_judge",
    "tensor_problem",
    "unchanged_case",
    "well_formed",
    "wrong_type_hint",
]

SEED = 0
"""Semilla que se fija antes de cada caso."""

DEFAULT_TIMEOUT = 2.0
"""Límite de tiempo por caso, en segundos."""

# Pistas de errores que se cometen igual en varias funciones (penalizaciones y normas).
MEAN_HINT = "¿Usaste la media en lugar de la suma? Suma sobre todos los elementos."
SQUARED_HINT = "Elevaste al cuadrado en lugar de tomar el valor absoluto."


# --- Ejecutar un caso sin riesgo ---------------------------------------------


def _call(fn, *args):
    """La llamada corriente de un caso: ``fn(*args)``."""
    return fn(*args)


def _call_case(case, fn):
    """Llama a ``fn`` como pide el caso, con copias de sus tensores."""
    args = case.args
    if case.clone:
        args = [arg.clone() if isinstance(arg, torch.Tensor) else arg for arg in args]
    return case.call(fn, *args)


def _call_with_time_limit(case, fn, timeout):
    """Ejecuta el caso en un hilo y espera como mucho ``timeout`` s.

    Devuelve ``("ok", valor)``, ``("error", excepción)`` o
    ``("timeout", None)``. Un hilo que no termina no se puede detener: sigue
    en segundo plano, pero es *daemon* y no impide cerrar Python.
    """
    outcome = ["timeout", None]

    def target():
        try:
            outcome[:] = ["ok", _call_case(case, fn)]
        # También SystemExit: un exit() del estudiante es un caso fallido.
        except BaseException as error:
            outcome[:] = ["error", error]

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        return "timeout", None
    return outcome[0], outcome[1]


def run_check(name, fn, make_cases, timeout):
    """Prepara los casos con ``make_cases()``, los ejecuta uno a uno y reúne
    los resultados."""
    results = []
    timed_out = False
    # fork_rng restaura al salir el estado aleatorio del cuaderno, que
    # tampoco cambia al preparar los casos (crear un nn.Linear lo usa).
    with torch.random.fork_rng(devices=[]):
        for case in make_cases():
            if timed_out:
                results.append(
                    _failed(
                        case,
                        "no se ejecutó",
                        "Un caso anterior superó el límite de tiempo; corrige eso primero.",
                    )
                )
                continue
            # Solo el generador de la CPU: los casos no usan la GPU.
            torch.default_generator.manual_seed(SEED)
            status, value = _call_with_time_limit(case, fn, timeout)
            timed_out = status == "timeout"
            results.append(_case_result(case, status, value, timeout))
    return CheckResult(name, results)


def check_arguments(fn, timeout):
    """Valida ``fn`` y ``timeout``; devuelve ``timeout`` como ``float``."""
    if not callable(fn):
        raise TypeError(f"fn debe ser una función (algo que se pueda llamar); se recibió {describe(fn)}")
    return check_positive(timeout, "timeout")


def _case_result(case, status, value, timeout):
    """Convierte lo que pasó al ejecutar un caso en un :class:`CaseResult`."""
    if status == "timeout":
        return _failed(
            case,
            f"no terminó en {timeout:g} s",
            "¿Hay un bucle que no termina, o un cálculo demasiado lento? "
            "(El hilo no se puede detener y sigue en segundo plano.)",
        )
    if status == "error":
        hint = case.error_hint or "Tu función lanzó una excepción."
        return _failed(case, f"lanzó {_format_error(value)}", hint)
    try:
        got, hint = case.judge(value)
    # Lo devuelto puede romper la comprobación (un grafo de autograd que no
    # sale de la entrada...): es un fallo del caso, no del comprobador.
    except Exception as error:
        got = "no se pudo comprobar"
        hint = f"No se pudo comprobar lo devuelto: {_format_error(error)}"
    if hint is None:
        return CaseResult(case.name, True, case.input, case.expected, got)
    return _failed(case, got, hint)


def _failed(case, got, hint):
    return CaseResult(case.name, False, case.input, case.expected, got, hint)


# --- Mostrar valores en el informe -------------------------------------------


def short_number(value, digits=6):
    """Un número con ``digits`` cifras significativas: ``12.5``, ``7e+12``."""
    if value == 0:
        value = 0  # muestra «0», no «-0»
    return f"{value:.{digits}g}"


def format_value(value, limit=6):
    """Texto corto que describe un valor (tensor o no) para el informe:
    ``tensor(2.5)``, ``tensor de forma (3,): [1, 2, 3] (float64)``."""
    if value is None:
        return "None"
    if not isinstance(value, torch.Tensor):
        return describe(value)
    details = []
    if value.dtype != torch.get_default_dtype():
        details.append(str(value.dtype).replace("torch.", ""))
    if value.device.type != "cpu":
        details.append(f"en {value.device}")
    if value.dim() == 0 and value.device.type != "meta":
        text = f"tensor({short_number(value.item())})"
    else:
        text = f"tensor de forma {tuple(value.shape)}"
        if value.device.type != "meta" and value.numel() > 0:
            values = value.detach().flatten()[:limit].tolist()
            shown = ", ".join(short_number(number, 4) for number in values)
            if value.numel() > limit:
                shown += ", …"
            text += f": [{shown}]"
    if details:
        text += f" ({', '.join(details)})"
    return text


def _format_error(error):
    """``Tipo: mensaje``, con solo la primera línea del mensaje."""
    name = type(error).__name__
    message = str(error).strip().split("\n")[0]
    if len(message) > 150:
        message = message[:147] + "..."
    return f"{name}: {message}" if message else name


# --- Juzgar lo devuelto ------------------------------------------------------


def close(a, b, dtype, equal_nan=False):
    """¿Son ``a`` y ``b`` iguales salvo redondeo del tipo ``dtype``?"""
    if dtype == torch.float64:
        rtol, atol = 1e-10, 1e-12
    else:
        rtol, atol = 1e-4, 1e-6
    return torch.allclose(a.double(), b.double(), rtol=rtol, atol=atol, equal_nan=equal_nan)


def diagnose(value, expected, hint, mistakes=(), args=()):
    """Pista para un valor con la forma de ``expected``.

    Devuelve ``None`` si el valor es correcto; si no, la pista del primer
    error típico de ``mistakes`` (:class:`Mistake`, aplicados a ``args``)
    que da exactamente ese valor, o ``hint`` si no coincide ninguno.
    """
    dtype = expected.dtype
    if close(value, expected, dtype):
        return None
    for mistake in mistakes:
        wrong = mistake.fn(*args)
        if wrong is None:
            continue
        same_as_wrong = close(value, wrong, dtype, equal_nan=True)
        if same_as_wrong and not close(wrong, expected, dtype):
            return mistake.hint
    if torch.isnan(value).any():
        return f"El resultado contiene NaN. {hint}"
    return hint


def statistic_hint(value, target, tolerance, hint, mistakes):
    """Pista para un estadístico, con tolerancia absoluta.

    Devuelve ``None`` si ``value`` está a ``tolerance`` o menos de
    ``target``; si no, la pista del primer error típico de ``mistakes``
    (:class:`Mistake` sin argumentos) cuyo valor esté así de cerca, o
    ``hint`` si no hay ninguno.
    """
    if abs(value - target) <= tolerance:
        return None
    for mistake in mistakes:
        if abs(value - mistake.fn()) <= tolerance:
            return mistake.hint
    return hint


def wrong_type_hint(got, wanted):
    if got is None:
        return "La función no devolvió nada: ¿olvidaste el return?"
    return f"La función debe devolver {wanted}; devolvió un objeto de tipo {type(got).__name__}."


def _judge_number(got, expected, hint, mistakes, args):
    """Juzga un resultado que debe ser un número (tensor de dimensión 0).

    Se aceptan también los números de Python; un tensor debe tener
    dimensión 0 y el tipo de la entrada.
    """
    wanted = "un tensor de dimensión 0 (o un número)"
    if isinstance(got, torch.Tensor):
        if got.dim() != 0:
            return format_value(got), (
                f"La función debe devolver un solo número (un tensor de "
                f"dimensión 0), no un tensor de forma {tuple(got.shape)}: "
                "¿olvidaste sumar?"
            )
        if got.dtype != expected.dtype:
            return format_value(got), _dtype_hint(got, expected)
        value = got.detach().cpu()
    elif isinstance(got, numbers.Real) and not isinstance(got, bool):
        value = torch.tensor(float(got), dtype=torch.float64)
    else:
        return format_value(got), wrong_type_hint(got, wanted)
    return format_value(got), diagnose(value, expected, hint, mistakes, args)


def _dtype_hint(got, like):
    return (
        f"El resultado debe tener el tipo de la entrada ({like.dtype}), "
        f"no {got.dtype}: no conviertas el tipo (con .float(), por ejemplo) "
        "ni crees tensores con el tipo por defecto."
    )


def tensor_problem(got, like):
    """Pista si ``got`` no es un tensor con la forma, el tipo y el
    dispositivo de ``like``; ``None`` si lo es."""
    if not isinstance(got, torch.Tensor):
        return wrong_type_hint(got, "un tensor")
    if got.shape != like.shape:
        return f"La forma debe ser {tuple(like.shape)}, la de la entrada; la función devolvió {tuple(got.shape)}."
    if got.dtype != like.dtype:
        return _dtype_hint(got, like)
    if got.device != like.device:
        return (
            f"El resultado debe estar en el dispositivo de la entrada "
            f"({like.device}), no en {got.device}: crea los tensores con "
            "torch.rand_like, torch.zeros_like o device=X.device."
        )
    return None


def tensor_failure(got, like):
    """``(obtenido, pista)`` si ``got`` no es un tensor como ``like``;
    ``None`` si lo es."""
    problem = tensor_problem(got, like)
    return None if problem is None else (format_value(got), problem)


def tensor_judge(like, judge):
    """El juez ``judge``, precedido de la guarda común: si lo devuelto no es
    un tensor con la forma, el tipo y el dispositivo de ``like``, el caso
    falla con esa pista."""
    return lambda got: tensor_failure(got, like) or judge(got)


def well_formed(got):
    """Juez para los casos de estructura: pasa todo lo que pase la guarda."""
    return format_value(got), None


# --- Casos que sirven a varios comprobadores ---------------------------------


def seeded_randn(seed=SEED):
    """``torch.randn`` con un generador propio, fijado con ``seed``: las
    entradas de los casos no dependen del estado aleatorio del cuaderno."""
    return functools.partial(torch.randn, generator=torch.Generator().manual_seed(seed))


def number_case(name, x, *, reference, mistakes, hint, error_hint=""):
    """Caso de una función de un tensor que devuelve un número.

    ``mistakes`` son los errores típicos (:class:`Mistake`) que la pista
    reconoce: se calcula lo que daría cada uno con esta entrada.
    """
    expected = reference(x)
    if x.numel() == 0:
        mistakes = []  # algunos errores típicos (max) no admiten vacíos

    def judge(got):
        return _judge_number(got, expected, hint, mistakes, (x,))

    return Case(name, format_value(x), short_number(expected.item()), (x,), judge, error_hint)


def tensor_case(name, args, *, reference, mistakes, hint, shown=None):
    """Caso con un resultado exacto: un tensor igual a ``reference(*args)``.

    ``shown`` describe la entrada (por defecto, el primer argumento).
    """
    expected = reference(*args)

    def judge(got):
        return format_value(got), diagnose(got.detach(), expected, hint, mistakes, args)

    shown = shown or format_value(args[0])
    return Case(name, shown, format_value(expected), args, tensor_judge(expected, judge))


def unchanged_case(args, names):
    """Caso: la función no modifica *in situ* sus argumentos tensores.

    ``names`` nombra, en orden, los tensores de ``args``.
    """
    tensors = [arg for arg in args if isinstance(arg, torch.Tensor)]
    originals = [tensor.clone() for tensor in tensors]
    listed = " ni ".join(names)

    def judge(_):
        changed = [
            name
            for name, tensor, original in zip(names, tensors, originals, strict=False)
            if not torch.equal(tensor, original)
        ]
        if not changed:
            return "sin cambios", None
        return f"modificó {', '.join(changed)}", (
            f"No modifiques {listed} in situ (x += …, x[...] = …, "
            "métodos terminados en _ como mul_): crea un tensor nuevo."
        )

    expected = "no modifica " + listed
    # Sin copias: la función recibe los propios tensores, para ver si cambian.
    return Case("no modifica la entrada", format_value(tensors[0]), expected, args, judge, clone=False)


def runs_on_meta(reference, *args):
    """¿Funciona ``reference(*args)`` en el dispositivo «meta» con esta
    versión de PyTorch?

    De paso lo prepara: la primera operación en «meta» carga módulos de
    PyTorch y tarda unos segundos, que no deben contar en el límite de
    tiempo de la función del estudiante.
    """
    try:
        reference(*args)
    except (RuntimeError, NotImplementedError):
        return False
    return True


# --- Casos y resultados ------------------------------------------------------


@dataclass
class Case:
    """Un caso por probar: cómo se llama a la función y cómo se juzga lo devuelto.

    El comprobador llama a la función del estudiante con ``call(fn, *args)``
    (por defecto, ``fn(*args)``), con una copia de cada tensor de ``args``,
    o con los propios tensores si ``clone`` es falso (para ver después si
    cambiaron). ``judge(got)`` recibe lo devuelto y devuelve un par
    ``(obtenido, pista)``: el texto que describe lo obtenido y la pista,
    que es ``None`` si el caso es correcto. ``error_hint`` es la pista si
    ``fn`` lanza una excepción.
    """

    name: str
    input: str
    expected: str
    args: tuple
    judge: object
    error_hint: str = ""
    clone: bool = True
    call: object = _call


class Mistake(NamedTuple):
    """Un error típico: la pista que lo nombra y una función que lo comete.

    ``fn`` recibe los argumentos de la referencia (ninguno, si se juzga un
    estadístico) y devuelve lo que daría el error, o ``None`` si con esa
    entrada el error no se puede cometer.
    """

    hint: str
    fn: object


@dataclass
class CaseResult:
    """Resultado de un caso: qué se probó y, si falló, por qué.

    Atributos:
        name: nombre corto del caso («valores negativos»).
        passed: ``True`` si la función respondió bien.
        input: la entrada, abreviada.
        expected: lo que se esperaba, abreviado.
        got: lo que devolvió la función (o la excepción que lanzó).
        hint: pista para corregir el error; vacía si el caso pasó.
    """

    name: str
    passed: bool
    input: str
    expected: str
    got: str
    hint: str = ""


@dataclass(repr=False)
class CheckResult:
    """Resultado de un comprobador: la lista de casos y el resumen.

    Se imprime como un informe breve en español (``print(result)``) y, en
    Jupyter, como una tabla.

    Atributos:
        name: nombre del comprobador (``"check_l2_penalty"``).
        cases: lista de :class:`CaseResult`, en el orden en que se probaron.
        passed: ``True`` si todos los casos son correctos.
        score: fracción de casos correctos, entre 0 y 1.
        n_passed: número de casos correctos.
        n_failed: número de casos fallidos.

    Ejemplo:
        >>> from lessons_lib.checks import check_l1_penalty
        >>> from lessons_lib.regularization import l1_penalty
        >>> result = check_l1_penalty(l1_penalty)
        >>> result.score, result.n_failed
        (1.0, 0)
        >>> print(str(result).splitlines()[0])
        check_l1_penalty: 9 de 9 casos correctos
    """

    name: str
    cases: list

    @property
    def n_passed(self):
        return sum(case.passed for case in self.cases)

    @property
    def n_failed(self):
        return len(self.cases) - self.n_passed

    @property
    def passed(self):
        return self.n_failed == 0

    @property
    def score(self):
        return self.n_passed / len(self.cases)

    def summary(self):
        """Una línea: cuántos casos son correctos."""
        return f"{self.name}: {self.n_passed} de {len(self.cases)} casos correctos"

    def __str__(self):
        lines = [self.summary()]
        for case in self.cases:
            if case.passed:
                lines.append(f"  ✓ {case.name}")
                continue
            lines.append(f"  ✗ {case.name}")
            lines.append(f"      entrada:  {case.input}")
            lines.append(f"      esperado: {case.expected}")
            lines.append(f"      obtenido: {case.got}")
            lines.append(f"      pista:    {case.hint}")
        return "\n".join(lines)

    def __repr__(self):
        return str(self)

    def _repr_html_(self):
        """Tabla HTML para Jupyter: una fila por caso."""
        headers = ["", "caso", "entrada", "esperado", "obtenido", "pista"]
        head = "".join(f"<th>{header}</th>" for header in headers)
        rows = []
        for case in self.cases:
            if case.passed:
                mark = '<td style="color: #080">✓</td>'
            else:
                mark = '<td style="color: #c00">✗</td>'
            texts = [case.name, case.input, case.expected, case.got, case.hint]
            cells = "".join(f"<td>{html.escape(text)}</td>" for text in texts)
            rows.append(f"<tr>{mark}{cells}</tr>")
        return (
            '<table style="text-align: left">'
            f"<caption>{html.escape(self.summary())}</caption>"
            f"<thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    def assert_passed(self):
        """Exige que todos los casos sean correctos (para autocalificar).

        Devuelve:
            El propio resultado, para que en un cuaderno se vea el informe.

        Lanza:
            AssertionError: si algún caso falló; el mensaje es el informe.
        """
        if not self.passed:
            raise AssertionError(str(self))
        return self
