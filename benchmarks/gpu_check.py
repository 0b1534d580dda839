"""Comprobación en la GPU: los capítulos y la medición de velocidad con ``LESSONS_LIB_DEVICE=cuda``.

1. Compila el libro en ``_build/gpu-check`` (una caché aparte: no toca la de
   ``make book``) con ``LESSONS_LIB_DEVICE=cuda``: cada capítulo se ejecuta
   en la GPU y sus afirmaciones (``lessons_lib.claim``) se comprueban allí.
2. Imprime los segundos de ejecución de cada capítulo.
3. Ejecuta ``training_speed.py`` con el mismo dispositivo e imprime su tabla
   (el JSON queda en ``benchmarks/results/gpu-check.json``).

Sin CUDA es un ensayo en seco: lo dice, usa ``LESSONS_LIB_DEVICE=cpu`` y
mide con menos rondas, para comprobar que todo el camino funciona.

Uso::

    make gpu-check
    # o
    .venv/bin/python benchmarks/gpu_check.py [--rounds 8]
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from speed.report import chapter_times, execution_wall_seconds
from speed.settings import BENCHMARKS_DIR, REPOSITORY_DIR, RESULTS_DIR

BUILD_DIR = REPOSITORY_DIR / "_build" / "gpu-check"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=None, help="rondas de la medición (8 en GPU, 2 en seco)")
    arguments = parser.parse_args()
    import torch

    if torch.cuda.is_available():
        device, dry_run = "cuda", False
        print(f"GPU: {torch.cuda.get_device_name()}; torch {torch.__version__}")
    else:
        device, dry_run = "cpu", True
        print("No hay GPU con CUDA: ensayo en seco en la CPU (LESSONS_LIB_DEVICE=cpu).")
    environment = dict(os.environ, LESSONS_LIB_DEVICE=device)
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book), "build", str(REPOSITORY_DIR), "--path-output", str(BUILD_DIR)]
    command += ["-W", "-n", "--keep-going", "--builder", "html"]
    print(f"Compilando el libro en {BUILD_DIR} con LESSONS_LIB_DEVICE={device}...", flush=True)
    start = time.perf_counter()
    built = subprocess.run(command, env=environment, stdout=subprocess.DEVNULL, check=False)
    print(f"Compilación: {time.perf_counter() - start:.0f} s (código {built.returncode})")
    print("Segundos de ejecución por capítulo:")
    chapters = chapter_times(BUILD_DIR / "_build" / ".jupyter_cache" / "global.db")
    for name, seconds, _ in chapters:
        print(f"  {name:<22}{seconds:7.1f} s")
    if chapters:
        print(f"  {'de reloj':<22}{execution_wall_seconds(chapters):7.1f} s (se ejecutan a la vez)")
    rounds = arguments.rounds or (2 if dry_run else 8)
    bench = [sys.executable, str(BENCHMARKS_DIR / "training_speed.py"), "--rounds", str(rounds)]
    bench += ["--output", str(RESULTS_DIR / "gpu-check.json")]
    if dry_run:
        bench += ["--epochs", "1"]
    measured = subprocess.run(bench, env=environment, check=False)
    if dry_run:
        print("\nEnsayo en seco terminado: sin GPU, las cifras de arriba son de la CPU.")
    sys.exit(built.returncode or measured.returncode)


if __name__ == "__main__":
    main()
