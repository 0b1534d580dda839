"""Velocidad de entrenamiento: lessons_lib frente a PyTorch a mano y frente a d2l.

Qué se mide
-----------
El experimento del capítulo de dropout: un perceptrón multicapa 784-256-256-10
con dropout 0.2 tras la primera capa oculta y 0.5 tras la segunda, entrenado
con Fashion-MNIST en lotes de 256 y SGD (tasa de aprendizaje 0.1, sin
momento) durante tres épocas. Cada época es una pasada por las 60 000 imágenes de
entrenamiento más la evaluación de las 10 000 de validación (en modo ``eval``
y sin gradientes). Se entrena de tres formas:

(a) lessons_lib: ``lessons_lib.fit`` con ``lessons_lib.DropoutMLP`` y
    ``lessons_lib.FashionMNIST``, que guarda las imágenes como tensores y
    forma los lotes con ``index_select`` sobre un orden barajado.
(b) PyTorch a mano: el mismo trabajo (la misma arquitectura, los mismos
    tensores en memoria, el mismo barajado con ``index_select``, la misma
    evaluación por época, con lotes de validación del mismo tamaño, y las
    mismas cuentas de pérdida y aciertos) escrito
    como un bucle sin la biblioteca. Con la misma semilla, (a) y (b) hacen
    exactamente las mismas operaciones: sus pérdidas deben coincidir.
(c) d2l 1.0.3: ``d2l.FashionMNIST`` y ``d2l.Trainer`` tal como vienen, es
    decir, un ``DataLoader`` con 4 procesos auxiliares que convierte cada
    imagen con ``transforms.ToTensor``, y un ``Trainer`` que dibuja las
    curvas con matplotlib (ver ``d2l_pipeline.py``).

Por qué
-------
* a/b es lo que cuesta la biblioteca (validación, historial, comprobación de
  argumentos) frente a escribir el bucle a mano. Objetivo: a/b ≤ 1.3.
* c/a es lo que se gana al tener los datos en memoria y formar los lotes
  cortando tensores, frente a transformar ejemplo a ejemplo en procesos
  auxiliares. Objetivo: c/a ≥ 5 en esta máquina de 2 núcleos.
* El pico de memoria de (a), el RSS máximo de su proceso (``ru_maxrss``,
  con torch importado), debe quedar por debajo de 1.5 GB.

Cómo
----
Cada entrenamiento corre en su propio proceso, así que ``ru_maxrss`` es el
pico de esa variante y de nada más (en d2l se informa aparte el de sus
procesos auxiliares, ``RUSAGE_CHILDREN``: el mayor de ellos, no la suma). La
máquina es compartida y ruidosa, así que las variantes se intercalan por
rondas, (a), (b), (c), (a), (b), (c)..., y se informa la mediana de los
segundos por época de todas las épocas de todas las rondas, junto con la de
cada ronda. Para saber cuánto ruido hubo, cada medición anota además cuántos
núcleos ocuparon de media los demás procesos de la máquina mientras corría
(de ``/proc/stat``); si pasa de ``NOISY_CORES``, la salida lo avisa. Cada
proceso fija ``torch.manual_seed``. Es una medición, no una prueba: imprime
PASS o FAIL por objetivo, pero solo termina con error si algo falla de verdad.

Uso::

    .venv/bin/python benchmarks/training_speed.py [--repeat 3] [--epochs 3]

El resumen legible por máquina queda en ``benchmarks/results/latest.json``.
"""

import argparse
import gzip
import json
import os
import platform
import resource
import shutil
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

BATCH_SIZE = 256
LR = 0.1
DROPOUT_1 = 0.2
DROPOUT_2 = 0.5

TARGET_C_OVER_A = 5.0
TARGET_A_OVER_B = 1.3
TARGET_PEAK_A_BYTES = 1.5e9
# Por encima de esto (núcleos ocupados de media por otros procesos durante
# una medición) se avisa de que la máquina no estaba libre.
NOISY_CORES = 0.2

VARIANTS = {
    "a": "(a) lessons_lib.fit",
    "b": "(b) PyTorch a mano",
    "c": "(c) d2l 1.0.3",
}


# ---------------------------------------------------------------------------
# Utilidades que usan también los procesos de medición.
# ---------------------------------------------------------------------------


def peak_rss_bytes(who=resource.RUSAGE_SELF):
    """RSS máximo (en bytes) de este proceso o de sus hijos ya terminados."""
    peak = resource.getrusage(who).ru_maxrss
    # Linux lo da en KiB; macOS, en bytes.
    return peak if sys.platform == "darwin" else peak * 1024


def write_result(path, result):
    """Guarda el resultado de un proceso de medición como JSON."""
    Path(path).write_text(json.dumps(result, indent=2), encoding="utf-8")


def dropout_mlp():
    """El MLP 784-256-256-10 con dropout, en PyTorch puro.

    Crea las capas en el mismo orden que ``lessons_lib.DropoutMLP``: con la
    misma semilla empieza en los mismos pesos.
    """
    from torch import nn

    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 256),
        nn.ReLU(),
        nn.Dropout(DROPOUT_1),
        nn.Linear(256, 256),
        nn.ReLU(),
        nn.Dropout(DROPOUT_2),
        nn.Linear(256, 10),
    )


# ---------------------------------------------------------------------------
# Los procesos de medición: cada uno entrena una vez y escribe su resultado.
# ---------------------------------------------------------------------------


def run_lessons_lib(epochs, seed):
    """Variante (a): ``lessons_lib.fit`` con el modelo y los datos del libro."""
    import torch

    import lessons_lib

    import_rss = peak_rss_bytes()
    torch.manual_seed(seed)
    data = lessons_lib.FashionMNIST(batch_size=BATCH_SIZE)
    # SGD sin momento, como en (b) y en d2l: se pide explícitamente porque
    # los valores por defecto del modelo del libro pueden ser otros.
    model = lessons_lib.DropoutMLP(dropout_1=DROPOUT_1, dropout_2=DROPOUT_2, lr=LR, momentum=0.0)
    history = lessons_lib.fit(model, data, epochs=epochs, seed=seed, device="cpu", progress=False)
    return {
        "pipeline": "lessons_lib.fit + DropoutMLP + FashionMNIST en memoria",
        "seconds": history.seconds,
        "val_loss": history.val_loss[-1],
        "val_acc": history.val_acc[-1],
        "import_rss_bytes": import_rss,
        "peak_rss_bytes": peak_rss_bytes(),
        "threads": torch.get_num_threads(),
    }


def run_pytorch(epochs, seed):
    """Variante (b): el mismo trabajo que ``fit``, escrito a mano.

    Usa los tensores que carga ``lessons_lib.FashionMNIST`` y nada más de la
    biblioteca. El orden de los lotes sale de un ``torch.Generator`` con la
    misma semilla que usa ``fit``, así que (a) y (b) ven los mismos lotes.
    """
    import torch
    from torch.nn import functional as F

    import lessons_lib

    import_rss = peak_rss_bytes()
    torch.manual_seed(seed)
    data = lessons_lib.FashionMNIST(batch_size=BATCH_SIZE)
    X_train, y_train = data.X_train, data.y_train
    X_val, y_val = data.X_val, data.y_val
    # Los lotes de validación, del mismo tamaño que los que usa fit.
    val_batch_size = getattr(data, "val_batch_size", BATCH_SIZE)
    model = dropout_mlp()
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    generator = torch.Generator().manual_seed(seed)
    seconds = []
    for _ in range(epochs):
        start = time.perf_counter()
        model.train()
        train_loss, train_correct = 0.0, 0
        order = torch.randperm(len(X_train), generator=generator)
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
            for first in range(0, len(X_val), val_batch_size):
                X = X_val[first : first + val_batch_size]
                y = y_val[first : first + val_batch_size]
                y_hat = model(X)
                val_loss += F.cross_entropy(y_hat, y).item() * len(y)
                val_correct += (y_hat.argmax(dim=1) == y).sum().item()
        seconds.append(time.perf_counter() - start)
    return {
        "pipeline": "bucle de PyTorch sobre los tensores en memoria",
        "val_batch_size": val_batch_size,
        "seconds": seconds,
        "val_loss": val_loss / len(X_val),
        "val_acc": val_correct / len(X_val),
        "import_rss_bytes": import_rss,
        "peak_rss_bytes": peak_rss_bytes(),
        "threads": torch.get_num_threads(),
    }


def run_torchvision_pipeline(epochs, seed, data_root):
    """Variante (c) cuando d2l no se puede importar: su equivalente fiel.

    Lo mismo que hacen ``d2l.FashionMNIST`` y ``d2l.Trainer``: el conjunto de
    torchvision con ``Resize`` y ``ToTensor`` por ejemplo, un ``DataLoader``
    con 4 procesos auxiliares (barajado en entrenamiento) y, en cada época,
    la evaluación por lotes en modo ``eval`` y sin gradientes.
    """
    import torch
    import torchvision
    from torch.nn import functional as F
    from torchvision import transforms

    import_rss = peak_rss_bytes()
    torch.manual_seed(seed)
    transform = transforms.Compose([transforms.Resize((28, 28)), transforms.ToTensor()])
    loaders = {}
    for train in (True, False):
        dataset = torchvision.datasets.FashionMNIST(root=data_root, train=train, transform=transform, download=False)
        loaders[train] = torch.utils.data.DataLoader(dataset, BATCH_SIZE, shuffle=train, num_workers=4)
    model = dropout_mlp()
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    seconds = []
    for _ in range(epochs):
        start = time.perf_counter()
        model.train()
        for X, y in loaders[True]:
            loss = F.cross_entropy(model(X), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        model.eval()
        val_loss, val_correct, count = 0.0, 0, 0
        with torch.no_grad():
            for X, y in loaders[False]:
                y_hat = model(X)
                val_loss += F.cross_entropy(y_hat, y).item() * len(y)
                val_correct += (y_hat.argmax(dim=1) == y).sum().item()
                count += len(y)
        seconds.append(time.perf_counter() - start)
    return {
        "pipeline": ("equivalente sin d2l: torchvision FashionMNIST + Resize + ToTensor + DataLoader(num_workers=4)"),
        "seconds": seconds,
        "val_loss": val_loss / count,
        "val_acc": val_correct / count,
        "import_rss_bytes": import_rss,
        "peak_rss_bytes": peak_rss_bytes(),
        "children_peak_rss_bytes": peak_rss_bytes(resource.RUSAGE_CHILDREN),
        "threads": torch.get_num_threads(),
    }


# ---------------------------------------------------------------------------
# Preparación: d2l y sus datos.
# ---------------------------------------------------------------------------


def d2l_environment():
    """Variables de entorno del proceso de d2l."""
    environment = dict(os.environ)
    environment["PYTHONPATH"] = str(D2L_DIR)
    # Sin pantalla: d2l dibuja sus curvas con matplotlib en cada época.
    environment["MPLBACKEND"] = "Agg"
    return environment


def ensure_d2l():
    """Instala d2l en benchmarks/.d2l si falta y comprueba que se importa.

    Devuelve ``None`` si d2l se puede usar, o el motivo por el que no.
    """
    if not D2L_DIR.is_dir():
        print(f"Instalando {' '.join(D2L_PACKAGES)} en {D2L_DIR}...")
        command = [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--target",
            str(D2L_DIR),
            "--no-deps",
            *D2L_PACKAGES,
        ]
        installed = subprocess.run(command, check=False)
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

    source = locate_fashion_mnist()
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
# El proceso principal: lanza las rondas, resume e informa.
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
    idle, iowait = ticks[3], ticks[4]
    busy = sum(ticks) - idle - iowait
    return busy / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds():
    """Segundos de CPU de los procesos hijos ya terminados (y de los suyos)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def worker_command(variant, options, d2l_problem):
    """La orden, el directorio, el entorno y la salida de una medición."""
    if variant == "c" and d2l_problem is None:
        command = [sys.executable, str(BENCHMARKS_DIR / "d2l_pipeline.py"), *options]
        # d2l imprime la representación de sus figuras: se descarta.
        return command, D2L_WORK_DIR, d2l_environment(), subprocess.DEVNULL
    worker = {"a": "lessons_lib", "b": "pytorch", "c": "torchvision"}
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        worker[variant],
        *options,
    ]
    return command, REPOSITORY_DIR, None, None


def measure(variant, epochs, seed, d2l_problem):
    """Lanza una ejecución de ``variant`` en un proceso nuevo y la devuelve.

    Además de lo que informa el proceso, anota cuántos núcleos ocuparon de
    media los demás procesos de la máquina mientras corría
    (``other_cores``): una medida de cuánto ruido hubo.
    """
    with tempfile.TemporaryDirectory() as scratch:
        result_file = Path(scratch) / "result.json"
        options = [
            "--epochs",
            str(epochs),
            "--seed",
            str(seed),
            "--result-file",
            str(result_file),
        ]
        command, cwd, environment, stdout = worker_command(variant, options, d2l_problem)
        busy_before = busy_cpu_seconds()
        ours_before = children_cpu_seconds()
        start = time.perf_counter()
        finished = subprocess.run(
            command,
            cwd=cwd,
            env=environment,
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        wall = time.perf_counter() - start
        if finished.returncode != 0:
            sys.stderr.write(finished.stderr)
            raise RuntimeError(f"la variante {VARIANTS[variant]} terminó con el código {finished.returncode}")
        result = json.loads(result_file.read_text(encoding="utf-8"))
    result["label"] = VARIANTS[variant]
    if variant == "c" and d2l_problem is not None:
        result["label"] = "(c) equivalente a d2l"
    result["other_cores"] = None
    if busy_before is not None:
        busy = busy_cpu_seconds() - busy_before
        ours = children_cpu_seconds() - ours_before
        result["other_cores"] = max(busy - ours, 0.0) / wall
    return result


def megabytes(n_bytes):
    return f"{n_bytes / 1e6:,.0f} MB".replace(",", " ")


def seconds_list(seconds):
    return "[" + " ".join(f"{s:.2f}" for s in seconds) + "]"


def verdict(passed):
    return "PASS" if passed else "FAIL"


def other_cores_text(other_cores):
    if other_cores is None:
        return "otros procesos: ?"
    return f"otros procesos: {other_cores:.1f} núcleos"


def print_run(round_number, repeat, result):
    memory = megabytes(result["peak_rss_bytes"])
    if "children_peak_rss_bytes" in result:
        memory += f" (+ auxiliar mayor {megabytes(result['children_peak_rss_bytes'])})"
    print(
        f"  ronda {round_number}/{repeat}  {result['label']:<22}"
        f"{statistics.median(result['seconds']):6.2f} s/época "
        f"{seconds_list(result['seconds'])}  pico {memory}  "
        f"{other_cores_text(result['other_cores'])}",
        flush=True,
    )


def summarize(runs):
    """Medianas, picos, cocientes y objetivos de todas las ejecuciones."""
    summary = {}
    for variant in VARIANTS:
        mine = [run for run in runs if run["variant"] == variant]
        all_seconds = [s for run in mine for s in run["seconds"]]
        summary[variant] = {
            "label": mine[0]["label"],
            "pipeline": mine[0]["pipeline"],
            "median_seconds_per_epoch": statistics.median(all_seconds),
            "round_medians": [statistics.median(run["seconds"]) for run in mine],
            "peak_rss_bytes": max(run["peak_rss_bytes"] for run in mine),
            "import_rss_bytes": max(run["import_rss_bytes"] for run in mine),
            "val_loss": [run["val_loss"] for run in mine],
            "val_acc": [run["val_acc"] for run in mine],
            "other_cores": [run["other_cores"] for run in mine],
        }
        if "children_peak_rss_bytes" in mine[0]:
            summary[variant]["children_peak_rss_bytes"] = max(run["children_peak_rss_bytes"] for run in mine)
    summary["a_b_same_val_loss"] = summary["a"]["val_loss"] == summary["b"]["val_loss"]
    a, b, c = (summary[v]["median_seconds_per_epoch"] for v in "abc")
    peak_a = summary["a"]["peak_rss_bytes"]
    summary["ratios"] = {"c/a": c / a, "a/b": a / b}
    summary["targets"] = {
        "c/a": {"value": c / a, "target": f">= {TARGET_C_OVER_A}", "pass": c / a >= TARGET_C_OVER_A},
        "a/b": {"value": a / b, "target": f"<= {TARGET_A_OVER_B}", "pass": a / b <= TARGET_A_OVER_B},
        "peak_rss_a": {"value": peak_a, "target": f"<= {TARGET_PEAK_A_BYTES}", "pass": peak_a <= TARGET_PEAK_A_BYTES},
    }
    return summary


def print_table(summary, epochs, repeat):
    print()
    print(f"Resumen: mediana de las {epochs * repeat} épocas de cada variante ({repeat} rondas de {epochs} épocas)")
    print(f"  {'variante':<22}{'s/época':>8}  {'medianas por ronda':<22}pico de memoria (RSS)")
    for variant in VARIANTS:
        row = summary[variant]
        rounds = seconds_list(row["round_medians"])
        memory = megabytes(row["peak_rss_bytes"])
        if "children_peak_rss_bytes" in row:
            memory += f"; auxiliar mayor {megabytes(row['children_peak_rss_bytes'])}"
        print(f"  {row['label']:<22}{row['median_seconds_per_epoch']:8.2f}  {rounds:<22}{memory}")
    print(
        "  (del pico de (a), "
        f"{megabytes(summary['a']['import_rss_bytes'])} son solo de importar "
        "torch y lessons_lib, antes de cargar los datos)"
    )
    print(f"  (c) es: {summary['c']['pipeline']}")


def print_checks(summary):
    print()
    print("Comprobaciones:")
    print("  exactitud de validación al final de cada ronda:")
    for variant in VARIANTS:
        row = summary[variant]
        accuracies = " ".join(f"{acc:.4f}" for acc in row["val_acc"])
        print(f"    {row['label']:<22}{accuracies}")
    if summary["a_b_same_val_loss"]:
        print("  (a) y (b) dan la misma pérdida de validación: hacen el mismo trabajo.")
    else:
        print("  AVISO: (a) y (b) no dan la misma pérdida de validación: no hacen el mismo trabajo.")
    noise = [cores for variant in VARIANTS for cores in summary[variant]["other_cores"]]
    if None in noise:
        return
    print(
        "  ruido: mientras se medía, los demás procesos de la máquina "
        f"ocuparon de media\n  entre {min(noise):.1f} y {max(noise):.1f} "
        f"núcleos (de {os.cpu_count()})."
    )
    if max(noise) > NOISY_CORES:
        print(
            "  AVISO: la máquina no estaba libre; los tiempos de las "
            "mediciones con más ruido\n  están inflados y los cocientes "
            "pueden estar sesgados. Repite con la máquina libre."
        )


def print_targets(targets):
    print()
    print("Objetivos:")
    print(
        f"  c/a = {targets['c/a']['value']:5.2f}   (objetivo ≥ "
        f"{TARGET_C_OVER_A:g})    {verdict(targets['c/a']['pass'])}"
    )
    print(
        f"  a/b = {targets['a/b']['value']:5.2f}   (objetivo ≤ {TARGET_A_OVER_B:g})  {verdict(targets['a/b']['pass'])}"
    )
    print(
        f"  pico de memoria de (a) = "
        f"{targets['peak_rss_a']['value'] / 1e9:.2f} GB   (objetivo ≤ "
        f"{TARGET_PEAK_A_BYTES / 1e9:g} GB)  "
        f"{verdict(targets['peak_rss_a']['pass'])}"
    )


def benchmark(repeat, epochs, seed):
    """Prepara, mide las rondas intercaladas, informa y guarda el JSON."""
    import torch

    started = time.perf_counter()
    d2l_problem = ensure_d2l()
    source = prepare_d2l_data()
    print(
        "Velocidad de entrenamiento: MLP 784-256-256-10 con dropout "
        f"({DROPOUT_1}, {DROPOUT_2}), Fashion-MNIST, lotes de {BATCH_SIZE}, "
        f"SGD (lr {LR})"
    )
    print(
        f"{repeat} rondas intercaladas de (a), (b), (c), {epochs} épocas "
        f"cada una; semilla {seed}; torch {torch.__version__}; "
        f"{os.cpu_count()} CPU; datos de {source}"
    )
    if d2l_problem is not None:
        print(
            f"AVISO: {d2l_problem}; (c) usa un equivalente fiel sin d2l "
            "(torchvision + ToTensor + DataLoader con 4 procesos)."
        )
    print()
    runs = []
    for round_number in range(1, repeat + 1):
        for variant in VARIANTS:
            result = measure(variant, epochs, seed, d2l_problem)
            result.update(variant=variant, round=round_number)
            runs.append(result)
            print_run(round_number, repeat, result)
    summary = summarize(runs)
    print_table(summary, epochs, repeat)
    print_checks(summary)
    print_targets(summary["targets"])
    total = time.perf_counter() - started
    print(f"\nTiempo total: {total:.0f} s")

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    latest = RESULTS_DIR / "latest.json"
    report = {
        "benchmark": "training_speed",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "config": {
            "repeat": repeat,
            "epochs": epochs,
            "seed": seed,
            "batch_size": BATCH_SIZE,
            "lr": LR,
            "dropout": [DROPOUT_1, DROPOUT_2],
            "d2l_problem": d2l_problem,
        },
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "torch": torch.__version__,
        },
        "summary": summary,
        "runs": runs,
        "total_seconds": total,
    }
    latest.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"Resumen en {latest.relative_to(REPOSITORY_DIR)}")


def parse_arguments():
    parser = argparse.ArgumentParser(
        description=(
            "Segundos por época y pico de memoria de lessons_lib.fit, de un bucle de PyTorch a mano y de d2l 1.0.3."
        )
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="rondas intercaladas de (a), (b), (c) (por defecto, 3)",
    )
    parser.add_argument(
        "--epochs",
        type=int,
        default=3,
        help="épocas de cada entrenamiento (por defecto, 3)",
    )
    parser.add_argument("--seed", type=int, default=0, help="semilla (por defecto, 0)")
    # Uso interno: el proceso principal se relanza a sí mismo para cada
    # medición.
    parser.add_argument(
        "--worker",
        choices=["lessons_lib", "pytorch", "torchvision"],
        help=argparse.SUPPRESS,
    )
    parser.add_argument("--result-file", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.repeat < 1 or arguments.epochs < 1:
        parser.error("--repeat y --epochs deben ser 1 o más")
    return arguments


def main():
    arguments = parse_arguments()
    if arguments.worker == "lessons_lib":
        result = run_lessons_lib(arguments.epochs, arguments.seed)
    elif arguments.worker == "pytorch":
        result = run_pytorch(arguments.epochs, arguments.seed)
    elif arguments.worker == "torchvision":
        result = run_torchvision_pipeline(arguments.epochs, arguments.seed, str(D2L_DATA_DIR))
    else:
        benchmark(arguments.repeat, arguments.epochs, arguments.seed)
        return
    write_result(arguments.result_file, result)


if __name__ == "__main__":
    main()
