#!/usr/bin/env python3
"""Runs every Grafana panel's query against a real Prometheus scraping the real services.

What it starts, each on loopback and a free port (nothing is mocked):
  - an S3 server standing in for MinIO (common's S3Proxy server, with the credentials compose gives the services),
  - an MLflow server (.venv, SQLite),
  - each service in SERVICES the way its container runs it: the jar unpacked by deploy/docker/unpack.sh (the
    Dockerfile's build step: layers + DJL natives baked), the Dockerfile's ENTRYPOINT and ENV, the service's
    environment from `docker-compose config` (hostnames mapped to loopback), readiness by deploy/docker/healthcheck.sh,
  - Prometheus (Debian package) with prometheus/prometheus.yml's scrape job and rules/ (targets mapped, 1 s scrapes).
Then it drives traffic through the public APIs (TRAFFIC), runs every panel and template-variable query of
grafana/dashboards through /api/v1/query, and fails on a query that errors or returns no series, on a rule that
fails to evaluate, and on a metric listed in pending-metrics.txt that has appeared (the list must shrink as the
services gain their metrics). Queries whose metrics are listed there and still absent are reported PENDING.

  scripts/ops/live_dashboards.py                       # make test-ops-live: builds the jars first
  scripts/ops/live_dashboards.py --services ingest-service,training-service --keep   # leave it running to look around
Needs: built service jars (mvn package), .venv (MLflow, boto3), prometheus, docker-compose, ../shared (photos, backbone).
"""
import argparse
import csv
import io
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import uuid

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import dashboards  # noqa: E402
import httpcalls  # noqa: E402
from check_static import parse_dockerfile  # noqa: E402

ROOT = dashboards.ROOT
WORK = ROOT / ".stylesync" / "ops-live"
SHARED = pathlib.Path(os.environ.get("STYLESYNC_SHARED_DIR", ROOT.parent / "shared"))
PENDING_FILE = pathlib.Path(__file__).with_name("pending-metrics.txt")
COMPOSE_HOSTS = {"minio:9000": "s3", "mlflow:5000": "mlflow", "monitoring-service:8084": "monitoring-service"}

# Photos sent through inference: each of the ingested photos this many times (monitoring's drift tests need a window).
INFERENCE_ROUNDS = 2

# The services, in start order, and their heap on this (shared, small) machine instead of compose's RAM share.
SERVICES = {
    "ingest-service": "-Xmx768m",
    "monitoring-service": "-Xmx512m",
    "training-service": "-Xmx1536m",
    "inference-service": "-Xmx1g",
}


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def free_port():
    return free_ports(1)[0]


def free_ports(n):
    """n distinct free ports: every socket stays bound until all are chosen (ports picked one at a time and released
    can repeat: CI once gave MLflow the port the S3 stand-in had just taken)."""
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


# The API key compose gives the services (STYLESYNC_ACCESS_API_KEYS); every request of the traffic sends it.
API_KEY = None


def http(method, url, body=None, headers=None, **kw):
    return httpcalls.http(method, url, body, {**({"X-API-Key": API_KEY} if API_KEY else {}), **(headers or {})}, **kw)


class Processes:
    """Background processes in their own process groups; all stopped (TERM, then KILL) at the end."""

    def __init__(self):
        self.procs = {}

    def start(self, name, argv, env=None, cwd=None):
        logf = open(WORK / "logs" / f"{name}.log", "w")
        p = subprocess.Popen(argv, env=env, cwd=cwd, stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
        self.procs[name] = p
        return p

    def alive(self, name):
        return self.procs[name].poll() is None

    def stop_all(self):
        for name, p in reversed(list(self.procs.items())):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        deadline = time.time() + 40
        for p in self.procs.values():
            try:
                p.wait(max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)


def tail(name, n=30):
    lines = (WORK / "logs" / f"{name}.log").read_text(errors="replace").splitlines()
    return "\n".join(lines[-n:])


def wait_for(what, probe, timeout, proc_name=None, procs=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if probe():
            return
        if proc_name and not procs.alive(proc_name):
            raise SystemExit(f"{proc_name} exited while starting:\n{tail(proc_name)}")
        time.sleep(1)
    raise SystemExit(f"{what} not ready after {timeout} s" + (f":\n{tail(proc_name)}" if proc_name else ""))


# ------------------------------------------------------------------------------------------- images
def image_runtime():
    """ENTRYPOINT argv and ENV of the Dockerfile's runtime stage, its /opt/natives mapped to this run's folder."""
    ins = parse_dockerfile(ROOT / "Dockerfile")
    last = max(s for s, _, _ in ins)
    entry = json.loads([a for s, i, a in ins if s == last and i == "ENTRYPOINT"][-1])
    env = {}
    for s, i, a in ins:
        if s == last and i == "ENV":
            for m in re.finditer(r'(\w+)=("([^"]*)"|\S+)', a):
                env[m.group(1)] = m.group(3) if m.group(3) is not None else m.group(2)
    local = lambda v: v.replace("/opt/natives", str(WORK / "natives"))
    workdir = [a for s, i, a in ins if s == last and i == "WORKDIR"][-1]
    return [local(a) for a in entry], {k: local(v) for k, v in env.items()}, workdir


def unpack(module):
    """deploy/docker/unpack.sh on the module's jar (the Dockerfile's build step), layers merged as COPY merges them."""
    jars = [p for p in (ROOT / module / "target").glob(f"{module}-*.jar") if "plain" not in p.name and "sources" not in p.name]
    if not jars:
        raise SystemExit(f"no {module}/target/{module}-*.jar: build first (make test-ops-live does)")
    jar = max(jars, key=lambda p: p.stat().st_mtime)
    dest = WORK / "images" / module
    stamp = f"{jar.stat().st_mtime_ns}:{jar.stat().st_size}"
    if (dest / "stamp").exists() and (dest / "stamp").read_text() == stamp:
        return dest
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    res = subprocess.run([str(ROOT / "deploy/docker/unpack.sh"), str(jar), str(dest / "layers"), str(WORK / "natives")],
                         capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"deploy/docker/unpack.sh failed for {module}:\n{res.stdout}\n{res.stderr}")
    (dest / "app").mkdir()
    for layer in ("dependencies", "spring-boot-loader", "snapshot-dependencies", "application"):
        subprocess.run(["cp", "-al", f"{dest}/layers/{layer}/.", str(dest / "app")], check=True)
    (dest / "stamp").write_text(stamp)
    return dest


def compose_services():
    exe = shutil.which("docker-compose")
    if not exe:
        raise SystemExit("docker-compose missing (Debian package docker-compose; .ci/run installs it)")
    res = subprocess.run([exe, "-f", "docker-compose.yml", "--env-file", ".env.example", "config"], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return yaml.safe_load(res.stdout)["services"]


# ------------------------------------------------------------------------------------------- traffic
def s3_client(ctx):
    import boto3
    from botocore.config import Config
    return boto3.client("s3", endpoint_url=ctx["s3"], aws_access_key_id=ctx["s3_key"], aws_secret_access_key=ctx["s3_secret"],
                        region_name="us-east-1", config=Config(s3={"addressing_style": "path"},
                                                               request_checksum_calculation="when_required",
                                                               response_checksum_validation="when_required"))


def ingest_traffic(ctx):
    """A small kaggle-styles dataset (3 article types x 16 real photos + one broken file) ingested end to end."""
    src = SHARED / "datasets" / "fashion-products"
    rows = list(csv.DictReader(open(src / "styles.csv", encoding="utf-8")))
    rows = [r for r in rows if (src / "images" / f"{r['id']}.jpg").exists()]
    by_type = {}
    for r in rows:
        by_type.setdefault(r["articleType"], []).append(r)
    chosen = [r for t in sorted(by_type, key=lambda t: -len(by_type[t]))[:3] for r in by_type[t][:16]]
    s3 = s3_client(ctx)
    s3.create_bucket(Bucket="raw")
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0].keys()))
    w.writeheader()
    for r in chosen:
        w.writerow(r)
        s3.upload_file(str(src / "images" / f"{r['id']}.jpg"), "raw", f"ops-live/images/{r['id']}.jpg")
    broken = dict(chosen[0], id="999999991")
    w.writerow(broken)
    s3.put_object(Bucket="raw", Key="ops-live/images/999999991.jpg", Body=b"not an image")
    s3.put_object(Bucket="raw", Key="ops-live/styles.csv", Body=out.getvalue().encode())
    url = ctx["urls"]["ingest-service"]
    status, _ = http("POST", url + "/api/v1/datasets", {"layout": "kaggle-styles"})
    assert status == 400, f"a request without source should be a 400, got {status}"
    status, job = http("POST", url + "/api/v1/datasets", {
        "source": "s3://raw/ops-live", "layout": "kaggle-styles", "dataset": "ops-live",
        "targetAttributes": ["articleType"], "imageSize": 96, "minClassCount": 5, "seed": 7})
    assert status == 202, f"ingest request refused: {status} {job}"
    deadline = time.time() + 180
    while job["state"] in ("QUEUED", "RUNNING") and time.time() < deadline:
        time.sleep(1)
        _, job = http("GET", f"{url}/api/v1/ingest-jobs/{job['id']}")
    assert job["state"] == "SUCCEEDED", f"ingest job {job['state']}: {job.get('error')}"
    ctx["dataset_version"] = job["version"]
    ctx["photos"] = [src / "images" / f"{r['id']}.jpg" for r in chosen]
    ctx["labels"] = {str(src / "images" / f"{r['id']}.jpg"): r["articleType"] for r in chosen}
    log(f"  ingest: dataset version {job['version']}, {len(chosen)} photos + 1 broken file")


def training_traffic(ctx):
    """The default backbone (compose's TRAINING_DEFAULT_BACKBONE, uploaded from ../shared) trained, registered, promoted."""
    backbone = ctx["env"]["training-service"].get("STYLESYNC_TRAINING_DEFAULT_BACKBONE", "")
    m = re.fullmatch(r"s3://([^/]+)/(.+)", backbone)
    assert m, f"compose's default backbone is not an s3:// URI: {backbone!r}"
    s3 = s3_client(ctx)
    s3.upload_file(str(SHARED / "models" / "mobilenet-v2" / "backbone-features.pt"), m.group(1), m.group(2))
    url = ctx["urls"]["training-service"]
    status, run = http("POST", url + "/api/v1/training-runs", {"datasetVersion": ctx["dataset_version"], "epochs": 3, "seed": 42,
                                                               "minClassCount": 2})
    assert status == 202, f"training request refused: {status} {run}"
    deadline = time.time() + 400
    while run["state"] in ("QUEUED", "RUNNING") and time.time() < deadline:
        time.sleep(2)
        _, run = http("GET", f"{url}/api/v1/training-runs/{run['id']}")
    assert run["state"] == "SUCCEEDED", f"training run {run['state']}: {run.get('error')}"
    status, result = http("POST", f"{url}/api/v1/models/{run['modelName']}/promote", {"version": run["modelVersion"], "force": True})
    assert status == 200, f"promotion refused: {status} {result}"
    ctx["model"] = (run["modelName"], run["modelVersion"])
    log(f"  training: run {run['id']} -> {run['modelName']} v{run['modelVersion']} promoted to champion")


def openapi_post_paths(url):
    status, doc = http("GET", url + "/v3/api-docs")
    return {p: ops["post"] for p, ops in (doc.get("paths", {}) if status == 200 else {}).items() if "post" in ops}


def multipart(field, path):
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{path.name}\"\r\n"
            f"Content-Type: image/jpeg\r\n\r\n").encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def inference_traffic(ctx):
    """Photos through every POST endpoint whose path names predict (multipart file upload), then feedback to monitoring."""
    url = ctx["urls"]["inference-service"]
    posts = {p: op for p, op in openapi_post_paths(url).items() if "predict" in p}
    if not posts:
        log("  inference: no POST .../predict endpoint in /v3/api-docs yet: no inference traffic")
        return
    path, op = sorted(posts.items())[0]
    content = op.get("requestBody", {}).get("content", {})
    form = content.get("multipart/form-data", {}).get("schema", {})
    field = next(iter(form.get("properties", {"file": {}})))
    predictions = []
    deadline = time.time() + 120
    for photo in ctx["photos"] * INFERENCE_ROUNDS:
        while True:
            body, headers = multipart(field, photo)
            status, answer = http("POST", url + path, body, headers)
            if status != 503 or time.time() > deadline:  # 503 while the champion is loading
                break
            time.sleep(2)
        assert status == 200, f"POST {path}: {status} {answer}"
        predictions.append((photo, answer))
    log(f"  inference: {len(predictions)} images through POST {path}")
    if "monitoring-service" in ctx["urls"]:
        sent = 0
        for photo, answer in predictions:
            pid = answer.get("predictionId") if isinstance(answer, dict) else None
            if pid:
                status, _ = http("POST", ctx["urls"]["monitoring-service"] + "/api/v1/feedback",
                                 {"predictionId": pid, "labels": {"articleType": ctx["labels"][str(photo)]}})
                sent += status < 300
        log(f"  monitoring: {sent} feedback records")


TRAFFIC = {"ingest-service": ingest_traffic, "training-service": training_traffic, "inference-service": inference_traffic}


# ------------------------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--services", default=",".join(SERVICES), help="comma-separated, default all four")
    ap.add_argument("--keep", action="store_true", help="leave everything running (Ctrl-C stops it)")
    args = ap.parse_args()
    services = [s for s in SERVICES if s in args.services.split(",")]
    started = time.time()
    for tool in ("prometheus", "java"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} missing (.ci/run installs Debian's prometheus)")
    mlflow_bin = ROOT / ".venv" / "bin" / "mlflow"
    if not mlflow_bin.exists():
        raise SystemExit("no .venv/bin/mlflow: make deps-python")
    if not (SHARED / "datasets" / "fashion-products").is_dir():
        # as the Java tests on shared data do: skipped, loudly (CI has ../shared)
        print(f"WARNING: {SHARED} missing: live dashboard check SKIPPED (its traffic uses the shared photos and backbone)")
        return 0
    (WORK / "logs").mkdir(parents=True, exist_ok=True)
    procs = Processes()
    try:
        return run(services, procs, mlflow_bin, started, args.keep)
    finally:
        if args.keep:
            log("--keep: running; Ctrl-C stops everything")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
        procs.stop_all()


def run(services, procs, mlflow_bin, started, keep):
    compose = compose_services()
    entry, image_env, workdir = image_runtime()
    layers = {s: unpack(s) for s in services}
    log(f"unpacked {', '.join(services)} with deploy/docker/unpack.sh ({time.time() - started:.0f} s)")

    chosen = iter(free_ports(2 * len(services) + 2))
    ports = {s: (next(chosen), next(chosen)) for s in services}  # (API, management)
    ctx = {"urls": {s: f"http://127.0.0.1:{ports[s][0]}" for s in services}, "env": {}}
    local = {"s3": next(chosen), "mlflow": next(chosen)}
    ctx["s3"] = f"http://127.0.0.1:{local['s3']}"
    any_env = compose[services[0]]["environment"]
    global API_KEY
    API_KEY = (any_env.get("STYLESYNC_ACCESS_API_KEYS") or "").split(",")[0].strip() or None
    ctx["s3_key"], ctx["s3_secret"] = any_env["STYLESYNC_STORAGE_ACCESS_KEY"], any_env["STYLESYNC_STORAGE_SECRET_KEY"]

    cp = f"{unpack('ingest-service')}/app/BOOT-INF/lib/*"  # common (S3Proxy server) and its dependencies
    procs.start("s3", ["java", "-Xmx256m", "-cp", cp, str(pathlib.Path(__file__).with_name("S3Server.java")),
                       str(local["s3"]), ctx["s3_key"], ctx["s3_secret"]])
    mlflow_dir = WORK / "mlflow"
    shutil.rmtree(mlflow_dir, ignore_errors=True)
    mlflow_dir.mkdir(parents=True)
    procs.start("mlflow", [str(mlflow_bin), "server", "--host", "127.0.0.1", "--port", str(local["mlflow"]), "--workers", "1",
                           "--backend-store-uri", f"sqlite:///{mlflow_dir}/mlflow.db", "--artifacts-destination", str(mlflow_dir / "artifacts")])
    wait_for("S3 server", lambda: socket.socket().connect_ex(("127.0.0.1", local["s3"])) == 0, 60, "s3", procs)
    log(f"S3 stand-in on :{local['s3']}")

    def remap(key, value, service):
        for host, target in COMPOSE_HOSTS.items():
            if host in value:
                url = ctx["urls"].get(target) or (f"http://127.0.0.1:{local[target]}" if target in local else None)
                if url is None:
                    return value  # a service not started here
                value = value.replace(f"http://{host}", url)
        if key == "MANAGEMENT_SERVER_PORT":
            return str(ports[service][1])
        if key == "STYLESYNC_TRAINING_WORK_DIR":
            return str(WORK / "training-work")
        if key == "JAVA_TOOL_OPTIONS":
            return re.sub(r"-XX:MaxRAMPercentage=\d+", SERVICES[service], value)
        if key == "OMP_NUM_THREADS":
            return "1"  # the CI box is small and shared
        return value

    def healthy(s, port=None):
        env = dict(os.environ, MANAGEMENT_SERVER_PORT=str(port or ports[s][1]), SERVER_PORT=str(ports[s][0]))
        return subprocess.run([str(ROOT / "deploy/docker/healthcheck.sh")], env=env, stderr=subprocess.DEVNULL).returncode == 0

    for s in services:  # all at once, as compose would once their dependencies are up; then wait for each
        env = {k: os.environ[k] for k in ("PATH", "HOME", "JAVA_HOME", "LANG") if k in os.environ}
        env.update(image_env)
        env.update(SERVICE_NAME=s, SERVER_PORT=str(ports[s][0]))
        service_env = {k: remap(k, str(v), s) for k, v in compose[s].get("environment", {}).items()}
        env.update(service_env)
        ctx["env"][s] = service_env
        # the image's code folder (/app) and working folder mapped to this run's
        argv = [str(layers[s] / "app") if a == "/app" else a for a in entry]
        cwd = WORK / "run" / s
        shutil.rmtree(cwd, ignore_errors=True)
        cwd.mkdir(parents=True)
        if workdir != "/var/lib/stylesync":
            raise SystemExit(f"Dockerfile WORKDIR {workdir}: update the mapping here")
        procs.start(s, argv, env=env, cwd=cwd)
    wait_for("MLflow", lambda: http("GET", f"http://127.0.0.1:{local['mlflow']}/health", raw=True)[0] == 200
             if socket.socket().connect_ex(("127.0.0.1", local["mlflow"])) == 0 else False, 180, "mlflow", procs)
    log(f"MLflow on :{local['mlflow']}")
    def live(s):
        try:
            return http("GET", f"http://127.0.0.1:{ports[s][1]}/actuator/health/liveness", raw=True)[0] == 200
        except (OSError, urllib.error.URLError):
            return False

    for s in services:
        if s == "inference-service":
            # not ready until a champion exists, which the training traffic below promotes: live is enough here
            wait_for(s, lambda: live(s), 300, s, procs)
            log(f"{s} live (API :{ports[s][0]}, actuator :{ports[s][1]}; ready once a champion is promoted)")
            continue
        wait_for(s, lambda: healthy(s), 300, s, procs)
        log(f"{s} ready (API :{ports[s][0]}, actuator :{ports[s][1]}; the image's healthcheck says healthy)")

    prom_port = free_port()
    cfg = yaml.safe_load((ROOT / "prometheus/prometheus.yml").read_text())
    cfg["global"].update(scrape_interval="1s", evaluation_interval="1s")
    cfg["rule_files"] = [str(p) for p in sorted((ROOT / "prometheus/rules").glob("*.yml"))]
    for job in cfg["scrape_configs"]:
        if job["job_name"] == "prometheus":
            job["static_configs"] = [{"targets": [f"127.0.0.1:{prom_port}"]}]
            continue
        kept = []
        for sc in job["static_configs"]:
            svc = sc["labels"]["service"]
            if svc in services:
                assert sc["targets"] == [f"{svc}:{compose[svc]['environment']['MANAGEMENT_SERVER_PORT']}"], sc
                kept.append(dict(sc, targets=[f"127.0.0.1:{ports[svc][1]}"]))
        job["static_configs"] = kept
    (WORK / "prometheus.yml").write_text(yaml.safe_dump(cfg))
    shutil.rmtree(WORK / "tsdb", ignore_errors=True)
    procs.start("prometheus", ["prometheus", f"--config.file={WORK / 'prometheus.yml'}", f"--storage.tsdb.path={WORK / 'tsdb'}",
                               f"--web.listen-address=127.0.0.1:{prom_port}"])
    prom = f"http://127.0.0.1:{prom_port}"

    def query(q):
        status, res = http("GET", prom + "/api/v1/query?" + urllib.parse.urlencode({"query": q}))
        return status, res

    def all_up():
        status, res = query('up{job="stylesync"}') if socket.socket().connect_ex(("127.0.0.1", prom_port)) == 0 else (0, None)
        return status == 200 and len(res["data"]["result"]) == len(services) and all(r["value"][1] == "1" for r in res["data"]["result"])
    wait_for("Prometheus scraping every service", all_up, 60, "prometheus", procs)
    log(f"Prometheus on :{prom_port} scrapes {len(services)} services")

    for s in services:
        if s in TRAFFIC:
            log(f"traffic: {s}")
            TRAFFIC[s](ctx)
    # monitoring publishes its per-column gauges every stylesync.monitoring.refresh-interval (15 s); then a few scrapes
    time.sleep(20 if "monitoring-service" in services else 4)

    pending = {}
    for line in PENDING_FILE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, why = line.partition("#")
            pending[name.strip()] = why.strip()
    present = {m for m in pending if query(f'count({{__name__="{m}"}})')[1]["data"]["result"]}

    results = []
    queries = [(f, t, r, q) for f, t, r, q in dashboards.panel_queries()]
    queries += [(f, f"variable ${v}", "", q) for f, v, q in dashboards.variable_queries()]
    for f, title, ref, q in queries:
        status, res = query(q)
        if status != 200 or res.get("status") != "success":
            results.append(("FAIL", f, title, ref, f"query error {status}: {res.get('error') if isinstance(res, dict) else res}"))
            continue
        n = len(res["data"]["result"])
        missing = sorted(m for m in dashboards.metric_names(q) if m in pending and m not in present)
        if n:
            results.append(("OK", f, title, ref, f"{n} series"))
        elif missing:
            results.append(("PENDING", f, title, ref, f"no series; not exported yet: {', '.join(missing)}"))
        else:
            results.append(("FAIL", f, title, ref, "no series"))
    for m in sorted(present):
        results.append(("FAIL", "pending-metrics.txt", m, "", "now exported: remove it from scripts/ops/pending-metrics.txt"))

    if healthy(services[0], port=free_port()):
        results.append(("FAIL", "deploy/docker/healthcheck.sh", "closed port", "", "reported healthy with nothing listening"))
    for s in services:  # the published port must not serve the actuator (and a 404 must not count as healthy)
        status, _ = http("GET", ctx["urls"][s] + "/actuator/health/readiness", raw=True)
        if status != 404 or healthy(s, port=ports[s][0]):
            results.append(("FAIL", s, "API port", "", f"/actuator/health/readiness answers {status} on the API port"))
    status, rules = http("GET", prom + "/api/v1/rules")
    for g in rules["data"]["groups"]:
        for r in g["rules"]:
            if r.get("health") == "err":
                results.append(("FAIL", g["file"], r["name"], "", f"rule evaluation error: {r.get('lastError')}"))
    n_rules = sum(len(g["rules"]) for g in rules["data"]["groups"])

    width = max(len(f"{f} / {t} {r}") for _, f, t, r, _ in results)
    for verdict, f, t, r, detail in results:
        print(f"{verdict:<8} {f'{f} / {t} {r}':<{width}}  {detail}")
    counts = {v: sum(1 for x in results if x[0] == v) for v in ("OK", "PENDING", "FAIL")}
    print(f"\npanel and variable queries: {len(queries)}; OK {counts['OK']}, PENDING {counts['PENDING']}, FAIL {counts['FAIL']}; "
          f"{n_rules} rules evaluated; services: {', '.join(services)}; {time.time() - started:.0f} s")
    if keep:
        print(f"Prometheus {prom}  " + "  ".join(f"{s} {u}" for s, u in ctx["urls"].items()))
    return 1 if counts["FAIL"] else 0


if __name__ == "__main__":
    sys.exit(main())
