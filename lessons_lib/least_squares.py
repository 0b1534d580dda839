r"""Mínimos cuadrados en forma cerrada: polinomios, norma mínima, ridge y filtros espectrales.

Todo en este módulo minimiza, para una matriz de diseño
:math:`\mathbf{X} \in \mathbb{R}^{n \times d}`, el objetivo del libro

.. math:: \frac{1}{2n}\|\mathbf{X}\mathbf{w} - \mathbf{y}\|_2^2
          + \frac{\lambda}{2}\|\mathbf{w}\|_2^2 ,

sin iterar: así se pueden resolver cientos de problemas (grados, tamaños,
semillas, pliegues) en lo que tarda un entrenamiento.
"""

import torch

from lessons_lib._validate import check_bool, check_int, check_non_negative, check_positive, to_float_tensor

__all__ = [
    "gradient_descent_filter",
    "least_squares",
    "polynomial_features",
    "ridge_filter",
]


def polynomial_features(x, degree):
    r"""Las potencias :math:`1, x, x^2, \dots, x^{\text{degree}}` de cada elemento de ``x``.

    Argumentos:
        x: vector de ``n`` números.
        degree: grado del polinomio (entero mayor o igual que 0).

    Devuelve:
        Una matriz ``n × (degree + 1)`` con el tipo y el dispositivo de ``x``
        (los enteros pasan a coma flotante); la columna ``j`` es :math:`x^j`.

    Ejemplo:
        >>> polynomial_features(torch.tensor([2.0, -1.0]), 3)
        tensor([[ 1.,  2.,  4.,  8.],
                [ 1., -1.,  1., -1.]])
    """
    x = to_float_tensor(x, "x")
    if x.dim() != 1:
        raise ValueError(f"x debe ser un vector (una dimensión); se recibió un tensor de forma {tuple(x.shape)}")
    degree = check_int(degree, "degree", minimum=0)
    powers = torch.arange(degree + 1, device=x.device, dtype=x.dtype)
    return x.unsqueeze(1) ** powers


def least_squares(X, y, lambd=0.0, *, intercept=False):
    r"""Los pesos que minimizan :math:`\frac{1}{2n}\|\mathbf{X}\mathbf{w} - \mathbf{y}\|^2 + \frac{\lambda}{2}\|\mathbf{w}\|^2`.

    * Con :math:`\lambda > 0`, la solución de la regresión *ridge*,
      :math:`\mathbf{w} = (\mathbf{X}^\top\mathbf{X} + n\lambda\mathbf{I})^{-1}\mathbf{X}^\top\mathbf{y}`.
    * Con :math:`\lambda = 0`, la solución de **norma mínima**,
      :math:`\mathbf{w} = \mathbf{X}^{+}\mathbf{y}` (pseudoinversa): si hay
      muchas que ajustan igual de bien (más pesos que ejemplos), la de
      menor :math:`\|\mathbf{w}\|_2`, que es el límite de ridge cuando
      :math:`\lambda \to 0` y el punto al que llega el descenso de gradiente
      que empieza en :math:`\mathbf{w} = \mathbf{0}`.

    Con ``intercept=True`` el modelo es :math:`\mathbf{X}\mathbf{w} + b`, y
    el sesgo :math:`b` no se penaliza: se centran las columnas de
    :math:`\mathbf{X}` y :math:`\mathbf{y}`, se resuelve sin sesgo y
    :math:`b = \bar y - \bar{\mathbf{x}}^\top\mathbf{w}`.

    Argumentos:
        X: matriz ``n × d``.
        y: ``n`` objetivos (vector o columna ``n × 1``).
        lambd: :math:`\lambda \ge 0`.
        intercept: si se ajusta también un sesgo sin penalizar.

    Devuelve:
        ``w``, con la forma de ``y`` cambiando ``n`` por ``d``; con
        ``intercept=True``, el par ``(w, b)`` (``b`` es un tensor de
        dimensión 0, o ``1`` si ``y`` es una columna).

    Ejemplo:
        >>> X = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype=torch.float64)
        >>> y = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
        >>> least_squares(X, y)  # ajuste exacto: w = (1, 2)
        tensor([1.0000, 2.0000], dtype=torch.float64)
        >>> least_squares(torch.ones(1, 2), torch.tensor([2.0]))  # norma mínima
        tensor([1.0000, 1.0000])
    """
    X = to_float_tensor(X, "X")
    y = to_float_tensor(y, "y")
    lambd = check_non_negative(lambd, "lambd")
    check_bool(intercept, "intercept")
    if X.dim() != 2 or y.dim() not in (1, 2) or len(y) != len(X):
        raise ValueError(
            "X debe ser una matriz n × d e y, n objetivos; "
            f"se recibieron X de forma {tuple(X.shape)} e y de forma {tuple(y.shape)}"
        )
    if intercept:  # el sesgo: centrar, resolver sin sesgo y recuperarlo
        x_mean, y_mean = X.mean(dim=0), y.mean(dim=0)
        w = least_squares(X - x_mean, y - y_mean, lambd)
        return w, y_mean - x_mean @ w
    if lambd == 0:
        return torch.linalg.pinv(X) @ y
    n, d = X.shape
    identity = torch.eye(d, dtype=X.dtype, device=X.device)
    return torch.linalg.solve(X.T @ X + n * lambd * identity, X.T @ y)


def ridge_filter(eigenvalues, lambd):
    r"""Cuánto deja pasar ridge de cada dirección: :math:`\mu_i / (\mu_i + \lambda)`.

    Con :math:`\mathbf{X}^\top\mathbf{X}/n = \sum_i \mu_i \mathbf{v}_i\mathbf{v}_i^\top`,
    la solución ridge es :math:`\sum_i f(\mu_i)\,\hat{w}_i\,\mathbf{v}_i`,
    donde :math:`\hat{w}_i` es la coordenada de la solución sin penalizar:
    las direcciones con :math:`\mu_i \gg \lambda` pasan casi enteras y las
    de :math:`\mu_i \ll \lambda`, casi nada.

    Argumentos:
        eigenvalues: los :math:`\mu_i \ge 0` (tensor o secuencia).
        lambd: :math:`\lambda > 0`.

    Ejemplo:
        >>> ridge_filter(torch.tensor([0.0, 1.0, 9.0]), 1.0)
        tensor([0.0000, 0.5000, 0.9000])
    """
    eigenvalues = _eigenvalues(eigenvalues)
    lambd = check_positive(lambd, "lambd")
    return eigenvalues / (eigenvalues + lambd)


def gradient_descent_filter(eigenvalues, lr, steps):
    r"""Cuánto deja pasar de cada dirección el descenso de gradiente: :math:`1 - (1 - \eta\mu_i)^t`.

    Tras :math:`t` pasos de descenso de gradiente con tasa :math:`\eta`
    desde :math:`\mathbf{w}_0 = \mathbf{0}` sobre
    :math:`\frac{1}{2n}\|\mathbf{X}\mathbf{w} - \mathbf{y}\|^2`, los pesos son
    :math:`\sum_i [1 - (1 - \eta\mu_i)^t]\,\hat{w}_i\,\mathbf{v}_i`: las
    direcciones de :math:`\mu_i` grande ya se han aprendido y las de
    :math:`\mu_i` pequeño apenas han empezado. Para :math:`\eta\mu_i` pequeño
    se parece al filtro de ridge con :math:`\lambda \approx 1/(\eta t)`.

    Argumentos:
        eigenvalues: los :math:`\mu_i \ge 0` (tensor o secuencia).
        lr: la tasa de aprendizaje :math:`\eta > 0`.
        steps: el número de pasos :math:`t` (entero mayor o igual que 0).

    Ejemplo:
        >>> gradient_descent_filter(torch.tensor([0.0, 1.0]), lr=0.5, steps=2)
        tensor([0.0000, 0.7500])
    """
    eigenvalues = _eigenvalues(eigenvalues)
    lr = check_positive(lr, "lr")
    steps = check_int(steps, "steps", minimum=0)
    return 1 - (1 - lr * eigenvalues) ** steps


def _eigenvalues(values):
    values = to_float_tensor(values, "eigenvalues")
    if not bool((values >= 0).all()):
        raise ValueError(
            f"eigenvalues debe tener valores mayores o iguales que 0; se recibió un mínimo de {values.min().item()}"
        )
    return values
