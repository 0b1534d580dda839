"""Velocidad de entrenamiento: lessons_lib frente a PyTorch a mano, frente a d2l y frente al techo de la máquina.

Qué se mide
-----------
El experimento del capítulo de dropout: un perceptrón multicapa 784-256-256-10
con dropout 0.2 tras la primera capa oculta y 0.5 tras la segunda, entrenado
con Fashion-MNIST en lotes de 256 y SGD (tasa de aprendizaje 0.1, sin
momento). Cada época es una pasada por las 60 000 imágenes de entrenamiento
más la evaluación de las 10 000 de validación (en modo ``eval`` y sin
gradientes). Se entrena de tres formas y se mide un techo:

(a) lessons_lib: ``lessons_lib.fit`` con ``lessons_lib.DropoutMLP`` y
    ``lessons_lib.FashionMNIST`` (datos en memoria, lotes con
    ``index_select`` sobre un orden barajado).
(b) PyTorch a mano: el mismo trabajo escrito como un bucle sin la
    biblioteca, sobre los mismos tensores y con el mismo orden de lotes. Con
    la misma semilla, (a) y (b) hacen las mismas operaciones: sus pérdidas
    deben coincidir.
(c) d2l 1.0.3: ``d2l.FashionMNIST`` y ``d2l.Trainer`` tal como vienen (un
    ``DataLoader`` con 4 procesos auxiliares que convierte cada imagen con
    ``transforms.ToTensor``, y un ``Trainer`` que dibuja las curvas con
    matplotlib; ver ``d2l_pipeline.py``).
(b) sin dropout: el bucle de (b) con la misma red sin sus capas de
    dropout. Lo que separa (b) de esta variante es lo que cuestan las
    máscaras (``bernoulli_``, que en la CPU sortea en un solo hilo).
Techo: solo los productos de matrices de una época, con las formas del MLP
    (hacia delante y hacia atrás en cada lote de entrenamiento, y hacia
    delante en la validación), sin nada más. Sus GFLOP/s son lo más que
    puede dar la máquina con este modelo; la fracción de ese techo que
    alcanza cada variante es el tiempo del techo entre el de la variante.

Objetivos (se comprueban e imprimen; no es una prueba con tiempos):
c/a ≥ 6, a/b ≤ 1.1 con una variación entre rondas menor que el 5 %, (a) al
80 % del techo o más y un pico de memoria de (a) de 1.0 GB como mucho.

Cómo
----
Cada variante vive en su propio proceso durante toda la medición, así que su
``ru_maxrss`` es su pico de memoria y de nada más. Cada proceso carga los
datos, entrena una época de calentamiento (que no se cuenta) y espera
órdenes. Después vienen muchas rondas cortas; cada una tiene ``--epochs``
tandas en las que (a), (b), (b) sin dropout y el techo entrenan una época
cada uno, seguidos y
en un orden al azar, y (c) entrena antes o después de todas ellas, también al
azar. Los cocientes se calculan dentro de cada ronda (la mediana de las
épocas de (a) entre la de (b), medidas una junto a otra) y se informan con
su mediana y su rango entre rondas: un cambio de estado de la máquina afecta
a las dos variantes de la ronda por igual y no se confunde con lo que cuesta
la biblioteca.

Hilos: los procesos usan tantos hilos como núcleos tiene disponibles el
proceso y ``OMP_WAIT_POLICY=PASSIVE``. Con la política por defecto, los
hilos de OpenMP que terminan su parte esperan girando; en una máquina de 2
núcleos con cualquier otro proceso activo, el hilo que gira le quita el
núcleo al que aún trabaja, y una época pasa de ~1 s a 2-45 s (véase
``benchmarks/README.md``).

Uso::

    .venv/bin/python benchmarks/training_speed.py [--rounds 8] [--epochs 3]

El resumen legible por máquina queda en ``benchmarks/results/latest.json``.
"""

import argparse
import datetime
import gzip
import itertools
import json
import os
import platform
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCHMARKS_DIR = Path(__file__).resolve().parent
REPOSITORY_DIR = BENCHMARKS_DIR.parent
RESULTS_DIR = BENCHMARKS_DIR / "results"
D2L_DIR = BENCHMARKS_DIR / ".d2l"
D2L_PACKAGES = ["d2l==1.0.3", "pandas", "scipy", "pytz"]
# d2l busca los datos en ../data (relativo al directorio de trabajo): el
# proceso de d2l se ejecuta en D2L_WORK_DIR para que ../data sea D2L_DATA_DIR.
D2L_WORK_DIR = RESULTS_DIR / "d2l" / "work"
D2L_DATA_DIR = RESULTS_DIR / "d2l" / "data"
JUPYTER_CACHE_DB = REPOSITORY_DIR / "_build" / ".jupyter_cache" / "global.db"

BATCH_SIZE = 256
VAL_BATCH_SIZE = 1024
LR = 0.1
DROPOUT_1 = 0.2
DROPOUT_2 = 0.5
LAYERS = (784, 256, 256, 10)

TARGET_C_OVER_A = 6.0
TARGET_A_OVER_B = 1.1
TARGET_ROUND_VARIATION = 0.05
TARGET_CEILING_FRACTION = 0.8
TARGET_PEAK_A_BYTES = 1.0e9
# Por encima de esto (núcleos ocupados de media por otros procesos durante
# una medición) se avisa de que la máquina no estaba libre.
NOISY_CORES = 0.2

VARIANTS = {
    "a": "(a) lessons_lib.fit",
    "b": "(b) PyTorch a mano",
    "bare": "(b) sin dropout",
    "c": "(c) d2l 1.0.3",
    "ceiling": "techo (solo matmul)",
}


def bench_device():
    """Dispositivo de las variantes: ``LESSONS_LIB_DEVICE`` o, si no está, la CPU."""
    return os.environ.get("LESSONS_LIB_DEVICE", "").strip() or "cpu"


def synchronize(device):
    """Espera a que la GPU termine lo encolado (en la CPU no hace nada)."""
    import torch

    if str(device).startswith("cuda"):
        torch.cuda.synchronize(device)


def available_cores():
    """Núcleos que puede usar este proceso (su afinidad, si el sistema la da)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS
        return os.cpu_count() or 1


def thread_environment(cores=None):
    """Variables de hilos de los procesos de medición.

    Tantos hilos como núcleos y espera pasiva: un hilo que acaba su parte
    cede el núcleo en vez de girar (véase la docstring del módulo).
    """
    cores = cores or available_cores()
    return {
        "OMP_NUM_THREADS": str(cores),
        "MKL_NUM_THREADS": str(cores),
        "OMP_WAIT_POLICY": "PASSIVE",
    }


# ---------------------------------------------------------------------------
# Cuentas: FLOP del modelo, cocientes por ronda, tiempos de los capítulos.
# ---------------------------------------------------------------------------


def batch_sizes(n, batch_size):
    """Tamaños de los lotes al recorrer ``n`` ejemplos de ``batch_size`` en ``batch_size``."""
    return [min(batch_size, n - start) for start in range(0, n, batch_size)]


def epoch_flops(num_train=60000, num_val=10000, layers=LAYERS):
    """FLOP de los productos de matrices de una época del MLP.

    Por lote de ``n`` ejemplos y capa ``k × m``: hacia delante, ``2·n·k·m``;
    hacia atrás, otro tanto para el gradiente de los pesos y otro para el de
    la entrada de la capa, salvo en la primera (la imagen no necesita
    gradiente). La validación solo va hacia delante.
    """
    shapes = list(itertools.pairwise(layers))
    forward = sum(2 * k * m for k, m in shapes)
    backward = forward + sum(2 * k * m for k, m in shapes[1:])
    train = sum(n * (forward + backward) for n in batch_sizes(num_train, BATCH_SIZE))
    val = sum(n * forward for n in batch_sizes(num_val, VAL_BATCH_SIZE))
    return train + val


def spread(values):
    """Mediana, mínimo, máximo y variación relativa ``(máx − mín) / mediana``."""
    middle = statistics.median(values)
    return {
        "median": middle,
        "min": min(values),
        "max": max(values),
        "variation": (max(values) - min(values)) / middle if middle else float("nan"),
        "rounds": list(values),
    }


def chapter_times(database=JUPYTER_CACHE_DB):
    """Segundos de ejecución de cada capítulo en la última compilación.

    Los lee de la caché de ejecución de Jupyter Book (jupyter-cache guarda
    ``execution_seconds`` de cada cuaderno); de cada capítulo, el registro más
    reciente. Devuelve una lista de ``(capítulo, segundos, fecha)``, vacía si
    no hay compilación.
    """
    if not Path(database).is_file():
        return []
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        rows = connection.execute("SELECT uri, data, created FROM nbcache ORDER BY created").fetchall()
    latest = {}
    for uri, data, created in rows:
        seconds = json.loads(data or "{}").get("execution_seconds")
        if seconds is not None:
            latest[Path(uri).stem] = (seconds, created)
    return [(name, seconds, created) for name, (seconds, created) in latest.items()]


def execution_wall_seconds(chapters):
    """Segundos de reloj de la ejecución de ``chapters`` (de :func:`chapter_times`).

    Los capítulos se ejecutan a la vez (``book/_ext/lessons_execute.py``): la
    suma de sus segundos no es lo que se espera. Cada registro se guarda al
    terminar su capítulo (``created``), así que el primero empezó en
    ``created − segundos``.
    """
    ends = [datetime.datetime.fromisoformat(created) for _, _, created in chapters]
    starts = [end - datetime.timedelta(seconds=seconds) for end, (_, seconds, _) in zip(ends, chapters, strict=True)]
    return (max(ends) - min(starts)).total_seconds()


def summarize(measurements, flops, final):
    """Medianas por ronda, cocientes dentro de cada ronda, techo y objetivos.

    ``measurements`` es una lista de ``{"round", "variant", "seconds",
    "other_cores"}``; ``final``, lo que cada proceso informó al terminar.
    """
    variants = [v for v in VARIANTS if any(m["variant"] == v for m in measurements)]
    rounds = sorted({m["round"] for m in measurements})
    seconds = {v: {r: [] for r in rounds} for v in variants}
    for m in measurements:
        seconds[m["variant"]][m["round"]] += m["seconds"]
    per_round = {v: {r: statistics.median(seconds[v][r]) for r in rounds} for v in variants}
    ceiling = [per_round["ceiling"][r] for r in rounds]
    summary = {
        "flops_per_epoch": flops,
        "ceiling_gflops": flops / statistics.median(ceiling) / 1e9,
        "ceiling_gflops_rounds": [flops / s / 1e9 for s in ceiling],
    }
    for v in variants:
        medians = [per_round[v][r] for r in rounds]
        row = dict(final[v])
        row.update(
            label=VARIANTS[v],
            round_medians=medians,
            median_seconds_per_epoch=statistics.median(medians),
            gflops=flops / statistics.median(medians) / 1e9,
            other_cores=[m["other_cores"] for m in measurements if m["variant"] == v],
        )
        fraction = spread([per_round["ceiling"][r] / per_round[v][r] for r in rounds])
        row["ceiling_fraction"] = fraction["median"]
        row["ceiling_fraction_spread"] = fraction
        summary[v] = row
    ratios = {"a/b": spread([per_round["a"][r] / per_round["b"][r] for r in rounds])}
    if "c" in variants:
        ratios["c/a"] = spread([per_round["c"][r] / per_round["a"][r] for r in rounds])
    summary["ratios"] = ratios
    summary["a_b_same_val_loss"] = final["a"]["val_loss"] == final["b"]["val_loss"]
    a_b = ratios["a/b"]
    targets = {
        "a/b": {"value": a_b["median"], "target": f"<= {TARGET_A_OVER_B}", "pass": a_b["median"] <= TARGET_A_OVER_B},
        "a/b variation": {
            "value": a_b["variation"],
            "target": f"< {TARGET_ROUND_VARIATION}",
            "pass": a_b["variation"] < TARGET_ROUND_VARIATION,
        },
        "ceiling_fraction_a": {
            "value": summary["a"]["ceiling_fraction"],
            "target": f">= {TARGET_CEILING_FRACTION}",
            "pass": summary["a"]["ceiling_fraction"] >= TARGET_CEILING_FRACTION,
        },
        "peak_rss_a": {
            "value": summary["a"]["peak_rss_bytes"],
            "target": f"<= {TARGET_PEAK_A_BYTES}",
            "pass": summary["a"]["peak_rss_bytes"] <= TARGET_PEAK_A_BYTES,
        },
    }
    if "c/a" in ratios:
        c_a = ratios["c/a"]["median"]
        targets["c/a"] = {"value": c_a, "target": f">= {TARGET_C_OVER_A}", "pass": c_a >= TARGET_C_OVER_A}
    summary["targets"] = targets
    return summary


# ---------------------------------------------------------------------------
# Los procesos de medición: preparan, calientan y entrenan cuando se les pide.
# ---------------------------------------------------------------------------


def peak_rss_bytes(who=resource.RUSAGE_SELF):
    """RSS máximo (en bytes) de este proceso o de sus hijos ya terminados."""
    peak = resource.getrusage(who).ru_maxrss
    # Linux lo da en KiB; macOS, en bytes.
    return peak if sys.platform == "darwin" else peak * 1024


def cpu_seconds():
    """CPU usada por este proceso y por sus hijos ya terminados."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def serve(session):
    """Bucle de un proceso de medición: órdenes por stdin, respuestas JSON.

    Las respuestas salen por el stdout original; lo que imprima la variante
    (d2l imprime la representación de sus figuras) va a stderr.
    """
    replies = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    def reply(message):
        replies.write(json.dumps(message) + "\n")
        replies.flush()

    session.setup()
    reply({"ready": True, "warmup_seconds": session.run(1)})
    for line in sys.stdin:
        command, *arguments = line.split()
        if command == "run":
            cpu = cpu_seconds()
            seconds = session.run(int(arguments[0]))
            reply({"seconds": seconds, "cpu_seconds": cpu_seconds() - cpu})
        elif command == "finish":
            result = session.final()
            result.update(peak_rss_bytes=peak_rss_bytes(), import_rss_bytes=session.import_rss)
            reply(result)
            return


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


# ---------------------------------------------------------------------------
# Preparación: d2l y sus datos.
# ---------------------------------------------------------------------------


def d2l_environment():
    """Variables de entorno del proceso de d2l."""
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join([str(D2L_DIR), str(BENCHMARKS_DIR), str(REPOSITORY_DIR)])
    # Sin pantalla: d2l dibuja sus curvas con matplotlib en cada época.
    environment["MPLBACKEND"] = "Agg"
    return environment


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


# ---------------------------------------------------------------------------
# El proceso principal: lanza los procesos, mide las rondas, informa.
# ---------------------------------------------------------------------------


def busy_cpu_seconds():
    """Segundos de CPU ocupados en toda la máquina hasta ahora, o ``None``.

    Lee la primera línea de ``/proc/stat`` (solo Linux). Cuenta como ocupado
    todo menos la espera (``idle`` e ``iowait``), incluido el tiempo que el
    hipervisor da a otras máquinas (``steal``).
    """
    try:
        first_line = Path("/proc/stat").read_text().splitlines()[0]
    except OSError:
        return None
    # user nice system idle iowait irq softirq steal (en ticks del reloj)
    ticks = [int(value) for value in first_line.split()[1:9]]
    busy = sum(ticks) - ticks[3] - ticks[4]
    return busy / os.sysconf("SC_CLK_TCK")


class Worker:
    """Un proceso de medición vivo: se le piden épocas y responde con tiempos."""

    def __init__(self, variant, worker, options, d2l=False):
        self.variant = variant
        self.log = tempfile.TemporaryFile(mode="w+")
        environment = dict(os.environ)
        if d2l:
            command = [sys.executable, str(BENCHMARKS_DIR / "d2l_pipeline.py"), *options]
            cwd, environment = D2L_WORK_DIR, d2l_environment()
        else:
            command = [sys.executable, str(Path(__file__).resolve()), "--worker", worker, *options]
            cwd = REPOSITORY_DIR
            environment["PYTHONPATH"] = os.pathsep.join(
                filter(None, [str(REPOSITORY_DIR), os.environ.get("PYTHONPATH")])
            )
        environment.update(thread_environment())
        self.process = subprocess.Popen(
            command, cwd=cwd, env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True
        )
        self.ready = self._receive()

    def _receive(self):
        line = self.process.stdout.readline()
        if not line:
            self.process.wait()
            self.log.seek(0)
            sys.stderr.write(self.log.read()[-4000:])
            raise RuntimeError(f"{VARIANTS[self.variant]} terminó con el código {self.process.returncode}")
        return json.loads(line)

    def _send(self, command):
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self._receive()

    def measure(self, epochs):
        """Entrena ``epochs`` épocas; anota también el ruido de los demás procesos."""
        busy = busy_cpu_seconds()
        start = time.perf_counter()
        reply = self._send(f"run {epochs}")
        wall = time.perf_counter() - start
        other = None
        if busy is not None:
            other = max(busy_cpu_seconds() - busy - reply["cpu_seconds"], 0.0) / wall
        return {"seconds": reply["seconds"], "other_cores": other, "children_after": self.children()}

    def children(self):
        """Procesos hijos vivos del proceso de medición (los auxiliares de un DataLoader)."""
        alive = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                # El campo 4 es el padre; el nombre (campo 2) puede tener espacios.
                parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            alive += parent == self.process.pid
        return alive

    def finish(self):
        result = self._send("finish")
        self.process.wait()
        self.log.close()
        result["warmup_seconds"] = self.ready["warmup_seconds"]
        return result


def start_workers(workers, seed, num_train, with_c, d2l_problem):
    """Arranca los procesos de medición uno tras otro y los añade a ``workers``."""
    options = ["--seed", str(seed), "--num-train", str(num_train)]
    workers["a"] = Worker("a", "lessons_lib", options)
    workers["b"] = Worker("b", "pytorch", options)
    workers["bare"] = Worker("bare", "bare", options)
    workers["ceiling"] = Worker("ceiling", "ceiling", options)
    if with_c:
        workers["c"] = Worker("c", "torchvision", options, d2l=d2l_problem is None)


def round_order(rng, variants, epochs):
    """Orden de una ronda: ``epochs`` tandas en las que (a), (b), (b) sin
    dropout y el techo entrenan una época cada uno, seguidos y en un orden al
    azar; (c), antes o después de todas ellas.

    Así (a) y (b) se miden época a época una junto a la otra, y un cambio de
    estado de la máquina les afecta a las dos.
    """
    block = []
    for _ in range(epochs):
        batch = [v for v in ("a", "b", "bare", "ceiling") if v in variants]
        rng.shuffle(batch)
        block += batch
    if "c" not in variants:
        return block
    return ["c", *block] if rng.random() < 0.5 else [*block, "c"]


def epochs_text(n):
    return "1 época" if n == 1 else f"{n} épocas"


def megabytes(n_bytes):
    return f"{n_bytes / 1e6:,.0f} MB".replace(",", " ")


def seconds_list(seconds):
    return "[" + " ".join(f"{s:.2f}" for s in seconds) + "]"


def verdict(passed):
    return "PASS" if passed else "FAIL"


def spread_text(s, digits=2):
    return f"{s['median']:.{digits}f} (rango {s['min']:.{digits}f}–{s['max']:.{digits}f}, variación {100 * s['variation']:.1f} %)"


def print_round(round_number, rounds, measurements):
    """Una línea por ronda: la mediana de cada variante, a/b y el ruido."""
    medians = {}
    for variant in VARIANTS:
        mine = [s for m in measurements if m["variant"] == variant for s in m["seconds"]]
        if mine:
            medians[variant] = statistics.median(mine)
    short = {"bare": "sin dropout", "ceiling": "techo"}
    cells = [f"{short.get(variant, variant)} {medians[variant]:.3f}" for variant in medians]
    noise = [m["other_cores"] for m in measurements if m["other_cores"] is not None]
    noise_text = f"{statistics.median(noise):.1f}" if noise else "?"
    print(
        f"  ronda {round_number:>2}/{rounds}  s/época: {', '.join(cells)}   a/b {medians['a'] / medians['b']:.3f}"
        f"   otros procesos: {noise_text} núcleos",
        flush=True,
    )


def print_summary(summary, rounds, epochs, c_epochs):
    print()
    print(
        f"Resumen ({rounds} rondas; por ronda, {epochs_text(epochs)} de cada variante"
        f"{f' salvo (c), que entrena {epochs_text(c_epochs)}' if 'c' in summary else ''}; "
        "tras una época de calentamiento):"
    )
    print(f"  {'variante':<22}{'s/época':>8}  {'GFLOP/s':>8}  {'del techo':>10}  pico de memoria (RSS)")
    for variant in VARIANTS:
        if variant not in summary:
            continue
        row = summary[variant]
        memory = megabytes(row["peak_rss_bytes"])
        if "children_peak_rss_bytes" in row:
            memory += f" (+ auxiliar mayor {megabytes(row['children_peak_rss_bytes'])})"
        print(
            f"  {row['label']:<22}{row['median_seconds_per_epoch']:8.3f}  {row['gflops']:8.1f}  "
            f"{100 * row['ceiling_fraction']:9.0f} %  {memory}"
        )
    print(
        f"  (s/época: mediana de las medianas por ronda. Techo: {summary['ceiling_gflops']:.1f} GFLOP/s, "
        f"{summary['flops_per_epoch'] / 1e9:.1f} GFLOP por época)"
    )
    print(
        f"  (del pico de (a), {megabytes(summary['a']['import_rss_bytes'])} son solo de importar torch y lessons_lib)"
    )
    if "c" in summary:
        print(f"  (c) es: {summary['c']['pipeline']}")
    print()
    print("Por ronda (medianas de las épocas de cada ronda):")
    for variant in VARIANTS:
        if variant in summary:
            print(f"  {VARIANTS[variant]:<22}{seconds_list(summary[variant]['round_medians'])}")
    for name, values in summary["ratios"].items():
        print(f"  {name:<22}{seconds_list(values['rounds'])}")


def print_checks(summary):
    print()
    print("Comprobaciones:")
    for variant in ("a", "b", "c"):
        if variant in summary:
            print(f"  {summary[variant]['label']:<22}exactitud de validación final {summary[variant]['val_acc']:.4f}")
    if summary["a_b_same_val_loss"]:
        print("  (a) y (b) dan la misma pérdida de validación: hacen el mismo trabajo.")
    else:
        print("  AVISO: (a) y (b) no dan la misma pérdida de validación: no hacen el mismo trabajo.")
    noise = [c for v in VARIANTS if v in summary for c in summary[v]["other_cores"] if c is not None]
    if noise:
        print(
            f"  ruido: mientras se medía, los demás procesos de la máquina ocuparon de media entre "
            f"{min(noise):.1f} y {max(noise):.1f} núcleos (de {os.cpu_count()}); mediana {statistics.median(noise):.1f}."
        )
        if statistics.median(noise) > NOISY_CORES:
            print(
                "  AVISO: la máquina no estaba libre. Los cocientes se calculan dentro de cada ronda, pero los\n"
                "  segundos por época y los GFLOP/s absolutos están inflados por el ruido."
            )


def print_targets(summary):
    targets, ratios = summary["targets"], summary["ratios"]
    print()
    print("Objetivos (mediana de los cocientes por ronda, con su rango):")
    if "c/a" in targets:
        print(
            f"  c/a = {spread_text(ratios['c/a'])}   objetivo ≥ {TARGET_C_OVER_A:g}   {verdict(targets['c/a']['pass'])}"
        )
    print(
        f"  a/b = {spread_text(ratios['a/b'], 3)}   objetivo ≤ {TARGET_A_OVER_B:g}   {verdict(targets['a/b']['pass'])}"
    )
    print(
        f"  variación de a/b entre rondas (máx − mín) / mediana = {100 * ratios['a/b']['variation']:.1f} %   "
        f"objetivo < {100 * TARGET_ROUND_VARIATION:g} %   {verdict(targets['a/b variation']['pass'])}"
    )
    fraction = summary["a"]["ceiling_fraction_spread"]
    print(
        f"  (a) frente al techo = {spread_text(fraction)}   objetivo ≥ {TARGET_CEILING_FRACTION:g}   "
        f"{verdict(targets['ceiling_fraction_a']['pass'])}"
    )
    if "bare" in summary:
        bare = summary["bare"]["ceiling_fraction_spread"]
        masks = summary["b"]["median_seconds_per_epoch"] - summary["bare"]["median_seconds_per_epoch"]
        print(
            f"    (el mismo bucle sin dropout llega al {100 * bare['median']:.0f} % del techo "
            f"(rango {100 * bare['min']:.0f}–{100 * bare['max']:.0f} %); las máscaras de dropout cuestan "
            f"{masks:.2f} s por época)"
        )
    print(
        f"  pico de memoria de (a) = {targets['peak_rss_a']['value'] / 1e9:.2f} GB   "
        f"objetivo ≤ {TARGET_PEAK_A_BYTES / 1e9:g} GB   {verdict(targets['peak_rss_a']['pass'])}"
    )


def print_chapter_times(chapters):
    print()
    if not chapters:
        print("Tiempos de los capítulos: no hay compilación del libro (make book).")
        return
    print(f"Tiempos de ejecución de los capítulos en la última compilación ({JUPYTER_CACHE_DB.parent}):")
    for name, seconds, created in chapters:
        print(f"  {name:<22}{seconds:7.1f} s   ({created[:19]})")
    print(f"  {'suma':<22}{sum(seconds for _, seconds, _ in chapters):7.1f} s")
    print(
        f"  {'de reloj':<22}{execution_wall_seconds(chapters):7.1f} s   "
        "(desde que empezó el primero hasta que acabó el último: se ejecutan a la vez)"
    )


def benchmark(rounds, epochs, c_epochs, seed, num_train, with_c, output):
    """Prepara, mide las rondas intercaladas, informa y guarda el JSON."""
    import torch

    started = time.perf_counter()
    d2l_problem = source = None
    if with_c:
        d2l_problem = ensure_d2l()
        source = prepare_d2l_data()
    print(
        f"Velocidad de entrenamiento: MLP 784-256-256-10 con dropout ({DROPOUT_1}, {DROPOUT_2}), "
        f"Fashion-MNIST ({num_train} imágenes de entrenamiento), lotes de {BATCH_SIZE}, SGD (lr {LR})"
    )
    environment = " ".join(f"{k}={v}" for k, v in thread_environment().items())
    print(
        f"{rounds} rondas; semilla {seed}; torch {torch.__version__}; dispositivo {bench_device()}; "
        f"{available_cores()} núcleos; "
        f"procesos con {environment}"
    )
    if d2l_problem is not None:
        print(f"AVISO: {d2l_problem}; (c) usa un equivalente fiel sin d2l (torchvision + ToTensor + DataLoader).")
    print("Preparando los procesos (carga de datos y una época de calentamiento cada uno)...", flush=True)
    workers = {}
    try:
        start_workers(workers, seed, num_train, with_c, d2l_problem)
        rng = random.Random(seed)
        measurements = []
        for round_number in range(1, rounds + 1):
            for variant in round_order(rng, workers, epochs):
                measurement = workers[variant].measure(c_epochs if variant == "c" else 1)
                measurements.append({"round": round_number, "variant": variant, **measurement})
            print_round(round_number, rounds, [m for m in measurements if m["round"] == round_number])
        final = {variant: worker.finish() for variant, worker in workers.items()}
    finally:
        # Si algo falla (o se interrumpe), no queda ningún proceso de medición vivo.
        for worker in workers.values():
            if worker.process.poll() is None:
                worker.process.kill()
    summary = summarize(measurements, epoch_flops(num_train), final)
    print_summary(summary, rounds, epochs, c_epochs)
    print_checks(summary)
    print_targets(summary)
    chapters = chapter_times()
    print_chapter_times(chapters)
    total = time.perf_counter() - started
    print(f"\nTiempo total: {total:.0f} s")

    report = {
        "benchmark": "training_speed",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "config": {
            "rounds": rounds,
            "epochs": epochs,
            "c_epochs": c_epochs,
            "seed": seed,
            "num_train": num_train,
            "batch_size": BATCH_SIZE,
            "val_batch_size": VAL_BATCH_SIZE,
            "lr": LR,
            "dropout": [DROPOUT_1, DROPOUT_2],
            "thread_environment": thread_environment(),
            "d2l_problem": d2l_problem,
            "device": bench_device(),
            "data": str(source) if source else None,
        },
        "machine": machine(),
        "ceiling_gflops": summary["ceiling_gflops"],
        "summary": summary,
        "measurements": measurements,
        "chapter_seconds": {name: seconds for name, seconds, _ in chapters},
        "chapter_wall_seconds": execution_wall_seconds(chapters) if chapters else None,
        "total_seconds": total,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"Resumen en {output}")
    return report


def cpu_model():
    """El modelo de CPU según ``/proc/cpuinfo`` (o ``platform.processor()``)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def machine():
    import torch

    return {
        "cpu": cpu_model(),
        "cpu_count": os.cpu_count(),
        "available_cores": available_cores(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "cuda": torch.cuda.get_device_name() if torch.cuda.is_available() else None,
    }


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(
        description=(
            "Segundos por época, fracción del techo de la máquina y pico de memoria de lessons_lib.fit, "
            "de un bucle de PyTorch a mano y de d2l 1.0.3."
        )
    )
    parser.add_argument("--rounds", type=int, default=8, help="rondas (por defecto, 8)")
    parser.add_argument(
        "--epochs", type=int, default=3, help="épocas de (a), (b) y el techo en cada ronda (por defecto, 3)"
    )
    parser.add_argument("--c-epochs", type=int, default=1, help="épocas de (c) en cada ronda (por defecto, 1)")
    parser.add_argument("--seed", type=int, default=0, help="semilla (por defecto, 0)")
    parser.add_argument(
        "--num-train", type=int, default=60000, help="imágenes de entrenamiento (por defecto, las 60 000)"
    )
    parser.add_argument("--without-c", action="store_true", help="no medir (c)")
    parser.add_argument("--output", type=Path, default=RESULTS_DIR / "latest.json", help="dónde guardar el JSON")
    # Uso interno: el proceso principal se relanza a sí mismo para cada variante.
    parser.add_argument("--worker", choices=sorted(SESSIONS), help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    for name in ("rounds", "epochs", "c_epochs"):
        value = getattr(arguments, name)
        if value < 1:
            parser.error(f"--{name.replace('_', '-')} debe ser 1 o más; se recibió {value}")
    if not 1 <= arguments.num_train <= 60000:
        parser.error(f"--num-train debe estar entre 1 y 60000; se recibió {arguments.num_train}")
    if arguments.seed < 0:
        parser.error(f"--seed debe ser 0 o más; se recibió {arguments.seed}")
    return arguments


def main(argv=None):
    arguments = parse_arguments(argv)
    if arguments.worker:
        serve(SESSIONS[arguments.worker](arguments.seed, arguments.num_train))
        return
    benchmark(
        arguments.rounds,
        arguments.epochs,
        arguments.c_epochs,
        arguments.seed,
        arguments.num_train,
        not arguments.without_c,
        arguments.output,
    )


if __name__ == "__main__":
    main()
