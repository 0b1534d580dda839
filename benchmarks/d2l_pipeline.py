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
sus figuras) va a un registro aparte; las órdenes y las respuestas (JSON)
son las de ``speed.protocol.serve``: una época de calentamiento y después las
épocas que pida el proceso principal, en el mismo proceso.
"""

import argparse
import resource
import time

import torch
from d2l import torch as d2l
from speed.protocol import peak_rss_bytes, serve
from speed.settings import BATCH_SIZE, DROPOUT_1, DROPOUT_2, LR, bench_device
from torch import nn


class D2LSession:
    """Variante (c) para ``speed.protocol.serve``: ``d2l.Trainer`` época a época."""

    def __init__(self, seed):
        self.seed = seed

    def setup(self):
        self.import_rss = peak_rss_bytes()
        torch.manual_seed(self.seed)
        self.data = d2l.FashionMNIST(batch_size=BATCH_SIZE)
        self.model = DropoutMLP(
            num_outputs=10,
            num_hiddens_1=256,
            num_hiddens_2=256,
            dropout_1=DROPOUT_1,
            dropout_2=DROPOUT_2,
            lr=LR,
        )
        # En la GPU si el resto de variantes está en ella (make gpu-check).
        on_gpu = bench_device().startswith("cuda")
        self.trainer = TimedTrainer(max_epochs=1, num_gpus=int(on_gpu))

    def run(self, epochs):
        # Cada fit sigue entrenando el mismo modelo: d2l solo reinicia el
        # contador de épocas y crea un optimizador nuevo (SGD sin estado).
        self.trainer.max_epochs = epochs
        self.trainer.fit(self.model, self.data)
        return self.trainer.seconds

    def final(self):
        # El tablero de d2l guarda, por época, la media de la pérdida y de la
        # exactitud de los lotes de validación.
        return {
            "pipeline": (
                "d2l 1.0.3: d2l.FashionMNIST (Resize + ToTensor, "
                f"DataLoader con num_workers={self.data.num_workers}) + d2l.Trainer"
            ),
            "val_loss": float(self.model.board.data["val_loss"][-1].y),
            "val_acc": float(self.model.board.data["val_acc"][-1].y),
            "children_peak_rss_bytes": peak_rss_bytes(resource.RUSAGE_CHILDREN),
            "threads": torch.get_num_threads(),
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--num-train", type=int, default=60000)  # d2l usa siempre las 60 000
    arguments = parser.parse_args()
    serve(D2LSession(arguments.seed))


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
