"""Semillas: el único hogar del azar de la biblioteca.

* :func:`set_seed` fija los generadores globales (``random``, NumPy, PyTorch):
  de ellos salen los pesos iniciales de un modelo y las máscaras de dropout.
* :func:`derive_seed` da a cada propósito su propia corriente de números. Si
  el mismo entero alimentara dos generadores (los pesos iniciales con
  ``set_seed(0)`` y los datos con ``seed=0``), los dos sacarían los mismos
  números: los pesos iniciales serían una copia escalada de los datos.
* :func:`batch_order_generator` es el generador del orden de los minilotes
  que usa :func:`lessons_lib.fit`.
* :func:`book_seed` desplaza las semillas de los capítulos para comprobar las
  frases del libro con otras semillas.
"""

import os
import random
import zlib

import numpy as np
import torch

from lessons_lib._validate import check_int

__all__ = ["batch_order_generator", "book_seed", "book_seeds", "derive_seed", "set_seed"]


def set_seed(seed):
    """Fija las semillas de ``random``, NumPy y PyTorch (CPU y todas las GPU).

    Argumentos:
        seed: entero mayor o igual que 0.

    Ejemplo:
        >>> set_seed(0); a = torch.rand(2)
        >>> set_seed(0); b = torch.rand(2)
        >>> torch.equal(a, b)
        True
    """
    seed = check_int(seed, "seed", minimum=0)
    random.seed(seed)
    np.random.seed(seed % 2**32)
    torch.manual_seed(seed)


BOOK_SEED_VARIABLE = "LESSONS_BOOK_SEED"


def derive_seed(seed, purpose):
    """Semilla propia de un propósito («data», «shuffle»…) a partir de ``seed``.

    Mezcla ``seed`` y el nombre del propósito con ``numpy.random.SeedSequence``:
    propósitos distintos dan semillas sin relación entre sí, y el resultado
    nunca es ``seed`` por casualidad.

    Argumentos:
        seed: entero mayor o igual que 0.
        purpose: nombre del uso (texto no vacío).

    Ejemplo:
        >>> derive_seed(0, "data") == derive_seed(0, "data")
        True
        >>> derive_seed(0, "data") == derive_seed(0, "shuffle")
        False
    """
    seed = check_int(seed, "seed", minimum=0)
    if not isinstance(purpose, str) or not purpose:
        raise ValueError(f"purpose debe ser un texto no vacío; se recibió {purpose!r}")
    salt = zlib.crc32(purpose.encode())
    state = np.random.SeedSequence([seed, salt]).generate_state(2, np.uint32)
    # 63 bits: cabe en cualquier generador de PyTorch y de NumPy.
    return (int(state[0]) << 31) ^ int(state[1])


def batch_order_generator(seed):
    """Generador del orden de los minilotes de entrenamiento para ``seed``.

    Es el que usa :func:`lessons_lib.fit`: la misma ``seed`` da el mismo orden
    en cada llamada, y ese orden no comparte números con ``set_seed(seed)``
    (pesos iniciales) ni con los datos generados con ``seed``.

    Ejemplo:
        >>> a = torch.randperm(5, generator=batch_order_generator(0))
        >>> b = torch.randperm(5, generator=batch_order_generator(0))
        >>> torch.equal(a, b)
        True
    """
    return torch.Generator().manual_seed(derive_seed(seed, "shuffle"))


def book_seed(seed=0):
    """``seed`` desplazada por la semilla del libro, ``LESSONS_BOOK_SEED``.

    El libro se compila con ``LESSONS_BOOK_SEED=0`` por defecto. Con otro
    valor ``k``, cada semilla de los capítulos se desplaza en ``k``: así se
    comprueba que las frases del libro no dependen de una semilla afortunada.

    Argumentos:
        seed: semilla del capítulo (entero mayor o igual que 0).

    Ejemplo:
        >>> import os
        >>> os.environ.pop("LESSONS_BOOK_SEED", None) and None
        >>> book_seed(3)
        3
    """
    seed = check_int(seed, "seed", minimum=0)
    text = os.environ.get(BOOK_SEED_VARIABLE, "0").strip() or "0"
    if not text.isdigit():
        raise ValueError(f"{BOOK_SEED_VARIABLE} debe ser un entero mayor o igual que 0; se recibió {text!r}")
    return seed + int(text)


def book_seeds(count):
    """Las ``count`` semillas de un experimento que se repite para sacar una media.

    Con la semilla del libro ``k`` (``LESSONS_BOOK_SEED``) son
    ``k·count, …, k·count + count − 1``: cada compilación con otra semilla
    del libro repite el experimento con semillas nuevas, sin compartir
    ninguna con las demás.

    Argumentos:
        count: número de semillas (entero mayor o igual que 2).

    Ejemplo:
        >>> import os
        >>> os.environ.pop("LESSONS_BOOK_SEED", None) and None
        >>> book_seeds(3)
        [0, 1, 2]
    """
    count = check_int(count, "count", minimum=2)
    first = book_seed(0) * count
    return list(range(first, first + count))
