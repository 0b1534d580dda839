"""Especificación de lessons_lib.__main__: ``python -m lessons_lib data`` obtiene o verifica Fashion-MNIST.

Como las de lessons_lib.data, estas pruebas trabajan con archivos diminutos
(los fixtures ``isolated`` y ``fake`` de ``tests/lib/conftest.py``) y nunca
tocan la red.
"""

import gzip
import os
import subprocess
import sys

import pytest
from helpers_idx import TEST_LABELS
from libtools import THREE_WAYS

from lessons_lib.__main__ import main as cli_main


def test_cli_reports_where_the_data_is(fake, monkeypatch, capsys):
    monkeypatch.setenv("LESSONS_LIB_DATA", str(fake.dir))
    assert cli_main(["data"]) == 0
    out = capsys.readouterr().out
    assert str(fake.dir) in out and "verificado" in out


def test_cli_accepts_a_root_option(fake, capsys):
    assert cli_main(["data", "--root", str(fake.dir), "--no-download"]) == 0
    assert str(fake.dir) in capsys.readouterr().out


def test_cli_without_data_prints_the_three_ways_and_returns_1(isolated, capsys):
    assert cli_main(["data"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    for way in THREE_WAYS:
        assert way in captured.err
    assert len(isolated.download_calls) == 1


def test_cli_no_download_does_not_download(isolated, capsys):
    assert cli_main(["data", "--no-download"]) == 1
    assert isolated.download_calls == []
    assert "python -m lessons_lib data" in capsys.readouterr().err


def test_cli_names_a_corrupt_file_and_returns_1(fake, capsys):
    (fake.dir / TEST_LABELS).write_bytes(gzip.compress(b"\x00\x00\x08\x01\x00\x00\x00\x00"))
    assert cli_main(["data", "--root", str(fake.dir)]) == 1
    assert TEST_LABELS in capsys.readouterr().err


def test_cli_requires_a_command(capsys):
    with pytest.raises(SystemExit) as info:
        cli_main([])
    assert info.value.code == 2


def test_cli_as_a_subprocess_without_data_exits_1(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "xdg"), LESSONS_LIB_DATA=str(empty))
    result = subprocess.run(
        [sys.executable, "-m", "lessons_lib", "data", "--no-download"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert f"LESSONS_LIB_DATA={str(empty)!r}" in result.stderr
    for way in THREE_WAYS:
        assert way in result.stderr
    assert not (tmp_path / "xdg").exists()  # no creó nada en la caché
