#!/usr/bin/env python3
"""make test-compose: the stack as users run it, in real containers (podman, through its Docker-compatible API).

  1. stand-in base images under the names the Dockerfiles and docker-compose.yml use (no registry is reachable
     here; scripts/ops/standins/ says how each is made), unless they are already there
  2. the four service images and MLflow's, built with the repository's unchanged Dockerfiles
  3. `docker-compose up` of the unchanged docker-compose.yml (a test .env: stand-in images, generated secrets;
     Grafana left out: no image), a loop that runs `podman healthcheck run` (podman 4.3 has no systemd timers
     here), and a wait until every container is healthy
  4. the pipeline through the published ports: upload -> ingest -> train -> promote -> /predict, /analyze ->
     feedback -> drift; Prometheus scrapes all four services
  5. `docker-compose down -v` and the podman service stopped (unless --keep)

Prints one line per check, the figures (image sizes, cold start to healthy, time to first prediction) as
key=value lines, and `compose_checks_passed=N/M` last. Exit 1 when a check fails.
Needs (installed by `make deps-compose`): podman, runc, docker-compose, mmdebstrap, curl; Python with boto3.
"""
import argparse
import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from httpcalls import http  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
STANDINS = ROOT / "scripts/ops/standins"
STATE = ROOT / ".stylesync/compose-test"
PROJECT = "stylesync-compose-test"
SERVICES = {"ingest-service": 8081, "training-service": 8082, "inference-service": 8083, "monitoring-service": 8084}
STACK = ["minio", "minio-init", "postgres", "mlflow", *SERVICES, "prometheus"]  # grafana: no stand-in image
JAVA_VERSION = "25"
MLFLOW_VERSION = "3.17.2"
CHECKS = []


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def check(ok, what, detail=""):
    print(("PASS " if ok else "FAIL ") + what + ("" if ok or not detail else f"\n     {str(detail)[:2000]}"), flush=True)
    CHECKS.append(bool(ok))
    return ok


def figure(key, value):
    print(f"{key}={value}", flush=True)


class Podman:
    def __init__(self):
        STATE.mkdir(parents=True, exist_ok=True)
        conf = STATE / "containers.conf"
        # crun and the systemd cgroup manager fail on this machine kind; runc with cgroupfs works
        conf.write_text('[containers]\ndefault_ulimits = []\n[engine]\ncgroup_manager = "cgroupfs"\nruntime = "runc"\n')
        self.env = dict(os.environ, CONTAINERS_CONF=str(conf))
        self.sock = STATE / "podman.sock"
        self.service = None

    def run(self, *args, check_rc=True, capture=True, timeout=None):
        res = subprocess.run(["podman", *args], env=self.env, capture_output=capture, text=True, timeout=timeout)
        if check_rc and res.returncode != 0:
            raise RuntimeError(f"podman {' '.join(args)}: rc={res.returncode}\n{(res.stderr or '')[-3000:]}")
        return res

    def exists(self, image):
        return self.run("image", "exists", image, check_rc=False).returncode == 0

    def size(self, image):
        return int(self.run("image", "inspect", image, "--format", "{{.Size}}").stdout.strip())

    def build(self, tag, context, containerfile=None, build_args=(), log_name=None, host_cas=False):
        """podman build; host_cas mounts this machine's CAs read-only for RUN steps that reach Maven Central or PyPI
        over HTTPS: at build time only, never baked into an image (and not for apt steps, which write there).
        Docker image format: podman's default (OCI) drops HEALTHCHECK."""
        cmd = ["podman", "build", "--pull=never", "--format=docker", "-t", tag] + (["-v", "/etc/ssl/certs:/etc/ssl/certs:ro"] if host_cas else [])
        if containerfile:
            cmd += ["-f", str(containerfile)]
        for a in build_args:
            cmd += ["--build-arg", a]
        cmd.append(str(context))
        out = STATE / f"build-{log_name or tag.split('/')[-1].replace(':', '_')}.log"
        t0 = time.time()
        with open(out, "w") as f:
            rc = subprocess.run(cmd, env=self.env, stdout=f, stderr=subprocess.STDOUT).returncode
        if rc != 0:
            raise RuntimeError(f"build of {tag} failed (rc={rc}); last lines of {out}:\n" + "".join(out.read_text().splitlines(True)[-40:]))
        return time.time() - t0

    def start_service(self):
        self.sock.unlink(missing_ok=True)
        self.service = subprocess.Popen(["podman", "system", "service", "--time=0", f"unix://{self.sock}"], env=self.env,
                                        stdout=subprocess.DEVNULL, stderr=open(STATE / "podman-service.log", "w"))
        for _ in range(100):
            if self.sock.exists():
                return
            time.sleep(0.1)
        raise RuntimeError("podman system service did not create its socket")

    def stop_service(self):
        if self.service:
            self.service.terminate()
            self.service.wait(timeout=30)
            self.service = None


# ---------------------------------------------------------------------------------------------- images
def base_images(pm, jdk_home):
    """The stand-ins; each is built once and kept (rebuilding is only needed when scripts/ops/standins changes)."""
    debian = "docker.io/library/debian:bookworm"
    if not pm.exists(debian):
        rootfs = STATE / "rootfs.tar"
        t0 = time.time()
        subprocess.run(["mmdebstrap", "--quiet", "--variant=apt", "--include=passwd,ca-certificates", "bookworm", str(rootfs),
                        "http://deb.debian.org/debian"], check=True)
        pm.run("import", str(rootfs), debian)
        rootfs.unlink()
        log(f"built {debian} from mmdebstrap in {time.time() - t0:.0f} s")
    for flavour in ("jdk", "jre"):
        tag = f"docker.io/library/eclipse-temurin:{JAVA_VERSION}-{flavour}"
        if pm.exists(tag):
            continue
        ctx = pathlib.Path(tempfile.mkdtemp(prefix="temurin-", dir=STATE))
        if flavour == "jdk":
            shutil.copytree(jdk_home, ctx / "java", symlinks=True)
        else:  # a JRE as the official one is: the runtime modules without the development tools
            mods = subprocess.run([f"{jdk_home}/bin/java", "--list-modules"], capture_output=True, text=True, check=True).stdout
            tools = ("jdk.compiler", "jdk.javadoc", "jdk.jshell", "jdk.jlink", "jdk.jdeps", "jdk.jpackage", "jdk.hotspot.agent",
                     "jdk.jdi", "jdk.jstatd", "jdk.jconsole", "jdk.jcmd")
            keep = [m.split("@")[0] for m in mods.split() if m.split("@")[0] not in tools]
            subprocess.run([f"{jdk_home}/bin/jlink", "--add-modules", ",".join(keep), "--strip-debug", "--no-man-pages",
                            "--no-header-files", "--output", str(ctx / "java")], check=True, capture_output=True)
        shutil.copy(STANDINS / "temurin.Containerfile", ctx / "Containerfile")
        secs = pm.build(tag, ctx, ctx / "Containerfile")
        shutil.rmtree(ctx)
        log(f"built {tag} in {secs:.0f} s")
    for tag, file in (("docker.io/library/python:3.12-slim", "python.Containerfile"),
                      ("localhost/stylesync-standin/postgres:15", "postgres.Containerfile"),
                      ("localhost/stylesync-standin/prometheus:2.42", "prometheus.Containerfile")):
        if not pm.exists(tag):
            secs = pm.build(tag, STANDINS, STANDINS / file)
            log(f"built {tag} in {secs:.0f} s")


def seed_maven_cache():
    """The Dockerfile's Maven step uses a BuildKit cache mount (/root/.m2); buildah keeps it under
    /var/tmp/buildah-cache-<uid>/root/.m2. Seeding it from the host's repository spares a download of every
    dependency at the first build (without it the build downloads them, through the CA mount)."""
    host = pathlib.Path.home() / ".m2"
    cache = pathlib.Path(f"/var/tmp/buildah-cache-{os.getuid()}/root/.m2")
    if host.is_dir() and not (cache / "repository").is_dir():
        cache.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cp", "-a", str(host), str(cache)], check=True)


def service_images(pm, tag):
    times = {}
    for name, port in SERVICES.items():
        image = f"docker.io/stylesync/{name}:{tag}"
        times[name] = pm.build(image, ROOT, ROOT / "Dockerfile", [f"SERVICE={name}", f"PORT={port}", f"JAVA_VERSION={JAVA_VERSION}"],
                               host_cas=True)
        log(f"built {image} in {times[name]:.0f} s")
    mlflow = f"docker.io/stylesync/mlflow:{MLFLOW_VERSION}"
    times["mlflow"] = pm.build(mlflow, ROOT / "deploy/mlflow", build_args=[f"MLFLOW_VERSION={MLFLOW_VERSION}"], host_cas=True)
    log(f"built {mlflow} in {times['mlflow']:.0f} s")
    s3 = "localhost/stylesync-standin/s3:latest"
    pm.build(s3, STANDINS, STANDINS / "s3.Containerfile", [f"BASE=docker.io/stylesync/ingest-service:{tag}"])
    return times


# ---------------------------------------------------------------------------------------------- Testcontainers
TESTCONTAINERS_TESTS = {  # every service's S3 and MLflow paths, an MLflow outage (stop/start of its container) included
    "common": "ObjectStoreTest,MlflowClientTest,JobQueueTest",
    "ingest-service": "IngestApiTest,KaggleIngestTest,IngestJobHistoryTest",
    "training-service": "RunTrackerTest,TrainingRunHistoryTest",
    "inference-service": "ModelCacheTest",
    "monitoring-service": "MonitoringCheckpointTest",
}


def testcontainers_images(pm):
    """The images common's TestInfrastructure names, as stand-ins: the S3 server for MinIO, MLflow without an
    entrypoint for MLflow's official image."""
    source = (ROOT / "common/src/test/java/io/stylesync/common/testing/TestInfrastructure.java").read_text()
    names = dict(re.findall(r'(MINIO_IMAGE|MLFLOW_IMAGE) = "([^"]+)"', source))
    pm.run("tag", "localhost/stylesync-standin/s3:latest", names["MINIO_IMAGE"])
    pm.build(names["MLFLOW_IMAGE"], STANDINS, STANDINS / "mlflow-official.Containerfile",
             [f"BASE=docker.io/stylesync/mlflow:{MLFLOW_VERSION}"], log_name="mlflow-official")
    return names


def testcontainers_suite(pm):
    """The Testcontainers branch of the tests for real: STYLESYNC_TESTCONTAINERS=true makes EmbeddedS3Extension and
    MlflowServerExtension start containers through podman's Docker-compatible socket (and fail without it)."""
    names = testcontainers_images(pm)
    label = "org.testcontainers=true"
    pm.run("rm", "-f", "--filter", f"label={label}", check_rc=False)
    env = dict(pm.env, STYLESYNC_TESTCONTAINERS="true", DOCKER_HOST=f"unix://{pm.sock}", TESTCONTAINERS_RYUK_DISABLED="true",
               JAVA_HOME=subprocess.run([str(ROOT / "scripts/java-home.sh")], capture_output=True, text=True).stdout.strip())
    tests = ",".join(TESTCONTAINERS_TESTS.values())
    t0 = time.time()
    log_file = STATE / "testcontainers.log"
    with open(log_file, "w") as f:
        rc = subprocess.run([str(ROOT / "mvnw"), "-B", "-ntp", "test", "-pl", ",".join(TESTCONTAINERS_TESTS), f"-Dtest={tests}",
                             "-Dsurefire.failIfNoSpecifiedTests=false"], cwd=ROOT, env=env, stdout=f, stderr=subprocess.STDOUT).returncode
    secs = time.time() - t0
    ran = failed = 0
    for module, classes in TESTCONTAINERS_TESTS.items():
        for cls in classes.split(","):
            for report in (ROOT / module / "target/surefire-reports").glob(f"TEST-*.{cls}.xml"):
                if report.stat().st_mtime < t0:
                    continue  # an earlier run's
                head = report.read_text()[:2000]
                counts = {k: int(v) for k, v in re.findall(r'\b(tests|failures|errors|skipped)="(\d+)"', head)}
                ran += counts.get("tests", 0) - counts.get("skipped", 0)
                failed += counts.get("failures", 0) + counts.get("errors", 0)
    # the extensions remove their containers when done: podman's event log shows which were created
    used = pm.run("events", "--since", f"{time.time() - t0 + 2:.0f}s", "--stream=false", "--filter", "event=create",
                  "--format", "{{.Image}}", check_rc=False).stdout.split()
    pm.run("rm", "-f", "--filter", f"label={label}", check_rc=False)  # any left behind by a crash (Ryuk is off)
    check(rc == 0 and ran > 0 and failed == 0,
          f"Testcontainers: {ran} tests in {len(TESTCONTAINERS_TESTS)} modules passed against S3 and MLflow containers ({secs:.0f} s)",
          f"rc={rc}, failed={failed}; see {log_file}")
    check(all(n in used for n in names.values()),
          f"Testcontainers: the tests created {len(used)} containers of {', '.join(sorted(set(used)))}",
          f"expected {sorted(names.values())}")
    figure("testcontainers_tests", ran)
    figure("testcontainers_seconds", f"{secs:.0f}")


# ---------------------------------------------------------------------------------------------- the stack
def write_env(tag):
    """.env.example with the stand-in images and generated secrets. The S3 stand-in has one identity, so the
    services' S3 key is its root user (MinIO's per-user policy is not exercised here)."""
    import secrets
    s3_secret, events_key = secrets.token_hex(16), secrets.token_hex(16)
    admin_key = secrets.token_hex(16)
    values = {
        "STYLESYNC_VERSION": tag, "S3_ACCESS_KEY": "stylesync-admin", "S3_SECRET_KEY": s3_secret,
        "MINIO_ROOT_USER": "stylesync-admin", "MINIO_ROOT_PASSWORD": s3_secret, "POSTGRES_PASSWORD": secrets.token_hex(16),
        "API_KEYS": f"{admin_key},{events_key}", "EVENTS_API_KEY": events_key, "GRAFANA_ADMIN_PASSWORD": secrets.token_hex(8),
        "MLFLOW_VERSION": MLFLOW_VERSION, "INFERENCE_BIND": "127.0.0.1",
        "MINIO_IMAGE": "localhost/stylesync-standin/s3:latest", "MINIO_MC_IMAGE": "localhost/stylesync-standin/s3:latest",
        "POSTGRES_IMAGE": "localhost/stylesync-standin/postgres:15", "PROMETHEUS_IMAGE": "localhost/stylesync-standin/prometheus:2.42",
    }
    lines = []
    for line in (ROOT / ".env.example").read_text().splitlines():
        key = line.split("=", 1)[0]
        lines.append(f"{key}={values.pop(key)}" if "=" in line and not line.startswith("#") and key in values else line)
    lines += [f"{k}={v}" for k, v in values.items()]
    env = STATE / "compose.env"
    env.write_text("\n".join(lines) + "\n")
    env.chmod(0o600)
    return env, {"admin_key": admin_key, "s3_key": "stylesync-admin", "s3_secret": s3_secret}


class Compose:
    def __init__(self, pm, env_file):
        self.pm = pm
        self.base = ["docker-compose", "-p", PROJECT, "--env-file", str(env_file), "-f", str(ROOT / "docker-compose.yml")]
        self.env = dict(pm.env, DOCKER_HOST=f"unix://{pm.sock}", COMPOSE_HTTP_TIMEOUT="300")
        self.healthy_at = {}
        self._stop = threading.Event()
        self._thread = None

    def __call__(self, *args, timeout=900):
        res = subprocess.run([*self.base, *args], env=self.env, capture_output=True, text=True, cwd=ROOT, timeout=timeout)
        (STATE / "compose.log").open("a").write(f"$ docker-compose {' '.join(args)}\n{res.stdout}{res.stderr}\n")
        return res

    def containers(self):
        out = self.pm.run("ps", "-a", "--filter", f"label=com.docker.compose.project={PROJECT}", "--format",
                          "{{.Names}}\t{{.Labels}}", check_rc=False).stdout
        found = {}
        for line in out.splitlines():
            name = line.split("\t")[0]
            svc = self.pm.run("inspect", name, "--format", '{{index .Config.Labels "com.docker.compose.service"}}',
                              check_rc=False).stdout.strip()
            found[svc] = name
        return found

    def state(self, name):
        res = self.pm.run("inspect", name, "--format", "{{.State.Status}}\t{{.State.Health.Status}}\t{{.State.StartedAt}}",
                          check_rc=False)
        parts = res.stdout.strip().split("\t")
        return parts if len(parts) == 3 else ["missing", "", ""]

    def start_healthchecks(self):
        """podman 4.3 runs healthchecks from systemd timers, absent here: run each container's at its own interval
        (as Docker does: faster would spend its retries in seconds), and note when each first turns healthy."""
        last = {}

        def interval(name):
            text = self.pm.run("inspect", name, "--format", "{{.Config.Healthcheck.Interval}}", check_rc=False).stdout.strip()
            secs, num = 0.0, ""
            for ch in text:  # Go duration: 15s, 1m0s
                if ch.isdigit() or ch == ".":
                    num += ch
                elif num:
                    secs += float(num) * {"h": 3600, "m": 60, "s": 1}.get(ch, 0)
                    num = ""
            return secs or 15

        def loop():
            while not self._stop.is_set():
                for svc, name in self.containers().items():
                    status, health, _ = self.state(name)
                    if status == "running" and health:
                        if time.time() - last.get(name, (0, 0))[0] >= last.setdefault(name, (0, interval(name)))[1]:
                            last[name] = (time.time(), last[name][1])
                            self.pm.run("healthcheck", "run", name, check_rc=False)
                        if self.state(name)[1] == "healthy" and svc not in self.healthy_at:
                            self.healthy_at[svc] = time.time()
                    elif status != "running":
                        self.healthy_at.pop(svc, None)
                        last.pop(name, None)
                self._stop.wait(1)
        self._thread = threading.Thread(target=loop, daemon=True)
        self._thread.start()

    def stop_healthchecks(self):
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=30)


def multipart(field, filename, data):
    boundary = "----stylesync-compose-test"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
            f"Content-Type: image/jpeg\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def small_dataset(shared, per_class):
    """A few hundred of ../shared's product photos (five common article types) in the kaggle-styles layout."""
    import csv
    src = shared / "datasets/fashion-products"
    out = STATE / "dataset"
    shutil.rmtree(out, ignore_errors=True)
    (out / "images").mkdir(parents=True)
    wanted = {"Tshirts": 0, "Shirts": 0, "Casual Shoes": 0, "Watches": 0, "Handbags": 0}
    with open(src / "styles.csv", newline="") as f, open(out / "styles.csv", "w", newline="") as g:
        reader = csv.reader(f)
        writer = csv.writer(g)
        header = next(reader)
        writer.writerow(header)
        at = header.index("articleType")
        for row in reader:
            if len(row) != len(header) or row[at] not in wanted or wanted[row[at]] >= per_class:
                continue
            img = src / "images" / f"{row[0]}.jpg"
            if img.is_file():
                (out / "images" / img.name).symlink_to(img)
                writer.writerow(row)
                wanted[row[at]] += 1
    return out, sum(wanted.values())


def s3_client(keys):
    import boto3
    from botocore.config import Config
    return boto3.client("s3", endpoint_url="http://127.0.0.1:9000", aws_access_key_id=keys["s3_key"],
                        aws_secret_access_key=keys["s3_secret"], region_name="us-east-1",
                        config=Config(s3={"addressing_style": "path"}, request_checksum_calculation="when_required",
                                      response_checksum_validation="when_required"))


def wait(what, predicate, timeout, every=2):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    return predicate()


def poll(url, accept, timeout, every=2):
    """GET url until accept(status, body) holds; the body then, else None at the timeout."""
    return wait(url, lambda: (lambda r: r[1] if accept(*r) else None)(http("GET", url)), timeout, every)


def until_done(url, timeout, every=2):
    """A job or run record once its state has left QUEUED and RUNNING (None at the timeout)."""
    return poll(url, lambda status, body: status == 200 and isinstance(body, dict)
                and body.get("state") not in ("QUEUED", "RUNNING"), timeout, every)


def until_registered(url, timeout):
    """A training run once it carries its MLflow model version (registration retries while MLflow is away)."""
    return poll(url, lambda status, body: status == 200 and isinstance(body, dict) and body.get("modelVersion"), timeout, 3)


def until_serving(version=None, timeout=240):
    """inference-service's /api/v1/model once it answers 200 (and serves `version`, when given)."""
    return poll("http://127.0.0.1:8083/api/v1/model",
                lambda status, body: status == 200 and (version is None or body.get("version") == version), timeout)


def pipeline(keys, shared, per_class, t_up, figures):
    key = {"X-API-Key": keys["admin_key"]}
    ingest, training, inference, monitoring = (f"http://127.0.0.1:{p}" for p in SERVICES.values())
    s3 = s3_client(keys)
    data, n = small_dataset(shared, per_class)
    bucket = "stylesync"
    t0 = time.time()
    for root, _, names in os.walk(data):
        for name in names:
            path = pathlib.Path(root) / name
            s3.upload_file(str(path), bucket, "raw/compose-test/" + str(path.relative_to(data)))
    s3.upload_file(str(shared / "models/mobilenet-v2/backbone-features.pt"), bucket, "backbones/mobilenet-v2-features.pt")
    keys_listed = s3.list_objects_v2(Bucket=bucket, Prefix="raw/compose-test/images/").get("KeyCount", 0)
    check(keys_listed == n, f"upload: {n} photos and the backbone into the stack's S3 server through port 9000 "
          f"({time.time() - t0:.0f} s)", f"listed {keys_listed}")

    t0 = time.time()
    status, job = http("POST", ingest + "/api/v1/datasets", {
        "source": f"s3://{bucket}/raw/compose-test", "layout": "kaggle-styles", "dataset": "compose-test",
        "targetAttributes": ["articleType", "masterCategory"], "imageSize": 224}, key)
    if not check(status == 202, "ingest: POST /api/v1/datasets accepted (202)", f"{status} {job}"):
        return
    job = until_done(f"{ingest}/api/v1/ingest-jobs/{job['id']}", 600)
    if not check(job and job.get("state") == "SUCCEEDED", f"ingest: job SUCCEEDED ({time.time() - t0:.0f} s)", job):
        return
    version = job["version"]
    figure("compose_ingest_seconds", f"{time.time() - t0:.1f}")

    t0 = time.time()
    status, run = http("POST", training + "/api/v1/training-runs",
                       {"datasetVersion": version, "epochs": 10, "seed": 42}, key)  # backbone: the stack's default (S3)
    if not check(status == 202, "train: POST /api/v1/training-runs accepted (202), default backbone from S3", f"{status} {run}"):
        return
    run = until_done(f"{training}/api/v1/training-runs/{run['id']}", 900, every=3)
    if not check(run and run.get("state") == "SUCCEEDED", f"train: run SUCCEEDED ({time.time() - t0:.0f} s)", run):
        return
    # registration retries while MLflow is unavailable (it restarts under load here): wait for the model version
    run = until_registered(f"{training}/api/v1/training-runs/{run['id']}", 300) or run
    if not check(run.get("modelVersion"), f"train: registered in MLflow ({time.time() - t0:.0f} s, {run.get('registration')})", run):
        return
    figure("compose_train_seconds", f"{time.time() - t0:.1f}")
    model, mv = run["modelName"], run["modelVersion"]
    status, promo = http("POST", f"{training}/api/v1/models/{model}/promote", {"version": mv}, key)
    check(status == 200 and promo.get("promoted"), f"promote: {model} v{mv} is the champion", f"{status} {promo}")

    served = until_serving(mv, 180)
    if not check(bool(served), f"inference: serves {model} v{mv} (it polls the alias)", served):
        return
    photos = sorted((data / "images").iterdir())[:8]
    answers = []
    for i, photo in enumerate(photos):
        body, headers = multipart("image", photo.name, photo.read_bytes())
        status, answer = http("POST", f"{inference}/api/v1/predict?topK=1", body, headers)
        if i == 0 and status == 200:
            figure("time_to_first_prediction_from_up_seconds", f"{time.time() - t_up:.0f}")
        answers.append((status, answer))
    check(all(s == 200 and "predictions" in a for s, a in answers), f"/predict: {len(photos)} photos answered 200 with predictions",
          [s for s, _ in answers])
    portrait = shared / "datasets/faces/portraits/obama.jpg"
    body, headers = multipart("image", portrait.name, portrait.read_bytes())
    status, analysis = http("POST", f"{inference}/api/v1/analyze", body, headers)
    check(status == 200 and "skinTone" in analysis, "/analyze: a portrait answered 200 with a skin tone", f"{status} {analysis}")
    body, headers = multipart("image", "not-an-image.jpg", b"not an image")
    status, problem = http("POST", f"{inference}/api/v1/predict", body, headers)
    check(400 <= status < 500, f"/predict: bad input answered {status} (4xx)", problem)

    fb = [http("POST", f"{monitoring}/api/v1/feedback", {"predictionId": a["predictionId"], "labels": {"masterCategory": "Apparel"}},
               key)[0] for s, a in answers if s == 200]
    check(fb and all(200 <= s < 300 for s in fb), f"feedback: {len(fb)} accepted by monitoring-service", fb)
    drift = wait("drift", lambda: (lambda r: r if r[0] == 200 else None)(http("GET", f"{monitoring}/api/v1/drift")), 60)
    check(bool(drift), "drift: GET /api/v1/drift answered 200", drift)
    return {"model": model, "version": mv, "dataset": version, "photo": photos[0]}


def drill_kill_inference(compose, names, ctx):
    """kill -9 of inference-service's java (PID 1 in its container) under a sequential /predict loop: the restart
    policy brings it back serving the champion; errors (5xx or refused connections) only between the kill and the
    first 200 after it."""
    inference = "http://127.0.0.1:8083"
    body, headers = multipart("image", ctx["photo"].name, ctx["photo"].read_bytes())
    results, stop = [], threading.Event()

    def load():
        while not stop.is_set():
            status, _ = http("POST", f"{inference}/api/v1/predict?topK=1", body, headers, timeout=10)
            results.append((time.time(), status))
            if status != 200:
                time.sleep(0.2)

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    time.sleep(5)
    pid = compose.pm.run("inspect", names["inference-service"], "--format", "{{.State.Pid}}").stdout.strip()
    t_kill = time.time()
    os.kill(int(pid), 9)
    back = wait("inference back", lambda: next((t for t, st in results if t > t_kill and st == 200), None), 240, every=1)
    time.sleep(5)
    stop.set()
    worker.join(timeout=15)
    before = [st for t, st in results if t < t_kill]
    down = [st for t, st in results if back and t_kill <= t < back]
    after = [st for t, st in results if back and t >= back]
    restarts = compose.pm.run("inspect", names["inference-service"], "--format", "{{.RestartCount}}", check_rc=False).stdout.strip()
    check(bool(back), f"drill kill -9 inference: back serving 200 after {(back or time.time()) - t_kill:.0f} s "
          f"(restart policy; restarts={restarts})")
    check(before and all(st == 200 for st in before), f"drill kill -9 inference: {len(before)} requests before the kill all 200")
    check(after and all(st == 200 for st in after), f"drill kill -9 inference: {len(after)} requests after it is back all 200, "
          f"{sum(1 for st in down if st >= 500 or st == 0)} errors (5xx or refused) only while it was down ({len(down)} requests)",
          sorted(set(after)))
    status, info = http("GET", f"{inference}/api/v1/model")
    check(status == 200 and info.get("version") == ctx["version"], f"drill kill -9 inference: serves the champion v{ctx['version']} again",
          f"{status} {info}")
    if back:
        figure("drill_inference_kill_to_serving_seconds", f"{back - t_kill:.0f}")
        figure("drill_inference_errors_while_down", sum(1 for st in down if st >= 500 or st == 0))


def drill_stop_in_flight(compose, names, ctx, in_flight=6):
    """docker-compose stop of inference-service while requests are in flight: each request has sent its headers and
    half its body when SIGTERM goes out, and the rest only after, so it is in flight for certain; Spring's graceful
    shutdown must answer every one with 200 before the JVM exits (compose's stop_grace_period bounds the wait)."""
    from http.client import HTTPConnection
    body, headers = multipart("image", ctx["photo"].name, ctx["photo"].read_bytes())
    conns = []
    for _ in range(in_flight):
        c = HTTPConnection("127.0.0.1", 8083, timeout=60)
        c.putrequest("POST", "/api/v1/predict?topK=1")
        c.putheader("Content-Type", headers["Content-Type"])
        c.putheader("Content-Length", str(len(body)))
        c.endheaders()
        c.send(body[: len(body) // 2])
        conns.append(c)
    time.sleep(1)  # the server has read the headers: each request is being processed
    t_stop = time.time()
    stopper = threading.Thread(target=lambda: compose("stop", "inference-service", timeout=120), daemon=True)
    stopper.start()
    time.sleep(2)  # SIGTERM delivered; the connector no longer accepts connections
    refused = http("GET", "http://127.0.0.1:8083/api/v1/model", timeout=5)[0] == 0
    statuses = []
    for c in conns:
        try:
            c.send(body[len(body) // 2:])
            r = c.getresponse()
            r.read()
            statuses.append(r.status)
        except OSError as e:
            statuses.append(repr(e))
        finally:
            c.close()
    stopper.join(timeout=120)
    stopped_in = time.time() - t_stop
    status = compose.state(names["inference-service"])[0]
    check(statuses == [200] * in_flight, f"drill compose stop: {in_flight} requests in flight at SIGTERM all answered 200 "
          "(graceful shutdown)", statuses)
    check(refused, "drill compose stop: new connections refused once SIGTERM is delivered")
    check(status == "exited", f"drill compose stop: inference-service exited by itself in {stopped_in:.0f} s", status)
    figure("drill_stop_in_flight_completed", f"{sum(1 for s in statuses if s == 200)}/{in_flight}")
    figure("drill_stop_seconds", f"{stopped_in:.1f}")
    compose("start", "inference-service")
    served = until_serving(timeout=240)
    check(bool(served) and served.get("version") == ctx["version"], "drill compose stop: started again, serves the champion", served)


def drill_mlflow_outage(compose, names, ctx, keys, outage=60):
    """MLflow stopped for 60 s: inference keeps serving; a training run submitted meanwhile finishes, and registers
    once MLflow is back (training-service buffers what MLflow could not take)."""
    inference, training = "http://127.0.0.1:8083", "http://127.0.0.1:8082"
    body, headers = multipart("image", ctx["photo"].name, ctx["photo"].read_bytes())
    results, stop = [], threading.Event()

    def load():
        while not stop.is_set():
            results.append(http("POST", f"{inference}/api/v1/predict?topK=1", body, headers, timeout=10)[0])
            time.sleep(0.5)

    res = compose("stop", "mlflow")
    t_down = time.time()
    if not check(res.returncode == 0, "drill MLflow outage: docker-compose stop mlflow", res.stderr[-2000:]):
        return
    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    status, run = http("POST", training + "/api/v1/training-runs", {"datasetVersion": ctx["dataset"], "epochs": 3, "seed": 7},
                       {"X-API-Key": keys["admin_key"]})
    check(status == 202, f"drill MLflow outage: a training run accepted while MLflow is down ({status})", run)
    time.sleep(max(0.0, outage - (time.time() - t_down)))
    res = compose("start", "mlflow")
    stop.set()
    worker.join(timeout=15)
    check(res.returncode == 0, f"drill MLflow outage: MLflow started again after {time.time() - t_down:.0f} s", res.stderr[-2000:])
    check(results and all(s == 200 for s in results), f"drill MLflow outage: inference answered all {len(results)} /predict "
          "with 200 while MLflow was down", sorted(set(results)))
    if status != 202:
        return
    done = until_done(f"{training}/api/v1/training-runs/{run['id']}", 900, every=3)
    check(bool(done) and done.get("state") == "SUCCEEDED", "drill MLflow outage: the run finished SUCCEEDED", done)
    registered = until_registered(f"{training}/api/v1/training-runs/{run['id']}", 300)
    check(bool(registered), "drill MLflow outage: the run registered a model version once MLflow was back",
          registered or done)
    if registered:
        figure("drill_mlflow_outage_registered_after_seconds", f"{time.time() - t_down:.0f}")
    status, info = http("GET", f"{inference}/api/v1/model")
    check(status == 200 and info.get("version") == ctx["version"],
          f"drill MLflow outage: inference still serves the champion v{ctx['version']} (the new version is not promoted)", info)


def drill_s3_outage_mid_ingest(compose, ctx, keys):
    """The S3 server stopped while an ingest job runs: the job ends FAILED with a reason, no version of that dataset
    is listed; with S3 back, the same request succeeds."""
    ingest = "http://127.0.0.1:8081"
    key = {"X-API-Key": keys["admin_key"]}
    request = {"source": "s3://stylesync/raw/compose-test", "layout": "kaggle-styles", "dataset": "compose-drill",
               "targetAttributes": ["articleType", "masterCategory"], "imageSize": 224}
    status, job = http("POST", ingest + "/api/v1/datasets", request, key)
    if not check(status == 202, "drill S3 outage: ingest accepted (202)", f"{status} {job}"):
        return
    running = poll(f"{ingest}/api/v1/ingest-jobs/{job['id']}", lambda status, body: status == 200 and body.get("state") == "RUNNING",
                   60, every=0.2)
    res = compose("stop", "minio")
    t_down = time.time()
    check(bool(running) and res.returncode == 0, "drill S3 outage: S3 server stopped while the job was RUNNING",
          running or res.stderr[-2000:])
    time.sleep(20)
    res = compose("start", "minio")
    check(res.returncode == 0, f"drill S3 outage: S3 server started again after {time.time() - t_down:.0f} s", res.stderr[-2000:])
    ended = until_done(f"{ingest}/api/v1/ingest-jobs/{job['id']}", 300)
    check(bool(ended) and ended.get("state") in ("FAILED", "INTERRUPTED") and ended.get("error"),
          f"drill S3 outage: the job ended {ended and ended.get('state')} with a reason", ended)
    # The listing reads S3: right after the restart it may still answer 503 (the store not yet up), so wait for a 200.
    answered = wait("the dataset listing", lambda: (lambda r: (r[1],) if r[0] == 200 else None)(
        http("GET", f"{ingest}/api/v1/datasets")), 120)
    listed = [m["version"] for m in answered[0] if m.get("dataset") == "compose-drill"] if answered else None
    check(listed == [], "drill S3 outage: no version of the dataset listed once S3 answers again", listed)
    status, job = http("POST", ingest + "/api/v1/datasets", request, key)
    again = status == 202 and until_done(f"{ingest}/api/v1/ingest-jobs/{job['id']}", 600)
    check(bool(again) and again.get("state") == "SUCCEEDED", "drill S3 outage: the same request succeeds with S3 back",
          again or f"{status} {job}")


def drill_down_up(compose, ctx):
    """docker-compose down (volumes kept) then up: the dataset, the MLflow model version, the champion are still
    there and inference serves the same version."""
    res = compose("down")
    check(res.returncode == 0, "drill down/up: docker-compose down (volumes kept)", res.stderr[-2000:])
    compose.healthy_at.clear()
    t_up = time.time()
    res = compose("up", "-d", "--no-build", *STACK)
    check(res.returncode == 0, "drill down/up: docker-compose up -d again", res.stderr[-2000:])
    status, manifest = http("GET", f"http://127.0.0.1:8081/api/v1/datasets/{ctx['dataset']}")
    check(status == 200, f"drill down/up: dataset version {ctx['dataset']} still listed", f"{status} {manifest}")
    served = until_serving(timeout=300)
    check(bool(served) and served.get("version") == ctx["version"],
          f"drill down/up: inference serves the same champion v{ctx['version']} (MLflow registry and alias kept in Postgres)", served)
    if served:
        figure("drill_up_to_serving_champion_seconds", f"{time.time() - t_up:.0f}")


def prometheus_scrapes():
    def up():
        status, res = http("GET", "http://127.0.0.1:9090/api/v1/query?query=" + "up%7Bjob%3D%22stylesync%22%7D")
        if status != 200:
            return None
        values = {r["metric"].get("service"): r["value"][1] for r in res["data"]["result"]}
        return values if len(values) == 4 and all(v == "1" for v in values.values()) else None
    values = wait("prometheus", up, 90, every=5)
    check(bool(values), "prometheus: up{job=\"stylesync\"} is 1 for all four services", values)


def ports_free():
    busy = []
    for port in (9000, 9001, 5000, *SERVICES.values(), 9090):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                busy.append(port)
    return busy


def stack(pm, args, figures):
    env_file, keys = write_env(args.tag)
    busy = ports_free()
    if not check(not busy, "host ports the stack publishes are free", f"in use: {busy} (stop `make demo`: make stop)"):
        return
    compose = Compose(pm, env_file)
    try:
        run_stack(compose, keys, args, figures)
    except Exception as e:  # a crash is a failed check, and the caller still takes the stack down
        check(False, "compose test ran to the end", repr(e))
    return compose


def run_stack(compose, keys, args, figures):
    compose("down", "-v", "--remove-orphans")
    compose.start_healthchecks()
    t_up = time.time()
    res = compose("up", "-d", "--no-build", *STACK)
    t_created = time.time() - t_up
    if not check(res.returncode == 0, f"docker-compose up -d ({t_created:.0f} s, waits for the service_healthy dependencies)",
                 res.stderr[-3000:]):
        return
    names = compose.containers()
    expect_healthy = [s for s in STACK if s not in ("minio-init", "inference-service")]
    wait("healthy", lambda: all(s in compose.healthy_at for s in expect_healthy), 300)
    for svc in expect_healthy:
        status, health, started = compose.state(names.get(svc, svc))
        check(svc in compose.healthy_at, f"{svc}: container {status}, {health or 'no healthcheck'}")
    status = compose.state(names.get("minio-init", ""))[0]
    check(status == "exited" and compose.pm.run("inspect", names.get("minio-init", "x"), "--format", "{{.State.ExitCode}}",
                                                 check_rc=False).stdout.strip() == "0", "minio-init: created the bucket and exited 0")
    figure("compose_up_to_healthy_seconds", f"{max(compose.healthy_at.values(), default=t_up) - t_up:.0f}")
    for svc in expect_healthy:
        if svc in compose.healthy_at:
            started = compose.pm.run("inspect", names[svc], "--format", "{{.State.StartedAt.Unix}}", check_rc=False).stdout.strip()
            t_start = float(started) if started.isdigit() else t_up
            figure(f"cold_start_to_healthy_seconds.{svc}", f"{compose.healthy_at[svc] - t_start:.0f}")
    # nothing waits for inference-service to be up: give its JVM the start period to listen
    status, body = wait("inference listening", lambda: (lambda r: r if r[0] else None)(http("GET", "http://127.0.0.1:8083/api/v1/model")),
                        180) or (0, "not listening after 180 s")
    check(status == 503, "inference-service: running and answering 503 (no champion yet, readiness down) before training", f"{status} {body}")
    ctx = pipeline(keys, args.shared, args.per_class, t_up, figures)
    if "inference-service" in compose.healthy_at or wait("inference healthy", lambda: "inference-service" in compose.healthy_at, 60):
        figure("cold_start_to_healthy_seconds.inference-service(after promotion)", f"{compose.healthy_at['inference-service'] - t_up:.0f}")
    check("inference-service" in compose.healthy_at, "inference-service: container healthy once the champion is served")
    prometheus_scrapes()
    # before the drills restart anything: a restart here is a crash or an OOM kill (podman inspect then shows exit 0:
    # the real code is in podman's events log)
    restarts = {svc: compose.pm.run("inspect", name, "--format", "{{.RestartCount}}", check_rc=False).stdout.strip()
                for svc, name in compose.containers().items() if svc != "minio-init"}
    check(all(n == "0" for n in restarts.values()), "no container restarted during the pipeline",
          f"restarts: {restarts}; see `podman events --filter event=died` and dmesg")
    if ctx and args.drills:
        drill_kill_inference(compose, names, ctx)
        drill_stop_in_flight(compose, names, ctx)
        drill_mlflow_outage(compose, names, ctx, keys)
        drill_s3_outage_mid_ingest(compose, ctx, keys)
        drill_down_up(compose, ctx)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--images-only", action="store_true")
    p.add_argument("--keep", action="store_true", help="leave the stack up (docker-compose -p %s ...)" % PROJECT)
    p.add_argument("--tag", default="compose-test")
    p.add_argument("--shared", type=pathlib.Path, default=pathlib.Path(os.environ.get("STYLESYNC_SHARED", ROOT.parent / "shared")))
    p.add_argument("--no-drills", dest="drills", action="store_false", help="skip the chaos drills")
    p.add_argument("--no-testcontainers", dest="testcontainers", action="store_false",
                   help="skip the tests that run against S3 and MLflow containers through Testcontainers")
    p.add_argument("--per-class", type=int, default=60, help="photos per article type (five types)")
    args = p.parse_args()
    if not (args.shared / "datasets/fashion-products/styles.csv").is_file():
        check(False, f"../shared with the product photos and the backbone ({args.shared})")
        print(f"compose_checks_passed=0/{len(CHECKS)}")
        return 1
    jdk = subprocess.run([str(ROOT / "scripts/java-home.sh")], capture_output=True, text=True, check=True).stdout.strip()
    pm = Podman()
    t_start = time.time()
    figures = {}
    compose = None
    try:
        base_images(pm, jdk)
        seed_maven_cache()
        times = service_images(pm, args.tag)
        for name, secs in times.items():
            figure(f"image_build_seconds.{name}", f"{secs:.0f}")
        for name in SERVICES:
            figure(f"image_size_mb.{name}", f"{pm.size(f'docker.io/stylesync/{name}:{args.tag}') / 1e6:.0f}")
        figure("image_size_mb.mlflow", f"{pm.size(f'docker.io/stylesync/mlflow:{MLFLOW_VERSION}') / 1e6:.0f}")
        figure("images_seconds", f"{time.time() - t_start:.0f}")
        check(True, "images: the four services and MLflow built with the repository's Dockerfiles")
        if args.images_only:
            return 0
        pm.start_service()
        if args.testcontainers:
            testcontainers_suite(pm)
        compose = stack(pm, args, figures)
    except Exception as e:  # a crash is a failed check, with its reason
        check(False, "compose test ran to the end", repr(e))
    finally:
        if compose:
            compose.stop_healthchecks()
            if not args.keep:
                res = compose("down", "-v", timeout=300)
                check(res.returncode == 0, "docker-compose down -v", res.stderr[-2000:])
        if not args.keep:
            pm.stop_service()
    figure("compose_test_seconds", f"{time.time() - t_start:.0f}")
    passed = sum(CHECKS)
    print(f"compose_checks_passed={passed}/{len(CHECKS)}")
    return 0 if passed == len(CHECKS) else 1


if __name__ == "__main__":
    sys.exit(main())
