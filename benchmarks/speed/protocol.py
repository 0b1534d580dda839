"""El protocolo: procesos de medición, rondas intercaladas, cronómetros y cocientes.

Cada variante vive en su propio proceso (:class:`Worker` lo lanza y
:func:`serve` es su bucle), entrena una época de calentamiento y espera
órdenes. :func:`run_rounds` pide épocas en rondas cortas, en el orden al azar
de :func:`round_order`, y :func:`summarize` calcula los cocientes dentro de
cada ronda, con su mediana y su rango entre rondas, y los compara con los
objetivos.
"""

import contextlib
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from speed.settings import (
    BATCH_SIZE,
    BENCHMARKS_DIR,
    D2L_WORK_DIR,
    LAYERS,
    REPOSITORY_DIR,
    TARGET_A_OVER_B,
    TARGET_C_OVER_A,
    TARGET_CEILING_FRACTION,
    TARGET_PEAK_A_BYTES,
    TARGET_ROUND_VARIATION,
    VAL_BATCH_SIZE,
    VARIANTS,
    d2l_environment,
    thread_environment,
)

# --- En cada proceso de medición -------------------------------------------


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


# --- En el proceso principal: las rondas -----------------------------------


@contextlib.contextmanager
def running_workers(seed, num_train, with_c, d2l_problem):
    """Los procesos de medición, arrancados uno tras otro: ``{variante: Worker}``.

    Al salir del bloque ``with`` (también si algo falla o se interrumpe) no
    queda ningún proceso de medición vivo.
    """
    options = ["--seed", str(seed), "--num-train", str(num_train)]
    workers = {}
    try:
        workers["a"] = Worker("a", "lessons_lib", options)
        workers["b"] = Worker("b", "pytorch", options)
        workers["bare"] = Worker("bare", "bare", options)
        workers["ceiling"] = Worker("ceiling", "ceiling", options)
        if with_c:
            workers["c"] = Worker("c", "torchvision", options, d2l=d2l_problem is None)
        yield workers
    finally:
        for worker in workers.values():
            if worker.process.poll() is None:
                worker.process.kill()


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


def run_rounds(workers, rounds, epochs, c_epochs, rng, report_round):
    """Las rondas intercaladas (véase :func:`round_order`); tras cada una, ``report_round``.

    Devuelve una medición por época pedida: ``{"round", "variant",
    "seconds", "other_cores", "children_after"}``.
    """
    measurements = []
    for round_number in range(1, rounds + 1):
        for variant in round_order(rng, workers, epochs):
            measurement = workers[variant].measure(c_epochs if variant == "c" else 1)
            measurements.append({"round": round_number, "variant": variant, **measurement})
        report_round(round_number, rounds, [m for m in measurements if m["round"] == round_number])
    return measurements


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


# --- Las cuentas: FLOP del modelo y cocientes por ronda ----------------------


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
            command = [sys.executable, str(BENCHMARKS_DIR / "training_speed.py"), "--worker", worker, *options]
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
