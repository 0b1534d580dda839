"""Las figuras de la incertidumbre: el diagrama de fiabilidad."""

from lessons_lib._validate import check_int, describe
from lessons_lib.calibration import calibration_metrics, reliability_bins
from lessons_lib.plotting.style import COLORS, figure_style, new_figure

__all__ = ["plot_reliability"]


def plot_reliability(predictions, num_bins=15):
    """Diagrama de fiabilidad: exactitud frente a confianza, por intervalos.

    Un clasificador calibrado queda sobre la diagonal: de los ejemplos a los
    que da una confianza de 0.8, acierta el 80 %. Por debajo de la diagonal,
    la red está demasiado segura.

    Argumentos:
        predictions: ``{etiqueta: (probs, labels)}``, con ``probs`` de forma
            ``(N, clases)`` y ``labels`` de forma ``(N,)``.
        num_bins: número de intervalos iguales de confianza.

    Devuelve:
        ``matplotlib.figure.Figure``; la leyenda da el ECE de cada una.

    Ejemplo:
        >>> import torch
        >>> probs = torch.tensor([[0.9, 0.1], [0.6, 0.4], [0.3, 0.7]])
        >>> fig = plot_reliability({"red": (probs, torch.tensor([0, 1, 1]))}, num_bins=5)
        >>> fig.axes[0].get_xlabel()
        'confianza (probabilidad de la clase elegida)'
    """
    if not isinstance(predictions, dict) or not predictions:
        raise TypeError(
            f"predictions debe ser un diccionario no vacío {{etiqueta: (probs, labels)}}; se recibió {describe(predictions)}"
        )
    num_bins = check_int(num_bins, "num_bins")
    curves = {}
    for label, pair in predictions.items():
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise TypeError(f"predictions[{label!r}] debe ser un par (probs, labels); se recibió {describe(pair)}")
        confidence, accuracy, counts = reliability_bins(*pair, num_bins=num_bins)
        curves[label] = (
            confidence[counts > 0],
            accuracy[counts > 0],
            calibration_metrics(*pair, num_bins=num_bins).ece,
        )
    with figure_style():
        fig, (ax,) = new_figure(width=4.8, height=4.2)
        ax.plot([0, 1], [0, 1], color="#888888", linewidth=1.0, linestyle="--", label="calibración perfecta")
        for i, (label, (confidence, accuracy, ece)) in enumerate(curves.items()):
            ax.plot(
                confidence,
                accuracy,
                marker="o",
                markersize=4,
                color=COLORS[i % len(COLORS)],
                label=f"{label} (ECE {ece:.3f})",
            )
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_aspect("equal")
        ax.set_xlabel("confianza (probabilidad de la clase elegida)")
        ax.set_ylabel("exactitud")
        ax.legend(fontsize=8, loc="upper left")
    return fig
