"""Línea de órdenes: ``python -m lessons_lib data`` obtiene Fashion-MNIST."""

import argparse
import sys

from lessons_lib.data import (
    FASHION_MNIST_FILES,
    CorruptDataError,
    DataNotFoundError,
    locate_fashion_mnist,
    read_idx,
)

__all__ = [
    "main",
]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m lessons_lib", description="Utilidades de lessons_lib.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="orden")
    data = commands.add_parser("data", help="obtiene o verifica Fashion-MNIST y dice dónde está")
    data.add_argument("--root", help="directorio con los cuatro archivos .gz")
    data.add_argument("--no-download", action="store_true", help="no intentar descargar")
    args = parser.parse_args(argv)
    try:
        directory = locate_fashion_mnist(args.root, download=not args.no_download)
        for name in FASHION_MNIST_FILES:
            read_idx(directory / name)
    except (DataNotFoundError, CorruptDataError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"Fashion-MNIST verificado en {directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
