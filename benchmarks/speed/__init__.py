"""La medición de velocidad de ``benchmarks/training_speed.py``, por partes.

- :mod:`speed.settings`: qué se mide (modelo, datos, variantes, objetivos),
  dónde quedan los archivos y con cuántos hilos.
- :mod:`speed.protocol`: los procesos de medición, las rondas intercaladas,
  los cronómetros y los cocientes por ronda.
- :mod:`speed.variants`: (a) ``lessons_lib.fit``, (b) PyTorch a mano, (b) sin
  dropout, el equivalente de (c) sin d2l y el techo de la máquina; (c) con
  d2l está en ``benchmarks/d2l_pipeline.py``.
- :mod:`speed.report`: lo que se imprime y el JSON.
"""
