"""Comparaciones sobre varias semillas: media y error típico.

Un entrenamiento es una anécdota: otra semilla (otros pesos iniciales, otro
orden de los lotes, otras máscaras) da otro número. Una frase como «A es mejor
que B» se apoya en varias semillas, en la media de la diferencia y en su
**error típico**, :math:`s/\\sqrt{n}`, la desviación típica de la media.
"""

import math
from typing import NamedTuple

import torch

from lessons_lib._validate import check_bool, check_int, check_real, describe, to_float_tensor
from lessons_lib.formatting import SpanishNumber, format_number
from lessons_lib.seeds import derive_seed

__all__ = ["MeanSE", "bootstrap_interval", "mean_se", "seed_band", "seed_matrix"]


class MeanSE(NamedTuple):
    """Media, error típico y número de valores de una muestra."""

    mean: float
    se: float
    n: int

    def text(self, decimals=4, style="fixed"):
        """«media ± error típico», con :func:`lessons_lib.format_number`.

        Ejemplo:
            >>> MeanSE(0.01234, 0.00056, 5).text(4)
            0.0123 ± 0.0006
            >>> MeanSE(0.8123, 0.0041, 5).text(1, style="percent") == "81.2\u00a0% ± 0.4\u00a0%"
            True
        """
        mean, se = format_number(self.mean, decimals, style), format_number(self.se, decimals, style)
        return SpanishNumber(f"{mean} ± {se}")


def mean_se(values):
    r"""Media y error típico de la media de ``values``.

    .. math:: \bar x = \frac{1}{n}\sum_i x_i, \qquad
              \mathrm{ee} = \frac{s}{\sqrt{n}}, \qquad
              s^2 = \frac{1}{n - 1}\sum_i (x_i - \bar x)^2 .

    Para comparar dos métodos entrenados con las mismas semillas, se pasa
    la diferencia semilla a semilla (``mean_se(a - b)``): así se cancela lo
    que las dos ejecuciones comparten.

    Argumentos:
        values: dos o más números (secuencia o tensor), finitos.

    Devuelve:
        :class:`MeanSE` con ``mean``, ``se`` y ``n``.

    Ejemplo:
        >>> stat = mean_se([1.0, 2.0, 3.0, 4.0])
        >>> stat.mean, round(stat.se, 4), stat.n
        (2.5, 0.6455, 4)
    """
    values = to_float_tensor(values, "values").detach().flatten().double().cpu()
    if len(values) < 2:
        raise ValueError(f"values debe tener 2 o más números para estimar un error típico; se recibieron {len(values)}")
    if not bool(torch.isfinite(values).all()):
        raise ValueError(f"values debe ser finito; se recibió {values.tolist()}")
    n = len(values)
    return MeanSE(values.mean().item(), values.std().item() / math.sqrt(n), n)


def seed_band(values, *, log=False):
    r"""El centro y la banda de una curva medida con varias semillas.

    ``values`` tiene una fila por semilla. Con ``log=False``, el centro es la
    media de cada columna y la banda, la media ± un error típico. Con
    ``log=True`` se hace lo mismo con los logaritmos y se deshace al final:
    el centro es la **media geométrica** y la banda, multiplicativa. Es lo
    que conviene para errores que varían en órdenes de magnitud, donde una
    sola semilla disparatada dominaría la media aritmética.

    Argumentos:
        values: tensor (o lista de listas) ``semillas × puntos``, con dos
            semillas o más (y valores positivos si ``log=True``).
        log: media geométrica en lugar de aritmética.

    Devuelve:
        ``(centro, abajo, arriba)``, tres tensores de la longitud de la curva.

    Ejemplo:
        >>> center, low, high = seed_band([[1.0, 10.0], [4.0, 1000.0]], log=True)
        >>> [round(value, 9) for value in center.tolist()]  # √(1·4) y √(10·1000)
        [2.0, 100.0]
    """
    values = seed_matrix(values, "values", log=log)
    if log:
        values = values.log()
    center = values.mean(dim=0)
    se = values.std(dim=0) / math.sqrt(len(values))
    band = (center, center - se, center + se)
    return tuple(t.exp() for t in band) if log else band


def seed_matrix(values, name, *, log=False):
    """Comprueba una matriz semillas × puntos y la devuelve como tensor ``float64``.

    Es la comprobación de :func:`seed_band`, con el nombre del argumento
    que se quiera en los mensajes: la usan las figuras que dibujan bandas.

    Argumentos:
        values: tensor (o lista de listas) ``semillas × puntos``.
        name: el nombre de ``values`` en los mensajes de error
            (``"curves['a']"``).
        log: si es verdadero, los valores deben ser positivos.

    Devuelve:
        ``values`` como tensor ``float64``.

    Lanza:
        ValueError: si ``values`` no tiene dos filas o más, o tiene valores
            que no son finitos (o que no son positivos, con ``log=True``).

    Ejemplo:
        >>> seed_matrix([[1, 2], [3, 4]], "values").dtype
        torch.float64
        >>> seed_matrix([[1.0, 2.0]], "curves['a']")
        Traceback (most recent call last):
        ...
        ValueError: curves['a'] debe ser una matriz semillas × puntos, con 2 semillas o más; se recibió la forma (1, 2)
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"name debe ser un texto no vacío; se recibió {describe(name)}")
    log = check_bool(log, "log")
    values = to_float_tensor(values, name).double()
    if values.dim() != 2 or len(values) < 2:
        raise ValueError(
            f"{name} debe ser una matriz semillas × puntos, con 2 semillas o más; se recibió la forma {tuple(values.shape)}"
        )
    if not bool(torch.isfinite(values).all()):
        raise ValueError(f"{name} debe ser finito; se recibió {describe(values.tolist())}")
    if log and not bool((values > 0).all()):
        raise ValueError(f"con log=True, {name} debe ser positivo; se recibió un mínimo de {values.min().item():g}")
    return values


def bootstrap_interval(statistic, num_items, *, num_resamples=1000, level=0.95, seed=0):
    r"""Intervalo *bootstrap* de percentiles para una estadística de ``num_items`` elementos.

    Remuestrea con reemplazo los índices ``0 … num_items − 1``
    ``num_resamples`` veces, calcula ``statistic(índices)`` con cada muestra
    y devuelve los percentiles :math:`(1 - \text{level})/2` y
    :math:`(1 + \text{level})/2` de esos valores. Sirve cuando la
    estadística no es una media de ejemplos (un ECE, un AUROC) y no hay
    fórmula para su error típico; para comparar dos métodos en los mismos
    ejemplos, ``statistic`` debe calcular la diferencia con los mismos
    índices (*bootstrap* emparejado).

    Argumentos:
        statistic: función que recibe un tensor de índices y devuelve un número.
        num_items: número de elementos (entero mayor o igual que 2).
        num_resamples: número de remuestreos (entero mayor o igual que 10).
        level: nivel del intervalo, en (0, 1).
        seed: semilla de los remuestreos.

    Devuelve:
        El par ``(bajo, alto)`` de ``float``.

    Ejemplo:
        >>> values = torch.arange(100, dtype=torch.float64)
        >>> low, high = bootstrap_interval(lambda i: values[i].mean().item(), 100, seed=1)
        >>> low < 49.5 < high
        True
    """
    if not callable(statistic):
        raise TypeError(f"statistic debe ser una función de los índices; se recibió {type(statistic).__name__}")
    num_items = check_int(num_items, "num_items", minimum=2)
    num_resamples = check_int(num_resamples, "num_resamples", minimum=10)
    level = check_real(level, "level")
    if not 0 < level < 1:
        raise ValueError(f"level debe estar en (0, 1); se recibió {level}")
    generator = torch.Generator().manual_seed(derive_seed(check_int(seed, "seed", minimum=0), "bootstrap"))
    values = torch.tensor(
        [float(statistic(torch.randint(num_items, (num_items,), generator=generator))) for _ in range(num_resamples)],
        dtype=torch.float64,
    )
    low, high = torch.quantile(values, torch.tensor([(1 - level) / 2, (1 + level) / 2], dtype=torch.float64))
    return low.item(), high.item()
