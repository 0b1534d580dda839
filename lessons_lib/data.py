"""Datos en memoria: regresión sintética, Fashion-MNIST y etiquetas con ruido.

Los conjuntos guardan todos sus ejemplos como tensores (en el dispositivo de
entrenamiento, si se pide) y forman los lotes cortando esos tensores por
índices: sin transformaciones ejemplo a ejemplo y sin procesos auxiliares.
Cada conjunto tiene tres partes con tres papeles: el **entrenamiento** ajusta
los pesos, la **validación** elige (épocas, λ, p...) y
la **prueba**, si la hay, se mira una sola vez, al final.

Fashion-MNIST se busca, en este orden, en el argumento ``root``, en la
variable de entorno ``LESSONS_LIB_DATA``, en la caché del usuario
(``~/.cache/lessons_lib/fashion-mnist``) y en
``/usr/share/datasets/fashion-mnist`` (el paquete ``dataset-fashion-mnist``
de Debian y Ubuntu); si no está en ninguno, se descarga con torchvision a la
caché. Cada archivo se comprueba con su suma SHA-256 conocida.
"""

import gzip
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import torch

from lessons_lib._extras import import_extra
from lessons_lib._validate import (
    check_bool,
    check_device,
    check_int,
    check_non_negative,
    check_probability,
    check_real,
    describe,
    to_float_tensor,
)
from lessons_lib.seeds import derive_seed

__all__ = [
    "CorruptDataError",
    "DataNotFoundError",
    "FashionMNIST",
    "InMemoryData",
    "SyntheticRegressionData",
    "cache_dir",
    "corrupt_labels",
    "download_fashion_mnist",
    "how_to_provide_data",
    "locate_fashion_mnist",
    "read_idx",
]


class InMemoryData:
    """Conjuntos de entrenamiento, validación y (si se da) prueba, como tensores.

    Argumentos:
        X_train, y_train: ejemplos y etiquetas de entrenamiento.
        X_val, y_val: ejemplos y etiquetas de validación.
        batch_size: tamaño de los minilotes de entrenamiento.
        val_batch_size: tamaño de los lotes de validación y de prueba.
            Evaluar no necesita lotes pequeños: por defecto son de 1024
            ejemplos, y el resultado es el mismo salvo redondeo.
        X_test, y_test: ejemplos y etiquetas de prueba (opcionales, los dos
            o ninguno).

    Ejemplo:
        >>> X, y = torch.arange(5.0), torch.arange(5)
        >>> data = InMemoryData(X, y, X[:2], y[:2], batch_size=2)
        >>> [X.tolist() for X, _ in data.train_batches(shuffle=False)]
        [[0.0, 1.0], [2.0, 3.0], [4.0]]
        >>> data.num_test
        0
    """

    def __init__(self, X_train, y_train, X_val, y_val, batch_size, val_batch_size=1024, *, X_test=None, y_test=None):
        self.batch_size = check_int(batch_size, "batch_size")
        self.val_batch_size = check_int(val_batch_size, "val_batch_size")
        if (X_test is None) != (y_test is None):
            raise ValueError(
                "X_test e y_test van juntos: pasa los dos o ninguno; se recibió "
                + ("solo X_test" if y_test is None else "solo y_test")
            )
        if X_test is None:
            X_test, y_test = X_train[:0], y_train[:0]
        for name, X, y in (("train", X_train, y_train), ("val", X_val, y_val), ("test", X_test, y_test)):
            if len(X) != len(y):
                raise ValueError(
                    f"X_{name} e y_{name} deben tener el mismo número de ejemplos; se recibieron {len(X)} y {len(y)}"
                )
        self.X_train, self.y_train = X_train, y_train
        self.X_val, self.y_val = X_val, y_val
        self.X_test, self.y_test = X_test, y_test

    @property
    def num_train(self):
        return len(self.X_train)

    @property
    def num_val(self):
        return len(self.X_val)

    @property
    def num_test(self):
        return len(self.X_test)

    @property
    def device(self):
        """El dispositivo de los tensores; :func:`lessons_lib.fit` entrena en él."""
        return self.X_train.device

    def train_batches(self, generator=None, *, shuffle=True):
        """Lotes de entrenamiento ``(X, y)``, barajados salvo ``shuffle=False``.

        ``generator`` (un ``torch.Generator``) fija el orden; sin él se usa el
        generador global de PyTorch.
        """
        order = None
        if shuffle:
            order = torch.randperm(self.num_train, generator=generator)
            order = order.to(self.X_train.device)
        return _batches(self.X_train, self.y_train, self.batch_size, order)

    def val_batches(self):
        """Lotes de validación ``(X, y)``, siempre en el mismo orden."""
        return _batches(self.X_val, self.y_val, self.val_batch_size, None)

    def test_batches(self):
        """Lotes de prueba ``(X, y)``, siempre en el mismo orden.

        Lanza:
            ValueError: si estos datos no tienen conjunto de prueba.
        """
        if self.num_test == 0:
            raise ValueError("estos datos no tienen conjunto de prueba (X_test e y_test)")
        return _batches(self.X_test, self.y_test, self.val_batch_size, None)


def _batches(X, y, batch_size, order):
    for start in range(0, len(X), batch_size):
        if order is None:
            yield X[start : start + batch_size], y[start : start + batch_size]
        else:
            # index_select copia filas enteras: en la CPU es varias veces
            # más rápido que X[index].
            index = order[start : start + batch_size]
            yield X.index_select(0, index), y.index_select(0, index)


class SyntheticRegressionData(InMemoryData):
    r"""Datos :math:`\mathbf{y} = \mathbf{X}\mathbf{w} + b + \epsilon`.

    Las entradas son :math:`x_{ij} \sim \mathcal{N}(0, 1)` y el ruido
    :math:`\epsilon \sim \mathcal{N}(0, \text{noise}^2)`. Los primeros
    ``num_train`` ejemplos son de entrenamiento, los ``num_val`` siguientes,
    de validación, y los ``num_test`` últimos, de prueba. La misma ``seed``
    da siempre los mismos datos, y los de entrenamiento y validación no
    cambian al pedir más o menos ejemplos de prueba.

    Argumentos:
        w: pesos verdaderos (vector de longitud ``d``).
        b: sesgo verdadero.
        noise: desviación típica del ruido (0 o más).
        num_train, num_val: número de ejemplos de cada conjunto (1 o más).
        num_test: número de ejemplos de prueba (0, por defecto, o más).
        batch_size: tamaño de los minilotes de entrenamiento.
        seed: semilla de los datos.
        device: dispositivo donde se guardan los tensores (CPU por defecto).
        val_batch_size: tamaño de los lotes de validación.

    Ejemplo:
        >>> w = torch.tensor([2.0, -3.4])
        >>> data = SyntheticRegressionData(w, 4.2, num_train=8, num_val=4)
        >>> data.X_train.shape, data.y_train.shape, data.X_val.shape
        (torch.Size([8, 2]), torch.Size([8, 1]), torch.Size([4, 2]))
    """

    def __init__(
        self,
        w,
        b,
        noise=0.01,
        num_train=1000,
        num_val=1000,
        batch_size=32,
        seed=0,
        device=None,
        val_batch_size=1024,
        num_test=0,
    ):
        w = to_float_tensor(w, "w").to("cpu", torch.float32).reshape(-1, 1)
        if len(w) == 0:
            raise ValueError("w no puede estar vacío; se recibió []")
        b = check_real(b, "b")
        noise = check_non_negative(noise, "noise")
        num_train = check_int(num_train, "num_train")
        num_val = check_int(num_val, "num_val")
        num_test = check_int(num_test, "num_test", minimum=0)
        seed = check_int(seed, "seed", minimum=0)
        device = check_device(device, "device")
        check_int(batch_size, "batch_size")
        check_int(val_batch_size, "val_batch_size")
        # Una corriente propia: set_seed(0) y seed=0 no dan los mismos números.
        generator = torch.Generator().manual_seed(derive_seed(seed, "data"))
        X, y = _linear_examples(w, b, noise, num_train + num_val, generator)
        # La prueba sale de su propia corriente: pedir más o menos ejemplos de
        # prueba no cambia los de entrenamiento ni los de validación.
        test = torch.Generator().manual_seed(derive_seed(seed, "test data"))
        X_test, y_test = _linear_examples(w, b, noise, num_test, test)
        X, y, X_test, y_test = (t.to(device) for t in (X, y, X_test, y_test))
        self.w, self.b, self.noise = w, b, noise
        super().__init__(
            X[:num_train],
            y[:num_train],
            X[num_train:],
            y[num_train:],
            batch_size,
            val_batch_size,
            X_test=X_test,
            y_test=y_test,
        )


def _linear_examples(w, b, noise, n, generator):
    X = torch.randn(n, len(w), generator=generator, dtype=w.dtype)
    epsilon = torch.randn(n, 1, generator=generator, dtype=w.dtype) * noise
    return X, X @ w + b + epsilon


def corrupt_labels(labels, fraction, num_classes=10, *, seed=0):
    """Cambia una fracción de las etiquetas por otra clase elegida al azar.

    Se eligen al azar ``round(fraction · n)`` ejemplos, y cada uno recibe una
    clase distinta de la suya, uniforme entre las ``num_classes − 1``
    restantes: la fracción de etiquetas equivocadas es exactamente
    ``fraction`` (salvo el redondeo). Es el ruido de etiquetas de Zhang et
    al. (2017), sin los sorteos que devuelven la etiqueta verdadera.

    Argumentos:
        labels: tensor de enteros de una dimensión, con valores en
            [0, ``num_classes``).
        fraction: la fracción de etiquetas que se cambian, en [0, 1].
        num_classes: número de clases (2 o más).
        seed: semilla del sorteo (entero mayor o igual que 0).

    Devuelve:
        El par ``(noisy, changed)``: las etiquetas nuevas (un tensor nuevo;
        ``labels`` no cambia) y una máscara booleana con ``True`` en los
        ejemplos cambiados.

    Ejemplo:
        >>> labels = torch.tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
        >>> noisy, changed = corrupt_labels(labels, 0.3, seed=1)
        >>> int(changed.sum()), bool((noisy[changed] != labels[changed]).all())
        (3, True)
        >>> torch.equal(noisy[~changed], labels[~changed])
        True
    """
    if not isinstance(labels, torch.Tensor) or labels.dim() != 1 or labels.is_floating_point() or labels.is_complex():
        raise TypeError(f"labels debe ser un tensor de enteros de una dimensión; se recibió {describe(labels)}")
    fraction = check_probability(fraction, "fraction")
    num_classes = check_int(num_classes, "num_classes", minimum=2)
    seed = check_int(seed, "seed", minimum=0)
    if len(labels) and not (0 <= int(labels.min()) and int(labels.max()) < num_classes):
        raise ValueError(
            f"labels debe tener valores entre 0 y {num_classes - 1} (num_classes={num_classes}); "
            f"se recibieron valores entre {int(labels.min())} y {int(labels.max())}"
        )
    generator = torch.Generator().manual_seed(derive_seed(seed, "labels"))
    count = round(fraction * len(labels))
    chosen = torch.randperm(len(labels), generator=generator)[:count].to(labels.device)
    shift = torch.randint(1, num_classes, (count,), generator=generator).to(labels.device)
    noisy = labels.clone()
    noisy[chosen] = (labels[chosen] + shift) % num_classes
    changed = torch.zeros(len(labels), dtype=torch.bool, device=labels.device)
    changed[chosen] = True
    return noisy, changed


# Sumas SHA-256 del contenido descomprimido de cada archivo. Se comprueba el
# contenido y no el .gz porque distintas fuentes comprimen los mismos bytes de
# forma distinta (la descarga original y el paquete de Debian, por ejemplo).
FASHION_MNIST_FILES = {
    "train-images-idx3-ubyte.gz": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    "train-labels-idx1-ubyte.gz": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    "t10k-images-idx3-ubyte.gz": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    "t10k-labels-idx1-ubyte.gz": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}

#: Donde deja los archivos el paquete ``dataset-fashion-mnist`` de Debian.
SYSTEM_DATA_DIR = Path("/usr/share/datasets/fashion-mnist")

#: Nombres en español de las diez clases, en el orden de las etiquetas.
FASHION_MNIST_CLASSES = (
    "camiseta",
    "pantalón",
    "jersey",
    "vestido",
    "abrigo",
    "sandalia",
    "camisa",
    "zapatilla",
    "bolso",
    "botín",
)


class DataNotFoundError(FileNotFoundError):
    """No hay copia de Fashion-MNIST y no se pudo descargar."""


class CorruptDataError(ValueError):
    """Un archivo de datos está truncado o no coincide con su suma."""


def cache_dir():
    """La caché del usuario: ``~/.cache/lessons_lib/fashion-mnist``.

    Respeta ``XDG_CACHE_HOME`` si está definida.
    """
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "lessons_lib" / "fashion-mnist"


def _files_dir(directory):
    """El directorio con los cuatro .gz: el dado o su ``FashionMNIST/raw``."""
    for candidate in (directory, directory / "FashionMNIST" / "raw"):
        if all((candidate / name).is_file() for name in FASHION_MNIST_FILES):
            return candidate
    return None


def how_to_provide_data():
    """Las tres formas de poner Fashion-MNIST al alcance de la biblioteca."""
    names = ", ".join(FASHION_MNIST_FILES)
    return (
        "Hay tres formas de proporcionar Fashion-MNIST:\n"
        "  1. Con conexión a internet: python -m lessons_lib data\n"
        f"     (lo descarga con torchvision en {cache_dir()}).\n"
        "  2. Sin conexión, en Debian o Ubuntu:\n"
        "     sudo apt-get install dataset-fashion-mnist\n"
        f"     (instala los archivos en {SYSTEM_DATA_DIR}).\n"
        f"  3. Copia los cuatro archivos ({names})\n"
        "     en un directorio e indícalo con FashionMNIST(root=...)\n"
        "     o con la variable de entorno LESSONS_LIB_DATA."
    )


def locate_fashion_mnist(root=None, download=True):
    """Encuentra (o descarga) Fashion-MNIST y devuelve su directorio.

    Busca en ``root``, en ``LESSONS_LIB_DATA``, en ``cache_dir()`` y en
    ``/usr/share/datasets/fashion-mnist``, en ese orden; un directorio vale
    si tiene los cuatro .gz (directamente o en ``FashionMNIST/raw``, como
    los deja torchvision). Si ninguno los tiene y ``download`` es verdadero,
    los descarga a la caché. Las sumas las comprueba ``read_idx``.

    Lanza:
        DataNotFoundError: si ``root`` (o ``LESSONS_LIB_DATA``) no tiene los
            archivos, o si no hay copia y la descarga falla. El mensaje
            explica cómo proporcionarlos.
    """
    environment = os.environ.get("LESSONS_LIB_DATA")
    for name, value in (("root", root), ("LESSONS_LIB_DATA", environment)):
        if value:
            found = _files_dir(Path(value).expanduser())
            if found is None:
                raise DataNotFoundError(
                    f"{name}={str(value)!r} no contiene los cuatro archivos de Fashion-MNIST.\n" + how_to_provide_data()
                )
            return found
    for directory in (cache_dir(), SYSTEM_DATA_DIR):
        found = _files_dir(directory)
        if found is not None:
            return found
    if not download:
        raise DataNotFoundError("No se encontró Fashion-MNIST.\n" + how_to_provide_data())
    try:
        return download_fashion_mnist()
    except Exception as error:
        raise DataNotFoundError(
            "No se encontró Fashion-MNIST y la descarga falló "
            f"({type(error).__name__}: {error}).\n" + how_to_provide_data()
        ) from error


def download_fashion_mnist(destination=None):
    """Descarga Fashion-MNIST con torchvision, lo comprueba y lo guarda.

    La descarga se hace en un directorio temporal dentro del destino; solo
    los archivos completos y verificados pasan a su sitio, con un renombrado
    atómico, así que una descarga interrumpida no deja nada a medias.
    """
    destination = Path(destination or cache_dir())
    destination.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=".descarga-", dir=destination))
    try:
        _torchvision_download(temporary)
        raw = _files_dir(temporary)
        if raw is None:
            raise DataNotFoundError("torchvision no dejó los cuatro archivos .gz esperados")
        for name in FASHION_MNIST_FILES:
            read_idx(raw / name)
        for name in FASHION_MNIST_FILES:
            os.replace(raw / name, destination / name)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return destination


def _torchvision_download(directory):
    # Sin el extra «data», un error que dice cómo instalarlo.
    datasets = import_extra("torchvision.datasets", "data")
    datasets.FashionMNIST(str(directory), train=True, download=True)


def read_idx(path):
    """Lee un archivo IDX comprimido (.gz), comprueba su suma y lo devuelve.

    Devuelve:
        Tensor ``uint8`` con la forma que anuncia la cabecera del archivo.

    Lanza:
        CorruptDataError: si el archivo está truncado, no es gzip, no
            coincide con su suma SHA-256 o su cabecera no es de IDX. El
            mensaje nombra el archivo y dice cómo arreglarlo.
    """
    path = Path(path)
    fix = "Bórralo y vuelve a obtenerlo (python -m lessons_lib data)."
    try:
        with gzip.open(path, "rb") as file:
            content = file.read()
    except (OSError, EOFError) as error:
        raise CorruptDataError(f"{path} está truncado o no es un gzip válido ({error}). {fix}") from error
    expected = FASHION_MNIST_FILES.get(path.name)
    if expected and hashlib.sha256(content).hexdigest() != expected:
        raise CorruptDataError(f"{path} no coincide con su suma SHA-256 conocida: está dañado o incompleto. {fix}")
    return _parse_idx(content, path)


def _parse_idx(content, path):
    """IDX: dos ceros, el tipo (8 = uint8), las dimensiones y sus tamaños."""
    if len(content) < 4 or content[:3] != b"\x00\x00\x08":
        raise CorruptDataError(f"{path} no es un archivo IDX de bytes.")
    ndim = content[3]
    header = 4 + 4 * ndim
    shape = tuple(int.from_bytes(content[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    if len(content) != header + int(np.prod(shape)):
        raise CorruptDataError(f"{path} tiene {len(content)} bytes, pero su cabecera anuncia la forma {shape}.")
    array = np.frombuffer(content, dtype=np.uint8, offset=header)
    return torch.from_numpy(array.reshape(shape).copy())


class FashionMNIST(InMemoryData):
    """Fashion-MNIST en memoria: entrenamiento, validación y prueba.

    Las 60 000 imágenes de entrenamiento oficiales se reparten al azar (el
    reparto lo fija ``split_seed``): ``num_val`` van a la validación y, de
    las restantes, ``num_train`` al entrenamiento. Las 10 000 imágenes de
    prueba oficiales quedan aparte, como conjunto de prueba, para mirarlas
    una sola vez, al final (``evaluate(model, data, split="test")``).

    Las imágenes son tensores ``float32`` de forma ``(n, 1, 28, 28)`` con
    valores en [0, 1]; las etiquetas, enteros de 0 a 9 (sus nombres están en
    ``FashionMNIST.classes``). ``train_index`` y ``val_index`` dicen qué
    imágenes de entrenamiento oficiales tocaron a cada parte.

    Argumentos:
        batch_size: tamaño de los minilotes de entrenamiento.
        root: directorio con los cuatro .gz (véase
            :func:`locate_fashion_mnist`).
        device: dispositivo donde se guardan los tensores (CPU por defecto).
        num_train: imágenes de entrenamiento; ``None`` (por defecto), todas
            las que no van a la validación.
        num_val: imágenes de validación (10 000 por defecto).
        num_test: usar solo las primeras ``num_test`` imágenes de prueba;
            ``None`` (por defecto), las 10 000.
        split_seed: semilla del reparto entre entrenamiento y validación.
        download: si se permite descargar los datos cuando no hay copia.
        val_batch_size: tamaño de los lotes de validación y de prueba.
    """

    classes = FASHION_MNIST_CLASSES

    def __init__(
        self,
        batch_size=256,
        root=None,
        device=None,
        num_train=None,
        num_val=10000,
        num_test=None,
        split_seed=0,
        download=True,
        val_batch_size=1024,
    ):
        batch_size = check_int(batch_size, "batch_size")
        val_batch_size = check_int(val_batch_size, "val_batch_size")
        device = check_device(device, "device")
        num_val = check_int(num_val, "num_val", maximum=59999)
        if num_train is not None:
            num_train = check_int(num_train, "num_train", maximum=60000 - num_val)
        if num_test is not None:
            num_test = check_int(num_test, "num_test", minimum=0, maximum=10000)
        split_seed = check_int(split_seed, "split_seed", minimum=0)
        check_bool(download, "download")
        self.root = locate_fashion_mnist(root, download=download)
        images, labels = _images(self.root, "train"), _labels(self.root, "train")
        self.train_index, self.val_index = _split(len(images), num_train, num_val, split_seed)
        test_images, test_labels = _images(self.root, "t10k"), _labels(self.root, "t10k")
        super().__init__(
            images[self.train_index].to(device),
            labels[self.train_index].to(device),
            images[self.val_index].to(device),
            labels[self.val_index].to(device),
            batch_size,
            val_batch_size,
            X_test=test_images[:num_test].to(device),
            y_test=test_labels[:num_test].to(device),
        )

    def label_names(self, labels):
        """Nombres en español de una secuencia de etiquetas."""
        return [self.classes[int(label)] for label in labels]


def _split(total, num_train, num_val, seed):
    """Índices de entrenamiento y de validación: un barajado de ``range(total)`` cortado en dos."""
    if num_val >= total:
        raise ValueError(f"num_val debe ser menor que las {total} imágenes de entrenamiento; se recibió {num_val}")
    if num_train is None:
        num_train = total - num_val
    elif num_train > total - num_val:
        raise ValueError(
            f"num_train debe ser como mucho {total - num_val} (las imágenes que no van a la validación); "
            f"se recibió {num_train}"
        )
    order = torch.randperm(total, generator=torch.Generator().manual_seed(derive_seed(seed, "split")))
    return order[num_val : num_val + num_train], order[:num_val]


def _images(root, split):
    images = read_idx(root / f"{split}-images-idx3-ubyte.gz")
    # div_ divide en el sitio: no hace falta una segunda copia de 188 MB.
    return images.unsqueeze(1).float().div_(255)


def _labels(root, split):
    return read_idx(root / f"{split}-labels-idx1-ubyte.gz").long()
