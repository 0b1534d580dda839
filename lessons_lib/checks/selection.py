"""Comprobador de los pliegues de la validación cruzada, ``fn(n, k, seed=0)``."""

import torch

from lessons_lib.checks._engine import DEFAULT_TIMEOUT, Case, check_arguments, run_check, wrong_type_hint

__all__ = ["check_kfold_splits"]


_TENSOR_HINT = (
    "los índices deben ser tensores de PyTorch (torch.Tensor), no {kind}: baraja con torch.randperm "
    "y corta la permutación con torch.tensor_split."
)
_INTEGER_HINT = (
    "los índices deben ser enteros (torch.long), no {dtype}: sirven para indexar, X[val_idx]. "
    "torch.randperm ya da enteros; no los conviertas con .float()."
)
_MASK_HINT = "devuelve índices, no máscaras booleanas: mask.nonzero().flatten() da los índices de una máscara."
_SHUFFLE = "torch.randperm(n, generator=torch.Generator().manual_seed(seed))"
_REPRODUCIBLE_HINT = (
    f"Con la misma semilla deben salir los mismos pliegues: baraja con un generador propio, {_SHUFFLE}. "
    "Sin generator, torch.randperm usa el generador global, que avanza en cada llamada."
)
_SEED_HINT = f"Con semillas distintas salen los mismos pliegues: la semilla no se usa. Baraja con ella: {_SHUFFLE}."
_NO_SHUFFLE_HINT = (
    "Los pliegues son bloques consecutivos que no dependen de la semilla: baraja los ejemplos antes de "
    f"cortarlos ({_SHUFFLE}), porque los datos pueden venir ordenados."
)
_ERROR_HINT = "Tu función lanzó una excepción; su firma debe ser fn(n, k, seed=0)."


# --- La estructura: k pares de tensores de índices ---------------------------


def _index_problem(index, name, n):
    """Pista si ``index`` no es un tensor de enteros de una dimensión en ``range(n)``; ``None`` si lo es."""
    if not isinstance(index, torch.Tensor):
        return f"{name}: " + _TENSOR_HINT.format(kind=type(index).__name__)
    if index.dtype == torch.bool:
        return f"{name}: {_MASK_HINT}"
    if index.is_floating_point() or index.is_complex():
        return f"{name}: " + _INTEGER_HINT.format(dtype=index.dtype)
    if index.dim() != 1:
        return f"{name}: los índices deben formar un tensor de una dimensión; tiene la forma {tuple(index.shape)}."
    outside = index[(index < 0) | (index >= n)]
    if len(outside) == 0:
        return None
    if int(index.min()) >= 1 and int(index.max()) == n:
        return f"{name}: ¿empiezas a contar en 1? Los índices van de 0 a n − 1 = {n - 1}."
    return f"{name}: hay índices fuera de range(n), de 0 a {n - 1}: {outside[:5].tolist()}."


def _structure_problem(got, n, k):
    """Pista si ``got`` no es una lista de ``k`` pares de tensores de índices; ``None`` si lo es."""
    if not isinstance(got, (list, tuple)):
        return wrong_type_hint(got, f"una lista de k = {k} pares (train_idx, val_idx)")
    if len(got) != k:
        if len(got) == k + 1 and n % k:
            return (
                f"Sobra un pliegue ({len(got)} en lugar de k = {k}): al cortar en trozos de n // k ejemplos, "
                "el resto forma un pliegue más. Corta en k trozos: torch.tensor_split(perm, k)."
            )
        return f"Debe haber k = {k} pares (train_idx, val_idx), uno por pliegue; devolviste {len(got)}."
    for i, pair in enumerate(got, start=1):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            return f"El elemento {i} de la lista debe ser un par (train_idx, val_idx); es {_describe(pair)}."
        for index, name in zip(pair, ("train_idx", "val_idx"), strict=True):
            problem = _index_problem(index, f"{name} del pliegue {i}", n)
            if problem is not None:
                return problem
    return None


def _describe(value):
    if isinstance(value, (list, tuple)):
        return f"un objeto de tipo {type(value).__name__} de longitud {len(value)}"
    return f"un objeto de tipo {type(value).__name__}"


# --- El reparto: pliegues que no se solapan, con todos, de tamaños parecidos -


def _partition_hint(folds, n, k):
    """Pista si los pliegues de validación no reparten ``range(n)`` en ``k``
    trozos de tamaños que difieren como mucho en uno; ``None`` si lo hacen."""
    sizes = [len(fold) for fold in folds]
    seen = torch.cat(folds).tolist()
    if len(set(seen)) < len(seen):
        return (
            "Los pliegues de validación se solapan: hay ejemplos en más de un pliegue. Cada ejemplo valida "
            "exactamente una vez: baraja range(n) una sola vez y corta esa permutación en k trozos "
            "(torch.tensor_split), en lugar de sortear cada pliegue por separado."
        )
    missing = n - len(seen)
    if missing and missing == n % k and set(sizes) == {n // k}:
        return (
            f"Se pierde el resto: con pliegues de n // k = {n // k} ejemplos, los n % k = {missing} del final de "
            "la permutación no validan nunca. Reparte el resto: torch.tensor_split(perm, k) da pliegues cuyos "
            "tamaños difieren como mucho en uno."
        )
    if missing:
        return (
            f"Hay ejemplos que no están en ningún pliegue de validación ({missing} de {n}): los k pliegues deben "
            "repartir todos los ejemplos, cada uno en exactamente un pliegue."
        )
    if max(sizes) - min(sizes) <= 1:
        return None
    if set(sizes[:-1]) == {n // k}:
        return (
            f"Todo el resto está en el último pliegue (tamaños {sizes}): reparte los n % k = {n % k} ejemplos "
            "sobrantes de uno en uno, para que los tamaños difieran como mucho en uno (torch.tensor_split lo hace)."
        )
    return f"Los tamaños de los pliegues deben diferir como mucho en uno; son {sizes}."


def _training_hint(pairs, n):
    """Pista si algún ``train_idx`` no es el complemento de su ``val_idx``; ``None`` si todos lo son."""
    for i, (train, val) in enumerate(pairs, start=1):
        train_list = train.tolist()
        own = set(train_list) & set(val.tolist())
        if own:
            return (
                f"El entrenamiento del pliegue {i} contiene ejemplos de su propio pliegue de validación "
                f"({len(own)} de {len(val)}): entrena con el resto, los ejemplos que no están en val_idx."
            )
        if len(set(train_list)) < len(train_list):
            return f"train_idx del pliegue {i} repite ejemplos: cada ejemplo de entrenamiento entra una vez."
        missing = n - len(val) - len(train_list)
        if missing:
            return (
                f"Al entrenamiento del pliegue {i} le faltan ejemplos que no están en su pliegue de validación "
                f"({missing} de {n - len(val)}): train_idx debe ser el complemento de val_idx, todos los demás "
                "ejemplos de range(n)."
            )
    return None


def _splits_hint(got, n, k):
    """Pista para lo devuelto por ``fn(n, k, seed=…)``; ``None`` si son pliegues correctos."""
    return _structure_problem(got, n, k) or _partition_hint([val for _, val in got], n, k) or _training_hint(got, n)


def _format_splits(got):
    """Texto para el informe: los tamaños de los pliegues de validación, si se pueden leer."""
    try:
        sizes = [len(val) for _, val in got]
    except (TypeError, ValueError):
        return _describe(got)
    pairs = "1 par" if len(sizes) == 1 else f"{len(sizes)} pares"
    return f"{pairs}; pliegues de validación de tamaños {sizes}"


def _as_lists(splits):
    """Los pliegues como listas de Python, para compararlos tal cual (orden incluido)."""
    return [[train.tolist(), val.tolist()] for train, val in splits]


def _partition(splits):
    """Los pliegues de validación como conjunto de conjuntos: el reparto, sin importar el orden."""
    return frozenset(frozenset(val.tolist()) for _, val in splits)


# --- Los casos -----------------------------------------------------------------


def _call_with_seed(fn, n, k, seed):
    return fn(n, k, seed=seed)


def _folds_text(count, size):
    return f"{count} pliegue{'s' if count > 1 else ''} de {size}"


def _expected_text(n, k):
    """Lo esperado: cuántos pliegues de cada tamaño (los tamaños difieren como mucho en uno)."""
    sizes = [_folds_text(count, size) for count, size in [(n % k, n // k + 1), (k - n % k, n // k)] if count]
    return f"{k} pares (train_idx, val_idx): {' y '.join(sizes)} que reparten range({n}); train_idx, el resto"


def _split_case(name, n, k, seed=1):
    """Caso: ``fn(n, k, seed=seed)`` da ``k`` pliegues correctos."""

    def judge(got):
        return _format_splits(got), _splits_hint(got, n, k)

    shown = f"n = {n}, k = {k}, seed = {seed}"
    return Case(name, shown, _expected_text(n, k), (n, k, seed), judge, _ERROR_HINT, call=_call_with_seed)


def _reproducible_case(n=30, k=4, seed=5):
    """Caso: dos llamadas con la misma semilla dan los mismos pliegues."""

    def call(fn, n, k, seed):
        return [fn(n, k, seed=seed) for _ in range(2)]

    def judge(got):
        first, second = got
        problem = _splits_hint(first, n, k) or _splits_hint(second, n, k)
        if problem is not None:
            return _format_splits(first), problem
        if _as_lists(first) == _as_lists(second):
            return "los mismos pliegues", None
        return "pliegues distintos", _REPRODUCIBLE_HINT

    shown = f"n = {n}, k = {k}, dos llamadas con seed = {seed}"
    return Case(
        "reproducible con la misma semilla", shown, "los mismos pliegues", (n, k, seed), judge, _ERROR_HINT, call=call
    )


def _consecutive(folds):
    """¿Es cada pliegue un bloque de índices consecutivos?"""
    return all(
        torch.equal(fold.sort().values, torch.arange(int(fold.min()), int(fold.min()) + len(fold))) for fold in folds
    )


def _seed_case(n=30, k=3, seeds=(0, 1, 2)):
    """Caso: semillas distintas dan pliegues distintos."""

    def call(fn, n, k, seeds):
        return [fn(n, k, seed=seed) for seed in seeds]

    def judge(got):
        for splits in got:
            problem = _splits_hint(splits, n, k)
            if problem is not None:
                return _format_splits(splits), problem
        if len({_partition(splits) for splits in got}) > 1:
            return "pliegues distintos", None
        folds = [val for _, val in got[0]]
        return "los mismos pliegues con todas", _NO_SHUFFLE_HINT if _consecutive(folds) else _SEED_HINT

    shown = f"n = {n}, k = {k}, semillas {', '.join(map(str, seeds))}"
    return Case(
        "la semilla cambia los pliegues", shown, "pliegues distintos", (n, k, seeds), judge, _ERROR_HINT, call=call
    )


def _kfold_cases():
    """Casos de ``fn(n, k, seed=…)``."""
    return [
        _split_case("n divisible por k", 12, 3),
        _split_case("n no divisible por k", 10, 3),
        _split_case("resto de varios ejemplos", 23, 5),
        _split_case("k = 2", 9, 2),
        _split_case("dejar uno fuera (k = n)", 6, 6),
        _split_case("el mínimo: n = 2, k = 2", 2, 2),
        _split_case("n grande", 1000, 7),
        _reproducible_case(),
        _seed_case(),
    ]


def check_kfold_splits(fn, *, timeout=DEFAULT_TIMEOUT):
    """Comprueba los pliegues de una validación cruzada: ``fn(n, k, seed=0)``.

    ``fn`` debe devolver una lista de ``k`` pares ``(train_idx, val_idx)`` de
    tensores de índices enteros de una dimensión, como
    :func:`lessons_lib.kfold_splits`: los ``val_idx`` reparten ``range(n)``
    (cada ejemplo valida exactamente una vez) en pliegues de tamaños que
    difieren como mucho en uno, cada ``train_idx`` es el resto de los
    ejemplos, y la semilla decide el barajado. No hace falta que los índices
    estén ordenados ni que los pliegues sigan el orden de la referencia. Los
    casos:

    * ``n`` divisible por ``k`` (12 y 3) y no divisible (10 y 3; 23 y 5);
    * ``k = 2``, dejar uno fuera (``k = n = 6``), el mínimo ``n = k = 2`` y
      ``n`` grande (1000 y 7);
    * dos llamadas con la misma semilla dan los mismos pliegues;
    * tres semillas distintas no dan siempre el mismo reparto.

    Las pistas reconocen los pliegues que se solapan, el resto que se pierde
    (pliegues de ``n // k``), el pliegue de más, todo el resto en el último
    pliegue, un entrenamiento que contiene su propio pliegue o al que le
    faltan ejemplos, el número de pliegues equivocado, la semilla que no se
    usa, los pliegues sin barajar, el barajado que no se repite con la misma
    semilla, las listas en lugar de tensores, los índices de coma flotante,
    las máscaras y los índices que empiezan en 1.

    Argumentos, resultado y errores: los de todos los comprobadores
    (:mod:`lessons_lib.checks`), con ``fn(n, k, seed=0)``.

    Ejemplo:
        >>> import torch
        >>> from lessons_lib import kfold_splits
        >>> check_kfold_splits(kfold_splits).passed
        True
        >>> def dropped_remainder(n, k, seed=0):
        ...     order = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
        ...     size = n // k
        ...     folds = [order[i * size : (i + 1) * size] for i in range(k)]
        ...     return [(torch.cat(folds[:i] + folds[i + 1 :]), fold) for i, fold in enumerate(folds)]
        >>> result = check_kfold_splits(dropped_remainder)
        >>> result.passed
        False
        >>> print(result.cases[1].hint)  # doctest: +NORMALIZE_WHITESPACE
        Se pierde el resto: con pliegues de n // k = 3 ejemplos, los n % k = 1
        del final de la permutación no validan nunca. Reparte el resto:
        torch.tensor_split(perm, k) da pliegues cuyos tamaños difieren como
        mucho en uno.
    """
    timeout = check_arguments(fn, timeout)
    return run_check("check_kfold_splits", fn, _kfold_cases, timeout)
