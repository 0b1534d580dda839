"""El informe: las tablas que se imprimen, los tiempos de los capítulos y el JSON.

Lo impreso es para leerlo al terminar (una línea por ronda, el resumen, las
comprobaciones y los objetivos, PASS o FAIL); ``benchmarks/results/latest.json``
guarda además cada época medida (véase ``benchmarks/README.md``).
"""

import datetime
import json
import os
import platform
import sqlite3
import statistics
import time
from pathlib import Path

from speed.settings import (
    JUPYTER_CACHE_DB,
    NOISY_CORES,
    TARGET_A_OVER_B,
    TARGET_C_OVER_A,
    TARGET_CEILING_FRACTION,
    TARGET_PEAK_A_BYTES,
    TARGET_ROUND_VARIATION,
    VARIANTS,
    available_cores,
)


def print_header(config):
    """Qué se va a medir, con qué semilla, en qué máquina y con qué hilos."""
    import torch

    dropout_1, dropout_2 = config["dropout"]
    print(
        f"Velocidad de entrenamiento: MLP 784-256-256-10 con dropout ({dropout_1}, {dropout_2}), "
        f"Fashion-MNIST ({config['num_train']} imágenes de entrenamiento), lotes de {config['batch_size']}, "
        f"SGD (lr {config['lr']})"
    )
    environment = " ".join(f"{k}={v}" for k, v in config["thread_environment"].items())
    print(
        f"{config['rounds']} rondas; semilla {config['seed']}; torch {torch.__version__}; "
        f"dispositivo {config['device']}; {available_cores()} núcleos; procesos con {environment}"
    )
    if config["d2l_problem"] is not None:
        print(
            f"AVISO: {config['d2l_problem']}; (c) usa un equivalente fiel sin d2l (torchvision + ToTensor + DataLoader)."
        )
    print("Preparando los procesos (carga de datos y una época de calentamiento cada uno)...", flush=True)


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


def write_report(output, config, summary, measurements, chapters, total_seconds):
    """Guarda el JSON de la medición en ``output`` y lo devuelve."""
    report = {
        "benchmark": "training_speed",
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "config": config,
        "machine": machine(),
        "ceiling_gflops": summary["ceiling_gflops"],
        "summary": summary,
        "measurements": measurements,
        "chapter_seconds": {name: seconds for name, seconds, _ in chapters},
        "chapter_wall_seconds": execution_wall_seconds(chapters) if chapters else None,
        "total_seconds": total_seconds,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"Resumen en {output}")
    return report


# --- Los tiempos de los capítulos en la última compilación del libro ---------


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


# --- Piezas del texto --------------------------------------------------------


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
