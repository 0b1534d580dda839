"""Entradas incorrectas en toda la API pública: un error claro en español o un resultado definido.

Cada fila de ``ERRORS`` es una llamada que debe fallar con un ``TypeError`` o
``ValueError`` cuyo mensaje nombra el argumento, lo permitido y lo recibido
(«se recibió»). Cada fila de ``DEFINED`` es un caso límite con un resultado
documentado. ``test_every_public_callable_is_in_the_table`` obliga a que
toda función o clase nueva de ``lessons_lib.__all__`` tenga al menos un caso.
"""

import math

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import lessons_lib as ll
from lessons_lib.data import InMemoryData
from lessons_lib.regularization_paths import constraint_path

NAN, INF = math.nan, math.inf


def X():
    return torch.ones(2, 3)


def model():
    return ll.LinearRegressionScratch(3, lr=0.1)


def data():
    return ll.SyntheticRegressionData([1.0, 2.0, 3.0], 0.0, num_train=4, num_val=4, batch_size=2)


def classifier():
    return torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.Dropout(0.5), torch.nn.Linear(4, 2))


def history():
    return ll.History(train_loss=[1.0], val_loss=[1.0])


# (nombre de la API, llamada, excepción, argumento que el mensaje debe nombrar)
ERRORS = [
    # Tipos equivocados
    ("l1_norm", lambda: ll.l1_norm("abc"), TypeError, "x"),
    ("l2_norm", lambda: ll.l2_norm(None), TypeError, "x"),
    ("l2_norm", lambda: ll.l2_norm([[1.0], [2.0, 3.0]]), TypeError, "x"),
    ("l2_norm", lambda: ll.l2_norm(torch.tensor([1j])), TypeError, "x"),
    ("linf_norm", lambda: ll.linf_norm({"a": 1}), TypeError, "x"),
    ("lp_norm", lambda: ll.lp_norm([1.0], "2"), TypeError, "p"),
    ("lp_norm", lambda: ll.lp_norm([1.0], True), TypeError, "p"),
    ("frobenius_norm", lambda: ll.frobenius_norm("matriz"), TypeError, "X"),
    ("spectral_norm", lambda: ll.spectral_norm("matriz"), TypeError, "X"),
    ("spectral_norm", lambda: ll.spectral_norm(torch.eye(2), num_iters=2.5), TypeError, "num_iters"),
    ("decay_parameter_groups", lambda: ll.decay_parameter_groups("modelo", 0.1), TypeError, "model"),
    ("decay_parameter_groups", lambda: ll.decay_parameter_groups(model(), "0.1"), TypeError, "weight_decay"),
    ("l2_penalty", lambda: ll.l2_penalty([1.0, 2.0]), TypeError, "w"),
    ("l1_penalty", lambda: ll.l1_penalty(3.0), TypeError, "w"),
    ("dropout_layer", lambda: ll.dropout_layer([1.0], 0.5), TypeError, "X"),
    ("dropout_layer", lambda: ll.dropout_layer(X(), "0.5"), TypeError, "p"),
    ("dropout_layer", lambda: ll.dropout_layer(X(), None), TypeError, "p"),
    ("num_monomials", lambda: ll.num_monomials(2.5, 1), TypeError, "k"),
    ("num_monomials", lambda: ll.num_monomials(2, "3"), TypeError, "d"),
    ("soft_threshold", lambda: ll.soft_threshold([1.0], 0.5), TypeError, "w"),
    ("penalized_least_squares", lambda: ll.penalized_least_squares([[1.0]], torch.ones(1), "l2", 0.1), TypeError, "X"),
    ("SyntheticRegressionData", lambda: ll.SyntheticRegressionData("w", 0.0), TypeError, "w"),
    ("SyntheticRegressionData", lambda: ll.SyntheticRegressionData([1.0], "b"), TypeError, "b"),
    ("FashionMNIST", lambda: ll.FashionMNIST(batch_size="256"), TypeError, "batch_size"),
    ("FashionMNIST", lambda: ll.FashionMNIST(download="sí"), TypeError, "download"),
    ("LinearRegressionScratch", lambda: ll.LinearRegressionScratch("3", lr=0.1), TypeError, "num_inputs"),
    ("WeightDecayScratch", lambda: ll.WeightDecayScratch(3, lambd="3", lr=0.1), TypeError, "lambd"),
    ("WeightDecay", lambda: ll.WeightDecay(3, lambd=1.0, lr="0.1"), TypeError, "lr"),
    ("DropoutMLPScratch", lambda: ll.DropoutMLPScratch(dropout_1="0.2"), TypeError, "dropout_1"),
    ("DropoutMLP", lambda: ll.DropoutMLP(num_hiddens_2=2.5), TypeError, "num_hiddens_2"),
    ("fit", lambda: ll.fit("modelo", data(), 1), TypeError, "model"),
    ("fit", lambda: ll.fit(model(), object(), 1), TypeError, "data"),
    ("fit", lambda: ll.fit(model(), data(), "3"), TypeError, "epochs"),
    ("fit", lambda: ll.fit(model(), data(), 1, progress="sí"), TypeError, "progress"),
    ("set_seed", lambda: ll.set_seed("0"), TypeError, "seed"),
    ("set_seed", lambda: ll.set_seed(1.5), TypeError, "seed"),
    ("plot_unit_balls", lambda: ll.plot_unit_balls("12"), TypeError, "ps"),
    ("plot_sweep", lambda: ll.plot_sweep(["a"], [1.0]), TypeError, "values"),
    ("plot_dropout_network", lambda: ll.plot_dropout_network(num_inputs="4"), TypeError, "num_inputs"),
    ("mc_dropout_predict", lambda: ll.mc_dropout_predict("modelo", X(), 10), TypeError, "model"),
    ("mc_dropout_predict", lambda: ll.mc_dropout_predict(classifier(), [[1.0, 2.0, 3.0]], 10), TypeError, "X"),
    (
        "mc_dropout_predict",
        lambda: ll.mc_dropout_predict(classifier(), torch.ones(2, 3, dtype=torch.int64), 10),
        TypeError,
        "X",
    ),
    ("mc_dropout_predict", lambda: ll.mc_dropout_predict(classifier(), X(), 2.5), TypeError, "num_samples"),
    # Formas equivocadas
    ("frobenius_norm", lambda: ll.frobenius_norm(torch.ones(3)), ValueError, "X"),
    ("frobenius_norm", lambda: ll.frobenius_norm(torch.ones(2, 2, 2)), ValueError, "X"),
    ("spectral_norm", lambda: ll.spectral_norm(torch.ones(3)), ValueError, "X"),
    (
        "penalized_least_squares",
        lambda: ll.penalized_least_squares(torch.ones(4, 2), torch.ones(3), "l2", 0.1),
        ValueError,
        "X",
    ),
    ("SyntheticRegressionData", lambda: ll.SyntheticRegressionData([], 0.0), ValueError, "w"),
    (
        "InMemoryData",
        lambda: InMemoryData(torch.ones(3), torch.ones(2), torch.ones(1), torch.ones(1), 1),
        ValueError,
        "X_train",
    ),
    # NaN e infinitos
    ("lp_norm", lambda: ll.lp_norm([1.0], NAN), ValueError, "p"),
    ("dropout_layer", lambda: ll.dropout_layer(X(), NAN), ValueError, "p"),
    ("dropout_layer", lambda: ll.dropout_layer(X(), INF), ValueError, "p"),
    ("WeightDecayScratch", lambda: ll.WeightDecayScratch(3, lambd=NAN, lr=0.1), ValueError, "lambd"),
    ("WeightDecay", lambda: ll.WeightDecay(3, lambd=INF, lr=0.1), ValueError, "lambd"),
    ("LinearRegressionScratch", lambda: ll.LinearRegressionScratch(3, lr=INF), ValueError, "lr"),
    ("SyntheticRegressionData", lambda: ll.SyntheticRegressionData([1.0], 0.0, noise=NAN), ValueError, "noise"),
    ("SyntheticRegressionData", lambda: ll.SyntheticRegressionData([1.0], NAN), ValueError, "b"),
    ("plot_sweep", lambda: ll.plot_sweep([1.0], [NAN]), ValueError, "losses"),
    # Probabilidades fuera de [0, 1]
    ("dropout_layer", lambda: ll.dropout_layer(X(), 1.5), ValueError, "p"),
    ("dropout_layer", lambda: ll.dropout_layer(X(), -0.1), ValueError, "p"),
    ("DropoutMLPScratch", lambda: ll.DropoutMLPScratch(dropout_2=1.2), ValueError, "dropout_2"),
    ("DropoutMLP", lambda: ll.DropoutMLP(dropout_1=-0.5), ValueError, "dropout_1"),
    ("DropoutMLP", lambda: ll.DropoutMLP(momentum=1.0), ValueError, "momentum"),
    # λ < 0 y otros valores fuera de rango
    ("WeightDecayScratch", lambda: ll.WeightDecayScratch(3, lambd=-1.0, lr=0.1), ValueError, "lambd"),
    ("WeightDecay", lambda: ll.WeightDecay(3, lambd=-0.5, lr=0.1), ValueError, "lambd"),
    (
        "penalized_least_squares",
        lambda: ll.penalized_least_squares(torch.ones(2, 2), torch.ones(2), "l1", -1.0),
        ValueError,
        "lambd",
    ),
    (
        "penalized_least_squares",
        lambda: ll.penalized_least_squares(torch.ones(2, 2), torch.ones(2), "l0", 1.0),
        ValueError,
        "penalty",
    ),
    ("soft_threshold", lambda: ll.soft_threshold(X(), -1.0), ValueError, "threshold"),
    ("lp_norm", lambda: ll.lp_norm([1.0], 0.5), ValueError, "p"),
    ("spectral_norm", lambda: ll.spectral_norm(torch.eye(2), num_iters=0), ValueError, "num_iters"),
    ("decay_parameter_groups", lambda: ll.decay_parameter_groups(model(), -1e-3), ValueError, "weight_decay"),
    ("decay_parameter_groups", lambda: ll.decay_parameter_groups(model(), NAN), ValueError, "weight_decay"),
    ("num_monomials", lambda: ll.num_monomials(0, 2), ValueError, "k"),
    ("num_monomials", lambda: ll.num_monomials(2, -1), ValueError, "d"),
    ("SyntheticRegressionData", lambda: ll.SyntheticRegressionData([1.0], 0.0, num_train=0), ValueError, "num_train"),
    ("SyntheticRegressionData", lambda: ll.SyntheticRegressionData([1.0], 0.0, batch_size=0), ValueError, "batch_size"),
    ("FashionMNIST", lambda: ll.FashionMNIST(num_train=60001), ValueError, "num_train"),
    ("FashionMNIST", lambda: ll.FashionMNIST(val_batch_size=0), ValueError, "val_batch_size"),
    ("fit", lambda: ll.fit(model(), data(), 0), ValueError, "epochs"),
    ("fit", lambda: ll.fit(model(), data(), 1, seed=-1), ValueError, "seed"),
    ("evaluate", lambda: ll.evaluate(model(), data(), "prueba"), ValueError, "split"),
    ("evaluate", lambda: ll.evaluate(model(), data(), "test"), ValueError, "split"),  # datos sin prueba
    ("fit", lambda: ll.fit(model(), data(), 1, patience=0), ValueError, "patience"),
    ("fit", lambda: ll.fit(model(), data(), 1, patience=1.5), TypeError, "patience"),
    ("fit", lambda: ll.fit(model(), data(), 1, restore_best="sí"), TypeError, "restore_best"),
    ("train_model", lambda: ll.train_model("modelo", data(), 1), TypeError, "make_model"),
    ("train_epoch", lambda: ll.train_epoch("modelo", [], None, "cpu"), TypeError, "model"),
    ("train_epoch", lambda: ll.train_epoch(model(), [], None, "gpu9"), ValueError, "device"),
    ("batch_order_generator", lambda: ll.batch_order_generator(-1), ValueError, "seed"),
    ("DropoutMLPBase", lambda: ll.DropoutMLPBase(num_inputs=0), ValueError, "num_inputs"),
    (
        "calibration_metrics",
        lambda: ll.calibration_metrics(torch.ones(3), torch.zeros(3, dtype=torch.long)),
        ValueError,
        "probs",
    ),
    (
        "calibration_metrics",
        lambda: ll.calibration_metrics(torch.ones(3, 2) / 2, torch.zeros(2, dtype=torch.long)),
        ValueError,
        "labels",
    ),
    ("calibration_metrics", lambda: ll.calibration_metrics(torch.ones(3, 2) / 2, torch.zeros(3)), TypeError, "labels"),
    (
        "reliability_bins",
        lambda: ll.reliability_bins(torch.ones(3, 2) / 2, torch.zeros(3, dtype=torch.long), 0),
        ValueError,
        "num_bins",
    ),
    ("fit_temperature", lambda: ll.fit_temperature([[1.0, 2.0]], torch.zeros(1, dtype=torch.long)), TypeError, "probs"),
    ("plot_reliability", lambda: ll.plot_reliability({}), TypeError, "predictions"),
    ("plot_reliability", lambda: ll.plot_reliability({"a": torch.ones(2, 2)}), TypeError, "predictions"),
    ("plot_spectral_filters", lambda: ll.plot_spectral_filters([1.0], 0.0, [1]), ValueError, "lr"),
    ("plot_spectral_filters", lambda: ll.plot_spectral_filters([1.0], 0.1, []), ValueError, "steps"),
    ("plot_spectral_filters", lambda: ll.plot_spectral_filters([0.0], 0.1, [1]), ValueError, "eigenvalues"),
    ("EarlyStopping", lambda: ll.EarlyStopping(model(), patience=0), ValueError, "patience"),
    ("EarlyStopping", lambda: ll.EarlyStopping(model(), restore_best=1), TypeError, "restore_best"),
    ("squared_loss", lambda: ll.squared_loss(torch.ones(3), torch.ones(2)), ValueError, "y"),
    ("squared_loss", lambda: ll.squared_loss([1.0], torch.ones(1)), TypeError, "y_hat"),
    ("InMemoryData", lambda: InMemoryData(X(), X(), X(), X(), 1, X_test=X()), ValueError, "X_test"),
    ("SyntheticRegressionData", lambda: ll.SyntheticRegressionData([1.0], 0.0, num_test=-1), ValueError, "num_test"),
    ("FashionMNIST", lambda: ll.FashionMNIST(num_test=10001), ValueError, "num_test"),
    ("FashionMNIST", lambda: ll.FashionMNIST(split_seed=-1), ValueError, "split_seed"),
    ("corrupt_labels", lambda: ll.corrupt_labels(torch.tensor([0.5]), 0.1), TypeError, "labels"),
    ("corrupt_labels", lambda: ll.corrupt_labels(torch.tensor([1, 2]), 1.5), ValueError, "fraction"),
    ("corrupt_labels", lambda: ll.corrupt_labels(torch.tensor([1, 10]), 0.5), ValueError, "labels"),
    ("corrupt_labels", lambda: ll.corrupt_labels(torch.tensor([0, 1]), 0.5, num_classes=1), ValueError, "num_classes"),
    # Validación cruzada, comparaciones y mínimos cuadrados
    ("kfold_splits", lambda: ll.kfold_splits(5, 1), ValueError, "k"),
    ("kfold_splits", lambda: ll.kfold_splits(5, 6), ValueError, "k"),
    ("kfold_splits", lambda: ll.kfold_splits(5, 2.5), ValueError, "k"),
    ("kfold_splits", lambda: ll.kfold_splits(5.0, 2), ValueError, "n"),
    ("kfold_splits", lambda: ll.kfold_splits("5", 2), TypeError, "n"),
    ("kfold_splits", lambda: ll.kfold_splits(5, 2, seed=-1), ValueError, "seed"),
    ("one_standard_error_rule", lambda: ll.one_standard_error_rule([1.0, 2.0], [0.1]), ValueError, "means"),
    ("one_standard_error_rule", lambda: ll.one_standard_error_rule([NAN], [0.1]), ValueError, "means"),
    ("one_standard_error_rule", lambda: ll.one_standard_error_rule([1.0], [-0.1]), ValueError, "standard_errors"),
    ("one_standard_error_rule", lambda: ll.one_standard_error_rule("abc", [0.1]), TypeError, "means"),
    ("mean_se", lambda: ll.mean_se([1.0]), ValueError, "values"),
    ("mean_se", lambda: ll.mean_se([1.0, INF]), ValueError, "values"),
    ("mean_se", lambda: ll.mean_se("abc"), TypeError, "values"),
    ("bootstrap_interval", lambda: ll.bootstrap_interval(3, 10), TypeError, "statistic"),
    ("bootstrap_interval", lambda: ll.bootstrap_interval(len, 1), ValueError, "num_items"),
    ("bootstrap_interval", lambda: ll.bootstrap_interval(len, 10, num_resamples=5), ValueError, "num_resamples"),
    ("bootstrap_interval", lambda: ll.bootstrap_interval(len, 10, level=1.0), ValueError, "level"),
    ("seed_band", lambda: ll.seed_band([[1.0, 2.0]]), ValueError, "values"),
    ("seed_band", lambda: ll.seed_band([[1.0, NAN], [1.0, 2.0]]), ValueError, "values"),
    ("seed_band", lambda: ll.seed_band([[1.0, 0.0], [1.0, 2.0]], log=True), ValueError, "values"),
    ("seed_band", lambda: ll.seed_band([[1.0], [2.0]], log="sí"), TypeError, "log"),
    ("least_squares", lambda: ll.least_squares(torch.ones(3), torch.ones(3)), ValueError, "X"),
    ("least_squares", lambda: ll.least_squares(torch.ones(3, 2), torch.ones(2)), ValueError, "X"),
    ("least_squares", lambda: ll.least_squares(torch.ones(3, 2), torch.ones(3), -1.0), ValueError, "lambd"),
    ("least_squares", lambda: ll.least_squares("X", torch.ones(3)), TypeError, "X"),
    ("least_squares", lambda: ll.least_squares(torch.ones(3, 2), torch.ones(3), intercept=1), TypeError, "intercept"),
    ("polynomial_features", lambda: ll.polynomial_features(torch.ones(2, 2), 3), ValueError, "x"),
    ("polynomial_features", lambda: ll.polynomial_features(torch.ones(2), -1), ValueError, "degree"),
    ("polynomial_features", lambda: ll.polynomial_features(torch.ones(2), 2.5), TypeError, "degree"),
    ("ridge_filter", lambda: ll.ridge_filter([-1.0], 1.0), ValueError, "eigenvalues"),
    ("ridge_filter", lambda: ll.ridge_filter([1.0], 0.0), ValueError, "lambd"),
    ("gradient_descent_filter", lambda: ll.gradient_descent_filter([1.0], 0.0, 3), ValueError, "lr"),
    ("gradient_descent_filter", lambda: ll.gradient_descent_filter([1.0], 0.1, -1), ValueError, "steps"),
    ("set_seed", lambda: ll.set_seed(-1), ValueError, "seed"),
    ("mc_dropout_predict", lambda: ll.mc_dropout_predict(classifier(), X(), 0), ValueError, "num_samples"),
    ("plot_history", lambda: ll.plot_history(history(), metric="precision"), ValueError, "metric"),
    ("plot_history", lambda: ll.plot_history({}), ValueError, "history"),
    ("plot_gap", lambda: ll.plot_gap({}), ValueError, "history"),
    ("plot_sweep", lambda: ll.plot_sweep([0.0, 1.0], [1.0, 2.0]), ValueError, "values"),
    ("plot_dropout_network", lambda: ll.plot_dropout_network(dropped=(7,)), ValueError, "dropped"),
    ("plot_constraint_geometry", lambda: ll.plot_constraint_geometry(radius=-1.0), ValueError, "radius"),
    ("plot_seed_bands", lambda: ll.plot_seed_bands([1, 2], [[1.0, 2.0]], xlabel="n", ylabel="e"), TypeError, "curves"),
    (
        "plot_seed_bands",
        lambda: ll.plot_seed_bands([1, 2, 3], {"a": [[1.0, 2.0], [1.0, 2.0]]}, xlabel="n", ylabel="e"),
        ValueError,
        "curves",
    ),
    (
        "plot_seed_bands",
        lambda: ll.plot_seed_bands([1, 2], {"a": [[1.0, 2.0], [1.0, 2.0]]}, xlabel="n", ylabel="e", dashed=["b"]),
        ValueError,
        "dashed",
    ),
    (
        "plot_seed_bands",
        lambda: ll.plot_seed_bands([1, NAN], {"a": X()[:, :2]}, xlabel="n", ylabel="e"),
        ValueError,
        "x",
    ),
    (
        "plot_polynomial_fits",
        lambda: ll.plot_polynomial_fits([0.0, 1.0], [1.0], [0.0], {"a": [1.0]}, [0.0]),
        ValueError,
        "y",
    ),
    ("plot_polynomial_fits", lambda: ll.plot_polynomial_fits([0.0], [1.0], [0.0], [1.0], [0.0]), TypeError, "fits"),
    (
        "plot_polynomial_fits",
        lambda: ll.plot_polynomial_fits([0.0], [1.0], [0.0], {"a": [1.0]}, [0.0], ylim=(1.0, -1.0)),
        ValueError,
        "ylim",
    ),
    (
        "plot_cross_validation",
        lambda: ll.plot_cross_validation([1, 2], [0.5, 0.2], [0.1, 0.1], chosen=2, xlabel="grado"),
        ValueError,
        "chosen",
    ),
    (
        "plot_cross_validation",
        lambda: ll.plot_cross_validation([1, 2], [0.5, -0.2], [0.1, 0.1], chosen=0, xlabel="grado"),
        ValueError,
        "means",
    ),
    (
        "plot_cross_validation",
        lambda: ll.plot_cross_validation([1, 2], [0.5, 0.2], [0.1], chosen=0, xlabel="grado"),
        ValueError,
        "standard_errors",
    ),
    ("plot_history_bands", lambda: ll.plot_history_bands([history(), history()]), TypeError, "runs"),
    ("plot_history_bands", lambda: ll.plot_history_bands({"a": [history()]}), ValueError, "runs"),
    ("plot_history_bands", lambda: ll.plot_history_bands({"a": [history(), history()]}), ValueError, "runs"),
    ("plot_history_bands", lambda: ll.plot_history_bands({"a": [history()] * 2}, metric="f1"), ValueError, "metric"),
    # Semillas, frases del libro y números en la prosa
    ("derive_seed", lambda: ll.derive_seed(-1, "data"), ValueError, "seed"),
    ("derive_seed", lambda: ll.derive_seed(0, ""), ValueError, "purpose"),
    ("book_seed", lambda: ll.book_seed(-3), ValueError, "seed"),
    ("book_seeds", lambda: ll.book_seeds(1), ValueError, "count"),
    ("book_seeds", lambda: ll.book_seeds("3"), TypeError, "count"),
    ("claim", lambda: ll.claim(True, ""), ValueError, "text"),
    ("claim", lambda: ll.claim(True, None), ValueError, "text"),
    ("format_number", lambda: ll.format_number("3.5"), TypeError, "value"),
    ("format_number", lambda: ll.format_number(NAN), ValueError, "value"),
    ("format_number", lambda: ll.format_number(1.5, decimals=-1), ValueError, "decimals"),
    ("format_number", lambda: ll.format_number(1.5, style="sci"), ValueError, "style"),
    ("format_list", lambda: ll.format_list([]), ValueError, "values"),
    ("format_list", lambda: ll.format_list([1.0, NAN]), ValueError, "value"),
    # Caminos de regularización y animaciones
    ("regularization_path", lambda: ll.regularization_path([[1.0]], torch.ones(1), "l1", [0.1]), TypeError, "X"),
    ("regularization_path", lambda: ll.regularization_path(X(), torch.ones(2), "l1", [-0.1]), ValueError, "lambdas"),
    ("l1_zero_crossings", lambda: ll.l1_zero_crossings(X(), torch.ones(3)), ValueError, "X"),
    ("plot_weight_paths", lambda: ll.plot_weight_paths([1.0], "pesos"), TypeError, "paths"),
    ("plot_constraint_path", lambda: ll.plot_constraint_path(-1.0), ValueError, "radii"),
    ("constraint_path", lambda: constraint_path(1, -1.0, [2.0, 0.8], torch.eye(2)), ValueError, "radius"),
    ("constraint_path", lambda: constraint_path(1, "uno", [2.0, 0.8], torch.eye(2)), TypeError, "radius"),
    ("constraint_path", lambda: constraint_path(1, 1.0, [2.0, 0.8], torch.eye(2), points=1), ValueError, "points"),
    ("constraint_path", lambda: constraint_path(0, 1.0, [2.0, 0.8], torch.eye(2)), ValueError, "p"),
    ("plot_dropout_steps", lambda: ll.plot_dropout_steps(torch.ones(2, 3), 0, 0.5), TypeError, "masks"),
    ("Animation", lambda: ll.Animation([b"x", b"y"], alt="dos"), TypeError, "frames"),
    ("animate_regularization_path", lambda: ll.animate_regularization_path([1.0, 2.0]), ValueError, "radii"),
    ("animate_dropout", lambda: ll.animate_dropout(torch.ones(3, 2, dtype=torch.bool), 1.5), ValueError, "p"),
    # Dispositivos que no existen
    ("fit", lambda: ll.fit(model(), data(), 1, device="gpu9"), ValueError, "device"),
    ("SyntheticRegressionData", lambda: ll.SyntheticRegressionData([1.0], 0.0, device="gpu9"), ValueError, "device"),
    ("FashionMNIST", lambda: ll.FashionMNIST(device="gpu9"), ValueError, "device"),
]


@pytest.mark.parametrize("name, call, error, argument", ERRORS, ids=[f"{row[0]}-{i}" for i, row in enumerate(ERRORS)])
def test_bad_input_gets_a_clear_spanish_error(name, call, error, argument):
    with pytest.raises(error) as info:
        call()
    message = str(info.value)
    assert message.startswith(argument) or f" {argument}" in message or f"{argument}=" in message, message
    assert "se recibi" in message, message


def test_get_device_rejects_an_unknown_or_unavailable_device(monkeypatch):
    for value in ("gpu9", "cuda:7"):
        monkeypatch.setenv("LESSONS_LIB_DEVICE", value)
        with pytest.raises(ValueError, match="LESSONS_LIB_DEVICE"):
            ll.get_device()


def test_locate_fashion_mnist_rejects_a_root_without_the_files(tmp_path):
    with pytest.raises(ll.DataNotFoundError, match=r"root=.*no contiene los cuatro archivos"):
        ll.locate_fashion_mnist(tmp_path)


# (nombre de la API, llamada, comprobación del resultado definido)
DEFINED = [
    ("l2_norm", lambda: ll.l2_norm([]), lambda r: r.item() == 0.0),
    ("linf_norm", lambda: ll.linf_norm(torch.tensor([])), lambda r: r.item() == 0.0),
    ("lp_norm", lambda: ll.lp_norm([], 3), lambda r: r.item() == 0.0),
    ("frobenius_norm", lambda: ll.frobenius_norm(torch.zeros(0, 4)), lambda r: r.item() == 0.0),
    ("spectral_norm", lambda: ll.spectral_norm(torch.zeros(0, 4)), lambda r: r.item() == 0.0),
    ("spectral_norm", lambda: ll.spectral_norm(torch.zeros(3, 2)), lambda r: r.item() == 0.0),
    ("spectral_norm", lambda: ll.spectral_norm([[1.0, NAN]]), lambda r: math.isnan(r.item())),
    (
        "decay_parameter_groups",
        lambda: ll.decay_parameter_groups(torch.nn.ReLU(), 0.1),
        lambda r: [g["params"] for g in r] == [[], []],
    ),
    ("l2_norm", lambda: ll.l2_norm([1.0, NAN]), lambda r: math.isnan(r.item())),
    ("l1_norm", lambda: ll.l1_norm([1.0, -INF]), lambda r: r.item() == INF),
    (
        "l1_norm",
        lambda: ll.l1_norm(torch.tensor([1, -2], dtype=torch.int32)),
        lambda r: r.item() == 3.0 and r.is_floating_point(),
    ),
    ("l2_penalty", lambda: ll.l2_penalty(torch.tensor([])), lambda r: r.item() == 0.0),
    ("l1_penalty", lambda: ll.l1_penalty(torch.zeros(0, 3)), lambda r: r.item() == 0.0),
    ("dropout_layer", lambda: ll.dropout_layer(torch.zeros(0, 4), 0.5), lambda r: r.shape == (0, 4)),
    (
        "dropout_layer",
        lambda: ll.dropout_layer(torch.ones(2, 2, device="meta"), 0.5),
        lambda r: r.device.type == "meta",
    ),
    ("soft_threshold", lambda: ll.soft_threshold(torch.tensor([]), 1.0), lambda r: r.numel() == 0),
    ("num_monomials", lambda: ll.num_monomials(5, 0), lambda r: r == 1),
    ("l2_norm", lambda: ll.l2_norm(torch.ones(3, device="meta")), lambda r: r.device.type == "meta"),
    (
        "dropout_layer",
        lambda: ll.dropout_layer(torch.ones(3, dtype=torch.float64), 1.0),
        lambda r: r.dtype == torch.float64 and r.sum() == 0,
    ),
    (
        "mc_dropout_predict",
        lambda: ll.mc_dropout_predict(classifier(), torch.zeros(0, 3), 5),
        lambda r: r.probs.shape == (0, 2) and r.entropy.shape == (0,),
    ),
    (
        "mc_dropout_predict",
        lambda: ll.mc_dropout_predict(classifier().eval(), X(), 1),
        lambda r: r.std.abs().max() == 0 and torch.allclose(r.probs.sum(dim=1), torch.ones(2)),
    ),
]


@pytest.mark.parametrize("name, call, check", DEFINED, ids=[f"{row[0]}-{i}" for i, row in enumerate(DEFINED)])
def test_edge_cases_have_a_documented_result(name, call, check):
    assert check(call())


def test_every_public_callable_is_in_the_table():
    covered = {row[0] for row in ERRORS} | {row[0] for row in DEFINED} | {"get_device", "locate_fashion_mnist"}
    public = {name for name in ll.__all__ if callable(getattr(ll, name))}
    # Clases de datos y excepciones: sin argumentos que validar.
    public -= {
        "History",
        "Metrics",
        "DataNotFoundError",
        "CorruptDataError",
        "ClaimError",
        "MCDropoutPrediction",
        "MeanSE",
        "CalibrationMetrics",
    }
    assert public <= covered, f"sin casos de entrada incorrecta: {sorted(public - covered)}"


def test_a_rejected_call_changes_nothing():
    """Un error de validación no deja nada a medias: ni el modelo movido ni la semilla cambiada."""
    net = model()
    before = [p.detach().clone() for p in net.parameters()]
    state = torch.random.get_rng_state()
    with pytest.raises(ValueError):
        ll.fit(net, data(), 1, seed=-1, device="meta")
    assert all(torch.equal(a, b) for a, b in zip(before, net.parameters(), strict=False))
    assert all(p.device.type == "cpu" for p in net.parameters())
    assert torch.equal(torch.random.get_rng_state(), state)


# --- Propiedades ----------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(p=st.floats(min_value=0.0, max_value=1.0), rows=st.integers(1, 20), cols=st.integers(1, 20))
def test_dropout_output_is_zero_or_rescaled_input(p, rows, cols):
    X = torch.rand(rows, cols) + 0.5
    out = ll.dropout_layer(X, p)
    assert out.shape == X.shape
    if p == 1.0:
        assert torch.all(out == 0)
    else:
        kept = out != 0
        assert torch.allclose(out[kept], X[kept] / (1 - p))


@settings(max_examples=100, deadline=None)
@given(values=st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=30), t=st.floats(0.0, 100.0))
def test_soft_threshold_never_crosses_zero_and_moves_at_most_t(values, t):
    w = torch.tensor(values, dtype=torch.float64)
    out = ll.soft_threshold(w, t)
    assert torch.all(out * w >= 0)
    assert torch.all((w - out).abs() <= t + 1e-12)
    assert torch.all(out.abs() <= w.abs())


@settings(max_examples=100, deadline=None)
@given(values=st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=30))
def test_l2_penalty_is_half_the_squared_l2_norm(values):
    w = torch.tensor(values, dtype=torch.float64)
    assert torch.isclose(ll.l2_penalty(w), ll.l2_norm(w) ** 2 / 2, rtol=1e-9, atol=1e-12)
    assert torch.isclose(ll.l1_penalty(w), ll.l1_norm(w), rtol=1e-12)
