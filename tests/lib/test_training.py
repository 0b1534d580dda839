"""Especificación de lessons_lib.training: fit, evaluate, History, EarlyStopping, get_device y la barra de progreso.

Todo se entrena en la CPU con problemas diminutos (unos cientos de ejemplos,
pocas épocas). Que cada función siga el dispositivo de su entrada (con el
dispositivo «meta» de PyTorch) se prueba en el archivo de su módulo.
"""

import math
import sys

import pytest
import torch
from libtools import B, W

from lessons_lib import (
    DropoutMLP,
    EarlyStopping,
    History,
    LinearRegressionScratch,
    SyntheticRegressionData,
    WeightDecayScratch,
    evaluate,
    fit,
    get_device,
    l2_penalty,
    set_seed,
    train_model,
)
from lessons_lib.data import InMemoryData
from lessons_lib.training import show_progress


def regression_data(num_train=100, num_val=50, batch_size=10, val_batch_size=None, noise=0.01):
    return SyntheticRegressionData(
        W,
        B,
        noise=noise,
        num_train=num_train,
        num_val=num_val,
        batch_size=batch_size,
        val_batch_size=val_batch_size or batch_size,
        seed=0,
    )


def classification_data(num_train=64, num_val=32, batch_size=16):
    """Dos clases separables por un hiperplano, en 4 dimensiones."""
    generator = torch.Generator().manual_seed(0)
    X = torch.randn(num_train + num_val, 4, generator=generator)
    y = (X[:, 0] + X[:, 1] > 0).long()
    return InMemoryData(
        X[:num_train],
        y[:num_train],
        X[num_train:],
        y[num_train:],
        batch_size,
        val_batch_size=batch_size,
    )


def small_mlp(dropout=0.5, lr=0.5):
    return DropoutMLP(4, 16, 16, 2, dropout_1=dropout, dropout_2=dropout, lr=lr)


def train(model, data, epochs=2, **kwargs):
    kwargs.setdefault("device", "cpu")
    kwargs.setdefault("progress", False)
    return fit(model, data, epochs, **kwargs)


class Recording(LinearRegressionScratch):
    """Regresión lineal que anota, en cada pasada hacia delante, el modo y si hay gradientes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.calls = []

    def forward(self, X):
        self.calls.append((self.training, torch.is_grad_enabled(), len(X)))
        return super().forward(X)


# --- fit aprende ----------------------------------------------------------------


def test_fit_lowers_the_loss_on_a_regression_problem():
    data = regression_data()
    set_seed(0)
    model = LinearRegressionScratch(3, lr=0.1)
    before = evaluate(model, data).loss
    history = train(model, data, epochs=10)
    assert history.val_loss[-1] < before / 100
    assert history.train_loss[-1] < history.train_loss[0]
    assert torch.allclose(model.w.detach().flatten(), W, atol=0.05)


def test_regression_history_has_one_entry_per_epoch_and_no_accuracy():
    set_seed(0)
    history = train(LinearRegressionScratch(3, lr=0.03), regression_data(), epochs=4)
    assert len(history) == 4
    assert len(history.train_loss) == len(history.val_loss) == len(history.seconds) == 4
    assert history.train_acc == [] and history.val_acc == []
    assert all(s >= 0 for s in history.seconds)


def test_classification_history_has_accuracies_in_unit_interval():
    set_seed(0)
    history = train(small_mlp(dropout=0.2), classification_data(), epochs=6)
    assert len(history.train_acc) == len(history.val_acc) == len(history.train_loss) == 6
    for accuracy in history.train_acc + history.val_acc:
        assert 0.0 <= accuracy <= 1.0
    assert history.val_acc[-1] >= 0.8  # el problema es separable
    assert history.val_loss[-1] < history.val_loss[0]


def test_history_entries_are_python_floats():
    # Números de Python, no tensores: no queda ningún grafo de autograd vivo.
    set_seed(0)
    history = train(small_mlp(), classification_data(), epochs=2)
    for values in (
        history.train_loss,
        history.val_loss,
        history.train_acc,
        history.val_acc,
        history.seconds,
    ):
        assert values and all(type(v) is float for v in values)


def test_given_optimizer_replaces_configure_optimizers():
    model = LinearRegressionScratch(3, lr=0.5)
    before = [p.detach().clone() for p in model.parameters()]
    train(model, regression_data(), optimizer=torch.optim.SGD(model.parameters(), lr=0.0))
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=False))


def test_reported_losses_are_the_mean_over_all_examples():
    # Con los parámetros quietos (lr = 0), la pérdida de entrenamiento de la
    # época es la media sobre todos los ejemplos, ponderada por el tamaño de
    # cada lote (el último, de 3, también), y coincide con evaluate.
    data = regression_data(num_train=23, num_val=17, batch_size=5)
    model = LinearRegressionScratch(3, lr=0.1)
    history = train(model, data, optimizer=torch.optim.SGD(model.parameters(), lr=0.0))
    with torch.no_grad():
        full_train = model.loss(model(data.X_train), data.y_train).item()
        full_val = model.loss(model(data.X_val), data.y_val).item()
    assert history.train_loss[0] == pytest.approx(full_train, rel=1e-6)
    assert history.val_loss[0] == pytest.approx(full_val, rel=1e-6)
    assert evaluate(model, data, "train").loss == pytest.approx(full_train, rel=1e-6)


# --- Una pasada por lote; modos de entrenamiento y de evaluación -----------------


def test_one_forward_pass_per_batch():
    data = regression_data(num_train=23, num_val=17, batch_size=5)  # 5 + 4 lotes
    model = Recording(3, lr=0.03)
    train(model, data, epochs=3)
    assert len(model.calls) == 3 * (5 + 4)


def test_training_runs_in_train_mode_with_gradients_and_validation_in_eval_mode_without():
    data = regression_data(num_train=23, num_val=17, batch_size=5)
    model = Recording(3, lr=0.03)
    model.eval()  # fit debe ponerlo en modo de entrenamiento por su cuenta
    train(model, data, epochs=2)
    epoch = [(True, True)] * 5 + [(False, False)] * 4
    assert [(mode, grad) for mode, grad, _ in model.calls] == epoch * 2


def test_fit_leaves_the_model_in_training_mode():
    # Comportamiento actual (no documentado): tras la última validación, fit
    # devuelve el modelo al modo de entrenamiento en que lo dejó la época.
    for start_in_train_mode in (True, False):
        model = small_mlp()
        model.train(start_in_train_mode)
        train(model, classification_data(), epochs=1)
        assert model.training


def test_fit_moves_the_model_to_the_requested_device():
    model = LinearRegressionScratch(3, lr=0.03)
    train(model, regression_data(), epochs=1, device=torch.device("cpu"))
    assert {p.device.type for p in model.parameters()} == {"cpu"}


# --- evaluate -------------------------------------------------------------------


def test_evaluate_is_deterministic_for_a_model_with_dropout():
    set_seed(0)
    model = small_mlp(dropout=0.5)
    data = classification_data()
    first, second = evaluate(model, data), evaluate(model, data)
    assert first == second


def test_evaluate_turns_dropout_off():
    set_seed(0)
    model = small_mlp(dropout=0.5)
    data = classification_data()
    model.eval()
    with torch.no_grad():
        y_hat = model(data.X_val)
        expected_loss = model.loss(y_hat, data.y_val).item()
        expected_accuracy = (y_hat.argmax(dim=1) == data.y_val).float().mean().item()
    model.train()
    metrics = evaluate(model, data)
    assert metrics.loss == pytest.approx(expected_loss, rel=1e-6)
    assert metrics.accuracy == pytest.approx(expected_accuracy)


@pytest.mark.parametrize("mode", [True, False], ids=["train", "eval"])
def test_evaluate_leaves_the_model_in_the_mode_it_found(mode):
    model = small_mlp()
    model.train(mode)
    evaluate(model, classification_data())
    assert model.training is mode
    assert all(module.training is mode for module in model.modules())


def test_evaluate_uses_one_pass_per_batch_in_eval_mode_without_gradients():
    data = regression_data(num_train=23, num_val=17, batch_size=5)
    model = Recording(3, lr=0.1)
    evaluate(model, data)
    assert [(m, g) for m, g, _ in model.calls] == [(False, False)] * 4
    model.calls.clear()
    evaluate(model, data, "train")
    assert [n for _, _, n in model.calls] == [5, 5, 5, 5, 3]


def test_evaluate_train_split_is_in_order_and_repeatable():
    set_seed(0)
    model = small_mlp(dropout=0.5)
    data = classification_data()
    assert evaluate(model, data, "train") == evaluate(model, data, "train")


def test_evaluate_accuracy_is_none_for_regression():
    metrics = evaluate(LinearRegressionScratch(3, lr=0.1), regression_data())
    assert metrics.accuracy is None
    assert type(metrics.loss) is float


def test_evaluate_on_an_empty_split_gives_nan():
    empty = torch.zeros(0, 3)
    data = InMemoryData(torch.zeros(2, 3), torch.zeros(2, 1), empty, torch.zeros(0, 1), 2)
    assert math.isnan(evaluate(LinearRegressionScratch(3, lr=0.1), data).loss)


def test_evaluate_rejects_an_unknown_split():
    with pytest.raises(ValueError, match="split"):
        evaluate(LinearRegressionScratch(3, lr=0.1), regression_data(), "test")


# --- Penalización ---------------------------------------------------------------


class ConstantPenalty(LinearRegressionScratch):
    """Penalización constante de 100: no cambia el gradiente, sí el objetivo."""

    def penalty(self):
        return 100.0 + 0.0 * self.w.sum()


def test_penalty_enters_the_gradient():
    # Una λ enorme empuja los pesos hacia 0.
    data = regression_data()
    norms = {}
    for lambd in (0.0, 50.0):
        set_seed(0)
        model = WeightDecayScratch(3, lambd=lambd, lr=0.01)
        train(model, data, epochs=5)
        norms[lambd] = model.w.detach().norm().item()
    assert norms[50.0] < 0.1 * norms[0.0]


def test_reported_losses_exclude_the_penalty():
    data = regression_data()
    set_seed(0)
    plain = train(LinearRegressionScratch(3, lr=0.03), data, epochs=3)
    set_seed(0)
    penalised = train(ConstantPenalty(3, lr=0.03), data, epochs=3)
    assert penalised.train_loss == plain.train_loss
    assert penalised.val_loss == plain.val_loss
    assert max(penalised.train_loss) < 100


def test_penalty_is_called_once_per_training_batch():
    class Counting(LinearRegressionScratch):
        calls = 0

        def penalty(self):
            Counting.calls += 1
            return l2_penalty(self.w)

    train(Counting(3, lr=0.03), regression_data(num_train=23, batch_size=5), epochs=2)
    assert Counting.calls == 2 * 5


# --- Reproducibilidad -----------------------------------------------------------


def test_same_seeds_give_identical_histories():
    data = classification_data()
    histories = []
    for _ in range(2):
        set_seed(7)
        model = small_mlp(dropout=0.5)
        histories.append(train(model, data, epochs=2, seed=3))
    assert histories[0].train_loss == histories[1].train_loss
    assert histories[0].val_loss == histories[1].val_loss
    assert histories[0].train_acc == histories[1].train_acc


def test_fit_seed_alone_fixes_the_batch_order():
    # Sin dropout, lo único aleatorio de fit es el orden de los lotes: lo
    # fija su seed, sin importar el generador global.
    data = regression_data()
    losses = []
    for global_seed in (1, 2):
        model = LinearRegressionScratch(3, lr=0.03, sigma=0.0)
        torch.manual_seed(global_seed)
        losses.append(train(model, data, epochs=2, seed=5).train_loss)
    assert losses[0] == losses[1]


def test_different_fit_seed_gives_a_different_batch_order():
    data = regression_data()
    losses = []
    for seed in (0, 1):
        model = LinearRegressionScratch(3, lr=0.03, sigma=0.0)
        losses.append(train(model, data, epochs=2, seed=seed).train_loss)
    assert losses[0] != losses[1]


# --- get_device -----------------------------------------------------------------


@pytest.fixture
def no_accelerator(monkeypatch):
    """Una máquina sin GPU ni MPS, aunque la de las pruebas tenga una."""
    monkeypatch.delenv("LESSONS_LIB_DEVICE", raising=False)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 0)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)


def test_get_device_is_cpu_without_accelerator(no_accelerator):
    assert get_device() == torch.device("cpu")


def test_get_device_prefers_cuda_when_available(no_accelerator, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert get_device() == torch.device("cuda")


def test_get_device_on_this_machine_matches_what_torch_sees(monkeypatch):
    monkeypatch.delenv("LESSONS_LIB_DEVICE", raising=False)
    expected = "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
    assert get_device().type == expected


@pytest.mark.parametrize("value", ["cpu", " cpu ", "cpu:0"])
def test_get_device_honours_the_environment_variable(no_accelerator, monkeypatch, value):
    monkeypatch.setenv("LESSONS_LIB_DEVICE", value)
    assert get_device().type == "cpu"


def test_blank_environment_variable_means_automatic(no_accelerator, monkeypatch):
    monkeypatch.setenv("LESSONS_LIB_DEVICE", "  ")
    assert get_device() == torch.device("cpu")


def test_get_device_rejects_an_invalid_name(no_accelerator, monkeypatch):
    monkeypatch.setenv("LESSONS_LIB_DEVICE", "nonsense")
    with pytest.raises(ValueError, match="LESSONS_LIB_DEVICE") as info:
        get_device()
    assert "'nonsense'" in str(info.value)


@pytest.mark.parametrize("value", ["cuda", "cuda:1", "mps"])
def test_get_device_rejects_an_unavailable_device(no_accelerator, monkeypatch, value):
    monkeypatch.setenv("LESSONS_LIB_DEVICE", value)
    with pytest.raises(ValueError, match="LESSONS_LIB_DEVICE") as info:
        get_device()
    assert "no está disponible" in str(info.value)


def test_get_device_rejects_a_missing_gpu_index(no_accelerator, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    monkeypatch.setenv("LESSONS_LIB_DEVICE", "cuda:1")
    with pytest.raises(ValueError, match="no está disponible"):
        get_device()
    monkeypatch.setenv("LESSONS_LIB_DEVICE", "cuda:0")
    assert get_device() == torch.device("cuda:0")


def test_fit_trains_on_the_device_of_the_data_by_default(monkeypatch):
    # Aunque get_device() eligiera otro dispositivo, manda el de los datos.
    monkeypatch.setattr("lessons_lib.training.get_device", lambda: torch.device("meta"))
    model = LinearRegressionScratch(3, lr=0.03)
    fit(model, regression_data(), 1, progress=False)
    assert {p.device.type for p in model.parameters()} == {"cpu"}


def test_fit_uses_get_device_when_the_data_do_not_say_where_they_are(monkeypatch):
    class Unplaced:  # datos sin atributo device
        def __init__(self, data):
            self.train_batches, self.val_batches = data.train_batches, data.val_batches

    monkeypatch.setenv("LESSONS_LIB_DEVICE", "cpu")
    model = LinearRegressionScratch(3, lr=0.03)
    fit(model, Unplaced(regression_data()), 1, progress=False)
    assert {p.device.type for p in model.parameters()} == {"cpu"}


def test_fit_warns_in_spanish_when_model_and_data_are_on_different_devices():
    # Sin GPU, el dispositivo «meta» hace visible el desacuerdo; el
    # entrenamiento falla después (un tensor «meta» no tiene valores).
    with pytest.warns(UserWarning, match="los datos están en cpu y el modelo se entrena en meta: cada minilote"):
        with pytest.raises((RuntimeError, NotImplementedError)):
            fit(LinearRegressionScratch(3, lr=0.03), regression_data(), 1, device="meta", progress=False)


def test_fit_does_not_warn_when_the_device_is_the_data_device(recwarn):
    fit(LinearRegressionScratch(3, lr=0.03), regression_data(), 1, device="cpu", progress=False)
    assert not [w for w in recwarn if "dispositivo" in str(w.message)]


# --- Parada temprana --------------------------------------------------------------


class Scripted(torch.nn.Module):
    """Un modelo cuya pérdida de validación sigue un guion: una por época."""

    def __init__(self, val_losses):
        super().__init__()
        self.w = torch.nn.Parameter(torch.zeros(1))
        self.script = iter(val_losses)

    def forward(self, X):
        return X[:, :1] * 0 + self.w

    def loss(self, y_hat, y):
        if self.training:
            return ((y_hat - y.reshape(y_hat.shape)) ** 2).mean()
        return torch.tensor(next(self.script))

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)


def scripted_data():
    # Un solo lote de validación: una llamada a loss en eval por época.
    return regression_data(num_train=20, num_val=10, batch_size=20, val_batch_size=10)


def test_patience_stops_after_k_epochs_without_improvement():
    history = train(Scripted([3.0, 2.0, 2.5, 2.1, 1.0, 0.5]), scripted_data(), epochs=6, patience=2)
    assert len(history) == 4 and history.stopped_epoch == 4
    assert history.best_epoch == 2 and history.val_loss == pytest.approx([3.0, 2.0, 2.5, 2.1])


def test_an_improvement_resets_the_patience():
    history = train(Scripted([3.0, 3.5, 2.0, 2.5, 1.0, 1.5, 1.6]), scripted_data(), epochs=7, patience=2)
    assert len(history) == 7 and history.stopped_epoch == 7 and history.best_epoch == 5


def test_an_equal_loss_is_not_an_improvement_and_nan_never_is():
    history = train(Scripted([2.0, 2.0, math.nan, 1.0]), scripted_data(), epochs=4, patience=2)
    assert history.stopped_epoch == 3 and history.best_epoch == 1


def test_without_patience_every_epoch_runs():
    history = train(Scripted([1.0, 2.0, 3.0, 4.0]), scripted_data(), epochs=4)
    assert len(history) == 4 and history.stopped_epoch is None and history.best_epoch == 1
    assert history.restored is False


def noisy_classifier_data():
    """Pocos ejemplos con la mitad de las etiquetas al azar: la red sobreajusta pronto."""
    generator = torch.Generator().manual_seed(0)
    X = torch.randn(120, 4, generator=generator)
    y = (X[:, 0] > 0).long()
    flip = torch.rand(120, generator=generator) < 0.4
    y = torch.where(flip, 1 - y, y)
    return InMemoryData(X[:40], y[:40], X[40:], (X[40:, 0] > 0).long(), batch_size=8)


def test_restore_best_leaves_the_model_with_the_weights_of_its_best_epoch():
    data = noisy_classifier_data()
    set_seed(0)
    model = small_mlp(dropout=0.0, lr=0.5)
    history = train(model, data, epochs=30, restore_best=True)
    best = history.best_epoch
    assert history.restored and 1 <= best < len(history)
    assert history.val_loss[-1] > min(history.val_loss)  # la última época no es la mejor
    assert evaluate(model, data).loss == pytest.approx(history.val_loss[best - 1], rel=1e-6)
    # Las mismas épocas sin restaurar llegan a los mismos pesos.
    set_seed(0)
    again = small_mlp(dropout=0.0, lr=0.5)
    train(again, data, epochs=best)
    assert all(torch.equal(a, b) for a, b in zip(model.state_dict().values(), again.state_dict().values(), strict=True))


def test_restore_best_with_patience_stops_and_restores():
    data = noisy_classifier_data()
    set_seed(0)
    model = small_mlp(dropout=0.0, lr=0.5)
    history = train(model, data, epochs=200, patience=3, restore_best=True)
    assert history.stopped_epoch == len(history) == history.best_epoch + 3
    assert evaluate(model, data).loss == pytest.approx(min(history.val_loss), rel=1e-6)


def test_restore_best_does_not_share_memory_with_the_saved_weights():
    set_seed(0)
    model = small_mlp(dropout=0.0, lr=0.5)
    train(model, noisy_classifier_data(), epochs=5, restore_best=True)
    saved = [p.detach().clone() for p in model.parameters()]
    with torch.no_grad():
        for p in model.parameters():
            p.add_(1.0)
    assert all(not torch.equal(a, b) for a, b in zip(saved, model.parameters(), strict=True))


# --- train_model y el conjunto de prueba ---------------------------------------------


def test_train_model_with_one_seed_fixes_initial_weights_and_batch_order():
    data = classification_data()
    make = lambda: small_mlp(dropout=0.5)  # noqa: E731
    a, history_a = train_model(make, data, 3, seed=5, progress=False)
    b, history_b = train_model(make, data, 3, seed=5, progress=False)
    _, history_c = train_model(make, data, 3, seed=6, progress=False)
    assert history_a.val_loss == history_b.val_loss != history_c.val_loss
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters(), strict=True))


def test_evaluate_on_the_test_split_measures_the_test_examples():
    data = SyntheticRegressionData(W, B, num_train=20, num_val=10, num_test=30, seed=1)
    model = LinearRegressionScratch(3, lr=0.1)
    expected = ((data.X_test @ model.w + model.b - data.y_test) ** 2 / 2).mean().item()
    assert evaluate(model, data, "test").loss == pytest.approx(expected, rel=1e-6)


# --- Barra de progreso ----------------------------------------------------------


class FakeStderr:
    def __init__(self, tty):
        self.tty = tty

    def isatty(self):
        return self.tty

    def write(self, text):
        return len(text)

    def flush(self):
        pass


@pytest.fixture
def clean_progress_env(monkeypatch):
    monkeypatch.delenv("LESSONS_LIB_PROGRESS", raising=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)


@pytest.mark.parametrize("value", [True, False])
def test_show_progress_explicit_value_wins(clean_progress_env, monkeypatch, value):
    monkeypatch.setenv("LESSONS_LIB_PROGRESS", str(int(not value)))
    monkeypatch.setenv("CI", "true")
    assert show_progress(value) is value


@pytest.mark.parametrize("setting, expected", [("0", False), ("1", True), ("false", False), ("no", False)])
def test_show_progress_follows_the_environment_variable(clean_progress_env, monkeypatch, setting, expected):
    monkeypatch.setenv("LESSONS_LIB_PROGRESS", setting)
    monkeypatch.setenv("CI", "true")  # la variable manda incluso en CI
    assert show_progress() is expected


def test_show_progress_is_off_in_ci(clean_progress_env, monkeypatch):
    monkeypatch.setattr(sys, "stderr", FakeStderr(tty=True))
    monkeypatch.setenv("CI", "true")
    assert show_progress() is False


@pytest.mark.parametrize("tty", [True, False])
def test_show_progress_follows_the_terminal(clean_progress_env, monkeypatch, tty):
    monkeypatch.setattr(sys, "stderr", FakeStderr(tty=tty))
    assert show_progress() is tty


@pytest.mark.parametrize("value", [1, 0, "yes", "False"])
def test_show_progress_rejects_non_booleans(value):
    with pytest.raises(TypeError, match="^progress "):
        show_progress(value)


def test_fit_without_progress_writes_nothing(capsys):
    train(LinearRegressionScratch(3, lr=0.03), regression_data(), epochs=2, progress=False)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_fit_with_progress_draws_a_bar_on_stderr(capsys):
    train(LinearRegressionScratch(3, lr=0.03), regression_data(), epochs=2, progress=True)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "épocas" in captured.err


# --- History --------------------------------------------------------------------


def test_history_table_has_a_header_and_one_line_per_epoch():
    history = History(train_loss=[0.5, 0.25, 0.125], val_loss=[0.6, 0.4, 0.3], seconds=[1.0, 2.0, 3.0])
    lines = str(history).splitlines()
    assert len(lines) == 1 + 3
    for column in ("época", "pérdida entr.", "pérdida val."):
        assert column in lines[0]
    assert "segundos" not in lines[0]  # la tabla no depende de la velocidad
    assert lines[1].split() == ["1", "0.500000", "0.600000"]
    assert lines[3].split() == ["3", "0.125000", "0.300000"]


def test_history_table_shows_accuracy_only_for_classifiers():
    regression = History(train_loss=[0.5], val_loss=[0.6], seconds=[1.0])
    assert "exact." not in str(regression)
    classifier = History(
        train_loss=[0.5],
        val_loss=[0.6],
        train_acc=[0.75],
        val_acc=[0.8125],
        seconds=[1.0],
    )
    header, row = str(classifier).splitlines()
    assert "exact. entr." in header and "exact. val." in header
    assert row.split() == ["1", "0.500000", "0.600000", "0.7500", "0.8125"]


def test_history_of_a_real_fit_prints_one_line_per_epoch():
    set_seed(0)
    history = train(small_mlp(), classification_data(), epochs=3)
    lines = str(history).splitlines()
    assert len(lines) == 4 and "exact. val." in lines[0]


def test_empty_history_prints_only_the_header():
    assert len(History()) == 0
    assert str(History()).splitlines() == ["época  pérdida entr.  pérdida val."]


# --- fit: argumentos inválidos ----------------------------------------------------


@pytest.mark.parametrize(
    "epochs, error",
    [
        (0, ValueError),
        (-2, ValueError),
        (1.5, TypeError),
        ("3", TypeError),
        (True, TypeError),
    ],
)
def test_fit_rejects_bad_epochs(epochs, error):
    with pytest.raises(error, match="^epochs "):
        fit(
            LinearRegressionScratch(3, lr=0.1),
            regression_data(),
            epochs,
            device="cpu",
            progress=False,
        )


def test_fit_rejects_a_model_that_is_not_a_module():
    with pytest.raises(TypeError, match="^model .*torch.nn.Module"):
        fit(lambda X: X, regression_data(), 1, device="cpu", progress=False)


@pytest.mark.parametrize("method", ["train_batches", "val_batches"])
def test_fit_rejects_data_without_batches(method):
    class Incomplete:
        def train_batches(self, generator=None):
            return iter(())

        def val_batches(self):
            return iter(())

    setattr(Incomplete, method, None)
    with pytest.raises(TypeError, match=method):
        fit(
            LinearRegressionScratch(3, lr=0.1),
            Incomplete(),
            1,
            device="cpu",
            progress=False,
        )


@pytest.mark.parametrize(
    "kwargs",
    [{"epochs": 0}, {"seed": -1}, {"seed": 1.5}, {"progress": "yes"}],
    ids=["epochs=0", "seed=-1", "seed=1.5", "progress='yes'"],
)
def test_fit_rejects_bad_arguments_before_touching_the_model(kwargs):
    # «Validar en la puerta»: si un argumento es inválido, fit no debe haber
    # movido ya el modelo a otro dispositivo. «meta» hace visible el traslado
    # sin GPU (en una máquina con GPU pasaría lo mismo con device="cuda").
    model = LinearRegressionScratch(3, lr=0.1)
    before = [p.detach().clone() for p in model.parameters()]
    args = {"epochs": 1, "device": "meta", "progress": False, **kwargs}
    with pytest.raises((TypeError, ValueError)):
        fit(model, regression_data(), **args)
    assert {p.device.type for p in model.parameters()} == {"cpu"}
    assert all(torch.equal(a, b) for a, b in zip(before, model.parameters(), strict=False))


def test_fit_rejects_an_unknown_device_naming_it():
    with pytest.raises((TypeError, ValueError), match="device"):
        fit(
            LinearRegressionScratch(3, lr=0.1),
            regression_data(),
            1,
            device="nonsense",
            progress=False,
        )


# --- fit(eval_train=True) ------------------------------------------------------------


def test_eval_train_records_the_training_split_in_eval_mode():
    set_seed(0)
    model = small_mlp(dropout=0.5)
    data = classification_data()
    history = train(model, data, epochs=2, eval_train=True)
    assert len(history.train_eval_loss) == len(history.train_eval_acc) == 2
    final = evaluate(model, data, "train")
    assert history.train_eval_loss[-1] == pytest.approx(final.loss)
    assert history.train_eval_acc[-1] == pytest.approx(final.accuracy)
    assert "exact. entr. (eval)" in str(history).splitlines()[0]


def test_eval_train_for_regression_has_no_accuracy():
    history = train(LinearRegressionScratch(3, lr=0.03), regression_data(), epochs=2, eval_train=True)
    assert len(history.train_eval_loss) == 2 and history.train_eval_acc == []


@pytest.mark.parametrize("value", ["yes", 1, None])
def test_fit_rejects_eval_train_that_is_not_a_boolean(value):
    with pytest.raises(TypeError, match=r"eval_train debe ser True o False; se recibió"):
        fit(LinearRegressionScratch(3, lr=0.1), regression_data(), 1, eval_train=value, progress=False)


class WithoutOptimizer(torch.nn.Module):
    """Un modelo con pérdida pero sin método que cree su optimizador."""

    def __init__(self):
        super().__init__()
        self.w = torch.nn.Parameter(torch.zeros(3, 1))

    def forward(self, X):
        return X @ self.w

    def loss(self, y_hat, y):
        return torch.mean((y_hat - y) ** 2) / 2


class OldStyleModel(WithoutOptimizer):
    """Un modelo escrito para la versión 0.1: su optimizador se llama configure_optimizer()."""

    def configure_optimizer(self):
        return torch.optim.SGD(self.parameters(), lr=0.1)


def test_the_old_optimizer_name_still_trains_with_a_warning():
    model = OldStyleModel()
    with pytest.warns(FutureWarning, match=r"configure_optimizers\(\)"):
        history = train(model, regression_data())
    assert history.train_loss[-1] < history.train_loss[0]


def test_a_model_without_optimizer_says_what_it_needs():
    with pytest.raises(TypeError, match=r"^model debe tener un método configure_optimizers\(\) o hay que pasar"):
        train(WithoutOptimizer(), regression_data())
    # Con un optimizador dado, no le hace falta.
    model = WithoutOptimizer()
    assert train(model, regression_data(), optimizer=torch.optim.SGD(model.parameters(), lr=0.1)).train_loss


def test_early_stopping_counts_epochs_without_improvement_and_saves_a_copy():
    layer = torch.nn.Linear(1, 1)
    stopper = EarlyStopping(layer, patience=2, restore_best=True)
    with torch.no_grad():
        layer.weight.fill_(1.0)
    assert stopper.update(1.0) is False  # la mejor: se guarda una copia
    with torch.no_grad():
        layer.weight.fill_(2.0)
    assert stopper.update(1.5) is False and stopper.waited == 1
    assert stopper.update(1.0) is True  # igual no es mejor: segunda época sin mejora
    assert stopper.restore() and layer.weight.item() == 1.0


def test_early_stopping_without_patience_never_stops_and_without_restore_keeps_nothing():
    stopper = EarlyStopping(torch.nn.Linear(1, 1))
    assert not any(stopper.update(loss) for loss in [1.0, 2.0, 3.0, 4.0])
    assert stopper.restore() is False


def test_track_records_one_value_per_epoch_measured_in_eval_mode():
    data = classification_data()
    seen_modes = []

    def measure(model):
        seen_modes.append((model.training, torch.is_grad_enabled()))
        return (model(data.X_train).argmax(dim=1) == data.y_train).double().mean()

    set_seed(0)
    model = small_mlp(dropout=0.5)
    history = train(model, data, epochs=3, track={"exactitud de entrenamiento": measure})
    values = history.tracked["exactitud de entrenamiento"]
    assert len(values) == 3 and all(isinstance(v, float) and 0 <= v <= 1 for v in values)
    assert seen_modes == [(False, False)] * 3  # sin dropout ni gradientes
    assert model.training  # fit deja el modelo en modo de entrenamiento


def test_track_rejects_what_is_not_a_dictionary_of_functions():
    for bad in (["f"], {"f": 3}, {1: len}):
        with pytest.raises(TypeError, match="track"):
            train(LinearRegressionScratch(3, lr=0.1), regression_data(), track=bad)
