"""Entrenar y evaluar: ``fit`` (con parada temprana), ``evaluate``, ``History``.

Un modelo que se entrena con :func:`fit` es un ``torch.nn.Module`` con:

* ``forward(X)``: la predicción;
* ``loss(y_hat, y)``: la pérdida media de los datos de un lote (es la que se
  informa, en entrenamiento y en validación);
* ``configure_optimizers()``: el optimizador, si no se pasa uno a ``fit``;
* ``penalty()`` (opcional): un término que se suma a la pérdida solo para
  calcular el gradiente, como :math:`\\tfrac{\\lambda}{2}\\|\\mathbf{w}\\|^2`.

Los datos son un objeto con ``train_batches(generator)`` y ``val_batches()``
(y ``test_batches()`` si tienen conjunto de prueba), como los de
:mod:`lessons_lib.data`. El entrenamiento se hace en el dispositivo de los
datos (su atributo ``device``), salvo que se pida otro.
"""

import math
import os
import sys
import time
import warnings
from dataclasses import dataclass, field

import torch

from lessons_lib._validate import check_bool, check_device, check_int, describe
from lessons_lib.seeds import batch_order_generator, set_seed

__all__ = [
    "EarlyStopping",
    "History",
    "Metrics",
    "evaluate",
    "fit",
    "get_device",
    "show_progress",
    "train_epoch",
    "train_model",
]

SPLITS = ("train", "val", "test")


@dataclass
class History:
    """Historial de un entrenamiento: una entrada por época.

    Atributos:
        train_loss: pérdida media de los datos de entrenamiento, sin
            penalización, medida durante la época (con dropout activo).
        val_loss: pérdida media de los datos de validación, sin penalización.
        train_acc: exactitud en entrenamiento, medida durante la época (solo
            clasificadores; si no, vacía).
        val_acc: exactitud en validación (solo clasificadores; si no, vacía).
        train_eval_loss: pérdida en entrenamiento medida al final de cada
            época en modo ``eval``, igual que la validación (solo con
            ``fit(..., eval_train=True)``; si no, vacía).
        train_eval_acc: exactitud en entrenamiento medida igual (solo
            clasificadores con ``eval_train=True``; si no, vacía).
        seconds: segundos que tardó cada época (entrenamiento y evaluación).
            No se imprimen con el historial, para que la tabla sea la misma
            en cada ejecución.
        stopped_epoch: la época (contada desde 1) en que la parada temprana
            detuvo el entrenamiento, o ``None`` si se hicieron todas las
            épocas pedidas.
        restored: si al terminar el modelo recuperó los pesos de la mejor
            época (``fit(..., restore_best=True)``).
        tracked: ``{nombre: [valor por época]}``, lo que midieron las
            funciones de ``fit(..., track=...)``.

    Ejemplo:
        >>> h = History(train_loss=[0.5, 0.25], val_loss=[0.6, 0.4],
        ...             seconds=[1.0, 1.0])
        >>> len(h), h.best_epoch
        (2, 2)
        >>> print(h)
        época  pérdida entr.  pérdida val.
            1       0.500000      0.600000
            2       0.250000      0.400000
    """

    train_loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    train_acc: list = field(default_factory=list)
    val_acc: list = field(default_factory=list)
    train_eval_loss: list = field(default_factory=list)
    train_eval_acc: list = field(default_factory=list)
    seconds: list = field(default_factory=list)
    stopped_epoch: int | None = None
    restored: bool = False
    tracked: dict = field(default_factory=dict)

    def __len__(self):
        return len(self.train_loss)

    @property
    def best_epoch(self):
        """La época (contada desde 1) con menor pérdida de validación.

        Si varias empatan, la primera; ``None`` si no hay ninguna (o todas
        son NaN). Es la época cuyos pesos recupera ``restore_best``.
        """
        finite = [(loss, epoch) for epoch, loss in enumerate(self.val_loss, start=1) if not math.isnan(loss)]
        return min(finite)[1] if finite else None

    def __str__(self):
        # Sin los segundos: la tabla es la misma en cada ejecución.
        columns = [  # (cabecera, valores, decimales)
            ("pérdida entr.", self.train_loss, 6),
            ("pérdida val.", self.val_loss, 6),
            ("exact. entr.", self.train_acc, 4),
            ("exact. val.", self.val_acc, 4),
            ("pérdida entr. (eval)", self.train_eval_loss, 6),
            ("exact. entr. (eval)", self.train_eval_acc, 4),
        ]
        columns = columns[:2] + [c for c in columns[2:] if c[1]]
        lines = ["  ".join(["época"] + [name for name, _, _ in columns])]
        for i in range(len(self)):
            cells = [f"{i + 1:>5}"]
            for name, values, digits in columns:
                cells.append(f"{values[i]:>{len(name)}.{digits}f}")
            lines.append("  ".join(cells))
        return "\n".join(lines)


@dataclass
class Metrics:
    """Resultado de :func:`evaluate`: pérdida y exactitud (``None`` en regresión)."""

    loss: float
    accuracy: float | None


def get_device():
    """Elige el dispositivo: CUDA si la hay, si no MPS (Apple), si no la CPU.

    La variable de entorno ``LESSONS_LIB_DEVICE`` (por ejemplo ``cpu``,
    ``cuda`` o ``cuda:1``) manda sobre la elección automática.

    Lanza:
        ValueError: si ``LESSONS_LIB_DEVICE`` no nombra un dispositivo válido
            o nombra uno que no está disponible.

    Ejemplo:
        >>> get_device().type in ("cpu", "cuda", "mps")
        True
    """
    requested = os.environ.get("LESSONS_LIB_DEVICE", "").strip()
    if requested:
        try:
            device = torch.device(requested)
        except RuntimeError as error:
            raise ValueError(
                "LESSONS_LIB_DEVICE debe nombrar un dispositivo de PyTorch "
                f"(cpu, cuda, cuda:1, mps...); se recibió {requested!r}"
            ) from error
        if not _available(device):
            raise ValueError(
                f"LESSONS_LIB_DEVICE pide {requested!r}, pero ese "
                "dispositivo no está disponible "
                "en esta máquina; quita la variable o usa 'cpu'"
            )
        return device
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def _available(device):
    if device.type == "cpu":
        return True
    if device.type == "cuda":
        index = device.index or 0
        return torch.cuda.is_available() and index < torch.cuda.device_count()
    if device.type == "mps":
        return torch.backends.mps.is_available()
    return False


def _default_optimizer(model):
    """El optimizador del modelo, ``model.configure_optimizers()``.

    El nombre de la versión 0.1, ``configure_optimizer()``, sigue valiendo
    con un aviso: así funcionan los modelos escritos para ella.
    """
    if hasattr(model, "configure_optimizers"):
        return model.configure_optimizers()
    if hasattr(model, "configure_optimizer"):
        warnings.warn(
            "configure_optimizer() se llama ahora configure_optimizers(); cambia el nombre del método",
            FutureWarning,
            stacklevel=3,
        )
        return model.configure_optimizer()
    raise TypeError(
        f"model debe tener un método configure_optimizers() o hay que pasar optimizer=...; se recibió {describe(model)}"
    )


def fit(
    model,
    data,
    epochs,
    *,
    optimizer=None,
    seed=0,
    device=None,
    progress=None,
    eval_train=False,
    patience=None,
    restore_best=False,
    track=None,
):
    r"""Entrena ``model`` con ``data`` durante ``epochs`` épocas como mucho.

    Cada época es una llamada a :func:`train_epoch`; después, :func:`evaluate`
    mide la validación (modo ``eval`` y sin gradientes). Las pérdidas se
    guardan como números de Python, así que no queda ningún grafo vivo.

    **Parada temprana.** Con ``patience=k``, el entrenamiento se detiene en
    cuanto pasan ``k`` épocas seguidas sin que la pérdida de validación baje
    de la mejor vista hasta entonces. Con ``restore_best=True``, al terminar
    (se detenga antes o no) el modelo recupera los pesos de la época con
    menor pérdida de validación, :attr:`History.best_epoch`.

    Argumentos:
        model: ``torch.nn.Module`` con ``loss`` (y ``configure_optimizers`` si
            no se pasa ``optimizer``).
        data: objeto con ``train_batches(generator)`` y ``val_batches()``.
        epochs: número máximo de épocas, entero mayor o igual que 1.
        optimizer: optimizador de PyTorch; por defecto,
            ``model.configure_optimizers()``.
        seed: semilla del orden de los minilotes de entrenamiento (el mismo
            ``seed`` da el mismo orden en cada llamada; véase
            :func:`lessons_lib.batch_order_generator`).
        device: dispositivo del entrenamiento; por defecto, el de los datos
            (``data.device``) y, si los datos no lo dicen,
            :func:`get_device`. Si no es el de los datos, cada minilote se copia
            en cada paso, y ``fit`` lo avisa.
        progress: ``True`` o ``False`` para mostrar u ocultar la barra de
            progreso; ``None`` la muestra solo a una persona: en una terminal o un
            cuaderno abierto, nunca en CI ni al compilar el libro
            (``LESSONS_LIB_PROGRESS=0`` o ``1`` manda).
        eval_train: si es verdadero, al final de cada época evalúa también
            el conjunto de entrenamiento en modo ``eval`` (dropout apagado),
            para comparar entrenamiento y validación en igualdad de
            condiciones. Cuesta una pasada más por los datos de
            entrenamiento.
        patience: ``None`` (sin parada temprana) o un entero mayor o igual
            que 1: cuántas épocas seguidas sin mejora se toleran.
        restore_best: si es verdadero, el modelo termina con los pesos de
            su mejor época de validación.
        track: ``{nombre: función}`` (opcional): al final de cada época, cada
            función recibe el modelo (en modo ``eval``, sin gradientes) y
            devuelve un número, que se guarda en ``History.tracked[nombre]``.
            Sirve para seguir algo que no es la pérdida, como la exactitud
            en un subconjunto de ejemplos.

    Devuelve:
        :class:`History` con una entrada por época hecha. El modelo queda en
        el dispositivo del entrenamiento y en modo de entrenamiento, como
        tras cualquier bucle de entrenamiento de PyTorch: llama a
        ``model.eval()`` antes de usarlo para predecir.

    Ejemplo:
        >>> from lessons_lib import (
        ...     LinearRegressionScratch, SyntheticRegressionData)
        >>> set_seed(0)
        >>> w = torch.tensor([2.0, -3.4])
        >>> data = SyntheticRegressionData(w, 4.2, num_train=200, batch_size=10)
        >>> model = LinearRegressionScratch(2, lr=0.1)
        >>> history = fit(model, data, epochs=3, progress=False)
        >>> len(history), history.val_loss[-1] < 0.001 < history.val_loss[0]
        (3, True)
    """
    epochs = check_int(epochs, "epochs")
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model debe ser un torch.nn.Module; se recibió {describe(model)}")
    for method in ("train_batches", "val_batches"):
        if not callable(getattr(data, method, None)):
            raise TypeError(f"data debe tener el método {method}(); se recibió {describe(data)}")
    seed = check_int(seed, "seed", minimum=0)
    progress = show_progress(progress)
    check_bool(eval_train, "eval_train")
    track = _check_track(track)
    stopper = EarlyStopping(model, patience, restore_best)
    device = _training_device(data, check_device(device, "device"))
    model.to(device)
    if optimizer is None:
        optimizer = _default_optimizer(model)
    generator = batch_order_generator(seed)
    history = History(tracked={name: [] for name in track})
    with _progress_bar(epochs, progress) as bar:
        for epoch in range(1, epochs + 1):
            start = time.perf_counter()
            train = train_epoch(model, data.train_batches(generator), optimizer, device)
            val = evaluate(model, data, device=device)
            _record(history, train, val, evaluate(model, data, "train", device=device) if eval_train else None)
            _record_tracked(history, model, track)
            history.seconds.append(time.perf_counter() - start)
            bar.update(1)
            bar.set_postfix(entr=f"{train.loss:.4g}", val=f"{val.loss:.4g}")
            if stopper.update(val.loss):
                history.stopped_epoch = epoch
                break
    history.restored = stopper.restore()
    return history


def _training_device(data, requested):
    """El dispositivo del entrenamiento: el pedido, el de los datos o el de :func:`get_device`."""
    data_device = getattr(data, "device", None)
    device = torch.device(requested or data_device or get_device())
    if data_device is not None and not _same_device(device, data_device):
        warnings.warn(
            f"los datos están en {data_device} y el modelo se entrena en {device}: cada minilote se "
            f"copiará de un dispositivo a otro en cada paso. Crea los datos con device='{device}' "
            "o no pases device a fit",
            UserWarning,
            stacklevel=3,
        )
    return device


def _same_device(a, b):
    a, b = torch.device(a), torch.device(b)
    return a.type == b.type and (a.index or 0) == (b.index or 0)


def _check_track(track):
    if track is None:
        return {}
    if not isinstance(track, dict) or not all(isinstance(k, str) and callable(f) for k, f in track.items()):
        raise TypeError(
            f"track debe ser un diccionario {{nombre: función(model) -> número}}; se recibió {describe(track)}"
        )
    return track


def _record_tracked(history, model, track):
    was_training = model.training
    model.eval()
    with torch.no_grad():
        for name, measure in track.items():
            history.tracked[name].append(float(measure(model)))
    model.train(was_training)


def _record(history, train, val, train_eval):
    history.train_loss.append(train.loss)
    history.val_loss.append(val.loss)
    if val.accuracy is not None:
        history.train_acc.append(train.accuracy)
        history.val_acc.append(val.accuracy)
    if train_eval is not None:
        history.train_eval_loss.append(train_eval.loss)
        if train_eval.accuracy is not None:
            history.train_eval_acc.append(train_eval.accuracy)


class EarlyStopping:
    """La parada temprana: vigila la pérdida de validación época a época.

    Guarda la mejor pérdida vista, cuántas épocas seguidas lleva sin
    mejorarla (una pérdida igual o NaN no es una mejora) y, con
    ``restore_best=True``, una copia de los pesos de esa mejor época.
    :func:`fit` la usa así: tras evaluar cada época llama a
    ``update(pérdida)``, que dice si hay que parar, y al terminar, a
    ``restore()``.

    Argumentos:
        model: el modelo cuyos pesos se guardan.
        patience: épocas seguidas sin mejora que se toleran (entero mayor o
            igual que 1), o ``None`` para no parar nunca antes de tiempo.
        restore_best: si ``restore()`` devuelve al modelo los pesos de la
            mejor época.

    Ejemplo:
        >>> stopper = EarlyStopping(torch.nn.Linear(1, 1), patience=2)
        >>> [stopper.update(loss) for loss in [3.0, 2.0, 2.5, 2.1]]
        [False, False, False, True]
    """

    def __init__(self, model, patience=None, restore_best=False):
        self.patience = None if patience is None else check_int(patience, "patience")
        self.restore_best = check_bool(restore_best, "restore_best")
        self.model = model
        self.best_loss = math.inf
        self.waited = 0  # épocas seguidas sin mejora
        self.best_weights = None

    def update(self, val_loss):
        """Registra la pérdida de una época; devuelve ``True`` si hay que parar."""
        if val_loss < self.best_loss:  # una pérdida NaN nunca mejora
            self.best_loss, self.waited = val_loss, 0
            if self.restore_best:  # una copia: state_dict() comparte memoria con el modelo
                self.best_weights = {name: v.detach().clone() for name, v in self.model.state_dict().items()}
        else:
            self.waited += 1
        return self.patience is not None and self.waited >= self.patience

    def restore(self):
        """Devuelve al modelo los pesos de la mejor época, si se guardaron; dice si lo hizo."""
        if self.best_weights is None:
            return False
        self.model.load_state_dict(self.best_weights)
        return True


def train_epoch(model, batches, optimizer, device):
    """Una época de entrenamiento; devuelve la pérdida (y la exactitud) media.

    Para cada minilote: pasada hacia delante, pérdida de los datos más
    ``model.penalty()`` si el modelo la define, retropropagación y paso del
    optimizador. Se acumula la pérdida de los datos, sin la penalización,
    como número de Python: ningún grafo queda vivo.

    Argumentos:
        model: el modelo (se pone en modo de entrenamiento).
        batches: iterable de pares ``(X, y)``.
        optimizer: el optimizador de PyTorch.
        device: dispositivo al que se mueve cada minilote.

    Devuelve:
        :class:`Metrics` medidas durante la época (con el dropout activo).
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model debe ser un torch.nn.Module; se recibió {describe(model)}")
    device = check_device(device, "device")
    model.train()
    penalty = getattr(model, "penalty", None)
    totals = _Totals()
    for X, y in batches:
        X, y = X.to(device), y.to(device)
        y_hat = model(X)
        loss = model.loss(y_hat, y)
        objective = loss + penalty() if penalty is not None else loss
        optimizer.zero_grad()
        objective.backward()
        optimizer.step()
        totals.add(loss, y_hat, y)
    return totals.metrics()


def train_model(make_model, data, epochs, *, seed=0, **options):
    """Crea un modelo nuevo y lo entrena con :func:`fit`, todo con una semilla.

    ``set_seed(seed)`` antes de ``make_model()`` fija los pesos iniciales (y
    las máscaras de dropout que se sorteen después), y ``fit(..., seed=seed)``
    fija el orden de los minilotes: con la misma semilla, dos modelos empiezan en
    los mismos pesos y ven los minilotes en el mismo orden.

    Argumentos:
        make_model: función sin argumentos que crea el modelo (por ejemplo
            ``lambda: DropoutMLP(dropout_1=0.2)``).
        data, epochs: como en :func:`fit`.
        seed: la semilla del experimento (entero mayor o igual que 0).
        **options: el resto de argumentos de :func:`fit`.

    Devuelve:
        El par ``(model, history)``.

    Ejemplo:
        >>> from lessons_lib import LinearRegressionScratch, SyntheticRegressionData
        >>> data = SyntheticRegressionData([1.0, -1.0], 0.5, num_train=50, batch_size=10)
        >>> make = lambda: LinearRegressionScratch(2, lr=0.1)
        >>> a, _ = train_model(make, data, epochs=2, seed=3, progress=False)
        >>> b, _ = train_model(make, data, epochs=2, seed=3, progress=False)
        >>> torch.equal(a.w, b.w)
        True
    """
    if not callable(make_model):
        raise TypeError(f"make_model debe ser una función que crea el modelo; se recibió {describe(make_model)}")
    set_seed(seed)
    model = make_model()
    return model, fit(model, data, epochs, seed=seed, **options)


def evaluate(model, data, split="val", *, device=None):
    """Pérdida media (y exactitud, en clasificación) de ``model`` en ``data``.

    Evalúa en modo ``eval`` (dropout apagado) y sin gradientes, con una sola
    pasada hacia delante por lote, y deja el modelo en el modo en que estaba.
    El conjunto de prueba (``split="test"``) se mira una sola vez, al final,
    con el modelo ya elegido: elegir épocas o hiperparámetros mirándolo lo
    convertiría en otra validación.

    Argumentos:
        model: ``torch.nn.Module`` con ``loss``.
        data: objeto con ``train_batches(shuffle=False)``, ``val_batches()``
            y, para ``split="test"``, ``test_batches()``.
        split: ``"val"`` (por defecto), ``"train"`` o ``"test"``.
        device: dispositivo de los lotes; por defecto, el de los parámetros
            del modelo.

    Devuelve:
        :class:`Metrics` con ``loss`` y ``accuracy`` (``None`` en regresión).

    Ejemplo:
        >>> from lessons_lib import (
        ...     LinearRegressionScratch, SyntheticRegressionData)
        >>> data = SyntheticRegressionData([1.0], 0.0, num_train=10, num_val=10)
        >>> model = LinearRegressionScratch(1, lr=0.1, sigma=0.0)
        >>> metrics = evaluate(model, data)
        >>> metrics.accuracy is None  # es una regresión
        True
        >>> expected = (data.y_val**2).mean().item() / 2  # con w = 0 y b = 0
        >>> abs(metrics.loss - expected) < 1e-6
        True
    """
    if split not in SPLITS:
        raise ValueError(f"split debe ser 'train', 'val' o 'test'; se recibió {split!r}")
    if split == "test" and (getattr(data, "num_test", 1) == 0 or not callable(getattr(data, "test_batches", None))):
        raise ValueError(
            f"split='test' necesita datos con conjunto de prueba; se recibió {describe(data)}, que no lo tiene"
        )
    if device is None:
        device = next(model.parameters()).device
    if split == "train":
        batches = data.train_batches(shuffle=False)
    else:
        batches = data.val_batches() if split == "val" else data.test_batches()
    was_training = model.training
    model.eval()
    totals = _Totals()
    with torch.no_grad():
        for X, y in batches:
            X, y = X.to(device), y.to(device)
            y_hat = model(X)
            totals.add(model.loss(y_hat, y), y_hat, y)
    model.train(was_training)
    return totals.metrics()


class _Totals:
    """Suma pérdidas (ponderadas por tamaño de lote) y aciertos, como ``float``."""

    def __init__(self):
        self.loss = 0.0
        self.correct = 0
        self.count = 0
        self.classifier = False

    def add(self, loss, y_hat, y):
        self.loss += loss.item() * len(y)
        self.count += len(y)
        if not y.is_floating_point():
            self.classifier = True
            self.correct += (y_hat.argmax(dim=1) == y).sum().item()

    def metrics(self):
        if self.count == 0:
            return Metrics(math.nan, math.nan if self.classifier else None)
        accuracy = self.correct / self.count if self.classifier else None
        return Metrics(self.loss / self.count, accuracy)


def show_progress(progress=None):
    """Decide si ``fit`` muestra una barra de progreso.

    ``True`` o ``False`` mandan. Con ``None``: la variable
    ``LESSONS_LIB_PROGRESS`` (``0`` o ``1``) si existe; si no, nunca en CI
    (``CI`` definida); si no, solo cuando la salida de errores es una terminal
    o un cuaderno de Jupyter abierto por una persona. La compilación del libro
    pone ``LESSONS_LIB_PROGRESS=0``.

    Ejemplo:
        >>> show_progress(False)
        False
    """
    if check_bool(progress, "progress", allow_none=True) is not None:
        return progress
    setting = os.environ.get("LESSONS_LIB_PROGRESS")
    if setting is not None:
        return setting.strip() not in ("", "0", "false", "no")
    if os.environ.get("CI"):
        return False
    return sys.stderr.isatty() or "ipykernel" in sys.modules


def _progress_bar(epochs, enabled):
    from tqdm import tqdm

    return tqdm(
        total=epochs,
        desc="épocas",
        unit="época",
        disable=not enabled,
        leave=False,
    )
