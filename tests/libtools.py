"""Lo que comparten varias pruebas de la biblioteca (``tests/lib``): datos diminutos y la lectura de figuras."""

import torch

# Los pesos y el sesgo verdaderos de la regresión sintética de las pruebas (y = Xw + b + ruido).
W = torch.tensor([2.0, -3.4, 0.5])
B = 4.2

# Las tres maneras de conseguir Fashion-MNIST que dan los mensajes cuando faltan los datos.
THREE_WAYS = (
    "python -m lessons_lib data",
    "apt-get install dataset-fashion-mnist",
    "LESSONS_LIB_DATA",
)


def sparse_problem(seed=0, n=50, d=10):
    """``(X, y)`` en float64: ``n`` ejemplos normales, tres de los ``d`` pesos distintos de cero y ruido de 0.5."""
    generator = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=generator, dtype=torch.float64)
    w = torch.zeros(d, dtype=torch.float64)
    w[:3] = torch.tensor([2.0, -1.5, 1.0])
    return X, X @ w + 0.5 * torch.randn(n, generator=generator, dtype=torch.float64)


def band_limits(collection, xs):
    """Los bordes de abajo y de arriba de una banda de fill_between en cada x."""
    vertices = collection.get_paths()[0].vertices
    low = [min(y for vx, y in vertices if vx == x) for x in xs]
    high = [max(y for vx, y in vertices if vx == x) for x in xs]
    return low, high
