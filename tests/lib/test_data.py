"""Especificación de lessons_lib.data: datos sintéticos y el lector de Fashion-MNIST.

Las pruebas de Fashion-MNIST trabajan con archivos IDX diminutos que generan
ellas mismas (``helpers_idx``) y aíslan la búsqueda (los fixtures ``isolated``
y ``fake`` de ``tests/lib/conftest.py``): caché del usuario, directorio del
sistema y descarga apuntan a directorios temporales o a funciones falsas, así
que nunca leen la copia real ni tocan la red. Solo
``test_real_fashion_mnist_matches_known_sums`` lee los archivos reales.
"""

import math
from pathlib import Path

import numpy as np
import pytest
import torch
from helpers_idx import (
    FILE_NAMES,
    TEST_IMAGES,
    TEST_LABELS,
    TRAIN_IMAGES,
    TRAIN_LABELS,
    idx_bytes,
    write_fake_fashion,
    write_gz,
)
from libtools import THREE_WAYS, B, W

import lessons_lib.data as data_module
from lessons_lib.data import (
    FASHION_MNIST_CLASSES,
    CorruptDataError,
    DataNotFoundError,
    FashionMNIST,
    InMemoryData,
    SyntheticRegressionData,
    cache_dir,
    corrupt_labels,
    locate_fashion_mnist,
    read_idx,
)

DEFAULTS = {
    "w": W,
    "b": B,
    "noise": 0.01,
    "num_train": 20,
    "num_val": 10,
    "batch_size": 4,
    "seed": 0,
}


def synthetic(**kwargs):
    return SyntheticRegressionData(**{**DEFAULTS, **kwargs})


def concat(batches):
    Xs, ys = zip(*batches, strict=False)
    return torch.cat(Xs), torch.cat(ys)


def row_indices(rows, X):
    """Posición en ``X`` de cada fila de ``rows`` (las filas de X son distintas)."""
    matches = (rows[:, None, :] == X[None, :, :]).all(dim=2)
    assert (matches.sum(dim=1) == 1).all(), "cada fila debe aparecer una vez en X"
    return matches.int().argmax(dim=1)


# --- SyntheticRegressionData: forma y reproducibilidad ------------------------


def test_synthetic_shapes_follow_w_num_train_and_num_val():
    data = synthetic(num_train=7, num_val=5)
    assert data.X_train.shape == (7, 3)
    assert data.y_train.shape == (7, 1)
    assert data.X_val.shape == (5, 3)
    assert data.y_val.shape == (5, 1)
    assert (data.num_train, data.num_val) == (7, 5)


def test_synthetic_tensors_are_float32_on_cpu_by_default():
    data = synthetic()
    for tensor in (data.X_train, data.y_train, data.X_val, data.y_val):
        assert tensor.dtype == torch.float32
        assert tensor.device.type == "cpu"


def test_synthetic_keeps_the_true_parameters():
    data = synthetic(w=[1.0, 2.0], b=3)
    assert torch.equal(data.w, torch.tensor([[1.0], [2.0]]))
    assert data.b == 3.0 and isinstance(data.b, float)


@pytest.mark.parametrize(
    "w",
    [[2.0, -3.4, 0.5], (2.0, -3.4, 0.5), np.array([2.0, -3.4, 0.5]), W.double()],
    ids=["list", "tuple", "numpy", "float64-tensor"],
)
def test_synthetic_accepts_w_as_any_sequence_of_numbers(w):
    assert torch.equal(synthetic(w=w).y_train, synthetic().y_train)


def test_same_seed_gives_identical_data():
    a, b = synthetic(seed=3), synthetic(seed=3)
    for name in ("X_train", "y_train", "X_val", "y_val"):
        assert torch.equal(getattr(a, name), getattr(b, name))


def test_different_seed_gives_different_data():
    a, b = synthetic(seed=3), synthetic(seed=4)
    assert not torch.equal(a.X_train, b.X_train)
    assert not torch.equal(a.y_val, b.y_val)


def test_synthetic_data_does_not_consume_the_global_random_stream():
    # Crear datos no debe cambiar los números aleatorios de otros experimentos.
    state = torch.get_rng_state()
    synthetic()
    assert torch.equal(torch.get_rng_state(), state)


# --- SyntheticRegressionData: el modelo y = Xw + b + ruido ----------------------


def test_noise_zero_gives_exact_linear_targets():
    data = synthetic(noise=0.0)
    for X, y in ((data.X_train, data.y_train), (data.X_val, data.y_val)):
        assert torch.allclose(y, X @ W.reshape(-1, 1) + B, rtol=0, atol=1e-5)


def test_residual_std_matches_noise():
    # 40 000 residuos: la desviación típica muestral de σ̂ es σ/√(2n) ≈ 0.35 %,
    # así que una tolerancia del 3 % está a más de 8 desviaciones.
    noise = 0.1
    data = synthetic(noise=noise, num_train=20000, num_val=20000)
    X = torch.cat([data.X_train, data.X_val])
    y = torch.cat([data.y_train, data.y_val])
    residual = (y - X @ W.reshape(-1, 1) - B).double()
    assert residual.std().item() == pytest.approx(noise, rel=0.03)
    # La media del ruido es 0: tolerancia de 5 errores típicos (σ/√n).
    assert abs(residual.mean().item()) < 5 * noise / math.sqrt(len(residual))


def test_inputs_are_standard_normal():
    data = synthetic(num_train=20000, num_val=1)
    X = data.X_train.double()
    assert abs(X.mean().item()) < 0.02
    assert X.std().item() == pytest.approx(1.0, rel=0.02)


# --- Lotes ----------------------------------------------------------------------


def test_train_batches_cover_every_example_exactly_once_per_epoch():
    data = synthetic(num_train=23, batch_size=4)
    generator = torch.Generator().manual_seed(0)
    for _ in range(3):  # tres épocas con el mismo generador
        X, _ = concat(data.train_batches(generator))
        order = row_indices(X, data.X_train)
        assert sorted(order.tolist()) == list(range(23))


def test_train_batches_are_shuffled():
    data = synthetic(num_train=20)
    X, _ = concat(data.train_batches(torch.Generator().manual_seed(0)))
    assert row_indices(X, data.X_train).tolist() != list(range(20))


def test_same_generator_seed_gives_same_batch_order():
    data = synthetic(num_train=20)
    first = concat(data.train_batches(torch.Generator().manual_seed(5)))
    second = concat(data.train_batches(torch.Generator().manual_seed(5)))
    assert torch.equal(first[0], second[0]) and torch.equal(first[1], second[1])


def test_different_generator_seed_gives_different_batch_order():
    data = synthetic(num_train=20)
    first, _ = concat(data.train_batches(torch.Generator().manual_seed(5)))
    second, _ = concat(data.train_batches(torch.Generator().manual_seed(6)))
    assert not torch.equal(first, second)


def test_consecutive_epochs_with_one_generator_use_different_orders():
    data = synthetic(num_train=20)
    generator = torch.Generator().manual_seed(0)
    first, _ = concat(data.train_batches(generator))
    second, _ = concat(data.train_batches(generator))
    assert not torch.equal(first, second)


def test_without_generator_the_global_seed_fixes_the_order():
    data = synthetic(num_train=20)
    torch.manual_seed(1)
    first, _ = concat(data.train_batches())
    torch.manual_seed(1)
    second, _ = concat(data.train_batches())
    assert torch.equal(first, second)


def test_shuffling_keeps_each_example_with_its_label():
    data = synthetic(noise=0.0, num_train=20)
    for X, y in data.train_batches(torch.Generator().manual_seed(0)):
        assert torch.allclose(y, X @ W.reshape(-1, 1) + B, rtol=0, atol=1e-5)


def test_train_batches_without_shuffle_are_in_order():
    data = synthetic(num_train=10, batch_size=3)
    X, y = concat(data.train_batches(shuffle=False))
    assert torch.equal(X, data.X_train) and torch.equal(y, data.y_train)


def test_val_batches_are_always_in_order():
    data = synthetic(num_val=10, batch_size=3)
    for _ in range(2):
        X, y = concat(data.val_batches())
        assert torch.equal(X, data.X_val) and torch.equal(y, data.y_val)


def test_last_batch_is_partial():
    data = synthetic(num_train=10, num_val=5, batch_size=4, val_batch_size=3)
    train_sizes = [len(X) for X, _ in data.train_batches(torch.Generator().manual_seed(0))]
    assert train_sizes == [4, 4, 2]
    assert [len(X) for X, _ in data.val_batches()] == [3, 2]


def test_val_batch_size_is_independent_of_batch_size():
    # Evaluar no necesita lotes pequeños: por defecto, lotes de 1024.
    data = synthetic(num_train=10, num_val=1030, batch_size=4)
    assert [len(X) for X, _ in data.val_batches()] == [1024, 6]
    assert [len(X) for X, _ in synthetic(num_val=7, val_batch_size=2).val_batches()] == [2, 2, 2, 1]


def test_batch_larger_than_dataset_gives_a_single_batch():
    data = synthetic(num_train=3, num_val=2, batch_size=100)
    assert [len(X) for X, _ in data.train_batches()] == [3]
    assert [len(X) for X, _ in data.val_batches()] == [2]


def test_in_memory_data_batches_index_tensors_directly():
    X, y = torch.arange(5.0), torch.arange(5)
    data = InMemoryData(X, y, X[:2], y[:2], batch_size=2)
    assert [b.tolist() for b, _ in data.train_batches(shuffle=False)] == [
        [0, 1],
        [2, 3],
        [4],
    ]
    shuffled, labels = concat(data.train_batches(torch.Generator().manual_seed(0)))
    assert torch.equal(shuffled.long(), labels)  # cada X con su y
    assert sorted(labels.tolist()) == [0, 1, 2, 3, 4]


def test_in_memory_data_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="X_train e y_train"):
        InMemoryData(torch.zeros(3), torch.zeros(2), torch.zeros(1), torch.zeros(1), 1)
    with pytest.raises(ValueError, match="X_val e y_val"):
        InMemoryData(torch.zeros(3), torch.zeros(3), torch.zeros(1), torch.zeros(2), 1)


# --- SyntheticRegressionData: argumentos inválidos ------------------------------

BAD_SYNTHETIC_ARGUMENTS = [
    ({"batch_size": 0}, ValueError, "batch_size"),
    ({"batch_size": 2.5}, TypeError, "batch_size"),
    ({"val_batch_size": 0}, ValueError, "val_batch_size"),
    ({"num_train": -1}, ValueError, "num_train"),
    ({"num_train": 0}, ValueError, "num_train"),
    ({"num_val": 0}, ValueError, "num_val"),
    ({"num_train": 10.0}, TypeError, "num_train"),
    ({"noise": -1}, ValueError, "noise"),
    ({"noise": math.nan}, ValueError, "noise"),
    ({"noise": math.inf}, ValueError, "noise"),
    ({"noise": "0.1"}, TypeError, "noise"),
    ({"w": "abc"}, TypeError, "w"),
    ({"w": []}, ValueError, "w"),
    ({"w": None}, TypeError, "w"),
    ({"b": "x"}, TypeError, "b"),
    ({"b": math.nan}, ValueError, "b"),
    ({"seed": -1}, ValueError, "seed"),
    ({"seed": 1.5}, TypeError, "seed"),
    ({"seed": True}, TypeError, "seed"),
]


@pytest.mark.parametrize(
    "kwargs, error, name",
    BAD_SYNTHETIC_ARGUMENTS,
    ids=[f"{k}={v!r}" for (kw, _, _) in BAD_SYNTHETIC_ARGUMENTS for k, v in kw.items()],
)
def test_synthetic_rejects_bad_arguments_naming_them(kwargs, error, name):
    with pytest.raises(error) as info:
        synthetic(**kwargs)
    message = str(info.value)
    assert message.startswith(f"{name} ")  # el mensaje empieza por el argumento
    assert "se recibió" in message  # y dice qué se recibió


@pytest.mark.parametrize(
    "kwargs",
    [kwargs for kwargs, _, _ in BAD_SYNTHETIC_ARGUMENTS],
    ids=[f"{k}={v!r}" for (kw, _, _) in BAD_SYNTHETIC_ARGUMENTS for k, v in kw.items()],
)
def test_rejected_synthetic_construction_leaves_nothing_half_built(kwargs):
    # «Validar en la puerta»: todos los argumentos se comprueban antes de
    # sortear datos o guardar atributos.
    data = SyntheticRegressionData.__new__(SyntheticRegressionData)
    with pytest.raises((TypeError, ValueError)):
        data.__init__(**{**DEFAULTS, **kwargs})
    assert vars(data) == {}


def test_synthetic_rejects_an_unknown_device_naming_it():
    with pytest.raises((TypeError, ValueError), match="device"):
        synthetic(device="nonsense")


# --- El dispositivo sigue a lo pedido (dispositivo «meta» de PyTorch) -----------


def test_synthetic_data_lives_on_the_requested_device():
    data = synthetic(device="meta")
    for tensor in (data.X_train, data.y_train, data.X_val, data.y_val):
        assert tensor.device.type == "meta"


def test_batches_stay_on_the_device_of_the_data():
    data = synthetic(device="meta")
    batches = list(data.train_batches(torch.Generator().manual_seed(0))) + list(data.val_batches())
    assert {t.device.type for batch in batches for t in batch} == {"meta"}


# --- Fashion-MNIST: entorno aislado (``isolated`` y ``fake``, en conftest.py) ---

CACHE_CHAIN = {"lessons_lib", "lessons_lib/fashion-mnist"}


def entries_under(directory):
    """Todo lo que hay bajo ``directory`` (archivos y directorios), en relativo."""
    directory = Path(directory)
    if not directory.exists():
        return set()
    return {str(p.relative_to(directory)) for p in directory.rglob("*")}


# --- Fashion-MNIST: lectura -----------------------------------------------------


def test_fashion_mnist_reads_images_as_float32_in_unit_interval(fake):
    data = FashionMNIST(num_val=10, batch_size=8, root=fake.dir)
    assert data.X_train.shape == (40, 1, 28, 28)
    assert data.X_val.shape == (10, 1, 28, 28)
    assert data.X_test.shape == (20, 1, 28, 28)
    assert data.X_train.dtype == data.X_val.dtype == data.X_test.dtype == torch.float32
    assert 0.0 <= data.X_train.min() and data.X_train.max() <= 1.0


def test_fashion_mnist_pixels_are_the_file_bytes_divided_by_255(fake):
    data = FashionMNIST(num_val=10, root=fake.dir)
    expected_train = torch.from_numpy(fake.arrays[TRAIN_IMAGES]).float().unsqueeze(1) / 255
    expected_test = torch.from_numpy(fake.arrays[TEST_IMAGES]).float().unsqueeze(1) / 255
    assert torch.equal(data.X_train, expected_train[data.train_index])
    assert torch.equal(data.X_val, expected_train[data.val_index])
    assert torch.equal(data.X_test, expected_test)


def test_fashion_mnist_labels_are_int64_copies_of_the_files(fake):
    data = FashionMNIST(num_val=10, root=fake.dir)
    assert data.y_train.dtype == data.y_val.dtype == data.y_test.dtype == torch.int64
    train_labels = fake.arrays[TRAIN_LABELS]
    assert data.y_train.tolist() == train_labels[data.train_index.numpy()].tolist()
    assert data.y_val.tolist() == train_labels[data.val_index.numpy()].tolist()
    assert data.y_test.tolist() == fake.arrays[TEST_LABELS].tolist()


def test_fashion_mnist_validation_comes_out_of_the_training_images_and_never_overlaps(fake):
    data = FashionMNIST(num_val=10, root=fake.dir)
    train, val = set(data.train_index.tolist()), set(data.val_index.tolist())
    assert not train & val
    assert train | val == set(range(50))  # las 50 imágenes de entrenamiento del archivo de prueba


def test_fashion_mnist_split_seed_fixes_which_images_validate(fake):
    first = FashionMNIST(num_val=10, root=fake.dir, split_seed=0)
    again = FashionMNIST(num_val=10, root=fake.dir, split_seed=0)
    other = FashionMNIST(num_val=10, root=fake.dir, split_seed=1)
    assert torch.equal(first.val_index, again.val_index)
    assert not torch.equal(first.val_index, other.val_index)
    assert torch.equal(first.X_test, other.X_test)  # la prueba no depende del reparto


def test_fashion_mnist_fewer_training_images_are_a_subset_of_more(fake):
    small = FashionMNIST(num_val=10, num_train=15, root=fake.dir)
    full = FashionMNIST(num_val=10, root=fake.dir)
    assert (small.num_train, small.num_val) == (15, 10)
    assert torch.equal(small.val_index, full.val_index)
    assert torch.equal(small.train_index, full.train_index[:15])
    assert torch.equal(small.X_train, full.X_train[:15])


def test_fashion_mnist_num_test_takes_the_first_test_images(fake):
    data = FashionMNIST(num_val=10, num_test=5, root=fake.dir)
    full = FashionMNIST(num_val=10, root=fake.dir)
    assert data.num_test == 5
    assert torch.equal(data.X_test, full.X_test[:5]) and torch.equal(data.y_test, full.y_test[:5])


@pytest.mark.parametrize(
    ("kwargs", "name", "limit"),
    [({"num_val": 50}, "num_val", "menor que las 50"), ({"num_val": 10, "num_train": 41}, "num_train", "40")],
)
def test_fashion_mnist_split_larger_than_the_files_is_a_clear_error(fake, kwargs, name, limit):
    with pytest.raises(ValueError, match=name) as error:
        FashionMNIST(root=fake.dir, **kwargs)
    assert limit in str(error.value)


def test_fashion_mnist_batches_have_the_requested_size(fake):
    data = FashionMNIST(num_val=20, batch_size=16, val_batch_size=16, root=fake.dir)
    sizes = [len(X) for X, _ in data.train_batches(torch.Generator().manual_seed(0))]
    assert sizes == [16, 14]  # las 30 imágenes de entrenamiento que no validan
    X, y = next(iter(data.val_batches()))
    assert X.shape == (16, 1, 28, 28) and y.shape == (16,)


def test_fashion_mnist_follows_the_requested_device(fake):
    data = FashionMNIST(num_val=10, root=fake.dir, device="meta")
    tensors = (data.X_train, data.y_train, data.X_val, data.y_val, data.X_test, data.y_test)
    assert {t.device.type for t in tensors} == {"meta"}
    assert data.device.type == "meta"


def test_read_idx_returns_uint8_with_the_header_shape(fake):
    images = read_idx(fake.dir / TRAIN_IMAGES)
    labels = read_idx(fake.dir / TRAIN_LABELS)
    assert images.dtype == labels.dtype == torch.uint8
    assert images.shape == (50, 28, 28) and labels.shape == (50,)
    assert np.array_equal(images.numpy(), fake.arrays[TRAIN_IMAGES])


def test_label_names_are_the_spanish_class_names(fake):
    data = FashionMNIST(num_val=10, root=fake.dir)
    assert data.label_names([0, 9, 3]) == ["camiseta", "botín", "vestido"]
    assert data.label_names(torch.tensor([1, 2])) == ["pantalón", "jersey"]
    assert FashionMNIST.classes == FASHION_MNIST_CLASSES
    assert len(FASHION_MNIST_CLASSES) == 10 == len(set(FASHION_MNIST_CLASSES))


# --- Fashion-MNIST: orden de búsqueda -------------------------------------------


def test_cache_dir_honours_xdg_cache_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "lessons_lib" / "fashion-mnist"


def test_cache_dir_defaults_to_home_cache(monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_dir() == tmp_path / ".cache" / "lessons_lib" / "fashion-mnist"


def test_root_argument_comes_first(fake, monkeypatch):
    for place in ("env", "system"):
        fake.write(fake.tmp / place)
    fake.write(fake.cache)
    monkeypatch.setenv("LESSONS_LIB_DATA", str(fake.tmp / "env"))
    assert locate_fashion_mnist(fake.dir) == fake.dir
    assert FashionMNIST(num_val=10, root=fake.dir).root == fake.dir


def test_environment_variable_comes_before_the_cache(fake, monkeypatch):
    fake.write(fake.cache)
    fake.write(fake.system)
    monkeypatch.setenv("LESSONS_LIB_DATA", str(fake.dir))
    assert locate_fashion_mnist() == fake.dir


def test_user_cache_comes_before_the_system_directory(fake):
    fake.write(fake.cache)
    fake.write(fake.system)
    assert locate_fashion_mnist() == fake.cache


def test_system_directory_is_the_last_place_searched(fake):
    fake.write(fake.system)
    data = FashionMNIST(num_val=10, root=None, download=False)
    assert data.root == fake.system
    assert fake.download_calls == []


def test_empty_environment_variable_counts_as_unset(fake, monkeypatch):
    fake.write(fake.system)
    monkeypatch.setenv("LESSONS_LIB_DATA", "")
    assert locate_fashion_mnist(download=False) == fake.system


@pytest.mark.parametrize("place", ["root", "env", "cache", "system"])
def test_torchvision_layout_is_found_in_every_place(fake, monkeypatch, place):
    base = {
        "root": fake.tmp / "r",
        "env": fake.tmp / "e",
        "cache": fake.cache,
        "system": fake.system,
    }[place]
    raw = base / "FashionMNIST" / "raw"
    fake.write(raw)
    if place == "env":
        monkeypatch.setenv("LESSONS_LIB_DATA", str(base))
    root = base if place == "root" else None
    assert locate_fashion_mnist(root, download=False) == raw
    assert FashionMNIST(num_val=10, root=root, download=False).y_test.tolist() == fake.arrays[TEST_LABELS].tolist()


def test_root_with_tilde_is_expanded(fake, monkeypatch):
    monkeypatch.setenv("HOME", str(fake.tmp))
    assert locate_fashion_mnist("~/fashion") == fake.dir


def test_root_without_the_files_is_an_error_not_a_fallback(fake):
    # Un root explícito manda: si no tiene los archivos, no se busca en otro sitio.
    fake.write(fake.cache)
    empty = fake.tmp / "empty"
    empty.mkdir()
    with pytest.raises(DataNotFoundError) as info:
        FashionMNIST(num_val=10, root=empty)
    assert "root=" in str(info.value) and str(empty) in str(info.value)
    assert fake.download_calls == []


def test_root_with_only_three_of_the_four_files_is_not_found(fake):
    (fake.dir / TEST_LABELS).unlink()
    with pytest.raises(DataNotFoundError, match="root="):
        locate_fashion_mnist(fake.dir)


def test_environment_variable_without_the_files_is_an_error(fake, monkeypatch):
    fake.write(fake.cache)
    empty = fake.tmp / "empty"
    empty.mkdir()
    monkeypatch.setenv("LESSONS_LIB_DATA", str(empty))
    with pytest.raises(DataNotFoundError, match="LESSONS_LIB_DATA"):
        locate_fashion_mnist()


def test_data_not_found_error_is_a_file_not_found_error():
    assert issubclass(DataNotFoundError, FileNotFoundError)
    assert issubclass(CorruptDataError, ValueError)


# --- Fashion-MNIST: archivos dañados --------------------------------------------


def test_checksum_mismatch_names_the_file(fake):
    images = fake.arrays[TRAIN_IMAGES].copy()
    images[0, 0, 0] ^= 1  # un solo bit cambiado
    write_gz(fake.dir / TRAIN_IMAGES, idx_bytes(images))
    with pytest.raises(CorruptDataError, match="SHA-256") as info:
        FashionMNIST(num_val=10, root=fake.dir)
    assert TRAIN_IMAGES in str(info.value)
    assert "python -m lessons_lib data" in str(info.value)  # dice cómo arreglarlo


def test_truncated_gzip_names_the_file(fake):
    path = fake.dir / TEST_IMAGES
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    with pytest.raises(CorruptDataError) as info:
        FashionMNIST(num_val=10, root=fake.dir)
    assert TEST_IMAGES in str(info.value)


def test_uncompressed_file_is_rejected_as_not_gzip(fake):
    (fake.dir / TRAIN_LABELS).write_bytes(idx_bytes(fake.arrays[TRAIN_LABELS]))
    with pytest.raises(CorruptDataError) as info:
        FashionMNIST(num_val=10, root=fake.dir)
    assert TRAIN_LABELS in str(info.value) and "gzip" in str(info.value)


def test_header_that_does_not_match_the_size_is_rejected(fake, monkeypatch):
    # La suma coincide (se acepta este contenido) pero la cabecera anuncia 51
    # imágenes y el archivo trae 50.
    content = idx_bytes(fake.arrays[TRAIN_IMAGES], shape=(51, 28, 28))
    digest = write_gz(fake.dir / TRAIN_IMAGES, content)
    monkeypatch.setitem(data_module.FASHION_MNIST_FILES, TRAIN_IMAGES, digest)
    with pytest.raises(CorruptDataError, match="cabecera") as info:
        FashionMNIST(num_val=10, root=fake.dir)
    assert TRAIN_IMAGES in str(info.value)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\x00",
        b"\x00\x00\x0d\x01\x00\x00\x00\x01\x00\x00\x00\x00",
        b"\x01\x02\x08\x01\x00\x00\x00\x00",
    ],
    ids=["empty", "short", "float-type", "bad-magic"],
)
def test_content_that_is_not_byte_idx_is_rejected(fake, monkeypatch, content):
    digest = write_gz(fake.dir / TRAIN_LABELS, content)
    monkeypatch.setitem(data_module.FASHION_MNIST_FILES, TRAIN_LABELS, digest)
    with pytest.raises(CorruptDataError) as info:
        read_idx(fake.dir / TRAIN_LABELS)
    assert TRAIN_LABELS in str(info.value)


# --- Fashion-MNIST: sin datos y descarga ----------------------------------------


def test_no_data_and_failed_download_explains_the_three_ways(isolated):
    with pytest.raises(DataNotFoundError) as info:
        FashionMNIST(num_val=10)
    message = str(info.value)
    for way in THREE_WAYS:
        assert way in message
    assert "OSError" in message and "sin conexión" in message  # la causa
    assert str(cache_dir()) in message  # adónde iría la descarga
    assert len(isolated.download_calls) == 1


def test_download_false_never_tries_to_download(isolated):
    with pytest.raises(DataNotFoundError) as info:
        FashionMNIST(num_val=10, download=False)
    assert isolated.download_calls == []
    for way in THREE_WAYS:
        assert way in str(info.value)


def test_interrupted_download_leaves_nothing_in_the_cache(isolated, monkeypatch):
    received = []

    def interrupted(directory):
        received.append(Path(directory))
        raw = Path(directory) / "FashionMNIST" / "raw"
        raw.mkdir(parents=True)
        (raw / TRAIN_IMAGES).write_bytes(b"\x1f\x8b\x08\x00parcial")
        raise ConnectionResetError("conexión interrumpida")

    monkeypatch.setattr(data_module, "_torchvision_download", interrupted)
    with pytest.raises(DataNotFoundError, match="ConnectionResetError"):
        FashionMNIST(num_val=10)
    # Ni archivos a medias ni el directorio temporal: a lo sumo, la caché vacía.
    assert entries_under(isolated.xdg) <= CACHE_CHAIN
    assert received and received[0] != isolated.cache and not received[0].exists()


def test_download_with_a_corrupt_file_keeps_nothing(isolated, monkeypatch):
    def corrupt(directory):
        raw = Path(directory) / "FashionMNIST" / "raw"
        write_fake_fashion(raw, seed=1)  # sumas distintas de las esperadas

    monkeypatch.setattr(data_module, "_torchvision_download", corrupt)
    with pytest.raises(DataNotFoundError, match="CorruptDataError"):
        FashionMNIST(num_val=10)
    assert entries_under(isolated.xdg) <= CACHE_CHAIN


def test_successful_download_leaves_exactly_the_four_files_in_the_cache(fake, monkeypatch):
    def download(directory):
        fake.download_calls.append(Path(directory))
        raw = Path(directory) / "FashionMNIST" / "raw"
        write_fake_fashion(raw)
        # torchvision deja también los archivos descomprimidos.
        (raw / "train-images-idx3-ubyte").write_bytes(b"descomprimido")

    monkeypatch.setattr(data_module, "_torchvision_download", download)
    data = FashionMNIST(num_val=10, batch_size=8)
    assert data.root == fake.cache == cache_dir()
    # Exactamente los cuatro .gz: ni los descomprimidos ni el directorio temporal.
    assert entries_under(fake.xdg) == CACHE_CHAIN | {f"lessons_lib/fashion-mnist/{n}" for n in FILE_NAMES}
    assert sorted(data.y_train.tolist() + data.y_val.tolist()) == sorted(fake.arrays[TRAIN_LABELS].tolist())
    # La segunda vez los encuentra en la caché y no descarga.
    FashionMNIST(num_val=10, batch_size=8)
    assert len(fake.download_calls) == 1


# --- Fashion-MNIST: argumentos inválidos ----------------------------------------


@pytest.mark.parametrize(
    "kwargs, error, name",
    [
        ({"num_train": 0}, ValueError, "num_train"),
        ({"num_train": 60001}, ValueError, "num_train"),
        ({"num_val": 60000}, ValueError, "num_val"),
        ({"num_test": 10001}, ValueError, "num_test"),
        ({"split_seed": -1}, ValueError, "split_seed"),
        ({"num_val": 0}, ValueError, "num_val"),
        ({"num_train": 1.5}, TypeError, "num_train"),
        ({"batch_size": 0}, ValueError, "batch_size"),
        ({"val_batch_size": 0}, ValueError, "val_batch_size"),
        ({"download": "yes"}, TypeError, "download"),
        ({"download": 1}, TypeError, "download"),
    ],
)
def test_fashion_mnist_rejects_bad_arguments_before_searching(fake, kwargs, error, name):
    with pytest.raises(error) as info:
        FashionMNIST(root=fake.tmp / "does-not-exist", **{"num_val": 10, **kwargs})
    assert str(info.value).startswith(f"{name} ")
    assert "se recibió" in str(info.value)
    assert fake.download_calls == []


def test_num_train_limit_is_stated_in_the_message(isolated):
    with pytest.raises(ValueError, match="59990") as info:  # las 60 000 menos las 10 de validación
        FashionMNIST(num_val=10, num_train=60001)
    assert "60001" in str(info.value)


# --- Los archivos reales ----------------------------------------------------------


def test_real_fashion_mnist_matches_known_sums():
    # La única prueba que lee la copia real (la que encuentra la búsqueda
    # normal; ``make test`` se asegura de que exista). read_idx comprueba la
    # suma SHA-256 de cada archivo. Fashion-MNIST está equilibrado: 6000
    # imágenes de cada clase para entrenar y 1000 para validar.
    directory = locate_fashion_mnist(download=False)
    train_images = read_idx(directory / TRAIN_IMAGES)
    train_labels = read_idx(directory / TRAIN_LABELS)
    test_images = read_idx(directory / TEST_IMAGES)
    test_labels = read_idx(directory / TEST_LABELS)
    assert train_images.shape == (60000, 28, 28)
    assert test_images.shape == (10000, 28, 28)
    assert torch.bincount(train_labels.long()).tolist() == [6000] * 10
    assert torch.bincount(test_labels.long()).tolist() == [1000] * 10


# --- Conjunto de prueba y etiquetas con ruido ---------------------------------------


def test_synthetic_test_examples_come_from_their_own_stream():
    without = synthetic()
    with_test = synthetic(num_test=50)
    assert with_test.num_test == 50 and without.num_test == 0
    # Pedir ejemplos de prueba no cambia los de entrenamiento ni los de validación.
    assert torch.equal(with_test.X_train, without.X_train) and torch.equal(with_test.y_val, without.y_val)
    residual = with_test.y_test - with_test.X_test @ with_test.w - with_test.b
    assert residual.abs().max() < 0.1  # el mismo modelo lineal, con su ruido de 0.01


def test_test_batches_are_in_order_and_missing_test_data_is_a_clear_error():
    X, y = torch.arange(6.0), torch.arange(6)
    data = InMemoryData(X, y, X[:2], y[:2], batch_size=2, val_batch_size=4, X_test=X[2:], y_test=y[2:])
    assert [b.tolist() for b, _ in data.test_batches()] == [[2.0, 3.0, 4.0, 5.0]]
    with pytest.raises(ValueError, match="no tienen conjunto de prueba"):
        InMemoryData(X, y, X, y, batch_size=2).test_batches()


def test_in_memory_data_reports_the_device_of_its_tensors():
    X, y = torch.ones(4, 2, device="meta"), torch.ones(4, device="meta")
    assert InMemoryData(X, y, X, y, batch_size=2).device.type == "meta"


def test_corrupt_labels_changes_exactly_the_requested_fraction_to_other_classes():
    labels = torch.arange(1000) % 10
    noisy, changed = corrupt_labels(labels, 0.2, seed=3)
    assert int(changed.sum()) == 200
    assert bool((noisy[changed] != labels[changed]).all())
    assert torch.equal(noisy[~changed], labels[~changed])
    assert torch.equal(labels, torch.arange(1000) % 10)  # la entrada no cambia


def test_corrupt_labels_draws_the_new_class_uniformly_among_the_others():
    labels = torch.zeros(9000, dtype=torch.long)
    noisy, _ = corrupt_labels(labels, 1.0, seed=0)
    counts = torch.bincount(noisy, minlength=10)
    assert counts[0] == 0
    # 1000 esperados por clase; una desviación típica ≈ 30, margen de cinco.
    assert bool(((counts[1:] - 1000).abs() < 150).all())


def test_corrupt_labels_is_reproducible_and_independent_of_the_global_stream():
    labels = torch.arange(100) % 10
    torch.manual_seed(0)
    first = corrupt_labels(labels, 0.5, seed=1)
    torch.manual_seed(123)
    again = corrupt_labels(labels, 0.5, seed=1)
    other = corrupt_labels(labels, 0.5, seed=2)
    assert torch.equal(first[0], again[0]) and torch.equal(first[1], again[1])
    assert not torch.equal(first[1], other[1])


def test_corrupt_labels_with_fraction_zero_or_no_labels_changes_nothing():
    labels = torch.tensor([3, 1, 4])
    noisy, changed = corrupt_labels(labels, 0.0)
    assert torch.equal(noisy, labels) and not changed.any()
    noisy, changed = corrupt_labels(torch.zeros(0, dtype=torch.long), 0.5)
    assert noisy.shape == changed.shape == (0,)
