# Paquetes de Debian que necesita el proyecto, por grupos. Es la única lista:
# el Makefile la incluye, .ci/run y los workflows de GitHub la leen con
# `sed -n 's/^[A-Z_]* = //p' debian-packages.mk`, y el README remite aquí.
TEX_PACKAGES = texlive-xetex texlive-latex-extra texlive-fonts-recommended texlive-fonts-extra texlive-lang-spanish latexmk fonts-freefont-otf fonts-dejavu-core poppler-utils
BROWSER_PACKAGES = chromium chromium-driver
DATA_PACKAGES = dataset-fashion-mnist
