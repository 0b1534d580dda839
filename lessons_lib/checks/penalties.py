r"""Comprobadores de las penalizaciones ℓ2 y ℓ1 y del paso de SGD con decaimiento de pesos."""

import functools
import numbers

import torch

from lessons_lib.checks._engine import (
    DEFAULT_TIMEOUT,
    MEAN_HINT,
    SQUARED_HINT,
    Case,
    Mistake,
    check_arguments,
    diagnose,
    format_value,
    number_case,
    run_check,
    seeded_randn,
    tensor_case,
    unchanged_case,
    wrong_type_hint,
)
from lessons_lib.regularization import l1_penalty, l2_penalty

__all__ = ["check_l1_penalty", "check_l2_penalty", "check_weight_decay_step"]


# --- Penalizaciones ----------------------------------------------------------

_L2_PENALTY_HINT = "Revisa la fórmula: la penalización ℓ2 es ½ Σ w², la mitad de la suma de los cuadrados."
_L2_PENALTY_MISTAKES = [
    Mistake("¿Olvidaste el factor ½? La penalización es ½‖w‖², no ‖w‖².", lambda w: torch.sum(w**2)),
    Mistake(MEAN_HINT, lambda w: torch.mean(w**2) / 2),
    Mistake("¿Usaste la media en lugar de la suma y olvidaste el factor ½?", lambda w: torch.mean(w**2)),
    Mistake("Devolviste la norma ‖w‖₂; la penalización es ½‖w‖₂², sin raíz.", lambda w: torch.sqrt(torch.sum(w**2))),
    Mistake("Usaste valores absolutos en lugar de cuadrados: esa es la ℓ1.", lambda w: torch.sum(torch.abs(w))),
]

_L1_PENALTY_HINT = "Revisa la fórmula: la penalización ℓ1 es Σ |w|, la suma de los valores absolutos."
_L1_PENALTY_MISTAKES = [
    Mistake("¿Olvidaste el valor absoluto? Suma |w|, no w.", lambda w: torch.sum(w)),
    Mistake(MEAN_HINT, lambda w: torch.mean(torch.abs(w))),
    Mistake(SQUARED_HINT, lambda w: torch.sum(w**2)),
    Mistake("Devolviste ½‖w‖²: esa es la penalización ℓ2.", lambda w: torch.sum(w**2) / 2),
    Mistake("Sobra el ½: la penalización ℓ1 es Σ |w|.", lambda w: torch.sum(torch.abs(w)) / 2),
]

_ZERO_PENALTY_HINT = (
    "Con w = 0 la penalización debe valer 0: ¿sumas también algo que no "
    "depende de w, como el sesgo? El sesgo no se penaliza."
)
_EMPTY_HINT = "Con un tensor vacío el resultado debe ser 0: una suma sin términos vale 0 (y la media de nada es NaN)."


def _penalty_cases(reference, mistakes, hint, gradient):
    """Casos de una penalización ``fn(w)``; ``gradient(w)`` es su gradiente."""
    randn = seeded_randn()
    case = functools.partial(number_case, reference=reference, mistakes=mistakes, hint=hint)
    return [
        case("vector", torch.tensor([1.0, 2.0, 3.0, 4.0])),
        case("valores negativos", torch.tensor([3.0, -4.0, 0.5, -1.0])),
        case("matriz (2-D)", randn(3, 4)),
        case("float64", randn(10, dtype=torch.float64)),
        case("valores grandes", torch.tensor([1e6, -2e6, 3e6])),
        case("ceros", torch.zeros(5), hint=_ZERO_PENALTY_HINT),
        case("tensor vacío", torch.zeros(0), hint=_EMPTY_HINT, error_hint=_EMPTY_HINT),
        _gradient_case(gradient),
        unchanged_case([torch.tensor([3.0, -4.0, 0.5])], ["w"]),
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
            return format_value(penalty), wrong_type_hint(penalty, wanted)
        if is_number or penalty.grad_fn is None:
            return format_value(penalty), (
                "El resultado no conserva el grafo de autograd, así que no "
                "sirve para entrenar: usa operaciones de torch y no lo "
                "conviertas en número (.item(), float(), NumPy)."
            )
        (grad,) = torch.autograd.grad(penalty, leaf)
        hint = f"El gradiente debe ser {format_value(expected)}."
        return f"gradiente {format_value(grad)}", diagnose(grad, expected, hint)

    expected_text = f"gradiente {format_value(expected)}"
    # Sin copias: el gradiente se pide respecto del propio tensor hoja.
    return Case("gradiente (autograd)", format_value(w), expected_text, (leaf,), judge, clone=False)


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

    Argumentos, resultado y errores: los de todos los comprobadores
    (:mod:`lessons_lib.checks`), con ``fn(w)``.

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
    timeout = check_arguments(fn, timeout)
    cases = functools.partial(_penalty_cases, l2_penalty, _L2_PENALTY_MISTAKES, _L2_PENALTY_HINT, lambda w: w)
    return run_check("check_l2_penalty", fn, cases, timeout)


def check_l1_penalty(fn, *, timeout=DEFAULT_TIMEOUT):
    r"""Comprueba una penalización :math:`\ell_1`: ``fn(w)`` = :math:`\sum_i |w_i|`.

    Los mismos casos que :func:`check_l2_penalty`, comparando con
    :func:`lessons_lib.l1_penalty`; el gradiente esperado es
    ``sign(w)`` (en un ``w`` sin ceros).

    Argumentos, resultado y errores: los de todos los comprobadores
    (:mod:`lessons_lib.checks`), con ``fn(w)``.

    Ejemplo:
        >>> from lessons_lib.regularization import l1_penalty
        >>> check_l1_penalty(l1_penalty).passed
        True
        >>> result = check_l1_penalty(lambda w: torch.sum(w))
        >>> result.cases[1].hint
        '¿Olvidaste el valor absoluto? Suma |w|, no w.'
    """
    timeout = check_arguments(fn, timeout)
    cases = functools.partial(_penalty_cases, l1_penalty, _L1_PENALTY_MISTAKES, _L1_PENALTY_HINT, torch.sign)
    return run_check("check_l1_penalty", fn, cases, timeout)


# --- Paso de decaimiento de pesos --------------------------------------------


def _weight_decay_step(w, grad, lr, lambd):
    """Paso de referencia: (1 − lr·lambd)·w − lr·grad."""
    return (1 - lr * lambd) * w - lr * grad


_STEP_HINT = "Revisa la fórmula: w ← (1 − lr·lambd)·w − lr·grad."
_STEP_MISTAKES = [
    Mistake(
        "¿Olvidaste multiplicar el decaimiento por lr? El factor es (1 − lr·lambd), no (1 − lambd).",
        lambda w, grad, lr, lambd: (1 - lambd) * w - lr * grad,
    ),
    Mistake(
        "Error de signo en el gradiente: el paso va contra él, − lr·grad.",
        lambda w, grad, lr, lambd: (1 - lr * lambd) * w + lr * grad,
    ),
    Mistake(
        "Error de signo en el decaimiento: los pesos se encogen, (1 − lr·lambd)·w.",
        lambda w, grad, lr, lambd: (1 + lr * lambd) * w - lr * grad,
    ),
    Mistake(
        "Falta el decaimiento: ese es el paso de SGD sin regularización.",
        lambda w, grad, lr, lambd: w - lr * grad,
    ),
    Mistake("¿Olvidaste multiplicar el gradiente por lr?", lambda w, grad, lr, lambd: (1 - lr * lambd) * w - grad),
    Mistake("Falta el término del gradiente, − lr·grad.", lambda w, grad, lr, lambd: (1 - lr * lambd) * w),
    Mistake(
        "La derivada de (lambd/2)‖w‖² es lambd·w (el ½ se cancela): no dividas lambd por 2.",
        lambda w, grad, lr, lambd: (1 - lr * lambd / 2) * w - lr * grad,
    ),
]


def _step_case(name, w, grad, lr, lambd):
    """Caso: un paso exacto con esos argumentos."""
    shown = f"w = {format_value(w)}, grad = {format_value(grad)}, lr = {lr}, lambd = {lambd}"
    return tensor_case(
        name,
        (w, grad, lr, lambd),
        reference=_weight_decay_step,
        mistakes=_STEP_MISTAKES,
        hint=_STEP_HINT,
        shown=shown,
    )


def _weight_decay_cases():
    """Casos de ``fn(w, grad, lr, lambd)``."""
    randn = seeded_randn()
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
        unchanged_case([randn(5), randn(5), 0.1, 0.5], ["w", "grad"]),
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

    Argumentos, resultado y errores: los de todos los comprobadores
    (:mod:`lessons_lib.checks`), con ``fn(w, grad, lr, lambd)``.

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
    timeout = check_arguments(fn, timeout)
    return run_check("check_weight_decay_step", fn, _weight_decay_cases, timeout)
