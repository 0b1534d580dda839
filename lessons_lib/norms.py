r"""Normas de vectores y matrices.

Cada función acepta un tensor o cualquier cosa que ``torch.as_tensor``
convierta en números (una lista, un arreglo de NumPy) y devuelve un tensor de
dimensión 0 en el mismo dispositivo que la entrada. Las normas de vectores
tratan la entrada como un vector: si tiene varias dimensiones, la aplanan.

Resultados definidos para los casos límite:

* las entradas enteras o booleanas se calculan en coma flotante;
* un vector vacío tiene norma 0 (también la :math:`\ell_\infty`);
* un NaN en la entrada da NaN y un infinito da infinito, como en
  ``torch.linalg.vector_norm``.

Las fórmulas son las del libro, sin reescalar: si el cuadrado de una
componente no cabe en el tipo de la entrada (más de unos :math:`10^{19}` en
``float32`` o :math:`10^{154}` en ``float64``), ``l2_norm`` da infinito, y si
es demasiado pequeño (menos de unos :math:`10^{-23}` o :math:`10^{-162}`),
cuenta como cero. La excepción es :func:`spectral_norm`, que divide antes la
matriz por su mayor entrada.
"""

import math

import torch

from lessons_lib._validate import check_int, check_real, to_float_tensor

__all__ = [
    "frobenius_norm",
    "l1_norm",
    "l2_norm",
    "linf_norm",
    "lp_norm",
    "spectral_norm",
    "unit_circle",
]


def l2_norm(x):
    r"""Norma :math:`\ell_2` (euclídea): la raíz de la suma de los cuadrados.

    .. math:: \|\mathbf{x}\|_2 = \sqrt{\sum_{i=1}^n x_i^2}

    Argumentos:
        x: tensor o secuencia de números.

    Devuelve:
        Tensor de dimensión 0, en coma flotante y en el dispositivo de ``x``.

    Ejemplo:
        >>> l2_norm([3.0, -4.0])
        tensor(5.)
    """
    x = to_float_tensor(x, "x")
    return torch.sqrt(torch.sum(x**2))


def l1_norm(x):
    r"""Norma :math:`\ell_1`: la suma de los valores absolutos.

    .. math:: \|\mathbf{x}\|_1 = \sum_{i=1}^n |x_i|

    Argumentos:
        x: tensor o secuencia de números.

    Devuelve:
        Tensor de dimensión 0, en coma flotante y en el dispositivo de ``x``.

    Ejemplo:
        >>> l1_norm([3.0, -4.0])
        tensor(7.)
    """
    x = to_float_tensor(x, "x")
    return torch.sum(torch.abs(x))


def linf_norm(x):
    r"""Norma :math:`\ell_\infty`: el mayor valor absoluto.

    .. math:: \|\mathbf{x}\|_\infty = \max_i |x_i|

    Es el límite de :math:`\|\mathbf{x}\|_p` cuando :math:`p \to \infty`.
    Un vector vacío tiene norma 0.

    Argumentos:
        x: tensor o secuencia de números.

    Devuelve:
        Tensor de dimensión 0, en coma flotante y en el dispositivo de ``x``.

    Ejemplo:
        >>> linf_norm([3.0, -4.0])
        tensor(4.)
    """
    x = to_float_tensor(x, "x")
    if x.numel() == 0:
        return torch.zeros((), dtype=x.dtype, device=x.device)
    return torch.max(torch.abs(x))


def lp_norm(x, p):
    r"""Norma :math:`\ell_p` para :math:`p \ge 1` (``math.inf`` incluido).

    .. math:: \|\mathbf{x}\|_p = \Big(\sum_{i=1}^n |x_i|^p\Big)^{1/p}

    Con :math:`p < 1` la fórmula no define una norma (falla la desigualdad
    triangular); por eso se rechaza.

    Argumentos:
        x: tensor o secuencia de números.
        p: número real mayor o igual que 1, o ``math.inf``.

    Devuelve:
        Tensor de dimensión 0, en coma flotante y en el dispositivo de ``x``.

    Lanza:
        TypeError: si ``p`` no es un número real.
        ValueError: si ``p`` es NaN o menor que 1.

    Ejemplo:
        >>> lp_norm([3.0, -4.0], p=2)
        tensor(5.)
        >>> lp_norm([3.0, -4.0], p=math.inf)
        tensor(4.)
    """
    p = check_real(p, "p")
    if p < 1:
        raise ValueError(
            "p debe ser mayor o igual que 1 (o math.inf): con p < 1 no se "
            "cumple la desigualdad triangular y no hay norma; "
            f"se recibió p={p}"
        )
    if p == math.inf:
        return linf_norm(x)
    x = to_float_tensor(x, "x")
    return torch.sum(torch.abs(x) ** p) ** (1 / p)


def frobenius_norm(X):
    r"""Norma de Frobenius: la norma :math:`\ell_2` de las entradas de X.

    .. math:: \|\mathbf{X}\|_F = \sqrt{\sum_{i=1}^m \sum_{j=1}^n x_{ij}^2}

    Argumentos:
        X: matriz (tensor o lista de listas con exactamente 2 dimensiones).

    Devuelve:
        Tensor de dimensión 0, en coma flotante y en el dispositivo de ``X``.

    Lanza:
        ValueError: si ``X`` no tiene exactamente 2 dimensiones.

    Ejemplo:
        >>> frobenius_norm([[1.0, 2.0], [2.0, 4.0]])
        tensor(5.)
    """
    X = _matrix(X)
    return l2_norm(X)


def spectral_norm(X, num_iters=100):
    r"""Norma espectral (el mayor valor singular), por iteración de potencias.

    .. math:: \|\mathbf{X}\|_2 = \max_{\mathbf{v} \ne \mathbf{0}}
              \frac{\|\mathbf{X}\mathbf{v}\|_2}{\|\mathbf{v}\|_2} = \sigma_1

    Cada iteración multiplica un vector por :math:`\mathbf{X}` y por
    :math:`\mathbf{X}^\top` y lo normaliza; el vector se alinea con el
    vector singular principal y :math:`\|\mathbf{X}\mathbf{v}\|_2` se acerca
    a :math:`\sigma_1` por debajo: el resultado nunca supera la norma
    verdadera (salvo redondeo). A la larga, cada iteración multiplica el
    error relativo por :math:`(\sigma_2/\sigma_1)^4`, así que la
    convergencia es lenta si los dos mayores valores singulares casi
    coinciden.

    El vector inicial sale de un generador propio con semilla fija: el
    resultado es siempre el mismo y no consume números del generador
    global. La matriz se divide antes por su mayor entrada en valor
    absoluto, para que los cuadrados de las normas intermedias no se
    desborden. Una matriz nula o vacía tiene norma 0; un NaN en la entrada
    da NaN y un infinito da infinito.

    Argumentos:
        X: matriz (tensor o lista de listas con exactamente 2 dimensiones).
        num_iters: número de iteraciones, entero mayor o igual que 1.

    Devuelve:
        Tensor de dimensión 0, del tipo (en coma flotante) y en el
        dispositivo de ``X``.

    Lanza:
        TypeError: si ``num_iters`` no es un entero.
        ValueError: si ``X`` no tiene exactamente 2 dimensiones o
            ``num_iters`` es menor que 1.

    Ejemplo:
        >>> spectral_norm([[3.0, 0.0], [0.0, -5.0]])
        tensor(5.)
        >>> spectral_norm([[1.0, 1.0], [1.0, 1.0]], num_iters=5)
        tensor(2.)
    """
    X = _matrix(X)
    num_iters = check_int(num_iters, "num_iters")
    scale = linf_norm(X)
    if not 0 < scale < math.inf:  # matriz nula o vacía (0), o NaN o infinito
        return scale
    A = X / scale
    generator = torch.Generator().manual_seed(0)
    v = torch.randn(A.shape[1], generator=generator, dtype=torch.float64).to(A)
    for _ in range(num_iters):
        u = A @ v
        u = u / l2_norm(u)
        v = A.T @ u
        v = v / l2_norm(v)
    return scale * l2_norm(A @ v)


def unit_circle(p, num=400):
    r"""Puntos de la «circunferencia unidad» :math:`\{\mathbf{x} \in \mathbb{R}^2 : \|\mathbf{x}\|_p = 1\}`.

    Toma ``num`` direcciones equiespaciadas (múltiplo de 4, para incluir los
    ejes) y divide cada una por su norma. Con :math:`p < 1` la fórmula da una
    curva que no es convexa (y no es una norma), pero se dibuja igual.

    Argumentos:
        p: exponente, número real mayor que 0 (``math.inf`` incluido).
        num: número de puntos, múltiplo de 4.

    Devuelve:
        Tensor de forma ``(num + 1, 2)``; el último punto repite el primero.

    Ejemplo:
        >>> unit_circle(1, num=4)
        tensor([[ 1.,  0.],
                [ 0.,  1.],
                [-1.,  0.],
                [ 0., -1.],
                [ 1.,  0.]], dtype=torch.float64)
    """
    p = check_real(p, "p")
    if not p > 0:
        raise ValueError(f"p debe ser mayor que 0; se recibió {p}")
    num = check_int(num, "num", minimum=4)
    if num % 4:
        raise ValueError(f"num debe ser múltiplo de 4 para incluir los ejes; se recibió {num}")
    angles = torch.arange(num + 1, dtype=torch.float64) * (2 * math.pi / num)
    directions = torch.stack([torch.cos(angles), torch.sin(angles)], dim=1)
    directions[directions.abs() < 1e-12] = 0.0
    sizes = torch.sum(directions.abs() ** p, dim=1) ** (1 / p) if p != math.inf else directions.abs().amax(dim=1)
    return directions / sizes[:, None]


def _matrix(X):
    """Convierte ``X`` en un tensor de coma flotante y exige 2 dimensiones."""
    X = to_float_tensor(X, "X")
    if X.dim() != 2:
        raise ValueError(
            "X debe ser una matriz (exactamente 2 dimensiones); "
            f"se recibió un tensor de dimensión {X.dim()} "
            f"con forma {tuple(X.shape)}"
        )
    return X
