r"""Comprobadores de las normas: :math:`\ell_p` de vectores, Frobenius y espectral."""

import functools
import math

import torch

from lessons_lib._validate import check_real
from lessons_lib.checks._engine import (
    DEFAULT_TIMEOUT,
    MEAN_HINT,
    SQUARED_HINT,
    Mistake,
    check_arguments,
    number_case,
    run_check,
    seeded_randn,
    unchanged_case,
)
from lessons_lib.norms import frobenius_norm, lp_norm, spectral_norm

__all__ = ["check_frobenius_norm", "check_norm", "check_spectral_norm"]


# --- Norma ℓp de vectores ----------------------------------------------------


def _p_text(p):
    return "∞" if p == math.inf else f"{p:g}"


def _norm_mistakes(p):
    """Errores típicos al programar la norma ℓp (:class:`Mistake`)."""
    if p == math.inf:
        mistakes = [
            Mistake(
                "¿Olvidaste el valor absoluto? La norma ℓ∞ es el mayor |x|, no el mayor x.", lambda x: torch.max(x)
            ),
            Mistake("Tomaste el menor |x|; la norma ℓ∞ es el mayor.", lambda x: torch.min(torch.abs(x))),
        ]
    else:
        no_abs = f"¿Olvidaste el valor absoluto? Con valores negativos, (Σ x^{p:g})^(1/{p:g}) no es la norma."
        mistakes = [
            Mistake(no_abs, lambda x: torch.sum(x**p) ** (1 / p)),
            Mistake(MEAN_HINT, lambda x: torch.mean(torch.abs(x) ** p) ** (1 / p)),
        ]
    if p == 2:
        no_root = "¿Olvidaste la raíz cuadrada? Devolviste el cuadrado de la norma."
        mistakes.insert(0, Mistake(no_root, lambda x: torch.sum(x**2)))
    elif p not in (1, math.inf):
        no_root = f"¿Olvidaste la raíz p-ésima? Eleva la suma a 1/p = 1/{p:g}."
        mistakes.insert(0, Mistake(no_root, lambda x: torch.sum(torch.abs(x) ** p)))
    if p == 1:
        mistakes.append(Mistake(SQUARED_HINT, lambda x: torch.sum(x**2)))
    for q in (1, 2, math.inf):
        if q != p:
            other = f"Calculaste la norma ℓ{_p_text(q)}, no la ℓ{_p_text(p)}."
            mistakes.append(Mistake(other, functools.partial(lp_norm, p=q)))
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
    randn = seeded_randn()
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

    case = functools.partial(number_case, reference=lambda x: lp_norm(x, p), mistakes=mistakes, hint=hint)
    return [
        case("vector", torch.tensor([1.0, 2.0, 2.0])),
        case("valores negativos", torch.tensor([3.0, -4.0, 0.5, -1.0])),
        case("matriz (2-D), como vector", randn(3, 4), hint=flatten_hint),
        case("float64", randn(10, dtype=torch.float64)),
        case("valores grandes", torch.tensor([1.0, -2.0, 3.0]) * large),
        case("ceros", torch.zeros(5)),
        case("vector vacío", torch.zeros(0), hint=empty_hint, error_hint=empty_hint),
        unchanged_case([torch.tensor([3.0, -4.0, 0.5])], ["x"]),
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

    Argumentos, resultado y errores: los de todos los comprobadores
    (:mod:`lessons_lib.checks`), con ``fn(x)``, y además:

    Argumentos:
        p: número real mayor o igual que 1, o ``math.inf``.

    Lanza:
        TypeError: si ``p`` no es un número.
        ValueError: si ``p`` es NaN o menor que 1.

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
    timeout = check_arguments(fn, timeout)
    p = check_real(p, "p")
    if p < 1:
        raise ValueError(f"p debe ser mayor o igual que 1 (o math.inf): con p < 1 no hay norma; se recibió p={p}")
    return run_check(f"check_norm(p={_p_text(p)})", fn, functools.partial(_norm_cases, p), timeout)


# --- Norma de Frobenius ------------------------------------------------------

_FROBENIUS_HINT = "Revisa la fórmula: ‖X‖_F = √(Σ x²), la raíz de la suma de los cuadrados de todas las entradas."
_FROBENIUS_MISTAKES = [
    Mistake("Devolviste el cuadrado de la norma: ¿olvidaste la raíz cuadrada?", lambda X: torch.sum(X**2)),
    Mistake(
        "Usaste solo la diagonal: la norma de Frobenius suma los cuadrados de todas las entradas.",
        lambda X: torch.sqrt(torch.sum(torch.diagonal(X) ** 2)),
    ),
    Mistake(
        "¿Usaste la media en lugar de la suma? Suma sobre todas las entradas.",
        lambda X: torch.sqrt(torch.mean(X**2)),
    ),
    Mistake("Sumaste valores absolutos en lugar de cuadrados.", lambda X: torch.sum(torch.abs(X))),
    Mistake(
        "Calculaste la norma espectral (el mayor valor singular), no la de Frobenius.",
        lambda X: torch.linalg.matrix_norm(X, ord=2),
    ),
]


def _frobenius_cases():
    """Casos de la norma de Frobenius ``fn(X)``."""
    randn = seeded_randn()
    case = functools.partial(number_case, reference=frobenius_norm, mistakes=_FROBENIUS_MISTAKES, hint=_FROBENIUS_HINT)
    empty_hint = "Una matriz sin entradas tiene norma 0."
    return [
        case("matriz 2×2", torch.tensor([[1.0, 2.0], [2.0, 4.0]])),
        case("matriz 2×3", torch.tensor([[1.0, 2.0, 0.0], [2.0, 4.0, 1.0]])),
        case("valores negativos", torch.tensor([[-1.0, 2.0], [-2.0, -4.0]])),
        case("float64", randn(4, 3, dtype=torch.float64)),
        case("valores grandes", torch.tensor([[1e6, -2e6], [2e6, 4e6]])),
        case("ceros", torch.zeros(3, 3)),
        case("matriz vacía (0×3)", torch.zeros(0, 3), hint=empty_hint, error_hint=empty_hint),
        unchanged_case([torch.tensor([[3.0, -4.0], [0.5, 1.0]])], ["X"]),
    ]


def check_frobenius_norm(fn, *, timeout=DEFAULT_TIMEOUT):
    r"""Comprueba la norma de Frobenius: ``fn(X)`` = :math:`\|\mathbf{X}\|_F`.

    Compara con :func:`lessons_lib.frobenius_norm` en matrices cuadradas y
    no cuadradas, valores negativos, ``float64``, valores grandes, ceros y
    una matriz vacía, y exige que ``X`` no se modifique. Todas las entradas
    tienen exactamente 2 dimensiones.

    Argumentos, resultado y errores: los de todos los comprobadores
    (:mod:`lessons_lib.checks`), con ``fn(X)``.

    Ejemplo:
        >>> from lessons_lib.norms import frobenius_norm
        >>> check_frobenius_norm(frobenius_norm).passed
        True
        >>> result = check_frobenius_norm(lambda X: torch.sum(X**2))
        >>> result.cases[0].hint
        'Devolviste el cuadrado de la norma: ¿olvidaste la raíz cuadrada?'
    """
    timeout = check_arguments(fn, timeout)
    return run_check("check_frobenius_norm", fn, _frobenius_cases, timeout)


# --- Norma espectral ---------------------------------------------------------

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
    Mistake(
        (
            "Calculaste la norma de Frobenius (todas las entradas); la "
            "espectral es el mayor valor singular, máx ‖X v‖ / ‖v‖."
        ),
        lambda X: torch.linalg.matrix_norm(X, ord="fro"),
    ),
    Mistake(
        "Devolviste σ₁², el mayor autovalor de XᵀX: toma su raíz, o devuelve ‖X v‖₂ con v de norma 1.",
        lambda X: torch.linalg.matrix_norm(X, ord=2) ** 2,
    ),
    Mistake(
        "Devolviste la mayor entrada en valor absoluto; la norma espectral es el mayor valor singular.",
        lambda X: torch.max(torch.abs(X)),
    ),
    Mistake(
        (
            "Obtuviste el segundo valor singular: ¿empiezas con un vector "
            "ortogonal al vector singular principal, como un vector de "
            "unos? Empieza con un vector aleatorio."
        ),
        _second_singular_value,
    ),
    Mistake(
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
    randn = seeded_randn()
    case = functools.partial(number_case, reference=spectral_norm, mistakes=_SPECTRAL_MISTAKES, hint=_SPECTRAL_HINT)
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
        unchanged_case([torch.tensor([[3.0, -4.0], [0.5, 1.0]])], ["X"]),
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

    Argumentos, resultado y errores: los de todos los comprobadores
    (:mod:`lessons_lib.checks`), con ``fn(X)``; para fijar otros
    argumentos, usa una lambda: ``lambda X: mi_norma(X, 50)``.

    Ejemplo:
        >>> from lessons_lib.norms import spectral_norm
        >>> check_spectral_norm(spectral_norm).passed
        True
        >>> result = check_spectral_norm(torch.linalg.matrix_norm)
        >>> print(result.cases[0].hint)  # doctest: +NORMALIZE_WHITESPACE
        Calculaste la norma de Frobenius (todas las entradas); la espectral
        es el mayor valor singular, máx ‖X v‖ / ‖v‖.
    """
    timeout = check_arguments(fn, timeout)
    return run_check("check_spectral_norm", fn, _spectral_cases, timeout)
