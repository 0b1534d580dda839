"""Lo que se mide y en qué condiciones: el modelo, los datos, las variantes y los objetivos.

También dónde viven los archivos (resultados, d2l, la caché del libro), en
qué dispositivo se mide y con cuántos hilos (véase «Hilos» en
``benchmarks/README.md``).
"""

import os
from pathlib import Path

BENCHMARKS_DIR = Path(__file__).resolve().parent.parent
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
    cede el núcleo en vez de girar (véase «Hilos» en ``benchmarks/README.md``).
    """
    cores = cores or available_cores()
    return {
        "OMP_NUM_THREADS": str(cores),
        "MKL_NUM_THREADS": str(cores),
        "OMP_WAIT_POLICY": "PASSIVE",
    }


def d2l_environment():
    """Variables de entorno del proceso de d2l."""
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join([str(D2L_DIR), str(BENCHMARKS_DIR), str(REPOSITORY_DIR)])
    # Sin pantalla: d2l dibuja sus curvas con matplotlib en cada época.
    environment["MPLBACKEND"] = "Agg"
    return environment
