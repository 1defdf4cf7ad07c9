# StyleSync: `make demo` runs the pipeline on embedded defaults; `make test` runs every test.
SHELL := /bin/bash
export JAVA_HOME := $(shell scripts/java-home.sh)
export PATH := $(JAVA_HOME)/bin:$(PATH)
MVN := ./mvnw -B -ntp
STATE := .stylesync
VENV := .venv
DATASET ?=
DEMO_LIMIT ?= 3000

.PHONY: help build test demo stop bench-ingest clean deps-python deps-demo

help:
	@echo "make demo          ingest a real public dataset on embedded S3 (Fashion-MNIST, or DATASET=<dir in kaggle-styles layout>)"
	@echo "make test          every test (real S3 protocol, real images, real HTTP)"
	@echo "make build         compile and package the services"
	@echo "make bench-ingest  ingest throughput vs a raw SDK copy of the same objects"
	@echo "make stop          stop what make demo started"

build:
	$(MVN) -DskipTests package

test: deps-python
	$(MVN) verify

$(VENV)/bin/python:
	python3 -m venv $(VENV)

# MLflow (tracking server for tests and the demo) and boto3 (demo driver), pinned in tools/requirements.txt
deps-python: $(VENV)/bin/python
	$(VENV)/bin/pip install -q --disable-pip-version-check -r tools/requirements.txt

deps-demo: deps-python
	@if [[ -z "$(DATASET)" && ! -d /usr/share/datasets/fashion-mnist ]]; then \
	  echo "Installing Debian's dataset-fashion-mnist ..."; \
	  $$( [[ $$(id -u) -eq 0 ]] || echo sudo ) apt-get install -y -q dataset-fashion-mnist >/dev/null; fi

demo: deps-demo
	@echo "== Building the services"
	$(MVN) -q -DskipTests package -pl ingest-service -am
	@mkdir -p $(STATE)/logs
	@if [[ -z "$(DATASET)" ]]; then \
	  echo "== Writing Fashion-MNIST ($(DEMO_LIMIT) train + $(DEMO_LIMIT) test images) in the kaggle-styles layout"; \
	  rm -rf $(STATE)/fashion-mnist; \
	  python3 tools/fashion_mnist_to_kaggle.py --out $(STATE)/fashion-mnist --limit $(DEMO_LIMIT); fi
	@scripts/service.sh start ingest-service 8081
	$(VENV)/bin/python tools/demo.py --dataset-dir $(if $(DATASET),$(DATASET),$(STATE)/fashion-mnist) \
	  --name $(if $(DATASET),$$(basename $(DATASET) | tr 'A-Z_' 'a-z-'),fashion-mnist)
	@echo; echo "Services keep running; 'make stop' ends them. Logs: $(STATE)/logs/"

stop:
	@scripts/service.sh stop-all

bench-ingest:
	$(MVN) -q -DskipTests install -pl common -am
	$(MVN) -q -pl ingest-service test-compile exec:java -Dexec.classpathScope=test \
	  -Dexec.mainClass=io.stylesync.ingest.bench.IngestBenchmark -Dexec.cleanupDaemonThreads=false

clean: stop
	$(MVN) -q clean
	rm -rf $(STATE)
