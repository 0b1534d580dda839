"""La medición de velocidad (benchmarks/training_speed.py y benchmarks/speed): sus cuentas y su JSON.

No se comprueba ningún tiempo: solo que las cuentas (FLOP, cocientes por
ronda, rangos) son las que dicen ser y que el JSON tiene los campos que
promete.
"""

import importlib.util
import json
import os
import random
import sqlite3
import subprocess
import sys

import pytest
import torch
from booktools import ROOT
from speed import protocol, report, settings, variants

BENCHMARKS = ROOT / "benchmarks"


def load(name):
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


training_speed = load("training_speed")


def test_epoch_flops_counts_each_matmul_of_the_ceiling():
    # Contar los FLOP de los productos que hace CeilingSession, uno a uno.
    session = variants.CeilingSession(seed=0, num_train=1000)
    session.setup()
    counted = 0
    original_addmm, original_mm = torch.addmm, torch.mm

    def addmm(bias, a, b, out):
        nonlocal counted
        counted += 2 * a.shape[0] * a.shape[1] * b.shape[1]
        return original_addmm(bias, a, b, out=out)

    def mm(a, b, out):
        nonlocal counted
        counted += 2 * a.shape[0] * a.shape[1] * b.shape[1]
        return original_mm(a, b, out=out)

    torch.addmm, torch.mm = addmm, mm
    try:
        session.run(1)
    finally:
        torch.addmm, torch.mm = original_addmm, original_mm
    assert counted == protocol.epoch_flops(num_train=1000)


def test_epoch_flops_of_the_full_epoch():
    # 784-256-256-10: 268 800 productos por ejemplo hacia delante.
    forward = 2 * 268800
    backward = forward + 2 * (256 * 256 + 256 * 10)
    assert protocol.epoch_flops() == 60000 * (forward + backward) + 10000 * forward


def test_batch_sizes_cover_every_example():
    assert protocol.batch_sizes(600, 256) == [256, 256, 88]
    assert sum(protocol.batch_sizes(60000, 256)) == 60000


def test_spread_reports_median_range_and_variation():
    s = protocol.spread([1.0, 1.1, 0.9])
    assert s["median"] == 1.0
    assert (s["min"], s["max"]) == (0.9, 1.1)
    assert s["variation"] == pytest.approx(0.2)
    assert s["rounds"] == [1.0, 1.1, 0.9]


def test_round_order_measures_a_b_and_ceiling_epoch_by_epoch():
    rng = random.Random(0)
    orders = [protocol.round_order(rng, ["a", "b", "bare", "c", "ceiling"], epochs=3) for _ in range(50)]
    for order in orders:
        assert order.count("c") == 1 and (order[0] == "c" or order[-1] == "c")
        block = [v for v in order if v != "c"]
        # Tres tandas, cada una con una época de (a), de (b), de (b) sin dropout y del techo.
        for start in range(0, 12, 4):
            assert sorted(block[start : start + 4]) == ["a", "b", "bare", "ceiling"]
    # El orden cambia de una ronda a otra: (a) no va siempre primero.
    assert len({tuple(order) for order in orders}) > 4
    assert protocol.round_order(rng, ["a", "b", "ceiling"], epochs=1).count("c") == 0


def test_the_bare_variant_is_the_same_mlp_without_its_dropout_layers():
    torch = pytest.importorskip("torch")
    torch.manual_seed(0)
    with_dropout = variants.dropout_mlp()
    torch.manual_seed(0)
    bare = variants.dropout_mlp(dropout=False)
    assert not any(isinstance(layer, torch.nn.Dropout) for layer in bare)
    assert sum(isinstance(layer, torch.nn.Dropout) for layer in with_dropout) == 2
    for a, b in zip(with_dropout.state_dict().values(), bare.state_dict().values(), strict=True):
        assert torch.equal(a, b)


def fake_measurements():
    seconds = {"a": [1.0, 2.0], "b": [0.95, 1.9], "ceiling": [0.8, 1.6], "c": [7.0, 12.0]}
    return [
        {"round": r + 1, "variant": v, "seconds": [s[r], s[r]], "other_cores": 0.0}
        for v, s in seconds.items()
        for r in range(2)
    ]


def fake_final(same_loss=True):
    base = {"pipeline": "x", "peak_rss_bytes": 9e8, "import_rss_bytes": 5e8, "val_acc": 0.8}
    return {
        "a": {**base, "val_loss": 0.5},
        "b": {**base, "val_loss": 0.5 if same_loss else 0.6},
        "c": {**base, "val_loss": 0.7},
        "ceiling": {"pipeline": "techo", "peak_rss_bytes": 6e8, "import_rss_bytes": 5e8},
    }


def test_summarize_computes_ratios_within_each_round():
    summary = protocol.summarize(fake_measurements(), flops=8e9, final=fake_final())
    # La máquina va el doble de lenta en la ronda 2, pero los cocientes no cambian.
    assert summary["ratios"]["a/b"]["rounds"] == pytest.approx([1 / 0.95, 2 / 1.9])
    assert summary["ratios"]["a/b"]["variation"] == pytest.approx(0.0, abs=1e-12)
    assert summary["ratios"]["c/a"]["rounds"] == pytest.approx([7.0, 6.0])
    assert summary["a"]["round_medians"] == [1.0, 2.0]
    assert summary["a"]["ceiling_fraction"] == pytest.approx(0.8)
    assert summary["ceiling_gflops"] == pytest.approx(8e9 / 1.2 / 1e9)
    assert summary["a_b_same_val_loss"]
    targets = summary["targets"]
    assert targets["c/a"]["pass"] and targets["a/b"]["pass"] and targets["a/b variation"]["pass"]
    assert targets["ceiling_fraction_a"]["pass"] and targets["peak_rss_a"]["pass"]


def test_summarize_flags_missed_targets():
    measurements = fake_measurements()
    for m in measurements:
        if m["variant"] == "a" and m["round"] == 2:
            m["seconds"] = [2.5, 2.5]
    final = fake_final(same_loss=False)
    final["a"]["peak_rss_bytes"] = 1.2e9
    summary = protocol.summarize(measurements, flops=8e9, final=final)
    targets = summary["targets"]
    assert not targets["a/b variation"]["pass"]
    assert not targets["peak_rss_a"]["pass"]
    assert not summary["a_b_same_val_loss"]


def test_chapter_times_reads_the_latest_record_of_each_chapter(tmp_path):
    database = tmp_path / "global.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE nbcache (pk INTEGER, hashkey TEXT, uri TEXT, data JSON, created TEXT)")
        rows = [
            (1, "x", "/libro/book/dropout.md", json.dumps({"execution_seconds": 90.0}), "2026-01-01 10:00"),
            (2, "y", "/libro/book/dropout.md", json.dumps({"execution_seconds": 30.0}), "2026-01-02 10:00"),
            (3, "z", "/libro/book/normas.md", json.dumps({"execution_seconds": 5.0}), "2026-01-02 10:01"),
        ]
        connection.executemany("INSERT INTO nbcache VALUES (?, ?, ?, ?, ?)", rows)
    times = {name: seconds for name, seconds, _ in report.chapter_times(database)}
    assert times == {"dropout": 30.0, "normas": 5.0}
    # Se ejecutaron a la vez: de 09:59:30 (dropout empezó 30 s antes de acabar) a 10:01.
    assert report.execution_wall_seconds(report.chapter_times(database)) == pytest.approx(30.0 + 60.0)
    assert report.chapter_times(tmp_path / "no-existe.db") == []


def test_thread_environment_uses_every_core_and_passive_waiting():
    environment = settings.thread_environment(cores=3)
    assert environment == {"OMP_NUM_THREADS": "3", "MKL_NUM_THREADS": "3", "OMP_WAIT_POLICY": "PASSIVE"}


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        (["--rounds", "0"], "--rounds debe ser 1 o más; se recibió 0"),
        (["--epochs", "-1"], "--epochs debe ser 1 o más; se recibió -1"),
        (["--num-train", "70000"], "--num-train debe estar entre 1 y 60000; se recibió 70000"),
        (["--seed", "-3"], "--seed debe ser 0 o más; se recibió -3"),
    ],
)
def test_bad_arguments_are_refused_in_spanish(argument, message, capsys):
    with pytest.raises(SystemExit):
        training_speed.parse_arguments(argument)
    assert message in capsys.readouterr().err


@pytest.mark.slow
def test_tiny_run_writes_the_promised_json(tmp_path):
    output = tmp_path / "latest.json"
    command = [sys.executable, str(BENCHMARKS / "training_speed.py"), "--rounds", "2", "--epochs", "1"]
    command += ["--num-train", "1024", "--without-c", "--output", str(output)]
    finished = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    assert finished.returncode == 0, finished.stderr
    assert "a/b = " in finished.stdout and "rango" in finished.stdout
    assert "el mismo bucle sin dropout llega al" in finished.stdout
    report = json.loads(output.read_text())
    summary = report["summary"]
    assert report["ceiling_gflops"] == summary["ceiling_gflops"] > 0
    for variant in ("a", "b", "bare"):
        assert len(summary[variant]["round_medians"]) == 2
        assert 0 < summary[variant]["ceiling_fraction"]
    assert summary["a_b_same_val_loss"]
    assert set(summary["targets"]) >= {"a/b", "a/b variation", "ceiling_fraction_a", "peak_rss_a"}
    assert report["machine"]["cpu"]


# --- Los capítulos como guiones (benchmarks/chapter_scripts.py) ----------------------

scripts = load("chapter_scripts")

TINY_CHAPTER = """---
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
# Dos frases

```{code-cell} ipython3
%config InlineBackend.figure_formats = ["svg"]
from myst_nb import glue
import lessons_lib

glue("dos", 1 + 1, display=False)
lessons_lib.claim(1 + 1 == 2, "uno más uno son dos")
lessons_lib.claim(1 + 1 == 3, "uno más uno son tres")
```

```{code-cell} ipython3
lessons_lib.plot_unit_balls([1, 2])
```
"""


def run_script(script, directory):
    environment = {"PYTHONPATH": f"{BENCHMARKS.parent}:{directory}", "MPLBACKEND": "Agg", "LESSONS_LIB_DEVICE": "cpu"}
    finished = subprocess.run(
        [sys.executable, str(script)],
        cwd=BENCHMARKS.parent / "book",
        env={**os.environ, **environment},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    return finished


def test_a_cell_ends_showing_its_last_value_like_the_kernel():
    assert scripts.cell_as_statements("%config X\nfig = 1\nfig") == "fig = 1\n_show(fig)"
    assert scripts.cell_as_statements("x = 1") == "x = 1\n_show()"
    assert scripts.cell_as_statements("from IPython.display import Markdown") == "Markdown = str\n_show()"


def test_a_chapter_script_reports_every_claim_and_keeps_going(tmp_path):
    chapter = tmp_path / "diminuto.md"
    chapter.write_text(TINY_CHAPTER)
    scripts.write_scripts(tmp_path, chapters=[])
    script = tmp_path / "diminuto.py"
    script.write_text(scripts.chapter_script(chapter))
    finished = run_script(script, tmp_path)
    assert finished.returncode == 0, finished.stderr
    assert "GLUE dos = 2" in finished.stdout
    assert "CLAIM FAILED: uno más uno son tres" in finished.stdout
    assert "CLAIM FAILED: uno más uno son dos" not in finished.stdout
    assert "CLAIMS 2 FAILED 1 SECONDS" in finished.stdout


def test_the_norms_chapter_runs_as_a_script_with_every_claim_held(tmp_path):
    scripts.write_scripts(tmp_path, chapters=["normas"])
    finished = run_script(tmp_path / "normas.py", tmp_path)
    assert finished.returncode == 0, finished.stderr
    summary = finished.stdout.strip().splitlines()[-1].split()
    assert summary[0] == "CLAIMS" and int(summary[1]) >= 30
    assert summary[2:4] == ["FAILED", "0"]
