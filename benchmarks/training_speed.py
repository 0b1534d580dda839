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

Este archivo solo ordena los pasos; cada parte está en ``benchmarks/speed/``:
``settings`` (qué se mide y los objetivos), ``protocol`` (procesos, rondas,
cronómetros y cocientes), ``variants`` (las variantes y el techo) y
``report`` (lo impreso y el JSON).
"""

import argparse
import random
import time
from pathlib import Path

from speed.protocol import epoch_flops, run_rounds, running_workers, serve, summarize
from speed.report import (
    chapter_times,
    print_chapter_times,
    print_checks,
    print_header,
    print_round,
    print_summary,
    print_targets,
    write_report,
)
from speed.settings import (
    BATCH_SIZE,
    DROPOUT_1,
    DROPOUT_2,
    LR,
    RESULTS_DIR,
    VAL_BATCH_SIZE,
    bench_device,
    thread_environment,
)
from speed.variants import SESSIONS, ensure_d2l, prepare_d2l_data


def benchmark(rounds, epochs, c_epochs, seed, num_train, with_c, output):
    """Prepara, mide las rondas intercaladas, informa y guarda el JSON."""
    started = time.perf_counter()
    d2l_problem = source = None
    if with_c:
        d2l_problem = ensure_d2l()
        source = prepare_d2l_data()
    config = {
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
    }
    print_header(config)
    with running_workers(seed, num_train, with_c, d2l_problem) as workers:
        measurements = run_rounds(workers, rounds, epochs, c_epochs, random.Random(seed), print_round)
        final = {variant: worker.finish() for variant, worker in workers.items()}
    summary = summarize(measurements, epoch_flops(num_train), final)
    print_summary(summary, rounds, epochs, c_epochs)
    print_checks(summary)
    print_targets(summary)
    chapters = chapter_times()
    print_chapter_times(chapters)
    total = time.perf_counter() - started
    print(f"\nTiempo total: {total:.0f} s")
    return write_report(output, config, summary, measurements, chapters, total)


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
