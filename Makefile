# Saima: the two commands for a fresh machine are `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install validate site serve test bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

validate: $(STAMP)
	$(BIN)/saima validate

site: $(STAMP)
	$(BIN)/saima build

serve: $(STAMP)
	@echo "saima: 站点生成尚未实现（见 issue 4），暂无可预览的站点。" >&2; exit 1

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	@echo "saima: 基准测试尚未实现（见后续 issue）。" >&2; exit 1

clean:
	rm -rf $(VENV) site *.egg-info
