r"""¿Dicen la verdad las probabilidades de un clasificador? Calibración.

Un clasificador está **calibrado** si, de las veces que dice «80 %», acierta
el 80 %. Tres medidas, todas con las probabilidades :math:`\mathbf{p}` de
:math:`N` ejemplos y sus etiquetas :math:`y`:

* la **log-verosimilitud negativa** (NLL), :math:`-\frac{1}{N}\sum_i \log p_{i, y_i}`;
* la **puntuación de Brier**, :math:`\frac{1}{N}\sum_i \sum_c (p_{ic} - [c = y_i])^2`;
* el **error de calibración esperado** (ECE): se agrupan los ejemplos por su
  confianza :math:`\max_c p_{ic}` en intervalos iguales y se promedia, con el
  peso de cada grupo, la distancia entre su exactitud y su confianza media.

La **escala de temperatura** (Guo et al., 2017) es la corrección más
sencilla: divide los logits por un :math:`T > 0` elegido en validación.
"""

from typing import NamedTuple

import torch

from lessons_lib._validate import check_float_tensor, check_int, describe

__all__ = ["CalibrationMetrics", "calibration_metrics", "fit_temperature", "reliability_bins"]


class CalibrationMetrics(NamedTuple):
    """Resultado de :func:`calibration_metrics`: exactitud, NLL, Brier y ECE."""

    accuracy: float
    nll: float
    brier: float
    ece: float


def _check(probs, labels):
    probs = check_float_tensor(probs, "probs")
    if probs.dim() != 2:
        raise ValueError(f"probs debe ser una matriz ejemplos × clases; se recibió la forma {tuple(probs.shape)}")
    if not isinstance(labels, torch.Tensor) or labels.dim() != 1 or labels.is_floating_point():
        raise TypeError(f"labels debe ser un tensor de enteros de una dimensión; se recibió {describe(labels)}")
    if len(labels) != len(probs):
        raise ValueError(
            f"labels debe tener una etiqueta por fila de probs ({len(probs)}); se recibieron {len(labels)}"
        )
    return probs.double(), labels.to(probs.device)


def reliability_bins(probs, labels, num_bins=15):
    """La confianza media y la exactitud de cada intervalo de confianza.

    Argumentos:
        probs: probabilidades, forma ``(N, clases)``.
        labels: etiquetas, forma ``(N,)``.
        num_bins: número de intervalos iguales en [0, 1].

    Devuelve:
        Tres tensores de longitud ``num_bins``: confianza media, exactitud y
        número de ejemplos de cada intervalo (los vacíos tienen confianza y
        exactitud NaN).

    Ejemplo:
        >>> probs = torch.tensor([[0.9, 0.1], [0.6, 0.4], [0.2, 0.8]])
        >>> confidence, accuracy, counts = reliability_bins(probs, torch.tensor([0, 1, 1]), num_bins=2)
        >>> counts.tolist(), accuracy.tolist()
        ([0, 3], [nan, 0.6666666666666666])
    """
    probs, labels = _check(probs, labels)
    num_bins = check_int(num_bins, "num_bins")
    confidence, prediction = probs.max(dim=1)
    correct = (prediction == labels).double()
    # El intervalo b es (b/B, (b+1)/B]; una confianza de 1 va al último.
    index = (confidence * num_bins).ceil().long().clamp(1, num_bins) - 1
    counts = torch.bincount(index, minlength=num_bins)
    total_confidence = torch.zeros(num_bins, dtype=torch.float64, device=probs.device).index_add_(0, index, confidence)
    total_correct = torch.zeros(num_bins, dtype=torch.float64, device=probs.device).index_add_(0, index, correct)
    return total_confidence / counts, total_correct / counts, counts


def calibration_metrics(probs, labels, num_bins=15):
    r"""Exactitud, NLL, Brier y ECE de unas probabilidades.

    Argumentos:
        probs: probabilidades, forma ``(N, clases)``, cada fila suma 1.
        labels: etiquetas, forma ``(N,)``.
        num_bins: número de intervalos del ECE.

    Devuelve:
        :class:`CalibrationMetrics` (todos ``float``; la NLL en nats).

    Ejemplo:
        >>> probs = torch.tensor([[0.95, 0.05], [0.25, 0.75]])
        >>> m = calibration_metrics(probs, torch.tensor([0, 0]), num_bins=10)
        >>> m.accuracy, round(m.brier, 3), round(m.ece, 3)  # ECE: (0.05 + 0.75) / 2
        (0.5, 0.565, 0.4)
    """
    probs, labels = _check(probs, labels)
    confidence, accuracy, counts = reliability_bins(probs, labels, num_bins)
    filled = counts > 0
    ece = ((counts[filled] / len(labels)) * (accuracy[filled] - confidence[filled]).abs()).sum()
    true_class = probs.gather(1, labels.unsqueeze(1)).squeeze(1)
    one_hot = torch.nn.functional.one_hot(labels, probs.shape[1]).double()
    return CalibrationMetrics(
        accuracy=(probs.argmax(dim=1) == labels).double().mean().item(),
        nll=-true_class.clamp(min=1e-12).log().mean().item(),
        brier=(probs - one_hot).pow(2).sum(dim=1).mean().item(),
        ece=ece.item(),
    )


def fit_temperature(logits, labels):
    r"""La temperatura :math:`T > 0` que minimiza la NLL de :math:`\operatorname{softmax}(\mathbf{z}/T)`.

    Se ajusta en datos de **validación**, nunca en los de prueba: es un
    hiperparámetro. Dividir todos los logits por el mismo :math:`T` no
    cambia la clase elegida, solo lo segura que parece la red: :math:`T > 1`
    la hace más prudente.

    Argumentos:
        logits: salidas del modelo antes de la softmax, forma ``(N, clases)``.
        labels: etiquetas, forma ``(N,)``.

    Devuelve:
        :math:`T`, un ``float``.

    Ejemplo:
        >>> logits = torch.tensor([[4.0, 0.0], [4.0, 0.0], [0.0, 4.0], [0.0, 4.0]])
        >>> round(fit_temperature(logits, torch.tensor([0, 1, 1, 1])), 2)  # 3 de 4 aciertos
        3.64
    """
    logits, labels = _check(logits, labels)
    log_t = torch.zeros((), dtype=torch.float64, device=logits.device, requires_grad=True)
    optimizer = torch.optim.LBFGS([log_t], max_iter=100, line_search_fn="strong_wolfe")

    def closure():
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(logits / log_t.exp(), labels)
        loss.backward()
        return loss

    optimizer.step(closure)
    return log_t.exp().item()
