r"""Comprobador de la capa de dropout, ``fn(X, p)``."""

import functools

import torch

from lessons_lib.checks._engine import (
    DEFAULT_TIMEOUT,
    SEED,
    Case,
    Mistake,
    check_arguments,
    diagnose,
    format_value,
    run_check,
    runs_on_meta,
    seeded_randn,
    statistic_hint,
    tensor_case,
    tensor_failure,
    tensor_judge,
    unchanged_case,
    well_formed,
)
from lessons_lib.regularization import dropout_layer

__all__ = ["check_dropout_layer"]


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
            return format_value(got), _NOT_RANDOM_HINT
        return judge(got)

    return tensor_judge(X, random_mask)


def _dropout_values_case(name, X, p):
    """Caso: cada elemento de la salida es 0 o x/(1 − p)."""
    mistakes = [
        Mistake(_RESCALE_HINT, lambda x: x),
        Mistake(f"{_KEEP_HINT} Los conservados se dividen por 1 − p.", lambda x: x / p),
    ]
    hint = "Cada salida debe ser 0 (anulada) o x/(1 − p) (conservada)."

    def judge(got):
        kept = got != 0
        return format_value(got), diagnose(got[kept], X[kept] / (1 - p), hint, mistakes, (X[kept],))

    expected = f"cada elemento, 0 o x/(1 − {p:g})"
    return Case(f"{name}, p = {p:g}", format_value(X), expected, (X, p), _dropout_judge(X, judge))


def _dropout_structure_case(name, X, p, error_hint=""):
    """Caso: la salida tiene la forma, el tipo y el dispositivo de ``X``."""
    expected = "un tensor con la forma, el tipo y el dispositivo de X"
    return Case(name, format_value(X), expected, (X, p), tensor_judge(X, well_formed), error_hint)


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

    return Case(
        f"máscara independiente en cada ejemplo, p = {p:g}",
        format_value(X),
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
        mistakes = [Mistake(_KEEP_HINT, lambda: 1 - p)]
        return f"fracción de ceros {fraction:.4f}", statistic_hint(fraction, p, tolerance, hint, mistakes)

    return Case(
        f"fracción anulada ≈ p, p = {p:g}",
        format_value(X),
        f"fracción de ceros {p:g} ± {tolerance:g} (100 000 elementos)",
        (X, p),
        tensor_judge(X, judge),
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
            failure = tensor_failure(got, X)
            if failure:
                return failure
        ratio = (sum(outputs).sum() / (draws * X.sum())).item()
        hint = "En promedio la salida debe valer lo mismo que la entrada: E[h'] = h."
        mistakes = [Mistake(_RESCALE_HINT, lambda: 1 - p)]
        return f"media de la salida / media de X = {ratio:.4f}", statistic_hint(ratio, 1, tolerance, hint, mistakes)

    return Case(
        f"la media se conserva, p = {p:g}",
        format_value(X),
        f"media de la salida / media de X = 1 ± {tolerance:g} ({draws} sorteos de 100×100)",
        (X, p),
        judge,
        call=call,
    )


def _dropout_cases():
    """Casos de ``fn(X, p)``: exactos, de estructura y estadísticos."""
    randn = seeded_randn()
    exact = functools.partial(tensor_case, reference=dropout_layer)
    X = randn(4, 6)
    cases = [
        exact(
            "p = 0 devuelve X",
            (X, 0.0),
            mistakes=[Mistake(_KEEP_HINT, lambda X, p: torch.zeros_like(X))],
            hint="Con p = 0 no se anula nada: devuelve X sin cambios.",
        ),
        exact(
            "p = 1 devuelve ceros",
            (X, 1.0),
            mistakes=[Mistake(_KEEP_HINT, lambda X, p: X)],
            hint="Con p = 1 se anula todo: devuelve ceros (sin dividir por 1 − p = 0; trata p = 1 aparte).",
        ),
        _dropout_values_case("valores", randn(20, 30), 0.25),
        _dropout_values_case("float64", randn(8, 5, dtype=torch.float64), 0.5),
        _dropout_structure_case("lote vacío (0×5)", torch.zeros(0, 5), 0.5),
    ]
    if runs_on_meta(dropout_layer, torch.ones(2, device="meta"), 0.5):
        cases.append(
            _dropout_structure_case(
                "dispositivo (tensor en «meta»)",
                torch.ones(4, 5, device="meta"),
                0.5,
                _DEVICE_HINT,
            )
        )
    cases += [
        unchanged_case([randn(4, 6), 0.5], ["X"]),
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

    Argumentos, resultado y errores: los de todos los comprobadores
    (:mod:`lessons_lib.checks`), con ``fn(X, p)``.

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
    timeout = check_arguments(fn, timeout)
    return run_check("check_dropout_layer", fn, _dropout_cases, timeout)
