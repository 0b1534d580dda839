r"""Penalizaciones de los pesos y dropout, como funciones puras.

Igual que ``torch.nn.functional.dropout`` junto a ``torch.nn.Dropout``, las
matemáticas viven aquí, en funciones; los modelos de
:mod:`lessons_lib.models` solo las llaman.
"""

import math

import torch

from lessons_lib._validate import (
    check_float_tensor,
    check_int,
    check_non_negative,
    check_positive,
    check_probability,
    describe,
)

__all__ = [
    "decay_parameter_groups",
    "dropout_layer",
    "l1_penalty",
    "l2_penalty",
    "num_monomials",
    "penalized_least_squares",
    "soft_threshold",
]


def num_monomials(k, d):
    r"""Número de monomios de grado exactamente ``d`` en ``k`` variables.

    .. math:: \binom{k - 1 + d}{k - 1}

    Es el número de formas de repartir ``d`` unidades de exponente entre ``k``
    variables («estrellas y barras»). Crece tan deprisa que limitar el grado
    de un polinomio es una forma muy basta de controlar su complejidad.

    Argumentos:
        k: número de variables, entero mayor o igual que 1.
        d: grado, entero mayor o igual que 0.

    Ejemplo:
        >>> num_monomials(2, 2)  # x², xy, y²
        3
        >>> num_monomials(20, 5)
        42504
    """
    k = check_int(k, "k")
    d = check_int(d, "d", minimum=0)
    return math.comb(k - 1 + d, k - 1)


def l2_penalty(w):
    r"""Penalización :math:`\ell_2`: la mitad del cuadrado de la norma.

    .. math:: \tfrac{1}{2}\|\mathbf{w}\|_2^2 = \tfrac{1}{2}\sum_i w_i^2

    El :math:`\tfrac{1}{2}` hace que el gradiente sea exactamente
    :math:`\mathbf{w}`. Ojo: esto *no* es la norma :math:`\ell_2` de
    :math:`\mathbf{w}`; para la norma, usa :func:`lessons_lib.l2_norm`.

    Argumentos:
        w: tensor de coma flotante (por ejemplo, un parámetro del modelo).

    Devuelve:
        Tensor de dimensión 0 que conserva el grafo de autograd de ``w``.

    Ejemplo:
        >>> l2_penalty(torch.tensor([3.0, -4.0]))
        tensor(12.5000)
    """
    w = check_float_tensor(w, "w")
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
    w = check_float_tensor(w, "w")
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
    X = check_float_tensor(X, "X")
    p = check_probability(p, "p")
    if p == 0.0:
        return X
    if p == 1.0:
        return torch.zeros_like(X)
    keep = torch.rand_like(X) > p
    return keep * X / (1.0 - p)


def soft_threshold(w, threshold):
    r"""Umbral suave: acerca cada peso a cero en ``threshold``, sin cruzarlo.

    .. math:: S_t(w) = \operatorname{sign}(w)\,\max(|w| - t,\ 0)
              = w - \operatorname{clip}(w, -t, t)

    Es el paso «proximal» de la penalización :math:`\ell_1`: el punto que
    minimiza :math:`\tfrac{1}{2}(v - w)^2 + t|v|`. A diferencia de un paso de
    gradiente, deja ceros exactos.

    Ejemplo:
        >>> soft_threshold(torch.tensor([3.0, -2.5, 0.2]), 1.0)
        tensor([ 2.0000, -1.5000,  0.0000])
    """
    w = check_float_tensor(w, "w")
    threshold = check_non_negative(threshold, "threshold")
    return w - torch.clamp(w, -threshold, threshold)


def penalized_least_squares(X, y, penalty, lambd, *, lr=0.1, steps=1000):
    r"""Regresión lineal sin sesgo, penalizada con :math:`\ell_2` o :math:`\ell_1`.

    Minimiza, por descenso de gradiente con todos los ejemplos a la vez,

    .. math:: \frac{1}{2n}\|\mathbf{X}\mathbf{w} - \mathbf{y}\|_2^2
              + \lambda P(\mathbf{w}),

    con :math:`P` = :func:`l2_penalty` o :func:`l1_penalty`. Con
    :math:`\ell_2` cada paso es de gradiente, con el término de decaimiento
    :math:`\lambda\mathbf{w}`. Con :math:`\ell_1`, cuyo gradiente no existe
    en 0, se da el paso de gradiente de la pérdida y después
    :func:`soft_threshold` (gradiente proximal), que deja ceros exactos.

    Argumentos:
        X: matriz ``(n, d)`` de entradas.
        y: vector ``(n,)`` de objetivos.
        penalty: ``"l2"`` o ``"l1"``.
        lambd: :math:`\lambda \ge 0`.
        lr: tasa de aprendizaje.
        steps: número de pasos.

    Devuelve:
        El vector de pesos ``(d,)``.

    Ejemplo:
        >>> X = torch.eye(2)
        >>> penalized_least_squares(X, torch.tensor([1.0, 0.1]), "l1", 0.2, lr=0.5)
        tensor([0.6000, 0.0000])
    """
    X = check_float_tensor(X, "X")
    y = check_float_tensor(y, "y").reshape(-1)
    if X.dim() != 2 or len(X) != len(y):
        raise ValueError(
            "X debe ser una matriz (n, d) e y un vector de n elementos; "
            f"se recibieron las formas {tuple(X.shape)} y {tuple(y.shape)}"
        )
    if penalty not in ("l2", "l1"):
        raise ValueError(f"penalty debe ser 'l2' o 'l1'; se recibió {penalty!r}")
    lambd = check_non_negative(lambd, "lambd")
    lr = check_positive(lr, "lr")
    steps = check_int(steps, "steps")
    w = torch.zeros(X.shape[1], dtype=X.dtype, device=X.device)
    for _ in range(steps):
        grad = X.T @ (X @ w - y) / len(y)
        if penalty == "l2":
            grad = grad + lambd * w
        w = w - lr * grad
        if penalty == "l1":
            w = soft_threshold(w, lr * lambd)
    return w


def decay_parameter_groups(model, weight_decay):
    r"""Grupos de parámetros con decaimiento solo en las matrices de pesos.

    Los parámetros con dos o más dimensiones (las matrices de pesos de
    ``nn.Linear``, los filtros de ``nn.Conv2d``, las tablas de
    ``nn.Embedding``) van al primer grupo, con ``weight_decay``; los de una
    dimensión (los sesgos y los parámetros de las capas de normalización,
    como la escala y el desplazamiento de ``nn.LayerNorm``) van al segundo,
    sin decaimiento. Los parámetros congelados (``requires_grad=False``) no
    van a ningún grupo. Un grupo puede quedar vacío; los optimizadores de
    PyTorch lo aceptan.

    Argumentos:
        model: ``torch.nn.Module`` cuyos parámetros se reparten.
        weight_decay: intensidad del decaimiento, número finito
            mayor o igual que 0.

    Devuelve:
        Lista de dos diccionarios, ``{"params": [...], "weight_decay": ...}``,
        que se pasa tal cual a ``torch.optim.SGD``, ``torch.optim.AdamW``...

    Lanza:
        TypeError: si ``model`` no es un ``torch.nn.Module`` o
            ``weight_decay`` no es un número.
        ValueError: si ``weight_decay`` es negativo, infinito o NaN.

    Ejemplo:
        >>> model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.LayerNorm(3))
        >>> decay, no_decay = decay_parameter_groups(model, 0.01)
        >>> [tuple(p.shape) for p in decay["params"]], decay["weight_decay"]
        ([(3, 4)], 0.01)
        >>> [tuple(p.shape) for p in no_decay["params"]], no_decay["weight_decay"]
        ([(3,), (3,), (3,)], 0.0)
        >>> optimizer = torch.optim.AdamW([decay, no_decay], lr=0.001)
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model debe ser un torch.nn.Module; se recibió {describe(model)}")
    weight_decay = check_non_negative(weight_decay, "weight_decay")
    trainable = [p for p in model.parameters() if p.requires_grad]
    return [
        {"params": [p for p in trainable if p.dim() >= 2], "weight_decay": weight_decay},
        {"params": [p for p in trainable if p.dim() < 2], "weight_decay": 0.0},
    ]
