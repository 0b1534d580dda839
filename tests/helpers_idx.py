"""Archivos IDX pequeños para las pruebas de Fashion-MNIST.

Formato IDX de bytes: dos ceros, el tipo ``0x08`` (uint8), el número de
dimensiones, un ``uint32`` big-endian por dimensión y los datos. Fashion-MNIST
los distribuye comprimidos con gzip, y la biblioteca comprueba la suma SHA-256
del contenido *descomprimido*; por eso estas funciones devuelven esa suma.
"""

import gzip
import hashlib
from pathlib import Path

import numpy as np

TRAIN_IMAGES = "train-images-idx3-ubyte.gz"
TRAIN_LABELS = "train-labels-idx1-ubyte.gz"
TEST_IMAGES = "t10k-images-idx3-ubyte.gz"
TEST_LABELS = "t10k-labels-idx1-ubyte.gz"
FILE_NAMES = (TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)


def idx_bytes(array, shape=None):
    """Contenido IDX (sin comprimir) de un arreglo uint8.

    ``shape`` permite anunciar en la cabecera una forma distinta de la real,
    para fabricar archivos incoherentes.
    """
    array = np.ascontiguousarray(array, dtype=np.uint8)
    shape = array.shape if shape is None else shape
    header = bytes([0, 0, 8, len(shape)])
    header += b"".join(int(size).to_bytes(4, "big") for size in shape)
    return header + array.tobytes()


def sha256(content):
    return hashlib.sha256(content).hexdigest()


def write_gz(path, content):
    """Escribe ``content`` comprimido con gzip y devuelve su SHA-256 (sin comprimir)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(content, mtime=0))
    return sha256(content)


def fake_fashion_arrays(num_train=50, num_test=20, seed=0):
    """Imágenes (n, 28, 28) y etiquetas (n,) uint8 aleatorias, reproducibles."""
    rng = np.random.default_rng(seed)
    return {
        TRAIN_IMAGES: rng.integers(0, 256, (num_train, 28, 28), dtype=np.uint8),
        TRAIN_LABELS: rng.integers(0, 10, num_train, dtype=np.uint8),
        TEST_IMAGES: rng.integers(0, 256, (num_test, 28, 28), dtype=np.uint8),
        TEST_LABELS: rng.integers(0, 10, num_test, dtype=np.uint8),
    }


def write_fake_fashion(directory, num_train=50, num_test=20, seed=0):
    """Escribe los cuatro .gz en ``directory``.

    Devuelve ``(arrays, sums)``: los arreglos escritos y la SHA-256 del
    contenido descomprimido de cada archivo, por nombre.
    """
    arrays = fake_fashion_arrays(num_train, num_test, seed)
    sums = {name: write_gz(Path(directory) / name, idx_bytes(array)) for name, array in arrays.items()}
    return arrays, sums
