"""Semillas: una por propósito, y la semilla del libro.

Si el mismo entero alimentara dos generadores (los pesos iniciales con
``set_seed(0)`` y los datos con ``seed=0``), los dos sacarían los mismos
números: los pesos iniciales serían una copia escalada de los datos. Por eso
cada uso interno de una semilla pasa por :func:`derive_seed`, que da a cada
propósito su propia corriente de números.
"""

import os
import zlib

import numpy as np

from lessons_lib._validate import check_int

__all__ = ["book_seed", "derive_seed"]

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
