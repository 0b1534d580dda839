"""Variante (c) de ``training_speed.py``: el MLP con dropout al estilo de d2l 1.0.3.

Entrena el mismo modelo que las variantes (a) y (b) con las piezas de «Dive
into Deep Learning» sin cambiar nada de ellas: ``d2l.FashionMNIST`` (el
conjunto de torchvision con ``Resize`` y ``ToTensor`` imagen a imagen, en un
``DataLoader`` con ``num_workers=4``) y ``d2l.Trainer`` (que además dibuja las
curvas con matplotlib). Solo se añade un cronómetro alrededor de cada
``fit_epoch``.

``training_speed.py`` lo lanza en un proceso propio con
``PYTHONPATH=benchmarks/.d2l`` y con un directorio de trabajo desde el que
``../data`` (la raíz por defecto de d2l) contiene ``FashionMNIST/raw``
descomprimido. Lo que d2l imprime en la salida estándar (la representación de
sus figuras) lo descarta el proceso padre; el resultado se escribe en JSON en
``--result-file``.
"""

import argparse
import resource
import time

import torch
from d2l import torch as d2l
from torch import nn
from training_speed import (
    BATCH_SIZE,
    DROPOUT_1,
    DROPOUT_2,
    LR,
    peak_rss_bytes,
    write_result,
)


def run_d2l(epochs, seed):
    """Entrena con ``d2l.Trainer`` y devuelve tiempos, métricas y memoria."""
    import_rss = peak_rss_bytes()
    torch.manual_seed(seed)
    data = d2l.FashionMNIST(batch_size=BATCH_SIZE)
    model = DropoutMLP(
        num_outputs=10,
        num_hiddens_1=256,
        num_hiddens_2=256,
        dropout_1=DROPOUT_1,
        dropout_2=DROPOUT_2,
        lr=LR,
    )
    trainer = TimedTrainer(max_epochs=epochs)
    trainer.fit(model, data)
    # El tablero de d2l guarda, por época, la media de la pérdida y de la
    # exactitud de los lotes de validación.
    return {
        "pipeline": (
            "d2l 1.0.3: d2l.FashionMNIST (Resize + ToTensor, "
            f"DataLoader con num_workers={data.num_workers}) + d2l.Trainer"
        ),
        "seconds": trainer.seconds,
        "val_loss": float(model.board.data["val_loss"][-1].y),
        "val_acc": float(model.board.data["val_acc"][-1].y),
        "import_rss_bytes": import_rss,
        "peak_rss_bytes": peak_rss_bytes(),
        "children_peak_rss_bytes": peak_rss_bytes(resource.RUSAGE_CHILDREN),
        "threads": torch.get_num_threads(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--result-file", required=True)
    arguments = parser.parse_args()
    result = run_d2l(arguments.epochs, arguments.seed)
    write_result(arguments.result_file, result)


class DropoutMLP(d2l.Classifier):
    """MLP con dropout escrito como en d2l: capas perezosas en un Sequential.

    ``Classifier`` aporta la pérdida (entropía cruzada), la exactitud y el
    paso de validación; ``Module``, el SGD con ``self.lr``.
    """

    def __init__(self, num_outputs, num_hiddens_1, num_hiddens_2, dropout_1, dropout_2, lr):
        super().__init__()
        # Al estilo de d2l: guarda los argumentos como atributos (self.lr...).
        self.save_hyperparameters()
        self.net = nn.Sequential(
            nn.Flatten(),
            nn.LazyLinear(num_hiddens_1),
            nn.ReLU(),
            nn.Dropout(dropout_1),
            nn.LazyLinear(num_hiddens_2),
            nn.ReLU(),
            nn.Dropout(dropout_2),
            nn.LazyLinear(num_outputs),
        )


class TimedTrainer(d2l.Trainer):
    """``d2l.Trainer`` que cronometra cada época (entrenamiento y validación)."""

    def fit(self, model, data):
        self.seconds = []
        super().fit(model, data)

    def fit_epoch(self):
        start = time.perf_counter()
        super().fit_epoch()
        self.seconds.append(time.perf_counter() - start)


if __name__ == "__main__":
    main()
