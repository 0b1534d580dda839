"""Elegir un modelo sin tocar la prueba: validación cruzada y la regla de un error típico.

Con pocos datos, apartar un conjunto de validación fijo sale caro y su
veredicto es ruidoso. La **validación cruzada de K pliegues** reparte los
ejemplos en K partes: cada una valida una vez a un modelo entrenado con las
otras K − 1, y la media de los K errores estima el error con datos nuevos.
"""

import numbers

import torch

from lessons_lib._validate import check_int, describe, to_float_tensor
from lessons_lib.seeds import derive_seed

__all__ = ["kfold_splits", "one_standard_error_rule"]


def kfold_splits(n, k, *, seed=0):
    """Los K pliegues de la validación cruzada de ``n`` ejemplos.

    Baraja ``range(n)`` con ``seed`` y lo corta en ``k`` pliegues de tamaños
    que difieren como mucho en uno (los primeros ``n % k`` tienen un ejemplo
    más). Cada pliegue valida una vez; su entrenamiento es el resto.

    Argumentos:
        n: número de ejemplos (entero mayor o igual que 2).
        k: número de pliegues, entero entre 2 y ``n``.
        seed: semilla del barajado (la misma da los mismos pliegues).

    Devuelve:
        Una lista de ``k`` pares ``(train_idx, val_idx)`` de tensores
        ``torch.long`` ordenados: los ``val_idx`` forman una partición de
        ``range(n)`` y cada ``train_idx`` es el complemento de su ``val_idx``.

    Ejemplo:
        >>> splits = kfold_splits(7, 3, seed=0)
        >>> [len(val) for _, val in splits]
        [3, 2, 2]
        >>> sorted(torch.cat([val for _, val in splits]).tolist())
        [0, 1, 2, 3, 4, 5, 6]
        >>> train, val = splits[0]
        >>> sorted(train.tolist() + val.tolist()) == list(range(7))
        True
    """
    n = _count(n, "n", minimum=2)
    k = _count(k, "k", minimum=2, maximum=n)
    seed = check_int(seed, "seed", minimum=0)
    order = torch.randperm(n, generator=torch.Generator().manual_seed(derive_seed(seed, "folds")))
    folds = [fold.sort().values for fold in torch.tensor_split(order, k)]
    return [(torch.cat(folds[:i] + folds[i + 1 :]).sort().values, fold) for i, fold in enumerate(folds)]


def _count(value, name, minimum, maximum=None):
    """Un número de ejemplos o de pliegues: un real que no es entero es un valor equivocado."""
    if isinstance(value, numbers.Real) and not isinstance(value, (bool, numbers.Integral)):
        raise ValueError(f"{name} debe ser un número entero; se recibió {value!r}")
    return check_int(value, name, minimum=minimum, maximum=maximum)


def one_standard_error_rule(means, standard_errors):
    r"""El modelo más sencillo cuyo error no se distingue del mejor.

    Los candidatos van ordenados del más sencillo al más complejo (grado 0,
    1, 2… o :math:`\lambda` de mayor a menor). Sea :math:`i^*` el de menor
    error medio; la regla elige el primer candidato con

    .. math:: \bar e_i \le \bar e_{i^*} + \mathrm{ee}_{i^*},

    es decir, el más sencillo que queda a menos de un error típico del mejor
    (Hastie, Tibshirani y Friedman, 2009, §7.10).

    Argumentos:
        means: error medio de cada candidato (secuencia o tensor).
        standard_errors: su error típico (mismo tamaño, no negativos).

    Devuelve:
        El índice (``int``) del candidato elegido.

    Ejemplo:
        >>> one_standard_error_rule([0.9, 0.30, 0.26, 0.25, 0.27], [0.1, 0.03, 0.02, 0.02, 0.03])
        2
    """
    means = to_float_tensor(means, "means").flatten()
    standard_errors = to_float_tensor(standard_errors, "standard_errors").flatten()
    if len(means) == 0 or len(means) != len(standard_errors):
        raise ValueError(
            "means y standard_errors deben tener el mismo tamaño, 1 o más; "
            f"se recibieron {len(means)} y {len(standard_errors)} valores"
        )
    if not bool(torch.isfinite(means).all()) or not bool((standard_errors >= 0).all()):
        raise ValueError(
            "means debe ser finito y standard_errors, mayor o igual que 0; "
            f"se recibieron {describe(means.tolist())} y {describe(standard_errors.tolist())}"
        )
    best = int(means.argmin())
    threshold = means[best] + standard_errors[best]
    return int((means <= threshold).nonzero()[0])
