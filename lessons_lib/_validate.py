"""Comprobaciones de argumentos compartidas por los módulos públicos.

Cada función comprueba un argumento y, si no es válido, lanza ``TypeError``
(tipo equivocado) o ``ValueError`` (valor fuera de rango) con un mensaje en
español que nombra el argumento, lo permitido y lo recibido.
"""

import math
import numbers

import torch

__all__ = [
    "check_bool",
    "check_device",
    "check_float_tensor",
    "check_int",
    "check_non_negative",
    "check_positive",
    "check_probability",
    "check_real",
    "describe",
    "to_float_tensor",
]


def describe(value):
    """Describe un valor recibido para los mensajes de error: tipo y valor."""
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


def to_float_tensor(x, name):
    """Convierte ``x`` en un tensor real de coma flotante.

    Acepta un tensor o cualquier cosa que ``torch.as_tensor`` convierta en
    números (listas, tuplas, arreglos de NumPy). Los enteros y los booleanos
    se convierten al tipo de coma flotante por defecto; los tensores de coma
    flotante se devuelven tal cual (mismo tipo y mismo dispositivo).
    """
    if isinstance(x, torch.Tensor):
        tensor = x
    else:
        if x is None or isinstance(x, (str, bytes)):
            raise TypeError(f"{name} debe ser un tensor o una secuencia de números; se recibió {describe(x)}")
        try:
            tensor = torch.as_tensor(x)
        except (TypeError, ValueError, RuntimeError) as error:
            raise TypeError(
                f"{name} debe ser un tensor o una secuencia de números; se recibió {describe(x)}"
            ) from error
    if tensor.is_complex():
        raise TypeError(f"{name} debe ser real; se recibió un tensor complejo ({tensor.dtype})")
    if not tensor.is_floating_point():
        tensor = tensor.to(torch.get_default_dtype())
    return tensor


def check_float_tensor(x, name):
    """Exige un ``torch.Tensor`` de coma flotante (sin conversiones).

    Se usa donde una conversión silenciosa rompería algo: un parámetro que
    debe conservar su gradiente o un lote de activaciones.
    """
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} debe ser un torch.Tensor; se recibió {describe(x)}")
    if not x.is_floating_point():
        raise TypeError(f"{name} debe ser un tensor de coma flotante (float32, float64...); se recibió dtype={x.dtype}")
    return x


def check_real(value, name):
    """Exige un número real que no sea NaN y lo devuelve como ``float``.

    Acepta ``int``, ``float``, escalares de NumPy y tensores de un elemento;
    rechaza ``bool``, cadenas y ``None``.
    """
    if isinstance(value, torch.Tensor) and value.numel() == 1 and not value.is_complex():
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} debe ser un número real; se recibió {describe(value)}")
    value = float(value)
    if math.isnan(value):
        raise ValueError(f"{name} debe ser un número; se recibió NaN")
    return value


def check_probability(value, name):
    """Exige una probabilidad: un número real en [0, 1]."""
    value = check_real(value, name)
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} es una probabilidad y debe estar en [0, 1]; se recibió {value}")
    return value


def check_non_negative(value, name):
    """Exige un número real finito mayor o igual que 0."""
    value = check_real(value, name)
    if not 0.0 <= value < math.inf:
        raise ValueError(f"{name} debe ser un número finito mayor o igual que 0; se recibió {value}")
    return value


def check_positive(value, name):
    """Exige un número real finito estrictamente positivo."""
    value = check_real(value, name)
    if not 0.0 < value < math.inf:
        raise ValueError(f"{name} debe ser un número finito mayor que 0; se recibió {value}")
    return value


def check_int(value, name, minimum=1, maximum=None):
    """Exige un entero en [``minimum``, ``maximum``] (sin máximo si ``maximum`` es ``None``)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} debe ser un número entero; se recibió {describe(value)}")
    if maximum is not None and not minimum <= value <= maximum:
        raise ValueError(f"{name} debe ser un entero entre {minimum} y {maximum}; se recibió {value}")
    if value < minimum:
        raise ValueError(f"{name} debe ser un entero mayor o igual que {minimum}; se recibió {value}")
    return int(value)


def check_bool(value, name, allow_none=False):
    """Exige ``True`` o ``False`` (o ``None`` si ``allow_none``); 0, 1 y los textos no valen."""
    if isinstance(value, bool) or (allow_none and value is None):
        return value
    allowed = "True, False o None" if allow_none else "True o False"
    raise TypeError(f"{name} debe ser {allowed}; se recibió {describe(value)}")


def check_device(value, name):
    """Exige un dispositivo de PyTorch (``None``, un ``torch.device`` o un texto).

    Devuelve ``None`` o el ``torch.device`` correspondiente.
    """
    if value is None or isinstance(value, torch.device):
        return value
    try:
        return torch.device(value)
    except (RuntimeError, TypeError) as error:
        raise ValueError(
            f"{name} debe nombrar un dispositivo de PyTorch (cpu, cuda, cuda:1, mps...); se recibió {describe(value)}"
        ) from error
