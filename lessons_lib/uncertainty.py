r"""Incertidumbre de un clasificador con dropout: el dropout de Monte Carlo.

Con el dropout apagado, un clasificador da una sola predicción. Con el
dropout encendido a propósito, cada pasada usa una subred distinta; la media
de :math:`T` pasadas es la predicción, y lo que cambia de una pasada a otra
es una medida de lo poco segura que está la red (Gal y Ghahramani, 2016).
"""

from typing import NamedTuple

import torch

from lessons_lib._validate import check_float_tensor, check_int, describe

__all__ = ["MCDropoutPrediction", "mc_dropout_predict"]


class MCDropoutPrediction(NamedTuple):
    """Resultado de :func:`mc_dropout_predict` (una tupla con nombres).

    Atributos:
        probs: probabilidades medias de las pasadas, forma ``(n, clases)``;
            cada fila suma 1.
        entropy: entropía predictiva de ``probs`` en nats, forma ``(n,)``:
            0 si la red está segura, :math:`\\log C` como mucho.
        std: desviación típica de las probabilidades entre las pasadas, forma
            ``(n, clases)``.
    """

    probs: torch.Tensor
    entropy: torch.Tensor
    std: torch.Tensor


def _is_batch_norm(module):
    # Las capas de normalización por lotes se quedan en modo eval: en modo de
    # entrenamiento usarían la media del lote y cambiarían sus medias móviles.
    return isinstance(module, torch.nn.modules.batchnorm._BatchNorm)


def mc_dropout_predict(model, X, num_samples=100):
    r"""Predice con el dropout encendido: media de ``num_samples`` pasadas.

    Cada pasada :math:`t` sortea sus máscaras de dropout y da unas
    probabilidades :math:`\mathbf{p}_t = \operatorname{softmax}(f_t(\mathbf{x}))`.
    La predicción es su media y la incertidumbre, la entropía predictiva de
    esa media:

    .. math::

       \bar{\mathbf{p}} = \frac{1}{T} \sum_{t=1}^{T} \mathbf{p}_t,
       \qquad
       H[\bar{\mathbf{p}}] = -\sum_{c} \bar{p}_c \log \bar{p}_c .

    Pone el modelo en modo de entrenamiento (salvo las capas de
    normalización por lotes, que siguen en modo eval), no guarda grafos de
    autograd (``torch.no_grad()``) y, al terminar, aunque sea con un error,
    devuelve cada submódulo al modo en que estaba. Los resultados están en
    el dispositivo de ``X`` (el modelo debe estar en el mismo).

    Argumentos:
        model: clasificador (``torch.nn.Module``) que devuelve logits de
            forma ``(n, clases)``.
        X: lote de entradas, tensor de coma flotante.
        num_samples: número de pasadas :math:`T`, entero mayor o igual que 1.

    Devuelve:
        :class:`MCDropoutPrediction` con ``probs``, ``entropy`` y ``std``.
        Si el modelo no tiene dropout, todas las pasadas son iguales:
        ``probs`` es la salida en modo eval y ``std`` vale 0.

    Lanza:
        TypeError: si ``model`` no es un ``torch.nn.Module``, ``X`` no es un
            tensor de coma flotante o ``num_samples`` no es un entero.
        ValueError: si ``num_samples`` es menor que 1.

    Ejemplo:
        >>> torch.manual_seed(0) and None
        >>> model = torch.nn.Sequential(
        ...     torch.nn.Linear(4, 8), torch.nn.ReLU(),
        ...     torch.nn.Dropout(0.5), torch.nn.Linear(8, 3))
        >>> model.eval() and None
        >>> probs, entropy, std = mc_dropout_predict(model, torch.randn(5, 4), 50)
        >>> probs.shape, entropy.shape
        (torch.Size([5, 3]), torch.Size([5]))
        >>> torch.allclose(probs.sum(dim=1), torch.ones(5))
        True
        >>> model.training  # sigue en modo eval
        False
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model debe ser un torch.nn.Module; se recibió {describe(model)}")
    X = check_float_tensor(X, "X")
    num_samples = check_int(num_samples, "num_samples")
    modes = {module: module.training for module in model.modules()}
    try:
        model.train()
        for module in model.modules():
            if _is_batch_norm(module):
                module.eval()
        with torch.no_grad():
            samples = torch.stack([torch.softmax(model(X), dim=-1) for _ in range(num_samples)])
    finally:
        for module, training in modes.items():
            module.training = training
    probs = samples.mean(dim=0)
    # xlogy(0, 0) = 0: una clase con probabilidad 0 no aporta entropía.
    # El redondeo podría dar −0.0000001 con una clase casi segura.
    entropy = (-torch.special.xlogy(probs, probs).sum(dim=-1)).clamp(min=0)
    # Desviación típica de las pasadas (dividiendo por su número, sin corrección).
    std = (samples - probs).pow(2).mean(dim=0).sqrt()
    return MCDropoutPrediction(probs, entropy, std)
