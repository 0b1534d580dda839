r"""Modelos: regresión lineal con decaimiento de pesos y MLP con dropout.

Cada modelo es un ``torch.nn.Module`` con ``forward``, ``loss`` (la pérdida
media de los datos) y ``configure_optimizers``, y se entrena con
:func:`lessons_lib.fit`. Las versiones «desde cero» usan las funciones de
:mod:`lessons_lib.regularization`; las concisas, lo que ya trae PyTorch. Cada
pareja comparte arquitectura, inicialización y escala de la pérdida, así que
sus resultados se pueden comparar.
"""

import torch
from torch import nn
from torch.nn import functional as F

from lessons_lib._validate import (
    check_float_tensor,
    check_int,
    check_non_negative,
    check_positive,
    check_probability,
)
from lessons_lib.regularization import dropout_layer, l2_penalty

__all__ = [
    "DropoutMLP",
    "DropoutMLPBase",
    "DropoutMLPScratch",
    "LinearRegressionScratch",
    "WeightDecay",
    "WeightDecayScratch",
    "squared_loss",
]


def squared_loss(y_hat, y):
    r"""Pérdida cuadrática media, con el factor :math:`\tfrac{1}{2}`.

    .. math:: \ell = \frac{1}{n}\sum_{i=1}^n \tfrac{1}{2}(\hat y_i - y_i)^2

    Ejemplo:
        >>> y_hat = torch.tensor([[1.0], [3.0]])
        >>> squared_loss(y_hat, torch.tensor([[0.0], [1.0]]))
        tensor(1.2500)
    """
    y_hat = check_float_tensor(y_hat, "y_hat")
    if y.numel() != y_hat.numel():
        raise ValueError(
            f"y debe tener tantos elementos como y_hat ({y_hat.numel()}); se recibió un tensor de forma {tuple(y.shape)}"
        )
    return torch.mean((y_hat - y.reshape(y_hat.shape)) ** 2 / 2)


def _initial_weights(num_inputs, sigma):
    r"""Pesos iniciales :math:`w_i \sim \mathcal{N}(0, \sigma^2)`.

    Devuelve un tensor de forma ``(num_inputs, 1)``. Los dos modelos de
    regresión llaman a esta función antes de crear cualquier otro tensor
    aleatorio: con la misma semilla, empiezan en los mismos pesos.
    """
    num_inputs = check_int(num_inputs, "num_inputs")
    sigma = check_non_negative(sigma, "sigma")
    return torch.randn(num_inputs, 1) * sigma


class LinearRegressionScratch(nn.Module):
    r"""Regresión lineal desde cero: :math:`\hat{y} = \mathbf{X}\mathbf{w} + b`.

    Argumentos:
        num_inputs: número de entradas.
        lr: tasa de aprendizaje del SGD.
        sigma: desviación típica de los pesos iniciales (el sesgo empieza
            en 0).

    Ejemplo:
        >>> model = LinearRegressionScratch(3, lr=0.1)
        >>> model.w.shape, model.b.shape
        (torch.Size([3, 1]), torch.Size([1]))
    """

    def __init__(self, num_inputs, lr, sigma=0.01):
        super().__init__()
        self.w = nn.Parameter(_initial_weights(num_inputs, sigma))
        self.b = nn.Parameter(torch.zeros(1))
        self.lr = check_positive(lr, "lr")

    def forward(self, X):
        return X @ self.w + self.b

    def extra_repr(self):
        return f"num_inputs={len(self.w)}, lr={self.lr:g}"

    def loss(self, y_hat, y):
        return squared_loss(y_hat, y)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.lr)


class WeightDecayScratch(LinearRegressionScratch):
    r"""Regresión lineal con decaimiento de pesos, desde cero.

    ``penalty()`` devuelve :math:`\tfrac{\lambda}{2}\|\mathbf{w}\|^2`, que
    :func:`lessons_lib.fit` suma a la pérdida para calcular el gradiente; el
    sesgo :math:`b` no se penaliza. La pérdida que se informa (``loss``) es
    la de los datos, sin la penalización.

    Argumentos:
        num_inputs: número de entradas.
        lambd: :math:`\lambda \ge 0`, la intensidad de la penalización.
        lr: tasa de aprendizaje del SGD.
        sigma: desviación típica de los pesos iniciales.

    Ejemplo:
        >>> model = WeightDecayScratch(2, lambd=3, lr=0.01)
        >>> with torch.no_grad():
        ...     _ = model.w.copy_(torch.tensor([[3.0], [4.0]]))
        >>> model.penalty()  # 3 · (3² + 4²) / 2
        tensor(37.5000, grad_fn=<MulBackward0>)
    """

    def __init__(self, num_inputs, lambd, lr, sigma=0.01):
        super().__init__(num_inputs, lr, sigma)
        self.lambd = check_non_negative(lambd, "lambd")

    def penalty(self):
        return self.lambd * l2_penalty(self.w)

    def extra_repr(self):
        return f"{super().extra_repr()}, lambd={self.lambd:g}"


class WeightDecay(nn.Module):
    r"""Regresión lineal con decaimiento de pesos, concisa.

    Usa ``nn.Linear`` y pide el decaimiento al SGD de PyTorch
    (``weight_decay``) mediante grupos de parámetros: :math:`\lambda` para
    los pesos y 0 para el sesgo. Parte de los mismos pesos que
    :class:`WeightDecayScratch` con la misma semilla y usa la misma pérdida
    (con el :math:`\tfrac{1}{2}`): los dos siguen la misma trayectoria,
    salvo redondeo.

    Argumentos:
        num_inputs: número de entradas.
        lambd: :math:`\lambda \ge 0`, el ``weight_decay`` de los pesos.
        lr: tasa de aprendizaje del SGD.
        sigma: desviación típica de los pesos iniciales.

    Ejemplo:
        >>> optimizer = WeightDecay(2, lambd=3, lr=0.01).configure_optimizers()
        >>> [group["weight_decay"] for group in optimizer.param_groups]
        [3.0, 0.0]
    """

    def __init__(self, num_inputs, lambd, lr, sigma=0.01):
        super().__init__()
        weights = _initial_weights(num_inputs, sigma)
        self.net = nn.Linear(num_inputs, 1)
        with torch.no_grad():
            self.net.weight.copy_(weights.T)
            self.net.bias.zero_()
        self.lambd = check_non_negative(lambd, "lambd")
        self.lr = check_positive(lr, "lr")

    def forward(self, X):
        return self.net(X)

    def extra_repr(self):
        return f"lambd={self.lambd:g}, lr={self.lr:g}"

    def loss(self, y_hat, y):
        return F.mse_loss(y_hat, y.reshape(y_hat.shape)) / 2

    def configure_optimizers(self):
        groups = [
            {"params": [self.net.weight], "weight_decay": self.lambd},
            {"params": [self.net.bias], "weight_decay": 0.0},
        ]
        return torch.optim.SGD(groups, lr=self.lr)


def _momentum(momentum):
    momentum = check_probability(momentum, "momentum")
    if momentum == 1.0:
        raise ValueError("momentum debe estar en [0, 1); se recibió 1.0")
    return momentum


def _sizes(**sizes):
    """Comprueba que los tamaños de las capas son enteros positivos."""
    return [check_int(value, name) for name, value in sizes.items()]


class DropoutMLPBase(nn.Module):
    """La base de los dos perceptrones con dropout: argumentos, pérdida y optimizador.

    ``__init__`` valida los argumentos, guarda ``lr`` y ``momentum`` y llama
    a ``build(num_inputs, num_hiddens_1, num_hiddens_2, num_outputs,
    dropout_1, dropout_2)``, que cada subclase define creando sus capas
    lineales en el mismo orden: con la misma semilla, las dos empiezan en
    los mismos pesos.
    """

    def __init__(
        self,
        num_inputs=784,
        num_hiddens_1=256,
        num_hiddens_2=256,
        num_outputs=10,
        dropout_1=0.2,
        dropout_2=0.5,
        lr=0.05,
        momentum=0.9,
    ):
        super().__init__()
        sizes = _sizes(
            num_inputs=num_inputs,
            num_hiddens_1=num_hiddens_1,
            num_hiddens_2=num_hiddens_2,
            num_outputs=num_outputs,
        )
        dropouts = check_probability(dropout_1, "dropout_1"), check_probability(dropout_2, "dropout_2")
        self.lr = check_positive(lr, "lr")
        self.momentum = _momentum(momentum)
        self.build(*sizes, *dropouts)

    def extra_repr(self):
        return f"lr={self.lr:g}, momentum={self.momentum:g}"

    def loss(self, y_hat, y):
        return F.cross_entropy(y_hat, y)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=self.lr, momentum=self.momentum)


class DropoutMLPScratch(DropoutMLPBase):
    """Perceptrón multicapa con dropout desde cero (con ``dropout_layer``).

    Arquitectura: ``num_inputs`` → ``num_hiddens_1`` → ``num_hiddens_2`` →
    ``num_outputs``, con ReLU; dropout con probabilidad ``dropout_1`` tras
    la primera capa oculta y ``dropout_2`` tras la segunda, solo en modo de
    entrenamiento (``model.train()``).

    Argumentos:
        num_inputs, num_hiddens_1, num_hiddens_2, num_outputs: tamaños de
            las capas.
        dropout_1, dropout_2: probabilidades de dropout, en [0, 1].
        lr: tasa de aprendizaje del SGD.
        momentum: momento del SGD, en [0, 1).

    Ejemplo:
        >>> model = DropoutMLPScratch()
        >>> model(torch.zeros(5, 1, 28, 28)).shape
        torch.Size([5, 10])
    """

    def build(self, num_inputs, num_hiddens_1, num_hiddens_2, num_outputs, dropout_1, dropout_2):
        # DropoutMLPBase.__init__ valida los argumentos y llama a build.
        self.lin1 = nn.Linear(num_inputs, num_hiddens_1)
        self.lin2 = nn.Linear(num_hiddens_1, num_hiddens_2)
        self.lin3 = nn.Linear(num_hiddens_2, num_outputs)
        self.dropout_1, self.dropout_2 = dropout_1, dropout_2

    def forward(self, X):
        H1 = torch.relu(self.lin1(X.flatten(start_dim=1)))
        if self.training:
            H1 = dropout_layer(H1, self.dropout_1)
        H2 = torch.relu(self.lin2(H1))
        if self.training:
            H2 = dropout_layer(H2, self.dropout_2)
        return self.lin3(H2)

    def extra_repr(self):
        return f"dropout_1={self.dropout_1:g}, dropout_2={self.dropout_2:g}, {super().extra_repr()}"


class DropoutMLP(DropoutMLPBase):
    """Perceptrón multicapa con dropout conciso (``nn.Dropout``).

    La misma arquitectura que :class:`DropoutMLPScratch`, con las capas
    lineales creadas en el mismo orden: con la misma semilla, los dos
    empiezan en los mismos pesos. ``nn.Dropout`` se apaga con
    ``model.eval()``.

    Argumentos: los de :class:`DropoutMLPScratch`.

    Ejemplo:
        >>> model = DropoutMLP(dropout_1=0.0, dropout_2=0.0)
        >>> model(torch.zeros(5, 784)).shape
        torch.Size([5, 10])
    """

    def build(self, num_inputs, num_hiddens_1, num_hiddens_2, num_outputs, dropout_1, dropout_2):
        # DropoutMLPBase.__init__ valida los argumentos y llama a build.
        self.net = nn.Sequential(
            nn.Flatten(),
            nn.Linear(num_inputs, num_hiddens_1),
            nn.ReLU(),
            nn.Dropout(dropout_1),
            nn.Linear(num_hiddens_1, num_hiddens_2),
            nn.ReLU(),
            nn.Dropout(dropout_2),
            nn.Linear(num_hiddens_2, num_outputs),
        )

    def forward(self, X):
        return self.net(X)
