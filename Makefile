# The two commands of the README: `make demo` and `make test`. Each creates .venv when missing
# and installs what it needs. ORACLE=0 skips installing PyTorch as the test oracle.
PYTHON ?= python3
ARGS   ?=
VENV   := .venv
BIN    := $(VENV)/bin
ORACLE ?= 1
TUTORIALS := backprop two_styles optimisation custom_op cpu_vs_gpu

.PHONY: demo lm ddp test lint bench docs tutorials fuzz gpu-check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# The examples extra is part of the test install: tests/examples runs every example.
$(VENV)/.installed-test: pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test,dev,examples]'
	@if [ "$(ORACLE)" = "1" ]; then \
	  $(BIN)/python -m pip install -q torch==2.13.0 \
	    || echo "PyTorch could not be installed: the oracle comparisons will be skipped."; \
	fi
	touch $@

$(VENV)/.installed-demo: pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[examples]'
	touch $@

$(VENV)/.installed-ddp: pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[examples,distributed]'
	touch $@

# Without a GPU the cuda tests run against the strict CuPy test double (tests/cuda_double).
test: $(VENV)/.installed-test
	$(BIN)/ruff check autograd nn backends tests benchmarks examples docs
	AUTOGRAD_CUDA_DOUBLE=1 $(BIN)/python -m pytest

# The digits classifier (examples/digits.py); options through ARGS, e.g.
# make demo ARGS="--epochs 30 --out runs/digits30"; AUTOGRAD_DEVICE=cuda for the GPU.
demo: $(VENV)/.installed-demo
	$(BIN)/python examples/digits.py $(ARGS)

# The character-level language model (examples/char_lm.py): two minutes of a 2-layer LSTM on
# the standard library's own sources, then a plot, a checkpoint and a sample; ARGS="--model
# gpt" for the small GPT, ARGS="--minutes 10" for longer, AUTOGRAD_DEVICE=cuda for the GPU.
lm: $(VENV)/.installed-demo
	$(BIN)/python examples/char_lm.py $(ARGS)

$(VENV)/.installed-docs: pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[docs]'
	touch $@

# The documentation site (mkdocs.yml, docs/) into site/. --strict: a broken link, a missing
# page or an API reference that does not resolve fails the build. Graphviz (`dot`) is optional:
# without it the tape page shows the tape as a table instead of a picture.
docs: $(VENV)/.installed-docs
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --site-dir site

# The tutorials of the site at full budget: their figures and printed results into
# docs/tutorials/figures/, which the pages show (make test runs them with tiny budgets).
tutorials: $(VENV)/.installed-demo
	for t in $(TUTORIALS); do $(BIN)/python examples/tutorials/$$t.py || exit 1; done

# The digits classifier trained data-parallel on RANKS processes (examples/ddp_digits.py),
# one BLAS thread each, through the mpiexec of the mpich wheel; options through ARGS.
RANKS ?= 2
ddp: $(VENV)/.installed-ddp
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(BIN)/mpiexec -n $(RANKS) \
	  $(BIN)/python examples/ddp_digits.py $(ARGS)

# The differential fuzzer against PyTorch with a longer budget than make test's (3 examples per
# op): FUZZ_EXAMPLES per op (default 50); failures also go to FUZZ_LOG when set.
FUZZ_EXAMPLES ?= 50
fuzz: $(VENV)/.installed-test
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -p no:cacheprovider \
	  tests/autograd/test_fuzz_torch.py $(ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check autograd nn backends tests benchmarks examples docs

# The suite, then the regression check: each workload's eager and compiled step, as ratios to
# the hand-written NumPy floor, at most 5% above benchmarks/results/regression-baseline.json
# (one core, one BLAS thread: CPU time is then the step's own work).
PIN := $(shell command -v taskset >/dev/null 2>&1 && echo taskset -c 0)
bench: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks $(ARGS)
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 $(PIN) $(BIN)/python -m benchmarks.regress

# The one prepared check for a machine with a GPU: the cuda tests, then the benchmarks on cpu
# and cuda, within 8 minutes; run with the system python3 that has CuPy, NumPy and PyTorch
# (no venv, nothing installed). Logs, JSON, plot and summary go to GPU_CHECK_OUT.
SYSTEM_PYTHON ?= python3
GPU_CHECK_OUT ?= benchmarks/results/gpu-check
gpu-check:
	$(SYSTEM_PYTHON) -m benchmarks.gpu_check --out $(GPU_CHECK_OUT)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
