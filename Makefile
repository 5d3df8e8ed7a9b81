# Saima: the two commands for a fresh machine are `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages, installed when missing (as root, like CI and the developers' machines):
# the font the charts are measured with (1.6 MB; see generator/charts.py), and the browser the
# browser tests drive. Where they cannot be installed, a message says so and the build still runs
# (charts measured with another font; the browser tests skip with the reason).
CHART_FONT := /usr/share/fonts/truetype/wqy/wqy-microhei.ttc
CHROMIUM := /usr/bin/chromium

.PHONY: install validate site serve test bench clean

install: $(STAMP) $(CHART_FONT)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

$(CHART_FONT):
	-@$(call apt_install,fonts-wqy-microhei)

$(CHROMIUM):
	-@$(call apt_install,chromium)

define apt_install
echo "saima: 安装 $(1)（Debian 软件包）" >&2; \
(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(1) >/dev/null) \
  || echo "saima: 无法安装 $(1)（需要 root 和 Debian 软件源），继续。" >&2
endef

# FORMAT=github in CI: annotations on the pull request's lines and a job summary.
# BASE=origin/main: also refuse changes to the figures of closed months (campaign.yaml closed_through).
FORMAT ?= text
BASE ?=
validate: $(STAMP)
	$(BIN)/saima validate --format $(FORMAT) $(if $(BASE),--base $(BASE))

site: $(STAMP) $(CHART_FONT)
	$(BIN)/saima build

# Preview on this machine only; rebuilds when a page under site_src/ changes.
serve: $(STAMP) $(CHART_FONT)
	$(BIN)/saima serve --address 127.0.0.1:8000

test: $(STAMP) $(CHART_FONT) $(CHROMIUM)
	$(BIN)/python -m pytest

# The sample and synthetic campaigns built from files, stage by stage (seconds, peak memory, sizes),
# beside a plain mkdocs build of the same pages; prints the table and saves it to bench/results.md.
# Asserts nothing. A size that fails is reported with its error; the run goes on.
# e.g. make bench SIZES="sample 100" SHAPES="bench sample"
SIZES ?= sample 100 1000 3000
SHAPES ?= bench
BENCH_TIMEOUT ?= 3600
bench: $(STAMP) $(CHART_FONT)
	$(BIN)/python -m bench.run --sizes "$(SIZES)" --shapes "$(SHAPES)" --timeout $(BENCH_TIMEOUT)

clean:
	rm -rf $(VENV) site *.egg-info
