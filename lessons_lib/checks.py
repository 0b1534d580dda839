r"""Comprobadores para calificar las funciones que escriben los estudiantes.

Cada ``check_*`` recibe la función de un estudiante, la prueba con una
batería de casos y devuelve un :class:`CheckResult`: los casos superados y
los fallidos, y para cada fallo la entrada, lo esperado, lo obtenido y una
pista. Los casos son de cuatro tipos: normales, límite (ceros, valores
negativos, ``float64``, matrices, valores grandes, tensores vacíos donde
tienen sentido), estadísticos (con semilla fija y tolerancias declaradas) y
comparaciones con la implementación de referencia de ``lessons_lib``.

Las pistas salen, cuando es posible, del propio valor devuelto: si coincide
con lo que daría un error típico (el doble de lo esperado cuando se olvida
el ½, la suma dividida por ``n`` cuando se usa la media...), la pista nombra
ese error; si no coincide con ninguno, la pista es general.

Una función rota nunca rompe el comprobador: una excepción, un resultado
que no es un tensor (o un número, donde se espera un número), una forma,
un tipo o un dispositivo equivocados, un NaN o un caso que tarda más de
``timeout`` segundos cuentan como casos fallidos.

Límite de tiempo. Cada caso se ejecuta en un hilo aparte y se le espera
como mucho ``timeout`` segundos (2 por defecto). Python no permite matar un
hilo: si la función no termina, su hilo sigue en segundo plano (es un hilo
*daemon*, que no impide cerrar Python), pero el comprobador da el caso por
fallido y marca los siguientes como no ejecutados, para no lanzar más hilos
que no terminan.

Aleatoriedad. Antes de cada caso se fija la semilla del generador de la
CPU (los casos no usan la GPU); al terminar se restaura su estado, así que
comprobar una función no cambia los números aleatorios del resto del
cuaderno.

Ejemplo:
    >>> from lessons_lib.regularization import l2_penalty
    >>> check_l2_penalty(l2_penalty).passed
    True
    >>> def forgot_half(w):
    ...     return torch.sum(w**2)
    >>> result = check_l2_penalty(forgot_half)
    >>> result.passed
    False
    >>> print(result.cases[0].hint)
    ¿Olvidaste el factor ½? La penalización es ½‖w‖², no ‖w‖².
"""

import functools
import html
import math
import numbers
import threading
from dataclasses import dataclass
from typing import NamedTuple

import torch

from lessons_lib._validate import check_positive, check_real, describe
from lessons_lib.norms import frobenius_norm, lp_norm, spectral_norm
from lessons_lib.regularization import dropout_layer, l1_penalty, l2_penalty
from lessons_lib.uncertainty import mc_dropout_predict

__all__ = [
    "CaseResult",
    "CheckResult",
    "check_dropout_layer",
    "check_frobenius_norm",
    "check_l1_penalty",
    "check_l2_penalty",
    "check_mc_dropout_predict",
    "check_norm",
    "check_spectral_norm",
    "check_weight_decay_step",
]

SEED = 0
"""Semilla que se fija antes de cada caso."""

DEFAULT_TIMEOUT = 2.0
"""Límite de tiempo por caso, en segundos."""


# --- Resultados --------------------------------------------------------------


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


# --- Ejecutar un caso sin riesgo ---------------------------------------------


def _call(fn, *args):
    """La llamada corriente de un caso: ``fn(*args)``."""
    return fn(*args)


@dataclass
class _Case:
    """Un caso por probar (uso interno).

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


class _Mistake(NamedTuple):
    """Un error típico: la pista que lo nombra y una función que lo comete.

    ``fn`` recibe los argumentos de la referencia (ninguno, si se juzga un
    estadístico) y devuelve lo que daría el error, o ``None`` si con esa
    entrada el error no se puede cometer.
    """

    hint: str
    fn: object


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


def _run_check(name, fn, make_cases, timeout):
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


def _check_arguments(fn, timeout):
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


def _format_number(value, digits=6):
    """Un número con ``digits`` cifras significativas: ``12.5``, ``7e+12``."""
    if value == 0:
        value = 0  # muestra «0», no «-0»
    return f"{value:.{digits}g}"


def _format_value(value, limit=6):
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
        text = f"tensor({_format_number(value.item())})"
    else:
        text = f"tensor de forma {tuple(value.shape)}"
        if value.device.type != "meta" and value.numel() > 0:
            values = value.detach().flatten()[:limit].tolist()
            shown = ", ".join(_format_number(number, 4) for number in values)
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


def _close(a, b, dtype, equal_nan=False):
    """¿Son ``a`` y ``b`` iguales salvo redondeo del tipo ``dtype``?"""
    if dtype == torch.float64:
        rtol, atol = 1e-10, 1e-12
    else:
        rtol, atol = 1e-4, 1e-6
    return torch.allclose(a.double(), b.double(), rtol=rtol, atol=atol, equal_nan=equal_nan)


def _diagnose(value, expected, hint, mistakes=(), args=()):
    """Pista para un valor con la forma de ``expected``.

    Devuelve ``None`` si el valor es correcto; si no, la pista del primer
    error típico de ``mistakes`` (:class:`_Mistake`, aplicados a ``args``)
    que da exactamente ese valor, o ``hint`` si no coincide ninguno.
    """
    dtype = expected.dtype
    if _close(value, expected, dtype):
        return None
    for mistake in mistakes:
        wrong = mistake.fn(*args)
        if wrong is None:
            continue
        same_as_wrong = _close(value, wrong, dtype, equal_nan=True)
        if same_as_wrong and not _close(wrong, expected, dtype):
            return mistake.hint
    if torch.isnan(value).any():
        return f"El resultado contiene NaN. {hint}"
    return hint


def _statistic_hint(value, target, tolerance, hint, mistakes):
    """Pista para un estadístico, con tolerancia absoluta.

    Devuelve ``None`` si ``value`` está a ``tolerance`` o menos de
    ``target``; si no, la pista del primer error típico de ``mistakes``
    (:class:`_Mistake` sin argumentos) cuyo valor esté así de cerca, o
    ``hint`` si no hay ninguno.
    """
    if abs(value - target) <= tolerance:
        return None
    for mistake in mistakes:
        if abs(value - mistake.fn()) <= tolerance:
            return mistake.hint
    return hint


def _wrong_type_hint(got, wanted):
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
            return _format_value(got), (
                f"La función debe devolver un solo número (un tensor de "
                f"dimensión 0), no un tensor de forma {tuple(got.shape)}: "
                "¿olvidaste sumar?"
            )
        if got.dtype != expected.dtype:
            return _format_value(got), _dtype_hint(got, expected)
        value = got.detach().cpu()
    elif isinstance(got, numbers.Real) and not isinstance(got, bool):
        value = torch.tensor(float(got), dtype=torch.float64)
    else:
        return _format_value(got), _wrong_type_hint(got, wanted)
    return _format_value(got), _diagnose(value, expected, hint, mistakes, args)


def _dtype_hint(got, like):
    return (
        f"El resultado debe tener el tipo de la entrada ({like.dtype}), "
        f"no {got.dtype}: no conviertas el tipo (con .float(), por ejemplo) "
        "ni crees tensores con el tipo por defecto."
    )


def _tensor_problem(got, like):
    """Pista si ``got`` no es un tensor con la forma, el tipo y el
    dispositivo de ``like``; ``None`` si lo es."""
    if not isinstance(got, torch.Tensor):
        return _wrong_type_hint(got, "un tensor")
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


def _tensor_failure(got, like):
    """``(obtenido, pista)`` si ``got`` no es un tensor como ``like``;
    ``None`` si lo es."""
    problem = _tensor_problem(got, like)
    return None if problem is None else (_format_value(got), problem)


def _tensor_judge(like, judge):
    """El juez ``judge``, precedido de la guarda común: si lo devuelto no es
    un tensor con la forma, el tipo y el dispositivo de ``like``, el caso
    falla con esa pista."""
    return lambda got: _tensor_failure(got, like) or judge(got)


def _well_formed(got):
    """Juez para los casos de estructura: pasa todo lo que pase la guarda."""
    return _format_value(got), None


# --- Casos que sirven a varios comprobadores ---------------------------------


def _seeded_randn(seed=SEED):
    """``torch.randn`` con un generador propio, fijado con ``seed``: las
    entradas de los casos no dependen del estado aleatorio del cuaderno."""
    return functools.partial(torch.randn, generator=torch.Generator().manual_seed(seed))


def _number_case(name, x, *, reference, mistakes, hint, error_hint=""):
    """Caso de una función de un tensor que devuelve un número.

    ``mistakes`` son los errores típicos (:class:`_Mistake`) que la pista
    reconoce: se calcula lo que daría cada uno con esta entrada.
    """
    expected = reference(x)
    if x.numel() == 0:
        mistakes = []  # algunos errores típicos (max) no admiten vacíos

    def judge(got):
        return _judge_number(got, expected, hint, mistakes, (x,))

    return _Case(name, _format_value(x), _format_number(expected.item()), (x,), judge, error_hint)


def _tensor_case(name, args, *, reference, mistakes, hint, shown=None):
    """Caso con un resultado exacto: un tensor igual a ``reference(*args)``.

    ``shown`` describe la entrada (por defecto, el primer argumento).
    """
    expected = reference(*args)

    def judge(got):
        return _format_value(got), _diagnose(got.detach(), expected, hint, mistakes, args)

    shown = shown or _format_value(args[0])
    return _Case(name, shown, _format_value(expected), args, _tensor_judge(expected, judge))


def _unchanged_case(args, names):
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
    return _Case("no modifica la entrada", _format_value(tensors[0]), expected, args, judge, clone=False)


def _runs_on_meta(reference, *args):
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


# --- Penalizaciones ----------------------------------------------------------

_MEAN_HINT = "¿Usaste la media en lugar de la suma? Suma sobre todos los elementos."
_SQUARED_HINT = "Elevaste al cuadrado en lugar de tomar el valor absoluto."
_L2_PENALTY_HINT = "Revisa la fórmula: la penalización ℓ2 es ½ Σ w², la mitad de la suma de los cuadrados."
_L2_PENALTY_MISTAKES = [
    _Mistake("¿Olvidaste el factor ½? La penalización es ½‖w‖², no ‖w‖².", lambda w: torch.sum(w**2)),
    _Mistake(_MEAN_HINT, lambda w: torch.mean(w**2) / 2),
    _Mistake("¿Usaste la media en lugar de la suma y olvidaste el factor ½?", lambda w: torch.mean(w**2)),
    _Mistake("Devolviste la norma ‖w‖₂; la penalización es ½‖w‖₂², sin raíz.", lambda w: torch.sqrt(torch.sum(w**2))),
    _Mistake("Usaste valores absolutos en lugar de cuadrados: esa es la ℓ1.", lambda w: torch.sum(torch.abs(w))),
]

_L1_PENALTY_HINT = "Revisa la fórmula: la penalización ℓ1 es Σ |w|, la suma de los valores absolutos."
_L1_PENALTY_MISTAKES = [
    _Mistake("¿Olvidaste el valor absoluto? Suma |w|, no w.", lambda w: torch.sum(w)),
    _Mistake(_MEAN_HINT, lambda w: torch.mean(torch.abs(w))),
    _Mistake(_SQUARED_HINT, lambda w: torch.sum(w**2)),
    _Mistake("Devolviste ½‖w‖²: esa es la penalización ℓ2.", lambda w: torch.sum(w**2) / 2),
    _Mistake("Sobra el ½: la penalización ℓ1 es Σ |w|.", lambda w: torch.sum(torch.abs(w)) / 2),
]

_ZERO_PENALTY_HINT = (
    "Con w = 0 la penalización debe valer 0: ¿sumas también algo que no "
    "depende de w, como el sesgo? El sesgo no se penaliza."
)
_EMPTY_HINT = "Con un tensor vacío el resultado debe ser 0: una suma sin términos vale 0 (y la media de nada es NaN)."


def _penalty_cases(reference, mistakes, hint, gradient):
    """Casos de una penalización ``fn(w)``; ``gradient(w)`` es su gradiente."""
    randn = _seeded_randn()
    case = functools.partial(_number_case, reference=reference, mistakes=mistakes, hint=hint)
    return [
        case("vector", torch.tensor([1.0, 2.0, 3.0, 4.0])),
        case("valores negativos", torch.tensor([3.0, -4.0, 0.5, -1.0])),
        case("matriz (2-D)", randn(3, 4)),
        case("float64", randn(10, dtype=torch.float64)),
        case("valores grandes", torch.tensor([1e6, -2e6, 3e6])),
        case("ceros", torch.zeros(5), hint=_ZERO_PENALTY_HINT),
        case("tensor vacío", torch.zeros(0), hint=_EMPTY_HINT, error_hint=_EMPTY_HINT),
        _gradient_case(gradient),
        _unchanged_case([torch.tensor([3.0, -4.0, 0.5])], ["w"]),
    ]


def _gradient_case(gradient):
    """Caso: la penalización conserva el grafo y su gradiente es correcto."""
    w = torch.tensor([1.5, -2.0, 0.5])
    expected = gradient(w)
    leaf = w.clone().requires_grad_(True)

    def judge(penalty):
        is_number = isinstance(penalty, numbers.Real)
        is_scalar = isinstance(penalty, torch.Tensor) and penalty.dim() == 0
        if not (is_number or is_scalar):
            wanted = "un tensor de dimensión 0"
            return _format_value(penalty), _wrong_type_hint(penalty, wanted)
        if is_number or penalty.grad_fn is None:
            return _format_value(penalty), (
                "El resultado no conserva el grafo de autograd, así que no "
                "sirve para entrenar: usa operaciones de torch y no lo "
                "conviertas en número (.item(), float(), NumPy)."
            )
        (grad,) = torch.autograd.grad(penalty, leaf)
        hint = f"El gradiente debe ser {_format_value(expected)}."
        return f"gradiente {_format_value(grad)}", _diagnose(grad, expected, hint)

    expected_text = f"gradiente {_format_value(expected)}"
    # Sin copias: el gradiente se pide respecto del propio tensor hoja.
    return _Case("gradiente (autograd)", _format_value(w), expected_text, (leaf,), judge, clone=False)


def check_l2_penalty(fn, *, timeout=DEFAULT_TIMEOUT):
    r"""Comprueba una penalización :math:`\ell_2`: ``fn(w)`` = ½‖w‖².

    Compara con :func:`lessons_lib.l2_penalty` en vectores, valores
    negativos, una matriz (se suma sobre todas las entradas), ``float64``,
    valores grandes, ceros y un tensor vacío; además exige que el resultado
    conserve el grafo de autograd (su gradiente es ``w``) y que ``w`` no se
    modifique.

    El sesgo no se penaliza. ``fn`` recibe solo tensores de pesos; una
    función que sume también el sesgo (tomado de fuera de la función, por
    ejemplo de una variable global) no vale 0 con ``w = 0``: falla el caso
    «ceros», cuya pista lo menciona.

    Argumentos:
        fn: la función del estudiante, ``fn(w)``.
        timeout: segundos que puede durar cada caso (2 por defecto).

    Devuelve:
        Un :class:`CheckResult`.

    Lanza:
        TypeError: si ``fn`` no se puede llamar o ``timeout`` no es un
            número.
        ValueError: si ``timeout`` no es un número positivo finito.

    Ejemplo:
        >>> from lessons_lib.regularization import l2_penalty
        >>> check_l2_penalty(l2_penalty).passed
        True
        >>> def mean_instead_of_sum(w):
        ...     return torch.mean(w**2) / 2
        >>> result = check_l2_penalty(mean_instead_of_sum)
        >>> result.passed, result.n_failed
        (False, 7)
        >>> result.cases[0].hint
        '¿Usaste la media en lugar de la suma? Suma sobre todos los elementos.'
    """
    timeout = _check_arguments(fn, timeout)
    cases = functools.partial(_penalty_cases, l2_penalty, _L2_PENALTY_MISTAKES, _L2_PENALTY_HINT, lambda w: w)
    return _run_check("check_l2_penalty", fn, cases, timeout)


def check_l1_penalty(fn, *, timeout=DEFAULT_TIMEOUT):
    r"""Comprueba una penalización :math:`\ell_1`: ``fn(w)`` = :math:`\sum_i |w_i|`.

    Los mismos casos que :func:`check_l2_penalty`, comparando con
    :func:`lessons_lib.l1_penalty`; el gradiente esperado es
    ``sign(w)`` (en un ``w`` sin ceros).

    Argumentos:
        fn: la función del estudiante, ``fn(w)``.
        timeout: segundos que puede durar cada caso (2 por defecto).

    Devuelve:
        Un :class:`CheckResult`.

    Lanza:
        TypeError: si ``fn`` no se puede llamar o ``timeout`` no es un
            número.
        ValueError: si ``timeout`` no es un número positivo finito.

    Ejemplo:
        >>> from lessons_lib.regularization import l1_penalty
        >>> check_l1_penalty(l1_penalty).passed
        True
        >>> result = check_l1_penalty(lambda w: torch.sum(w))
        >>> result.cases[1].hint
        '¿Olvidaste el valor absoluto? Suma |w|, no w.'
    """
    timeout = _check_arguments(fn, timeout)
    cases = functools.partial(_penalty_cases, l1_penalty, _L1_PENALTY_MISTAKES, _L1_PENALTY_HINT, torch.sign)
    return _run_check("check_l1_penalty", fn, cases, timeout)


# --- Normas ------------------------------------------------------------------


def _p_text(p):
    return "∞" if p == math.inf else f"{p:g}"


def _norm_mistakes(p):
    """Errores típicos al programar la norma ℓp (:class:`_Mistake`)."""
    if p == math.inf:
        mistakes = [
            _Mistake(
                "¿Olvidaste el valor absoluto? La norma ℓ∞ es el mayor |x|, no el mayor x.", lambda x: torch.max(x)
            ),
            _Mistake("Tomaste el menor |x|; la norma ℓ∞ es el mayor.", lambda x: torch.min(torch.abs(x))),
        ]
    else:
        no_abs = f"¿Olvidaste el valor absoluto? Con valores negativos, (Σ x^{p:g})^(1/{p:g}) no es la norma."
        mistakes = [
            _Mistake(no_abs, lambda x: torch.sum(x**p) ** (1 / p)),
            _Mistake(_MEAN_HINT, lambda x: torch.mean(torch.abs(x) ** p) ** (1 / p)),
        ]
    if p == 2:
        no_root = "¿Olvidaste la raíz cuadrada? Devolviste el cuadrado de la norma."
        mistakes.insert(0, _Mistake(no_root, lambda x: torch.sum(x**2)))
    elif p not in (1, math.inf):
        no_root = f"¿Olvidaste la raíz p-ésima? Eleva la suma a 1/p = 1/{p:g}."
        mistakes.insert(0, _Mistake(no_root, lambda x: torch.sum(torch.abs(x) ** p)))
    if p == 1:
        mistakes.append(_Mistake(_SQUARED_HINT, lambda x: torch.sum(x**2)))
    for q in (1, 2, math.inf):
        if q != p:
            other = f"Calculaste la norma ℓ{_p_text(q)}, no la ℓ{_p_text(p)}."
            mistakes.append(_Mistake(other, functools.partial(lp_norm, p=q)))
    return mistakes


def _norm_formula(p):
    if p == math.inf:
        return "‖x‖∞ = max |x|"
    if p == 1:
        return "‖x‖₁ = Σ |x|"
    if p == 2:
        return "‖x‖₂ = √(Σ x²)"
    return f"‖x‖_{p:g} = (Σ |x|^{p:g})^(1/{p:g})"


def _norm_cases(p):
    """Casos de una norma de vectores ``fn(x)`` para un ``p`` fijo."""
    randn = _seeded_randn()
    mistakes = _norm_mistakes(p)
    hint = f"Revisa la fórmula: {_norm_formula(p)}."
    flatten_hint = (
        "Con una entrada de varias dimensiones, la norma de vector se "
        "calcula sobre todos los elementos, como si estuviera aplanada "
        "(x.flatten())."
    )
    empty_hint = (
        "Un vector vacío tiene norma 0 (también la ℓ∞): trata ese caso "
        "aparte si tu operación no admite tensores vacíos."
    )
    # Grandes, pero sin que |x|^p desborde float32 con la fórmula directa.
    if p == math.inf:
        large = 1e6
    else:
        large = min(1e6, 10 ** (30 / p) / 3)

    case = functools.partial(_number_case, reference=lambda x: lp_norm(x, p), mistakes=mistakes, hint=hint)
    return [
        case("vector", torch.tensor([1.0, 2.0, 2.0])),
        case("valores negativos", torch.tensor([3.0, -4.0, 0.5, -1.0])),
        case("matriz (2-D), como vector", randn(3, 4), hint=flatten_hint),
        case("float64", randn(10, dtype=torch.float64)),
        case("valores grandes", torch.tensor([1.0, -2.0, 3.0]) * large),
        case("ceros", torch.zeros(5)),
        case("vector vacío", torch.zeros(0), hint=empty_hint, error_hint=empty_hint),
        _unchanged_case([torch.tensor([3.0, -4.0, 0.5])], ["x"]),
    ]


def check_norm(fn, p, *, timeout=DEFAULT_TIMEOUT):
    r"""Comprueba una norma :math:`\ell_p` de vectores: ``fn(x)`` = :math:`\|\mathbf{x}\|_p`.

    ``fn`` recibe solo el vector: es la norma para el ``p`` dado (por
    ejemplo, la ``l2_norm`` de un estudiante con ``p=2``). Para comprobar
    una función general ``lp_norm(x, p)``, fija ``p`` con una lambda:
    ``check_norm(lambda x: lp_norm(x, 3), 3)``.

    Compara con :func:`lessons_lib.lp_norm` en un vector, valores
    negativos, una matriz (que se trata como vector: se aplana), ``float64``,
    valores grandes, ceros y un vector vacío (norma 0, también la
    :math:`\ell_\infty`), y exige que ``x`` no se modifique. Con ``p``
    muy grande (del orden de 60 o más) la fórmula directa de la referencia
    desborda ``float32`` y da infinito; para el máximo, usa ``p=math.inf``.

    Argumentos:
        fn: la función del estudiante, ``fn(x)``.
        p: número real mayor o igual que 1, o ``math.inf``.
        timeout: segundos que puede durar cada caso (2 por defecto).

    Devuelve:
        Un :class:`CheckResult`.

    Lanza:
        TypeError: si ``fn`` no se puede llamar, o ``p`` o ``timeout`` no
            son números.
        ValueError: si ``p`` es NaN o menor que 1, o ``timeout`` no es un
            número positivo finito.

    Ejemplo:
        >>> from lessons_lib.norms import l2_norm, linf_norm, lp_norm
        >>> check_norm(l2_norm, 2).passed
        True
        >>> check_norm(linf_norm, math.inf).passed
        True
        >>> check_norm(lambda x: lp_norm(x, 3), 3).passed
        True
        >>> result = check_norm(lambda x: torch.sum(x**2), 2)
        >>> result.cases[0].hint
        '¿Olvidaste la raíz cuadrada? Devolviste el cuadrado de la norma.'
    """
    timeout = _check_arguments(fn, timeout)
    p = check_real(p, "p")
    if p < 1:
        raise ValueError(f"p debe ser mayor o igual que 1 (o math.inf): con p < 1 no hay norma; se recibió p={p}")
    return _run_check(f"check_norm(p={_p_text(p)})", fn, functools.partial(_norm_cases, p), timeout)


_FROBENIUS_HINT = "Revisa la fórmula: ‖X‖_F = √(Σ x²), la raíz de la suma de los cuadrados de todas las entradas."
_FROBENIUS_MISTAKES = [
    _Mistake("Devolviste el cuadrado de la norma: ¿olvidaste la raíz cuadrada?", lambda X: torch.sum(X**2)),
    _Mistake(
        "Usaste solo la diagonal: la norma de Frobenius suma los cuadrados de todas las entradas.",
        lambda X: torch.sqrt(torch.sum(torch.diagonal(X) ** 2)),
    ),
    _Mistake(
        "¿Usaste la media en lugar de la suma? Suma sobre todas las entradas.",
        lambda X: torch.sqrt(torch.mean(X**2)),
    ),
    _Mistake("Sumaste valores absolutos en lugar de cuadrados.", lambda X: torch.sum(torch.abs(X))),
    _Mistake(
        "Calculaste la norma espectral (el mayor valor singular), no la de Frobenius.",
        lambda X: torch.linalg.matrix_norm(X, ord=2),
    ),
]


def _frobenius_cases():
    """Casos de la norma de Frobenius ``fn(X)``."""
    randn = _seeded_randn()
    case = functools.partial(_number_case, reference=frobenius_norm, mistakes=_FROBENIUS_MISTAKES, hint=_FROBENIUS_HINT)
    empty_hint = "Una matriz sin entradas tiene norma 0."
    return [
        case("matriz 2×2", torch.tensor([[1.0, 2.0], [2.0, 4.0]])),
        case("matriz 2×3", torch.tensor([[1.0, 2.0, 0.0], [2.0, 4.0, 1.0]])),
        case("valores negativos", torch.tensor([[-1.0, 2.0], [-2.0, -4.0]])),
        case("float64", randn(4, 3, dtype=torch.float64)),
        case("valores grandes", torch.tensor([[1e6, -2e6], [2e6, 4e6]])),
        case("ceros", torch.zeros(3, 3)),
        case("matriz vacía (0×3)", torch.zeros(0, 3), hint=empty_hint, error_hint=empty_hint),
        _unchanged_case([torch.tensor([[3.0, -4.0], [0.5, 1.0]])], ["X"]),
    ]


def check_frobenius_norm(fn, *, timeout=DEFAULT_TIMEOUT):
    r"""Comprueba la norma de Frobenius: ``fn(X)`` = :math:`\|\mathbf{X}\|_F`.

    Compara con :func:`lessons_lib.frobenius_norm` en matrices cuadradas y
    no cuadradas, valores negativos, ``float64``, valores grandes, ceros y
    una matriz vacía, y exige que ``X`` no se modifique. Todas las entradas
    tienen exactamente 2 dimensiones.

    Argumentos:
        fn: la función del estudiante, ``fn(X)``.
        timeout: segundos que puede durar cada caso (2 por defecto).

    Devuelve:
        Un :class:`CheckResult`.

    Lanza:
        TypeError: si ``fn`` no se puede llamar o ``timeout`` no es un
            número.
        ValueError: si ``timeout`` no es un número positivo finito.

    Ejemplo:
        >>> from lessons_lib.norms import frobenius_norm
        >>> check_frobenius_norm(frobenius_norm).passed
        True
        >>> result = check_frobenius_norm(lambda X: torch.sum(X**2))
        >>> result.cases[0].hint
        'Devolviste el cuadrado de la norma: ¿olvidaste la raíz cuadrada?'
    """
    timeout = _check_arguments(fn, timeout)
    return _run_check("check_frobenius_norm", fn, _frobenius_cases, timeout)


# --- Norma espectral ----------------------------------------------------------

_SPECTRAL_HINT = (
    "Revisa el método: repite u ← X v, v ← Xᵀ u, normalizando en cada paso, "
    "y devuelve ‖X v‖₂ con v de norma 1; es el mayor valor singular."
)
_SPECTRAL_ZERO_HINT = (
    "Con X = 0 la norma es 0, pero X v es el vector nulo y normalizarlo divide por 0: trata ese caso aparte."
)
_SPECTRAL_EMPTY_HINT = "Una matriz sin entradas tiene norma 0: trata ese caso aparte."


def _second_singular_value(X):
    """σ₂, el segundo valor singular de ``X``; ``None`` si no tiene dos."""
    return torch.linalg.svdvals(X)[1] if min(X.shape) >= 2 else None


def _largest_eigenvalue(X):
    """El mayor autovalor de ``X`` en valor absoluto; ``None`` si ``X`` no
    es cuadrada."""
    if X.shape[0] != X.shape[1]:
        return None
    return torch.linalg.eigvals(X).abs().max().to(X.dtype)


_SPECTRAL_MISTAKES = [
    _Mistake(
        (
            "Calculaste la norma de Frobenius (todas las entradas); la "
            "espectral es el mayor valor singular, máx ‖X v‖ / ‖v‖."
        ),
        lambda X: torch.linalg.matrix_norm(X, ord="fro"),
    ),
    _Mistake(
        "Devolviste σ₁², el mayor autovalor de XᵀX: toma su raíz, o devuelve ‖X v‖₂ con v de norma 1.",
        lambda X: torch.linalg.matrix_norm(X, ord=2) ** 2,
    ),
    _Mistake(
        "Devolviste la mayor entrada en valor absoluto; la norma espectral es el mayor valor singular.",
        lambda X: torch.max(torch.abs(X)),
    ),
    _Mistake(
        (
            "Obtuviste el segundo valor singular: ¿empiezas con un vector "
            "ortogonal al vector singular principal, como un vector de "
            "unos? Empieza con un vector aleatorio."
        ),
        _second_singular_value,
    ),
    _Mistake(
        (
            "Calculaste el mayor autovalor de X (en valor absoluto), que "
            "solo coincide con σ₁ si X es simétrica: itera con XᵀX "
            "(u ← X v y después v ← Xᵀ u)."
        ),
        _largest_eigenvalue,
    ),
]


def _with_singular_values(values, rows, cols, randn, dtype=torch.float32):
    """Matriz ``rows`` × ``cols`` con los valores singulares ``values``."""
    k = len(values)
    U, _ = torch.linalg.qr(randn(rows, k, dtype=torch.float64))
    V, _ = torch.linalg.qr(randn(cols, k, dtype=torch.float64))
    S = torch.diag(torch.tensor(values, dtype=torch.float64))
    return (U @ S @ V.T).to(dtype)


def _spectral_cases():
    """Casos de la norma espectral ``fn(X)``."""
    randn = _seeded_randn()
    case = functools.partial(_number_case, reference=spectral_norm, mistakes=_SPECTRAL_MISTAKES, hint=_SPECTRAL_HINT)
    rank_one = torch.outer(torch.tensor([1.0, -2.0, 2.0]), torch.tensor([3.0, 4.0]))
    return [
        case("matriz 3×3", _with_singular_values([3.0, 1.0, 0.5], 3, 3, randn)),
        case("matriz 2×3 (ancha)", _with_singular_values([2.0, 0.5], 2, 3, randn)),
        case("matriz 3×2 (alta)", _with_singular_values([3.0, 1.0], 3, 2, randn)),
        case("matriz diagonal", torch.diag(torch.tensor([1.0, -4.0, 2.0]))),
        case("vector singular ortogonal a (1, 1)", torch.tensor([[2.0, -1.0], [-1.0, 2.0]])),
        case("no simétrica", torch.tensor([[1.0, 4.0], [0.0, 1.0]])),
        case("rango 1", rank_one),
        case("float64", _with_singular_values([4.0, 2.0, 1.0, 0.5], 5, 4, randn, torch.float64)),
        case("valores grandes", _with_singular_values([3e6, 1e6], 2, 2, randn)),
        case("ceros", torch.zeros(3, 3), hint=_SPECTRAL_ZERO_HINT),
        case("matriz vacía (0×3)", torch.zeros(0, 3), hint=_SPECTRAL_EMPTY_HINT, error_hint=_SPECTRAL_EMPTY_HINT),
        _unchanged_case([torch.tensor([[3.0, -4.0], [0.5, 1.0]])], ["X"]),
    ]


def check_spectral_norm(fn, *, timeout=DEFAULT_TIMEOUT):
    r"""Comprueba la norma espectral: ``fn(X)`` = :math:`\|\mathbf{X}\|_2 = \sigma_1`.

    Pensado para una iteración de potencias escrita por el estudiante, pero
    acepta cualquier método correcto. Compara con
    :func:`lessons_lib.spectral_norm` en matrices cuadradas, anchas y altas,
    una diagonal con entradas negativas, una matriz cuyo vector singular
    principal es ortogonal a :math:`(1, 1)` (un vector inicial de unos se
    queda en el segundo valor singular), una no simétrica (su mayor
    autovalor no es :math:`\sigma_1`), una de rango 1, ``float64``, valores
    grandes, ceros y una matriz vacía, y exige que ``X`` no se modifique.

    En todos los casos :math:`\sigma_2 / \sigma_1 \le 1/2`, así que 30
    iteraciones bastan para llegar a la precisión del tipo (tolerancia
    relativa :math:`10^{-4}` en ``float32`` y :math:`10^{-10}` en
    ``float64``). Las pistas reconocen la norma de Frobenius,
    :math:`\sigma_1^2` en lugar de :math:`\sigma_1`, la mayor entrada, el
    segundo valor singular y el mayor autovalor de :math:`\mathbf{X}`.

    Argumentos:
        fn: la función del estudiante, ``fn(X)``; para fijar otros
            argumentos, usa una lambda: ``lambda X: mi_norma(X, 50)``.
        timeout: segundos que puede durar cada caso (2 por defecto).

    Devuelve:
        Un :class:`CheckResult`.

    Lanza:
        TypeError: si ``fn`` no se puede llamar o ``timeout`` no es un
            número.
        ValueError: si ``timeout`` no es un número positivo finito.

    Ejemplo:
        >>> from lessons_lib.norms import spectral_norm
        >>> check_spectral_norm(spectral_norm).passed
        True
        >>> result = check_spectral_norm(torch.linalg.matrix_norm)
        >>> print(result.cases[0].hint)  # doctest: +NORMALIZE_WHITESPACE
        Calculaste la norma de Frobenius (todas las entradas); la espectral
        es el mayor valor singular, máx ‖X v‖ / ‖v‖.
    """
    timeout = _check_arguments(fn, timeout)
    return _run_check("check_spectral_norm", fn, _spectral_cases, timeout)


# --- Dropout -----------------------------------------------------------------

_RESCALE_HINT = "Los elementos que se conservan deben dividirse por 1 − p, para que la media no cambie."
_KEEP_HINT = "p es la probabilidad de anular, no de conservar."
_DEVICE_HINT = "La máscara debe crearse en el dispositivo de X: usa torch.rand_like(X) en lugar de torch.rand(X.shape)."
_NOT_RANDOM_HINT = "Con 0 < p < 1 unos elementos deben anularse y otros no: cada uno se anula con probabilidad p."
_FRACTION_TOLERANCE = 0.01
_MEAN_TOLERANCE = 0.02


def _dropout_judge(X, judge):
    """El juez ``judge``, precedido de dos guardas: lo devuelto es un tensor
    como ``X`` y tiene unos elementos anulados y otros no."""

    def random_mask(got):
        kept = got != 0
        if kept.all() or not kept.any():
            return _format_value(got), _NOT_RANDOM_HINT
        return judge(got)

    return _tensor_judge(X, random_mask)


def _dropout_values_case(name, X, p):
    """Caso: cada elemento de la salida es 0 o x/(1 − p)."""
    mistakes = [
        _Mistake(_RESCALE_HINT, lambda x: x),
        _Mistake(f"{_KEEP_HINT} Los conservados se dividen por 1 − p.", lambda x: x / p),
    ]
    hint = "Cada salida debe ser 0 (anulada) o x/(1 − p) (conservada)."

    def judge(got):
        kept = got != 0
        return _format_value(got), _diagnose(got[kept], X[kept] / (1 - p), hint, mistakes, (X[kept],))

    expected = f"cada elemento, 0 o x/(1 − {p:g})"
    return _Case(f"{name}, p = {p:g}", _format_value(X), expected, (X, p), _dropout_judge(X, judge))


def _dropout_structure_case(name, X, p, error_hint=""):
    """Caso: la salida tiene la forma, el tipo y el dispositivo de ``X``."""
    expected = "un tensor con la forma, el tipo y el dispositivo de X"
    return _Case(name, _format_value(X), expected, (X, p), _tensor_judge(X, _well_formed), error_hint)


def _independent_mask_case():
    """Caso: cada elemento del lote se anula con su propio número al azar."""
    X = torch.ones(64, 32)
    p = 0.5

    def judge(got):
        zeros = got == 0
        if torch.equal(zeros, zeros[:1].expand_as(zeros)):
            return "todas las filas con los mismos ceros", (
                "La máscara se comparte entre los ejemplos del lote: "
                "crea una máscara con la forma de X, con torch.rand_like(X)."
            )
        if torch.equal(zeros, zeros[:, :1].expand_as(zeros)):
            return "cada fila, anulada o conservada entera", (
                "La máscara se comparte entre las columnas: cada elemento "
                "necesita su propio número al azar, torch.rand_like(X)."
            )
        return "filas y columnas con ceros distintos", None

    return _Case(
        f"máscara independiente en cada ejemplo, p = {p:g}",
        _format_value(X),
        "ceros distintos en cada fila y en cada columna",
        (X, p),
        _dropout_judge(X, judge),
    )


def _zeroed_fraction_case():
    """Caso estadístico: la fracción de ceros se acerca a p."""
    X = torch.ones(1000, 100)
    p = 0.3
    tolerance = _FRACTION_TOLERANCE

    def judge(got):
        fraction = (got == 0).double().mean().item()
        hint = "Cada elemento debe anularse con probabilidad p."
        mistakes = [_Mistake(_KEEP_HINT, lambda: 1 - p)]
        return f"fracción de ceros {fraction:.4f}", _statistic_hint(fraction, p, tolerance, hint, mistakes)

    return _Case(
        f"fracción anulada ≈ p, p = {p:g}",
        _format_value(X),
        f"fracción de ceros {p:g} ± {tolerance:g} (100 000 elementos)",
        (X, p),
        _tensor_judge(X, judge),
    )


def _mean_preserved_case():
    """Caso estadístico: en promedio, la salida vale lo que la entrada."""
    generator = torch.Generator().manual_seed(SEED)
    X = 1 + torch.rand(100, 100, generator=generator)
    p = 0.2
    draws = 10
    tolerance = _MEAN_TOLERANCE

    def call(fn, X, p):
        return [fn(X.clone(), p) for _ in range(draws)]

    def judge(outputs):
        for got in outputs:
            failure = _tensor_failure(got, X)
            if failure:
                return failure
        ratio = (sum(outputs).sum() / (draws * X.sum())).item()
        hint = "En promedio la salida debe valer lo mismo que la entrada: E[h'] = h."
        mistakes = [_Mistake(_RESCALE_HINT, lambda: 1 - p)]
        return f"media de la salida / media de X = {ratio:.4f}", _statistic_hint(ratio, 1, tolerance, hint, mistakes)

    return _Case(
        f"la media se conserva, p = {p:g}",
        _format_value(X),
        f"media de la salida / media de X = 1 ± {tolerance:g} ({draws} sorteos de 100×100)",
        (X, p),
        judge,
        call=call,
    )


def _dropout_cases():
    """Casos de ``fn(X, p)``: exactos, de estructura y estadísticos."""
    randn = _seeded_randn()
    exact = functools.partial(_tensor_case, reference=dropout_layer)
    X = randn(4, 6)
    cases = [
        exact(
            "p = 0 devuelve X",
            (X, 0.0),
            mistakes=[_Mistake(_KEEP_HINT, lambda X, p: torch.zeros_like(X))],
            hint="Con p = 0 no se anula nada: devuelve X sin cambios.",
        ),
        exact(
            "p = 1 devuelve ceros",
            (X, 1.0),
            mistakes=[_Mistake(_KEEP_HINT, lambda X, p: X)],
            hint="Con p = 1 se anula todo: devuelve ceros (sin dividir por 1 − p = 0; trata p = 1 aparte).",
        ),
        _dropout_values_case("valores", randn(20, 30), 0.25),
        _dropout_values_case("float64", randn(8, 5, dtype=torch.float64), 0.5),
        _dropout_structure_case("lote vacío (0×5)", torch.zeros(0, 5), 0.5),
    ]
    if _runs_on_meta(dropout_layer, torch.ones(2, device="meta"), 0.5):
        cases.append(
            _dropout_structure_case(
                "dispositivo (tensor en «meta»)",
                torch.ones(4, 5, device="meta"),
                0.5,
                _DEVICE_HINT,
            )
        )
    cases += [
        _unchanged_case([randn(4, 6), 0.5], ["X"]),
        _independent_mask_case(),
        _zeroed_fraction_case(),
        _mean_preserved_case(),
    ]
    return cases


def check_dropout_layer(fn, *, timeout=DEFAULT_TIMEOUT):
    r"""Comprueba una capa de dropout: ``fn(X, p)``.

    ``fn`` debe anular cada elemento de ``X`` con probabilidad ``p`` y
    dividir los que conserva por ``1 − p``, sin modificar ``X``, como
    :func:`lessons_lib.dropout_layer`. Los casos:

    * exactos: ``p = 0`` devuelve ``X``; ``p = 1`` devuelve ceros;
    * valores: cada salida es 0 o ``x/(1 − p)`` (también en ``float64``);
    * estructura: la salida tiene la forma, el tipo y el dispositivo de
      ``X``, con un lote vacío y, si PyTorch lo permite, con un tensor en el
      dispositivo ``meta`` (una máscara creada con ``torch.rand(X.shape)``
      queda en la CPU y falla ahí; con ``torch.rand_like(X)``, no);
    * ``X`` no se modifica *in situ*;
    * la máscara es independiente en cada elemento: ni todas las filas del
      lote ni todas las columnas se anulan igual (64×32, p = 0.5);
    * estadísticos, con la semilla fija: la fracción de ceros está a menos
      de 0.01 de ``p`` (100 000 elementos, p = 0.3; unas 7 desviaciones
      típicas) y la media de 10 salidas dividida por la de ``X`` está a
      menos de 0.02 de 1 (100×100, p = 0.2; unas 12 desviaciones típicas).

    Argumentos:
        fn: la función del estudiante, ``fn(X, p)``.
        timeout: segundos que puede durar cada caso (2 por defecto).

    Devuelve:
        Un :class:`CheckResult`.

    Lanza:
        TypeError: si ``fn`` no se puede llamar o ``timeout`` no es un
            número.
        ValueError: si ``timeout`` no es un número positivo finito.

    Ejemplo:
        >>> from lessons_lib.regularization import dropout_layer
        >>> check_dropout_layer(dropout_layer).passed
        True
        >>> def no_rescaling(X, p):
        ...     return (torch.rand_like(X) > p) * X
        >>> result = check_dropout_layer(no_rescaling)
        >>> result.passed
        False
        >>> print(result.cases[2].hint)  # doctest: +NORMALIZE_WHITESPACE
        Los elementos que se conservan deben dividirse por 1 − p, para que
        la media no cambie.
    """
    timeout = _check_arguments(fn, timeout)
    return _run_check("check_dropout_layer", fn, _dropout_cases, timeout)


# --- Paso de decaimiento de pesos --------------------------------------------


def _weight_decay_step(w, grad, lr, lambd):
    """Paso de referencia: (1 − lr·lambd)·w − lr·grad."""
    return (1 - lr * lambd) * w - lr * grad


_STEP_HINT = "Revisa la fórmula: w ← (1 − lr·lambd)·w − lr·grad."
_STEP_MISTAKES = [
    _Mistake(
        "¿Olvidaste multiplicar el decaimiento por lr? El factor es (1 − lr·lambd), no (1 − lambd).",
        lambda w, grad, lr, lambd: (1 - lambd) * w - lr * grad,
    ),
    _Mistake(
        "Error de signo en el gradiente: el paso va contra él, − lr·grad.",
        lambda w, grad, lr, lambd: (1 - lr * lambd) * w + lr * grad,
    ),
    _Mistake(
        "Error de signo en el decaimiento: los pesos se encogen, (1 − lr·lambd)·w.",
        lambda w, grad, lr, lambd: (1 + lr * lambd) * w - lr * grad,
    ),
    _Mistake(
        "Falta el decaimiento: ese es el paso de SGD sin regularización.",
        lambda w, grad, lr, lambd: w - lr * grad,
    ),
    _Mistake("¿Olvidaste multiplicar el gradiente por lr?", lambda w, grad, lr, lambd: (1 - lr * lambd) * w - grad),
    _Mistake("Falta el término del gradiente, − lr·grad.", lambda w, grad, lr, lambd: (1 - lr * lambd) * w),
    _Mistake(
        "La derivada de (lambd/2)‖w‖² es lambd·w (el ½ se cancela): no dividas lambd por 2.",
        lambda w, grad, lr, lambd: (1 - lr * lambd / 2) * w - lr * grad,
    ),
]


def _step_case(name, w, grad, lr, lambd):
    """Caso: un paso exacto con esos argumentos."""
    shown = f"w = {_format_value(w)}, grad = {_format_value(grad)}, lr = {lr}, lambd = {lambd}"
    return _tensor_case(
        name,
        (w, grad, lr, lambd),
        reference=_weight_decay_step,
        mistakes=_STEP_MISTAKES,
        hint=_STEP_HINT,
        shown=shown,
    )


def _weight_decay_cases():
    """Casos de ``fn(w, grad, lr, lambd)``."""
    randn = _seeded_randn()
    w = torch.tensor([1.0, -2.0, 3.0])
    grad = torch.tensor([0.5, 0.5, -1.0])
    large = torch.tensor([1e6, -2e6, 3e6])
    return [
        _step_case("paso normal", w, grad, 0.1, 0.5),
        _step_case("lambd = 0: SGD sin decaimiento", w, grad, 0.1, 0.0),
        _step_case("grad = 0: solo decaimiento", w, torch.zeros(3), 0.1, 0.5),
        _step_case("matriz (2-D)", randn(3, 4), randn(3, 4), 0.05, 3.0),
        _step_case("float64", randn(6, dtype=torch.float64), randn(6, dtype=torch.float64), 0.01, 0.3),
        _step_case("valores grandes", large, large / 2, 0.01, 0.1),
        _step_case("ceros", torch.zeros(4), torch.zeros(4), 0.1, 0.5),
        _step_case("tensores vacíos", torch.zeros(0), torch.zeros(0), 0.1, 0.5),
        _unchanged_case([randn(5), randn(5), 0.1, 0.5], ["w", "grad"]),
    ]


def check_weight_decay_step(fn, *, timeout=DEFAULT_TIMEOUT):
    r"""Comprueba un paso de SGD con decaimiento de pesos.

    La función del estudiante tiene la firma ``fn(w, grad, lr, lambd)``:

    * ``w``: tensor con los pesos actuales;
    * ``grad``: tensor de la misma forma con el gradiente de la pérdida
      *sin* la penalización, :math:`\nabla_{\mathbf{w}} L`;
    * ``lr``: la tasa de aprendizaje :math:`\eta` (un ``float``);
    * ``lambd``: la intensidad :math:`\lambda` de la penalización
      :math:`\tfrac{\lambda}{2}\|\mathbf{w}\|^2` (un ``float``),

    y devuelve, sin modificar ``w`` ni ``grad``, un tensor nuevo con los
    pesos tras el paso (del tipo y la forma de ``w``):

    .. math:: (1 - \eta\lambda)\,\mathbf{w} - \eta\,\nabla_{\mathbf{w}} L

    Los casos: un paso normal, ``lambd = 0`` (SGD sin decaimiento),
    ``grad = 0`` (solo decaimiento), una matriz, ``float64``, valores
    grandes, ceros, tensores vacíos y que no modifique sus argumentos. Las
    pistas reconocen el ``lr`` olvidado en el término de decaimiento, los
    errores de signo, el decaimiento o el gradiente ausentes y un ½ de más.

    Argumentos:
        fn: la función del estudiante, ``fn(w, grad, lr, lambd)``.
        timeout: segundos que puede durar cada caso (2 por defecto).

    Devuelve:
        Un :class:`CheckResult`.

    Lanza:
        TypeError: si ``fn`` no se puede llamar o ``timeout`` no es un
            número.
        ValueError: si ``timeout`` no es un número positivo finito.

    Ejemplo:
        >>> def step(w, grad, lr, lambd):
        ...     return (1 - lr * lambd) * w - lr * grad
        >>> check_weight_decay_step(step).passed
        True
        >>> def forgot_lr(w, grad, lr, lambd):
        ...     return (1 - lambd) * w - lr * grad
        >>> hint = check_weight_decay_step(forgot_lr).cases[0].hint
        >>> print(hint)  # doctest: +NORMALIZE_WHITESPACE
        ¿Olvidaste multiplicar el decaimiento por lr? El factor es
        (1 − lr·lambd), no (1 − lambd).
    """
    timeout = _check_arguments(fn, timeout)
    return _run_check("check_weight_decay_step", fn, _weight_decay_cases, timeout)


# --- Dropout de Monte Carlo ----------------------------------------------------

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


class _MCFailure(RuntimeError):
    """El error que lanza a propósito el modelo roto de un caso."""


class _BrokenModel(torch.nn.Module):
    """Un modelo con dropout cuya pasada hacia delante siempre falla."""

    def __init__(self):
        super().__init__()
        self.dropout = torch.nn.Dropout(0.5)

    def forward(self, X):
        raise _MCFailure("pasada hacia delante rota a propósito")


def _mc_model(p, dtype=torch.float32, device="cpu", training=False):
    """Red diminuta con dropout: 3 entradas, 4 ocultas, 3 clases."""
    randn = _seeded_randn()
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
    return _seeded_randn(SEED + 1)(n, 3, dtype=dtype)


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
        return _wrong_type_hint(got, "un par (probs, entropy)")
    if len(got) < 2:
        return _MC_STRUCTURE_HINT
    like_probs = torch.empty(X.shape[0], _MC_CLASSES, dtype=X.dtype, device=X.device)
    like_entropy = torch.empty(X.shape[0], dtype=X.dtype, device=X.device)
    for value, like, name in [(got[0], like_probs, "probs"), (got[1], like_entropy, "entropy")]:
        problem = _tensor_problem(value, like)
        if problem is not None:
            return f"{name}: {problem}"
    return None


def _format_pair(got):
    """Texto para el informe: ``probs = …; entropy = …``."""
    if isinstance(got, (tuple, list)) and len(got) >= 2:
        return f"probs = {_format_value(got[0])}; entropy = {_format_value(got[1])}"
    return _format_value(got)


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
    return _Case(name, shown, expected, args, _pair_judge(args[1], judge), error_hint)


_LOGITS_MISTAKE = _Mistake(
    "Devuelve probabilidades: aplica softmax a la salida del modelo en cada pasada.", lambda logits: logits
)
_LOG2_HINT = "Usa el logaritmo natural (torch.log), no log2: la entropía se mide en nats."
_ENTROPY_MISTAKES = [
    _Mistake(_LOG2_HINT, lambda probs: _entropy(probs) / math.log(2)),
    _Mistake("Error de signo: la entropía es −Σ p log p, que no es negativa.", lambda probs: -_entropy(probs)),
]


def _mc_eval_case():
    """Caso exacto: sin dropout, la media es la salida en modo eval."""
    X = _mc_inputs(5)
    model = _mc_model(0.0)
    with torch.no_grad():
        logits = model(X)
    expected = torch.softmax(logits, dim=-1)

    def judge(got, probs, entropy):
        hint = _diagnose(
            probs.detach(),
            expected,
            "Sin dropout, todas las pasadas son la salida en modo eval: probs debe ser softmax(model(X)).",
            [_LOGITS_MISTAKE],
            (logits,),
        )
        if hint is None:
            hint = _diagnose(
                entropy.detach(),
                _entropy(expected),
                "La entropía predictiva es −Σ p log p de las probabilidades medias.",
                _ENTROPY_MISTAKES,
                (expected,),
            )
        return _format_pair(got), hint

    shown = "modelo sin dropout (p = 0), X de forma (5, 3), 3 pasadas"
    expected_text = f"probs = {_format_value(expected)}"
    return _mc_case("sin dropout: la salida en modo eval", shown, expected_text, (model, X, 3), judge)


def _consistency_hint(probs, entropy):
    """Pista si las filas de ``probs`` no son distribuciones o ``entropy``
    no es su entropía; ``None`` si todo cuadra."""
    if torch.isnan(probs).any() or torch.isnan(entropy).any():
        return "El resultado contiene NaN: con probabilidades 0, p·log p da 0·(−∞); usa torch.special.xlogy(p, p)."
    sums = probs.sum(dim=-1)
    if (probs < 0).any() or not _close(sums, torch.ones_like(sums), probs.dtype):
        return (
            "Cada fila de probs debe ser una distribución: valores no "
            "negativos que suman 1. Promedia softmax de cada pasada."
        )
    own = _entropy(probs)
    if _close(entropy, own, probs.dtype):
        return None
    if _close(entropy, own / math.log(2), probs.dtype):
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
        if _close(probs.detach(), eval_probs, probs.dtype):
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

    return _Case(
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

    return _Case(
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
        _format_value(X),
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
    if _runs_on_meta(mc_dropout_predict, meta_model, torch.ones(2, 3, device="meta"), 2):
        cases.append(
            _mc_structure_case(
                "dispositivo (modelo y X en «meta»)",
                torch.float32,
                "meta",
                "Crea los tensores en el dispositivo de X (torch.zeros_like, "
                "device=X.device) o apila las pasadas con torch.stack.",
            )
        )
    cases.append(_unchanged_case([_mc_model(0.5), _mc_inputs(4), 3], ["X"]))
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

    Argumentos:
        fn: la función del estudiante, ``fn(model, X, num_samples)``.
        timeout: segundos que puede durar cada caso (2 por defecto).

    Devuelve:
        Un :class:`CheckResult`.

    Lanza:
        TypeError: si ``fn`` no se puede llamar o ``timeout`` no es un
            número.
        ValueError: si ``timeout`` no es un número positivo finito.

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
    timeout = _check_arguments(fn, timeout)
    return _run_check("check_mc_dropout_predict", fn, _mc_cases, timeout)
