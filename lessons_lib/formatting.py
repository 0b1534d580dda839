"""Números escritos como manda la Ortografía de la RAE (2010).

Punto decimal; los miles se agrupan con un espacio fino irrompible a partir de
cinco cifras (42 504; 1000 se queda igual), nunca con coma; el porcentaje va
separado por un espacio («96.2 %»); nada de «5e-06» en la prosa, sino
5·10⁻⁶. Todos los números de los capítulos y de sus tablas pasan por
:func:`format_number`.
"""

import ast
import math
import numbers

__all__ = ["SpanishNumber", "format_list", "format_number"]

THIN_SPACE = "\u202f"  # espacio fino irrompible, entre grupos de tres cifras
NO_BREAK_SPACE = "\u00a0"  # entre el número y «%»
MINUS = "\u2212"
SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
STYLES = ("fixed", "percent", "power")


class SpanishNumber(str):
    """Texto de un número ya formateado; su ``repr`` es el propio texto.

    Así, ``glue("x", format_number(...))`` y ``{glue:text}`x``` muestran el
    número sin comillas. Hay una excepción: myst-nb lee el texto pegado con
    ``ast.literal_eval``, y un texto como «0.40» se volvería el número 0.4 y
    perdería su cero. Solo en ese caso el ``repr`` lleva comillas, que
    myst-nb quita al pegarlo.
    """

    def __repr__(self):
        text = str(self)
        try:
            read_as_python = str(ast.literal_eval(text))
        except (ValueError, SyntaxError):
            return text
        return text if read_as_python == text else repr(text)

    def _repr_pretty_(self, printer, cycle):
        printer.text(repr(self))


def _group_thousands(digits):
    """'42504' → '42 504'; con cuatro cifras o menos no se agrupa."""
    if len(digits) < 5:
        return digits
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return THIN_SPACE.join(groups)


def _fixed(value, decimals):
    text = f"{abs(value):.{decimals}f}"
    integer, _, fraction = text.partition(".")
    integer = _group_thousands(integer)
    return integer + ("." + fraction if fraction else "")


def _power(value, decimals):
    mantissa, exponent = f"{abs(value):.{decimals}e}".split("e")
    exponent = int(exponent)
    if exponent == 0:
        return mantissa
    return f"{mantissa}·10{str(exponent).translate(SUPERSCRIPTS)}"


def format_number(value, decimals=0, style="fixed", sign=False):
    """Escribe ``value`` como se escribe un número en un texto en español.

    Argumentos:
        value: número real (finito).
        decimals: cifras decimales (0 o más); con ``style="power"``, las de
            la mantisa.
        style: ``"fixed"`` (0.0115, 42 504), ``"percent"`` (0.962 → «96.2\u00a0%»)
            o ``"power"`` (0.000006 → «6·10⁻⁶»).
        sign: si es ``True``, los positivos llevan «+» (para diferencias).

    Devuelve:
        Un ``SpanishNumber``, un ``str`` que se muestra sin comillas. Los negativos llevan el signo
        menos tipográfico, «−».

    Ejemplo:
        >>> format_number(42504) == "42\\u202f504"  # espacio fino
        True
        >>> format_number(0.9623, 1, style="percent") == "96.2\\u00a0%"
        True
        >>> format_number(6e-8, 1, style="power")
        6.0·10⁻⁸
        >>> format_number(-0.0015, 4, sign=True)
        −0.0015
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        if hasattr(value, "item"):  # tensores y escalares de NumPy de un elemento
            value = value.item()
        else:
            raise TypeError(f"value debe ser un número real; se recibió {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"value debe ser un número finito; se recibió {value}")
    if isinstance(decimals, bool) or not isinstance(decimals, numbers.Integral) or decimals < 0:
        raise ValueError(f"decimals debe ser un entero mayor o igual que 0; se recibió {decimals!r}")
    if style not in STYLES:
        raise ValueError(f"style debe ser uno de {', '.join(STYLES)}; se recibió {style!r}")
    if style == "percent":
        body = _fixed(100 * value, decimals) + NO_BREAK_SPACE + "%"
    elif style == "power":
        body = _power(value, decimals)
    else:
        body = _fixed(value, decimals)
    rounded_zero = float(body.split("·")[0].split(NO_BREAK_SPACE)[0].replace(THIN_SPACE, "")) == 0
    if value < 0 and not rounded_zero:
        body = MINUS + body
    elif sign:
        body = "+" + body
    return SpanishNumber(body)


def format_list(values, decimals=0, style="fixed"):
    """Una lista de números en la prosa: «3, 4 y 5», cada uno con :func:`format_number`.

    Argumentos:
        values: los números (uno o más).
        decimals, style: como en :func:`format_number`.

    Devuelve:
        Un ``SpanishNumber`` (se muestra sin comillas al pegarlo con ``glue``).

    Ejemplo:
        >>> format_list([3, 4, 5])
        3, 4 y 5
        >>> format_list([0.25], 2)
        0.25
    """
    texts = [format_number(value, decimals, style) for value in values]
    if not texts:
        raise ValueError("values debe tener al menos un número; se recibió una lista vacía")
    if len(texts) == 1:
        return SpanishNumber(texts[0])
    return SpanishNumber(", ".join(texts[:-1]) + " y " + texts[-1])
