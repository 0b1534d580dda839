"""Las variantes que se miden, cada una en su propio proceso.

Cada variante es una sesión con cuatro piezas: ``setup()`` (importar, cargar
datos, crear el modelo), ``run(epochs)`` (entrenar y devolver los segundos de
cada época), ``final()`` (lo que informa al terminar) e ``import_rss`` (la
memoria tras importar). :func:`speed.protocol.serve` la maneja.

- (a) :class:`LessonsLibSession`: ``lessons_lib.fit``.
- (b) :class:`PyTorchSession`: el mismo trabajo escrito a mano en PyTorch.
- (b) sin dropout, :class:`BareSession`: el bucle de (b) sin las máscaras.
- (c) d2l 1.0.3, en ``benchmarks/d2l_pipeline.py``; si d2l no se puede
  importar, su equivalente fiel, :class:`TorchvisionSession`.
- El techo, :class:`CeilingSession`: solo los productos de matrices.
"""

import gzip
import itertools
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

from speed.protocol import batch_sizes, peak_rss_bytes
from speed.settings import (
    BATCH_SIZE,
    D2L_DATA_DIR,
    D2L_DIR,
    D2L_PACKAGES,
    D2L_WORK_DIR,
    DROPOUT_1,
    DROPOUT_2,
    LAYERS,
    LR,
    VAL_BATCH_SIZE,
    bench_device,
    d2l_environment,
    synchronize,
)


def dropout_mlp(dropout=True):
    """El MLP 784-256-256-10 con dropout (o, con ``dropout=False``, sin él), en PyTorch puro.

    Crea las capas en el mismo orden que ``lessons_lib.DropoutMLP``: con la
    misma semilla empieza en los mismos pesos.
    """
    from torch import nn

    def drop(p):
        return nn.Dropout(p) if dropout else nn.Identity()

    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 256),
        nn.ReLU(),
        drop(DROPOUT_1),
        nn.Linear(256, 256),
        nn.ReLU(),
        drop(DROPOUT_2),
        nn.Linear(256, 10),
    )


def load_book_data(seed, num_train):
    """Lo que comparten (a) y (b) al empezar: memoria tras importar, semilla,
    dispositivo y los mismos tensores de Fashion-MNIST en memoria."""
    import torch

    import lessons_lib

    import_rss = peak_rss_bytes()
    torch.manual_seed(seed)
    device = bench_device()
    data = lessons_lib.FashionMNIST(
        batch_size=BATCH_SIZE,
        val_batch_size=VAL_BATCH_SIZE,
        num_train=num_train,
        download=False,
        device=device,
    )
    return import_rss, device, data


def trained_result(session):
    """Lo que informa al terminar una variante que entrena: su cadena, su
    validación final y los hilos de PyTorch."""
    import torch

    return {
        "pipeline": session.pipeline,
        "val_loss": session.val_loss,
        "val_acc": session.val_acc,
        "threads": torch.get_num_threads(),
    }


def ensure_d2l():
    """Instala d2l en benchmarks/.d2l si falta y comprueba que se importa.

    Devuelve ``None`` si d2l se puede usar, o el motivo por el que no.
    """
    if not D2L_DIR.is_dir():
        print(f"Instalando {' '.join(D2L_PACKAGES)} en {D2L_DIR}...")
        command = [sys.executable, "-m", "pip", "install", "--quiet", "--target", str(D2L_DIR), "--no-deps"]
        installed = subprocess.run(command + D2L_PACKAGES, check=False)
        if installed.returncode != 0:
            shutil.rmtree(D2L_DIR, ignore_errors=True)
            return "pip no pudo instalar d2l"
    check = subprocess.run(
        [sys.executable, "-c", "from d2l import torch"],
        env=d2l_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    if check.returncode != 0:
        last_line = (check.stderr.strip().splitlines() or ["?"])[-1]
        return f"no se pudo importar d2l ({last_line})"
    return None


def prepare_d2l_data():
    """Deja Fashion-MNIST descomprimido donde lo buscan d2l y torchvision.

    Toma los .gz del directorio que encuentra lessons_lib y los descomprime
    en ``D2L_DATA_DIR/FashionMNIST/raw`` (solo los que falten), y crea el
    directorio de trabajo desde el que ``../data`` apunta ahí.
    """
    from lessons_lib.data import FASHION_MNIST_FILES, locate_fashion_mnist

    source = locate_fashion_mnist(download=False)
    raw = D2L_DATA_DIR / "FashionMNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    D2L_WORK_DIR.mkdir(parents=True, exist_ok=True)
    for name in FASHION_MNIST_FILES:
        target = raw / name.removesuffix(".gz")
        if target.is_file():
            continue
        # Se escribe en un temporal y se renombra: si algo se interrumpe,
        # no queda un archivo a medias que torchvision tome por bueno.
        with (
            gzip.open(source / name, "rb") as compressed,
            tempfile.NamedTemporaryFile(dir=raw, delete=False) as file,
        ):
            shutil.copyfileobj(compressed, file)
        os.replace(file.name, target)
    return source


class LessonsLibSession:
    """Variante (a): ``lessons_lib.fit`` con el modelo y los datos del libro."""

    pipeline = "lessons_lib.fit + DropoutMLP + FashionMNIST en memoria"

    def __init__(self, seed, num_train):
        self.seed, self.num_train = seed, num_train

    def setup(self):
        import lessons_lib

        self.import_rss, self.device, self.data = load_book_data(self.seed, self.num_train)
        # SGD sin momento, como en (b) y en d2l: se pide explícitamente porque
        # los valores por defecto del modelo del libro son otros.
        self.model = lessons_lib.DropoutMLP(dropout_1=DROPOUT_1, dropout_2=DROPOUT_2, lr=LR, momentum=0.0)
        self.optimizer = self.model.configure_optimizers()

    def run(self, epochs):
        import lessons_lib

        self.history = lessons_lib.fit(
            self.model,
            self.data,
            epochs=epochs,
            optimizer=self.optimizer,
            seed=self.seed,
            device=self.device,
            progress=False,
        )
        self.val_loss, self.val_acc = self.history.val_loss[-1], self.history.val_acc[-1]
        return self.history.seconds

    def final(self):
        return trained_result(self)


class PyTorchSession:
    """Variante (b): el mismo trabajo que ``fit``, escrito a mano.

    Usa los tensores que carga ``lessons_lib.FashionMNIST`` y nada más de la
    biblioteca. Cada llamada a ``run``, como cada llamada a ``fit``, baraja
    con un ``torch.Generator`` nuevo sembrado igual que el de ``fit``: (a) y
    (b) ven los mismos lotes.
    """

    pipeline = "bucle de PyTorch sobre los tensores en memoria"
    dropout = True

    def __init__(self, seed, num_train):
        self.seed, self.num_train = seed, num_train

    def setup(self):
        import torch

        self.import_rss, self.device, data = load_book_data(self.seed, self.num_train)
        self.X_train, self.y_train = data.X_train, data.y_train
        self.X_val, self.y_val = data.X_val, data.y_val
        self.model = dropout_mlp(self.dropout).to(self.device)
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=LR)

    def run(self, epochs):
        import torch
        from torch.nn import functional as F

        from lessons_lib.seeds import derive_seed

        model, optimizer = self.model, self.optimizer
        X_train, y_train, X_val, y_val = self.X_train, self.y_train, self.X_val, self.y_val
        # TODO(seeds): copia la sal privada "shuffle" con la que fit baraja los lotes
        # (lessons_lib.seeds); pasar al generador público del orden de los lotes cuando exista.
        generator = torch.Generator().manual_seed(derive_seed(self.seed, "shuffle"))
        seconds = []
        for _ in range(epochs):
            start = time.perf_counter()
            model.train()
            train_loss, train_correct = 0.0, 0
            order = torch.randperm(len(X_train), generator=generator).to(self.device)
            for first in range(0, len(X_train), BATCH_SIZE):
                index = order[first : first + BATCH_SIZE]
                X = X_train.index_select(0, index)
                y = y_train.index_select(0, index)
                y_hat = model(X)
                loss = F.cross_entropy(y_hat, y)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                train_loss += loss.item() * len(y)
                train_correct += (y_hat.argmax(dim=1) == y).sum().item()
            model.eval()
            val_loss, val_correct = 0.0, 0
            with torch.no_grad():
                for first in range(0, len(X_val), VAL_BATCH_SIZE):
                    X = X_val[first : first + VAL_BATCH_SIZE]
                    y = y_val[first : first + VAL_BATCH_SIZE]
                    y_hat = model(X)
                    val_loss += F.cross_entropy(y_hat, y).item() * len(y)
                    val_correct += (y_hat.argmax(dim=1) == y).sum().item()
            seconds.append(time.perf_counter() - start)
        self.val_loss, self.val_acc = val_loss / len(X_val), val_correct / len(X_val)
        return seconds

    def final(self):
        return trained_result(self)


class BareSession(PyTorchSession):
    """(b) sin las capas de dropout: lo que alcanza PyTorch con este MLP sin
    sortear máscaras. Separa lo que cuestan las máscaras (``bernoulli_``, que
    en la CPU sortea en un solo hilo) de lo que cuesta todo lo demás."""

    pipeline = "el bucle de (b) con el MLP sin capas de dropout"
    dropout = False


class CeilingSession:
    """Techo: los productos de matrices de una época del MLP y nada más.

    Los mismos ``addmm`` (hacia delante) y ``mm`` (gradientes de pesos y de
    entradas) que hace PyTorch con este modelo, con las mismas formas y los
    mismos tamaños de lote, sobre tensores ya preparados y con los
    resultados escritos en memoria reservada de antemano (``out=``).
    """

    pipeline = "solo los productos de matrices de una época (addmm y mm con out=)"

    def __init__(self, seed, num_train):
        self.seed, self.num_train = seed, num_train

    def setup(self):
        import torch

        self.import_rss = peak_rss_bytes()
        self.device = bench_device()
        torch.manual_seed(self.seed)
        shapes = list(itertools.pairwise(LAYERS))
        self.weights = [torch.randn(m, k, device=self.device) for k, m in shapes]
        self.biases = [torch.randn(m, device=self.device) for _, m in shapes]
        self.sizes = batch_sizes(self.num_train, BATCH_SIZE), batch_sizes(10000, VAL_BATCH_SIZE)
        self.buffers = {}
        for n in set(self.sizes[0]) | set(self.sizes[1]):
            activations = [torch.randn(n, k, device=self.device) for k in LAYERS]
            self.buffers[n] = activations
        self.weight_grads = [torch.empty_like(w) for w in self.weights]

    def run(self, epochs):
        import torch

        seconds = []
        for _ in range(epochs):
            start = time.perf_counter()
            for n in self.sizes[0]:
                h = self.buffers[n]
                for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
                    torch.addmm(b, h[i], w.t(), out=h[i + 1])
                # Hacia atrás, el gradiente de la salida de cada capa ocupa
                # el lugar de su activación (mismas formas).
                for i in reversed(range(len(self.weights))):
                    torch.mm(h[i + 1].t(), h[i], out=self.weight_grads[i])
                    if i > 0:
                        torch.mm(h[i + 1], self.weights[i], out=h[i])
            for n in self.sizes[1]:
                h = self.buffers[n]
                for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
                    torch.addmm(b, h[i], w.t(), out=h[i + 1])
            synchronize(self.device)
            seconds.append(time.perf_counter() - start)
        return seconds

    def final(self):
        import torch

        return {"pipeline": self.pipeline, "threads": torch.get_num_threads()}


class TorchvisionSession:
    """Variante (c) cuando d2l no se puede importar: su equivalente fiel.

    Lo mismo que hacen ``d2l.FashionMNIST`` y ``d2l.Trainer``: el conjunto de
    torchvision con ``Resize`` y ``ToTensor`` por ejemplo, un ``DataLoader``
    con 4 procesos auxiliares (barajado en entrenamiento) y, en cada época,
    la evaluación por lotes en modo ``eval`` y sin gradientes.
    """

    pipeline = "equivalente sin d2l: torchvision FashionMNIST + Resize + ToTensor + DataLoader(num_workers=4)"

    def __init__(self, seed, num_train):
        self.seed = seed

    def setup(self):
        import torch
        import torchvision
        from torchvision import transforms

        self.import_rss = peak_rss_bytes()
        torch.manual_seed(self.seed)
        transform = transforms.Compose([transforms.Resize((28, 28)), transforms.ToTensor()])
        self.loaders = {}
        for train in (True, False):
            dataset = torchvision.datasets.FashionMNIST(
                root=str(D2L_DATA_DIR), train=train, transform=transform, download=False
            )
            self.loaders[train] = torch.utils.data.DataLoader(dataset, BATCH_SIZE, shuffle=train, num_workers=4)
        self.device = bench_device()
        self.model = dropout_mlp().to(self.device)
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=LR)

    def run(self, epochs):
        import torch
        from torch.nn import functional as F

        seconds = []
        for _ in range(epochs):
            start = time.perf_counter()
            self.model.train()
            for X, y in self.loaders[True]:
                X, y = X.to(self.device), y.to(self.device)
                loss = F.cross_entropy(self.model(X), y)
                self.optimizer.zero_grad()
                loss.backward()
                self.optimizer.step()
            self.model.eval()
            val_loss, val_correct, count = 0.0, 0, 0
            with torch.no_grad():
                for X, y in self.loaders[False]:
                    X, y = X.to(self.device), y.to(self.device)
                    y_hat = self.model(X)
                    val_loss += F.cross_entropy(y_hat, y).item() * len(y)
                    val_correct += (y_hat.argmax(dim=1) == y).sum().item()
                    count += len(y)
            seconds.append(time.perf_counter() - start)
        self.val_loss, self.val_acc = val_loss / count, val_correct / count
        return seconds

    def final(self):
        return {**trained_result(self), "children_peak_rss_bytes": peak_rss_bytes(resource.RUSAGE_CHILDREN)}


SESSIONS = {
    "lessons_lib": LessonsLibSession,
    "pytorch": PyTorchSession,
    "bare": BareSession,
    "ceiling": CeilingSession,
    "torchvision": TorchvisionSession,
}
