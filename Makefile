# Saima: the two commands for a fresh machine are `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Every Python package comes from the lock files under requirements/, each with its hashes
# (`make lock` writes them from pyproject.toml): the same packages, byte for byte, next year.
LOCK := requirements/lock.txt
BUILD_LOCK := requirements/build.txt
# Debian packages, installed when missing (as root, or through sudo where that works without a password):
# the font the charts are measured with (1.6 MB; see generator/charts.py), and the browser the
# browser tests drive. Where they cannot be installed, a message says so and the build still runs
# (charts measured with another font; the browser tests skip with the reason).
CHART_FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
CHROMIUM := /usr/bin/chromium

.PHONY: install venv lock validate check-pr codeowners site serve lint format test golden bench clean

install: $(STAMP) $(CHART_FONT)

# Python packages only (CI's gate needs no font and no browser).
venv: $(STAMP)

# pip and setuptools first (hashed), then everything with no build isolation, so that building
# jieba's sdist and Saima itself downloads nothing that the lock does not name; Saima itself last,
# without its dependencies (they are all in the lock already).
$(STAMP): pyproject.toml $(LOCK) $(BUILD_LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(BUILD_LOCK)
	$(BIN)/pip install --quiet --require-hashes --no-build-isolation -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Regenerate the lock files from pyproject.toml (PyPI only, with pip-tools in a venv of its own);
# commit both. Run after changing a pin in pyproject.toml. The extras name saima itself
# (.[test] includes .[site]); `--unsafe-package saima` keeps that self-reference out of the lock
# (and, replacing the default list, keeps pip and setuptools pinned in it).
PIP_TOOLS := pip-tools==7.6.2
LOCK_VENV := .venv-lock
COMPILE = env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND="make lock" \
	$(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --unsafe-package saima --strip-extras --no-emit-index-url \
	--index-url https://pypi.org/simple
lock:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet $(PIP_TOOLS)
	$(COMPILE) --extra test --output-file $(LOCK) pyproject.toml
	$(COMPILE) --output-file $(BUILD_LOCK) requirements/build.in

$(CHART_FONT):
	-@$(call apt_install,fonts-wqy-microhei)

$(CHROMIUM):
	-@$(call apt_install,chromium)

define apt_install
echo "saima: 安装 $(1)（Debian 软件包）" >&2; \
(sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo -n"; \
 $$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null) \
  || echo "saima: 无法安装 $(1)（需要 root 或免密码的 sudo，以及 Debian/Ubuntu 软件源），继续。" >&2
endef

# FORMAT=github in CI: annotations on the pull request's lines and a job summary.
FORMAT ?= text
validate: $(STAMP)
	$(BIN)/saima validate --format $(FORMAT)

# A pull request's change judged with the rules of its base (CI runs the base's own copy of this):
# make check-pr BASE=origin/main AUTHOR=wangli
BASE ?= origin/main
AUTHOR ?= $(USER)
check-pr: $(STAMP)
	$(BIN)/saima check-pr --base "$(BASE)" --author "$(AUTHOR)" --format $(FORMAT)

# .github/CODEOWNERS from data/units.yaml and data/people.yaml (commit it with them).
codeowners: $(STAMP)
	$(BIN)/saima codeowners

site: $(STAMP) $(CHART_FONT)
	$(BIN)/saima build

# Preview on this machine only; rebuilds when a page under site_src/ changes.
serve: $(STAMP) $(CHART_FONT)
	$(BIN)/saima serve --address 127.0.0.1:8000

# Lint rules (ruff: pyflakes and bugbear, pyproject.toml [tool.ruff]) over the code and the tests,
# the formatter's layout (checked only; `make format` applies it), and the type checker over generator/ ([tool.mypy]).
lint: $(STAMP)
	$(BIN)/ruff check --quiet .
	$(BIN)/ruff format --check --quiet .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format --quiet .

# Property tests draw a fifth of their examples unless SAIMA_HYPOTHESIS=thorough (.ci/run sets it).
# The tests run in one process per core (pytest-xdist), each test wherever a process is free, but
# the tests marked xdist_group (those sharing the 亮灯 build, the files of large builds) in
# one process, so that their shared builds are made once; TEST_JOBS=0 runs them all in this process.
TEST_JOBS ?= auto
test: $(STAMP) $(CHART_FONT) $(CHROMIUM) lint
	$(BIN)/python -m pytest --numprocesses $(TEST_JOBS) --dist loadgroup

# Rewrite the golden files (tests/golden/: every page the render writes for the mini campaign, in
# Chinese and English) after a change to the pages that is meant; review them with git diff and commit.
golden: $(STAMP)
	SAIMA_GOLDEN=update $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_golden.py

# The sample and synthetic campaigns built from files, stage by stage (seconds, peak memory, sizes),
# beside a plain mkdocs build of the same pages; prints the table and saves it to bench/results.md.
# Asserts nothing. A size that fails is reported with its error; the run goes on.
# e.g. make bench SIZES="sample 100" SHAPES="bench sample"
SIZES ?= sample 100 1000 3000
SHAPES ?= bench
BENCH_TIMEOUT ?= 3600
# Processes that render, draw and scan: 0 = one per usable core, as `saima build` does.
BENCH_JOBS ?= 0
bench: $(STAMP) $(CHART_FONT)
	$(BIN)/python -m bench.run --sizes "$(SIZES)" --shapes "$(SHAPES)" --timeout $(BENCH_TIMEOUT) --jobs $(BENCH_JOBS)

clean:
	rm -rf $(VENV) $(LOCK_VENV) site *.egg-info
