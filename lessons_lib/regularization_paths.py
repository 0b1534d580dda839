r"""Caminos de regularización: los pesos en función de :math:`\lambda`.

:func:`regularization_path` resuelve la regresión penalizada de
:func:`~lessons_lib.penalized_least_squares` para toda una rejilla de
valores de :math:`\lambda`, y :func:`l1_zero_crossings` busca el valor de
:math:`\lambda` a partir del cual cada peso del *lasso* vale cero.

La otra cara, la restricción: :func:`constrained_minimum` busca el mínimo de
una pérdida cuadrática del plano (:func:`quadratic_loss`) dentro de la bola
:math:`\|\mathbf{w}\|_p \le r`, y :func:`constraint_path` sigue ese mínimo
mientras el radio baja.
"""

import functools
import itertools

import numpy as np
import torch

from lessons_lib._validate import (
    check_float_tensor,
    check_int,
    check_non_negative,
    check_positive,
    describe,
)
from lessons_lib.norms import lp_norm, unit_circle
from lessons_lib.regularization import penalized_least_squares

__all__ = [
    "constrained_minimum",
    "constraint_path",
    "l1_zero_crossings",
    "quadratic_loss",
    "regularization_path",
]


def _step_size(X):
    """:math:`1/L`, con :math:`L` el mayor autovalor de :math:`X^\\top X/n`: un paso que siempre converge."""
    largest = torch.linalg.eigvalsh(X.T @ X / len(X))[-1].item()
    if largest <= 0:
        raise ValueError("X no puede ser toda ceros; se recibió una matriz nula")
    return 1.0 / largest


def _design(X, y, dtype=torch.float64):
    """Comprueba que ``X`` es una matriz ``(n, d)`` e ``y`` un vector de ``n`` elementos."""
    X = check_float_tensor(X, "X")
    y = check_float_tensor(y, "y").reshape(-1)
    if X.dim() != 2 or len(X) != len(y) or len(y) == 0:
        raise ValueError(
            "X debe ser una matriz (n, d) e y un vector de n elementos (n ≥ 1); "
            f"se recibieron las formas {tuple(X.shape)} y {tuple(y.shape)}"
        )
    return (X, y) if dtype is None else (X.to(dtype), y.to(dtype))


def _lambdas(lambdas):
    if not isinstance(lambdas, (list, tuple, torch.Tensor)) or len(lambdas) == 0:
        raise TypeError(f"lambdas debe ser una lista o un tensor de valores de λ; se recibió {describe(lambdas)}")
    values = [check_non_negative(value, "lambdas") for value in lambdas]
    if any(a >= b for a, b in itertools.pairwise(values)):
        raise ValueError(f"lambdas debe ir de menor a mayor, sin repetir; se recibió {values}")
    return values


def regularization_path(X, y, penalty, lambdas, *, steps=200):
    r"""Los pesos de la regresión penalizada para cada :math:`\lambda` de una rejilla.

    Llama a :func:`~lessons_lib.penalized_least_squares` con cada valor, con
    la tasa de aprendizaje :math:`1/L` (:math:`L` es el mayor autovalor de
    :math:`\mathbf{X}^\top\mathbf{X}/n`; con :math:`\ell_2`, :math:`1/(L + \lambda)`),
    con la que el descenso converge sin oscilar.

    Argumentos:
        X: matriz ``(n, d)`` de entradas.
        y: vector ``(n,)`` de objetivos.
        penalty: ``"l2"`` o ``"l1"``.
        lambdas: valores de :math:`\lambda \ge 0`, de menor a mayor.
        steps: pasos de descenso para cada :math:`\lambda`.

    Devuelve:
        Tensor ``(len(lambdas), d)``: la fila ``k`` son los pesos con ``lambdas[k]``.

    Ejemplo:
        >>> X = torch.eye(2) * 2 ** 0.5  # X^T X / n = I
        >>> regularization_path(X, torch.tensor([2.0, 0.5]), "l1", [0.1, 0.5])
        tensor([[1.3142, 0.2536],
                [0.9142, 0.0000]])
    """
    X, y = _design(X, y, dtype=None)
    lambdas = _lambdas(lambdas)
    steps = check_int(steps, "steps")
    largest = 1 / _step_size(X)
    # Con ℓ2, el término λw suma λ a la curvatura: el paso es 1/(L + λ).
    return torch.stack(
        [
            penalized_least_squares(
                X,
                y,
                penalty,
                lambd,
                lr=1 / (largest + lambd) if penalty == "l2" else 1 / largest,
                steps=steps,
            )
            for lambd in lambdas
        ]
    )


def l1_zero_crossings(X, y, *, lambdas=None, tol=1e-4, steps=200):
    r"""El :math:`\lambda` a partir del cual cada peso del *lasso* vale cero.

    Para el peso :math:`i`, es el menor :math:`\lambda` tal que
    :math:`w_i(\mu) = 0` para todo :math:`\mu \ge \lambda` de la rejilla
    ``lambdas``: se busca en la rejilla el último valor con
    :math:`w_i \ne 0` y se afina por bisección entre él y el siguiente. Los
    cálculos se hacen en ``float64``.

    Por encima de :math:`\lambda_{\max} = \|\mathbf{X}^\top\mathbf{y}\|_\infty / n`
    todos los pesos son cero, así que el mayor de los valores devueltos es
    :math:`\lambda_{\max}`. Si :math:`\mathbf{X}^\top\mathbf{X}/n = \mathbf{I}`
    (diseño ortogonal), el *lasso* es el umbral suave de los mínimos
    cuadrados, :math:`\mathbf{w} = S_\lambda(\mathbf{w}_{\text{mc}})`, y el
    peso :math:`i` se anula justo en :math:`\lambda = |w_{\text{mc}, i}|`.

    Argumentos:
        X: matriz ``(n, d)`` de entradas.
        y: vector ``(n,)`` de objetivos.
        lambdas: rejilla creciente de valores de :math:`\lambda`; por defecto,
            41 valores en escala logarítmica de :math:`10^{-3}\lambda_{\max}`
            a :math:`1.05\,\lambda_{\max}`.
        tol: precisión de la bisección, relativa a :math:`\lambda_{\max}`.
        steps: pasos de descenso de cada resolución.

    Devuelve:
        Tensor ``(d,)`` en ``float64``.

    Ejemplo:
        >>> X = torch.eye(2) * 2 ** 0.5  # X^T X / n = I
        >>> y = torch.tensor([2.0, 0.5])
        >>> crossings = l1_zero_crossings(X, y, tol=1e-6)
        >>> torch.allclose(crossings, (X.T @ y / 2).abs().double(), atol=1e-5)  # |w_mc|
        True
    """
    X, y = _design(X, y)
    tol = check_positive(tol, "tol")
    lambda_max = ((X.T @ y).abs().max() / len(y)).item()
    if lambdas is None:
        lambdas = (lambda_max * torch.logspace(-3, 0, 41, dtype=torch.float64)).tolist()
        lambdas[-1] = 1.05 * lambda_max
    grid = _lambdas(lambdas)
    lr = _step_size(X)
    weights = regularization_path(X, y, "l1", grid, steps=steps)

    def is_zero(i, lambd):
        return penalized_least_squares(X, y, "l1", lambd, lr=lr, steps=steps)[i] == 0

    crossings = []
    for i in range(X.shape[1]):
        nonzero = torch.nonzero(weights[:, i]).flatten()
        if len(nonzero) == 0:
            low, high = 0.0, grid[0]
        elif nonzero[-1] == len(grid) - 1:
            raise ValueError(
                f"lambdas debe llegar hasta λ_max = {lambda_max:.4g}, donde todos los "
                f"pesos son cero; se recibió una rejilla que acaba en {grid[-1]:.4g}"
            )
        else:
            low, high = grid[nonzero[-1]], grid[nonzero[-1] + 1]
        while high - low > tol * lambda_max:
            middle = (low + high) / 2
            low, high = (low, middle) if is_zero(i, middle) else (middle, high)
        crossings.append(high)
    return torch.tensor(crossings, dtype=torch.float64)


# --- Penalización frente a restricción: la pérdida cuadrática del plano sobre una bola ℓp ---


def quadratic_loss(w, center, curvature):
    r"""Pérdida cuadrática :math:`L(\mathbf{w}) = (\mathbf{w}-\mathbf{c})^\top A(\mathbf{w}-\mathbf{c})`.

    Argumentos:
        w: tensor de forma ``(..., 2)`` con puntos del plano.
        center: mínimo sin restricción :math:`\mathbf{c}`, tensor de forma ``(2,)``.
        curvature: matriz :math:`A` simétrica definida positiva, de forma ``(2, 2)``.

    Ejemplo:
        >>> quadratic_loss(torch.tensor([1.0, 0.0]), torch.zeros(2), torch.eye(2))
        tensor(1.)
    """
    d = w - center
    return torch.einsum("...i,ij,...j->...", d, curvature, d)


def constrained_minimum(p, radius, center, curvature, num=40000):
    r"""Mínimo de ``quadratic_loss`` sobre la bola :math:`\|\mathbf{w}\|_p \le r`.

    Si :math:`\mathbf{c}` está fuera de la bola, el mínimo está en su borde:
    se evalúa la pérdida en ``num`` puntos del borde (``unit_circle`` de ``lessons_lib.norms``) y
    se toma el menor. Los vértices de la bola :math:`\ell_1` están entre esos
    puntos, así que un mínimo en un vértice se encuentra exactamente.

    Devuelve:
        Tensor de forma ``(2,)``.

    Ejemplo:
        >>> constrained_minimum(1, 1.0, torch.tensor([2.0, 0.8], dtype=torch.float64), torch.eye(2, dtype=torch.float64))
        tensor([1., 0.], dtype=torch.float64)
    """
    radius = check_non_negative(radius, "radius")
    center = torch.as_tensor(center, dtype=torch.float64)
    curvature = torch.as_tensor(curvature, dtype=torch.float64)
    if lp_norm(center, p) <= radius:
        return center
    boundary = radius * unit_circle(p, num)
    return boundary[torch.argmin(quadratic_loss(boundary, center, curvature))]


@functools.lru_cache(maxsize=8)
def _boundary_terms(p, num, center, curvature):
    """Direcciones del borde de la bola unidad y sus dos productos con la pérdida (en NumPy)."""
    directions = unit_circle(p, num).numpy()
    curvature = np.array(curvature)
    uau = ((directions @ curvature) * directions).sum(axis=1)
    uac = directions @ (curvature @ np.array(center))
    return directions, uau, uac


def constraint_path(p, radius, center, curvature, num=8000, points=40):
    """Mínimos restringidos a radios que bajan desde :math:`\\|\\mathbf{c}\\|_p` hasta ``radius``.

    Es :func:`constrained_minimum` para muchos radios a la vez: sobre el
    borde :math:`r\\mathbf{u}`, la pérdida vale
    :math:`r^2\\,\\mathbf{u}^\\top A\\mathbf{u} - 2r\\,\\mathbf{u}^\\top A\\mathbf{c} + \\mathbf{c}^\\top A\\mathbf{c}`,
    y los dos productos por :math:`\\mathbf{u}` se calculan una sola vez para
    todos los fotogramas. El último punto es el mínimo con radio ``radius``.

    Devuelve:
        Tensor de forma ``(points, 2)`` (o ``(1, 2)`` si :math:`\\mathbf{c}`
        ya está dentro de la bola).

    Ejemplo:
        >>> path = constraint_path(1, 1.0, torch.tensor([2.0, 0.8]), torch.eye(2))
        >>> path.shape, path[-1]
        (torch.Size([40, 2]), tensor([1., 0.], dtype=torch.float64))
    """
    radius = check_non_negative(radius, "radius")
    points = check_int(points, "points", minimum=2)
    center = torch.as_tensor(center, dtype=torch.float64)
    curvature = torch.as_tensor(curvature, dtype=torch.float64)
    start = lp_norm(center, p).item()
    if radius >= start:
        return center[None, :]
    directions, uau, uac = _boundary_terms(p, num, tuple(center.tolist()), tuple(map(tuple, curvature.tolist())))
    radii = np.linspace(start, radius, points)[:, None]
    best = np.argmin(radii**2 * uau - 2 * radii * uac, axis=1)
    return torch.from_numpy(radii * directions[best])
