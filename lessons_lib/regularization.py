r"""Penalizaciones de los pesos y dropout, como funciones puras.

Igual que ``torch.nn.functional.dropout`` junto a ``torch.nn.Dropout``, las
matemáticas viven aquí, en funciones; los modelos de
:mod:`lessons_lib.models` solo las llaman.
"""

import torch

from lessons_lib._validate import float_tensor, probability


def l2_penalty(w):
    r"""Penalización :math:`\ell_2`: la mitad del cuadrado de la norma.

    .. math:: \tfrac{1}{2}\|\mathbf{w}\|_2^2 = \tfrac{1}{2}\sum_i w_i^2

    El :math:`\tfrac{1}{2}` hace que el gradiente sea exactamente
    :math:`\mathbf{w}`. Ojo: esto *no* es la norma :math:`\ell_2` de
    :math:`\mathbf{w}`; para la norma, use :func:`lessons_lib.l2_norm`.

    Argumentos:
        w: tensor de coma flotante (por ejemplo, un parámetro del modelo).

    Devuelve:
        Tensor de dimensión 0 que conserva el grafo de autograd de ``w``.

    Ejemplo:
        >>> l2_penalty(torch.tensor([3.0, -4.0]))
        tensor(12.5000)
    """
    w = float_tensor(w, "w")
    return torch.sum(w**2) / 2


def l1_penalty(w):
    r"""Penalización :math:`\ell_1`: la suma de los valores absolutos.

    .. math:: \|\mathbf{w}\|_1 = \sum_i |w_i|

    Argumentos:
        w: tensor de coma flotante (por ejemplo, un parámetro del modelo).

    Devuelve:
        Tensor de dimensión 0 que conserva el grafo de autograd de ``w``.

    Ejemplo:
        >>> l1_penalty(torch.tensor([3.0, -4.0]))
        tensor(7.)
    """
    w = float_tensor(w, "w")
    return torch.sum(torch.abs(w))


def dropout_layer(X, p):
    r"""Dropout: anula cada elemento con probabilidad ``p``, reescala el resto.

    .. math::
        h' = \begin{cases} 0 & \text{con probabilidad } p \\
        \dfrac{h}{1-p} & \text{con probabilidad } 1-p \end{cases}
        \qquad\Rightarrow\qquad \mathbb{E}[h'] = h

    La máscara se crea con ``torch.rand_like``: tiene el dispositivo y el tipo
    de ``X``, así que la misma llamada sirve en CPU y en GPU. ``p = 0``
    devuelve ``X`` tal cual; ``p = 1`` devuelve ceros. Solo debe aplicarse
    durante el entrenamiento.

    Argumentos:
        X: tensor de coma flotante con las activaciones.
        p: probabilidad de anular cada elemento, en [0, 1].

    Devuelve:
        Tensor con la forma, el tipo y el dispositivo de ``X``.

    Lanza:
        TypeError: si ``X`` no es un tensor de coma flotante o ``p`` no es
            un número.
        ValueError: si ``p`` es NaN o está fuera de [0, 1].

    Ejemplo:
        >>> X = torch.ones(2, 4)
        >>> dropout_layer(X, 0.0)
        tensor([[1., 1., 1., 1.],
                [1., 1., 1., 1.]])
        >>> dropout_layer(X, 1.0)
        tensor([[0., 0., 0., 0.],
                [0., 0., 0., 0.]])
        >>> values = set(dropout_layer(X, 0.5).flatten().tolist())
        >>> values <= {0.0, 2.0}  # anulados o multiplicados por 1/(1 - 0.5)
        True
    """
    X = float_tensor(X, "X")
    p = probability(p, "p")
    if p == 0.0:
        return X
    if p == 1.0:
        return torch.zeros_like(X)
    keep = torch.rand_like(X) > p
    return keep * X / (1.0 - p)
