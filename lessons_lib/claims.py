"""Frases del libro comprobadas al compilar.

Cada frase cuya verdad depende de un número calculado («con ℓ1 son cero
exactamente los siete pesos irrelevantes») tiene al lado, en una celda
oculta, una llamada a :func:`claim`. Si los números de la compilación la
contradicen, la compilación se detiene con la frase en el mensaje.
"""

__all__ = ["ClaimError", "claim"]


class ClaimError(AssertionError):
    """Una frase del libro que los números de la compilación contradicen."""


def claim(condition, text):
    """Comprueba que la frase ``text`` es cierta; si no, lanza :class:`ClaimError`.

    Argumentos:
        condition: lo que hace cierta la frase (se evalúa con ``bool``).
        text: la frase del libro, en español.

    Ejemplo:
        >>> claim(2 + 2 == 4, "dos y dos son cuatro")
        >>> claim(3 < 2, "tres es menor que dos")
        Traceback (most recent call last):
        ...
        lessons_lib.claims.ClaimError: El libro afirma «tres es menor que dos», pero los números de esta compilación no lo cumplen.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"text debe ser la frase del libro (texto no vacío); se recibió {text!r}")
    if not bool(condition):
        raise ClaimError(f"El libro afirma «{text}», pero los números de esta compilación no lo cumplen.")
