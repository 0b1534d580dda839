"""Utilidades que comparten las pruebas de los comprobadores (``tests/lib/test_checks_*.py``)."""

import torch


def weight_decay_step(w, grad, lr, lambd):
    """Paso correcto de SGD con decaimiento de pesos."""
    return (1 - lr * lambd) * w - lr * grad


def case(result, name):
    """El caso de ``result`` cuyo nombre empieza por ``name``."""
    return next(c for c in result.cases if c.name.startswith(name))


def missing_cases(result, prefixes):
    """Los ``prefixes`` por los que no empieza el nombre de ningún caso de ``result``."""
    names = [c.name for c in result.cases]
    return [prefix for prefix in prefixes if not any(name.startswith(prefix) for name in names)]


def raises(*args):
    """Una función del estudiante que siempre lanza una excepción."""
    raise ValueError("algo salió mal")


def assert_reproducible_leaving_the_global_generator_alone(check):
    """``check()`` da el mismo informe dos veces y deja el generador global de PyTorch como estaba."""
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    first = str(check())
    # Sin la reescritura de pytest (este módulo no es de pruebas): los mensajes dicen qué falló.
    assert torch.equal(torch.rand(3), expected), "el comprobador cambió el generador global de PyTorch"
    again = str(check())
    assert again == first, f"dos comprobaciones, dos informes:\n{first}\n---\n{again}"
