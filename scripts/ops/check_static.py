#!/usr/bin/env python3
"""Offline checks of StyleSync's deployment files (make test-ops; no Docker engine, cluster or Grafana needed):

  Dockerfiles    parsed: multi-stage, JRE runtime, non-root USER, HEALTHCHECK, exec-form ENTRYPOINT with DJL
                 offline, the four Spring Boot layers in order, pinned base images, no secrets, context files present
  compose        `docker-compose config` (Debian's 1.29) with .env.example: valid, every variable defined, memory
                 limits, healthchecks behind every service_healthy, only inference-service published beyond loopback,
                 no credential in .env.example
  Prometheus     promtool check config / check rules / test rules; the alerts the issue lists exist
  Grafana        dashboards: unique uids and panel ids, provisioned datasource uid, every panel has a query, every
                 query compiles (promtool, as recording rules) and reads only metrics named in docs/contracts.md
  Kubernetes     kubernetes-validate --strict (schemas bundled, offline) on every manifest; a broken manifest must
                 fail it; probes, resources, non-root, HPA on inference; the kustomization lists every manifest
  GitHub         actionlint on .github/workflows (a broken workflow must fail it); ci.yml runs .ci/run; release.yml pushes
                 the four images to GHCR with SBOM and provenance on a tag; Dependabot for Maven, pip, npm and Actions
  EC2            cloud-init is #cloud-config YAML; the IAM policy grants S3 on the bucket only

Prints one line per check; exits 1 when any fails. Needs: docker-compose, promtool, kubernetes-validate, actionlint, PyYAML.
"""
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import dashboards  # noqa: E402

ROOT = dashboards.ROOT
FAILURES = []


def check(ok, what, detail=""):
    print(("PASS " if ok else "FAIL ") + what + ("" if ok or not detail else f"\n     {detail}"))
    if not ok:
        FAILURES.append(what)
    return ok


def tool(name):
    path = shutil.which(name) or (str(pathlib.Path(sys.executable).parent / name)
                                  if (pathlib.Path(sys.executable).parent / name).exists() else None)
    if not path:
        check(False, f"tool {name} installed", "missing: .ci/run / make deps-ops install it")
    return path


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, **kw)


# ---------------------------------------------------------------------------------------------- Dockerfiles
def parse_dockerfile(path):
    """[(stage index, INSTRUCTION, arguments)] with continuation lines joined and comments dropped."""
    lines, buf = [], ""
    for raw in path.read_text().splitlines():
        s = raw.strip()
        if not buf and (not s or s.startswith("#")):
            continue
        if s.startswith("#"):
            continue
        buf += (" " if buf else "") + s.rstrip("\\").strip()
        if not s.endswith("\\"):
            lines.append(buf)
            buf = ""
    out, stage = [], -1
    for line in lines:
        instr, _, args = line.partition(" ")
        instr = instr.upper()
        if instr == "FROM":
            stage += 1
        out.append((stage, instr, args.strip()))
    return out


def dockerignored(rel):
    patterns = [p.strip() for p in (ROOT / ".dockerignore").read_text().splitlines() if p.strip() and not p.startswith("#")]
    ignored = False
    for p in patterns:
        neg = p.startswith("!")
        p = p.lstrip("!").rstrip("/")
        anywhere = p.startswith("**/")
        p = p[3:] if anywhere else p
        parts = rel.split("/")
        # a pattern matches a path or any folder above it (anchored at the root unless it starts with **/)
        candidates = ["/".join(parts[i:j]) for i in (range(len(parts)) if anywhere else [0]) for j in range(i + 1, len(parts) + 1)]
        if any(re.fullmatch(p.replace(".", r"\.").replace("*", "[^/]*"), c) for c in candidates):
            ignored = not neg
    return ignored


def check_service_dockerfile():
    path = ROOT / "Dockerfile"
    ins = parse_dockerfile(path)
    text = path.read_text()
    froms = [a for _, i, a in ins if i == "FROM"]
    last = max(s for s, _, _ in ins)
    final = [(i, a) for s, i, a in ins if s == last]
    check(len(froms) >= 2, "Dockerfile: multi-stage build", f"FROM lines: {froms}")
    check(froms[0].split()[0].endswith("-jdk") and froms[-1].split()[0].endswith("-jre"),
          "Dockerfile: JDK to build, JRE to run", str(froms))
    args = {a.split("=")[0]: a.split("=", 1)[1] if "=" in a else None for s, i, a in ins if i == "ARG" and s == -1}
    for f in froms:
        image = re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1)) or "", f.split()[0])
        check(":" in image and not image.endswith(":latest"), f"Dockerfile: base image pinned ({image})")
    users = [a for i, a in final if i == "USER"]
    check(bool(users) and users[-1].split(":")[0] not in ("root", "0"), "Dockerfile: runtime stage runs as a non-root USER",
          f"USER lines: {users}")
    check(bool(users) and users[-1].split(":")[0].isdigit(), "Dockerfile: numeric USER (Kubernetes runAsNonRoot can verify it)")
    hc = [a for i, a in final if i == "HEALTHCHECK"]
    check(len(hc) == 1 and "CMD" in hc[0] and "NONE" not in hc[0], "Dockerfile: HEALTHCHECK in the runtime stage", str(hc))
    entry = [a for i, a in final if i == "ENTRYPOINT"]
    try:
        argv = json.loads(entry[-1])
    except (IndexError, ValueError):
        argv = []
    check(argv[:1] == ["java"], "Dockerfile: exec-form ENTRYPOINT (java is PID 1 and gets SIGTERM)", str(entry))
    check("-Dai.djl.offline=true" in argv, "Dockerfile: DJL offline in the ENTRYPOINT")
    check(argv[-3:] == ["-cp", "/app", "org.springframework.boot.loader.launch.JarLauncher"],
          "Dockerfile: starts the extracted layers in /app with JarLauncher")
    check(all(a.split()[-1] in ("./", "/app/", "/app") for i, a in final if i == "COPY" and "/layers/" in a)
          and [a for i, a in final if i == "WORKDIR"][0] == "/app",
          "Dockerfile: the layers are copied into /app")
    check([a for i, a in final if i == "WORKDIR"][-1] == "/var/lib/stylesync" and "chown stylesync:stylesync /var/lib/stylesync"
          in " ".join(a for i, a in final if i == "RUN"), "Dockerfile: the process runs in a folder the service user owns")
    layer_copies = [re.search(r"/layers/([\w-]+)/", a).group(1) for i, a in final if i == "COPY" and "/layers/" in a]
    check(layer_copies == ["dependencies", "spring-boot-loader", "snapshot-dependencies", "application"],
          "Dockerfile: one COPY per Spring Boot layer, least changing first", str(layer_copies))
    check("extract --layers --launcher" in (ROOT / "deploy/docker/unpack.sh").read_text(),
          "Dockerfile: layers from `java -Djarmode=tools -jar app.jar extract --layers --launcher`")
    env = " ".join(a for i, a in final if i == "ENV")
    cache = re.search(r"DJL_CACHE_DIR=(\S+)", env)
    check(bool(cache) and any(i == "COPY" and f"--from=build {cache.group(1)} " in a + " " for i, a in final),
          "Dockerfile: DJL native cache baked at build time and DJL_CACHE_DIR points at it")
    jcpp = next((x.split("=", 1)[1] for x in argv if x.startswith("-Dorg.bytedeco.javacpp.cachedir=")), None)
    copies = [a.split() for i, a in final if i == "COPY" and "--from=build" in a]
    check(bool(jcpp) and any(c[-2] == jcpp and any(x.startswith("--chown=") and x != "--chown=0:0" for x in c) for c in copies),
          "Dockerfile: JavaCPP native cache baked, owned by the service user, and the ENTRYPOINT points at it")
    for _, i, a in ins:
        if i in ("ENV", "ARG"):
            for m in re.finditer(r"(\w*(PASSWORD|SECRET|TOKEN|ACCESS_KEY)\w*)=(\S+)", a, re.I):
                check(False, f"Dockerfile: no secret in {i} ({m.group(1)})")
        if i == "ADD" and re.search(r"https?://", a):
            check(False, "Dockerfile: no ADD from a URL", a)
    # files the build reads from the context exist and are not excluded by .dockerignore
    for rel in re.findall(r"(deploy/docker/[\w.-]+)", text):
        check((ROOT / rel).is_file() and not dockerignored(rel), f"Dockerfile: {rel} exists and is in the build context")
        if rel.endswith(".sh"):
            check(os.access(ROOT / rel, os.X_OK), f"Dockerfile: {rel} is executable")
    for rel in ("common/target", "inference-service/target/classes", ".env", ".git", ".stylesync", ".venv", "Makefile",
                "docker-compose.yml", "docs/operations.md"):
        check(dockerignored(rel), f".dockerignore: {rel} stays out of the build context")
    for rel in ["pom.xml", "mvnw", ".mvn/wrapper/maven-wrapper.properties", "common/src/main/java"] + [
            f"{m}/pom.xml" for m in re.findall(r"<module>([\w-]+)</module>", (ROOT / "pom.xml").read_text())]:
        check(not dockerignored(rel), f".dockerignore: {rel} is in the build context")


def check_mlflow_dockerfile():
    path = ROOT / "deploy/mlflow/Dockerfile"
    ins = parse_dockerfile(path)
    last = max(s for s, _, _ in ins)
    final = [(i, a) for s, i, a in ins if s == last]
    users = [a for i, a in final if i == "USER"]
    check(bool(users) and users[-1].split(":")[0] not in ("root", "0"), "deploy/mlflow/Dockerfile: non-root USER")
    check(any(i == "HEALTHCHECK" for i, _ in final), "deploy/mlflow/Dockerfile: HEALTHCHECK")
    check(all(":" in a.split()[0] for _, i, a in ins if i == "FROM"), "deploy/mlflow/Dockerfile: base images pinned")


# ---------------------------------------------------------------------------------------------- compose
def check_compose():
    exe = tool("docker-compose")
    if not exe:
        return
    base = [exe, "-f", "docker-compose.yml", "--env-file", ".env.example"]
    res = run(base + ["config", "-q"])
    check(res.returncode == 0, "compose: `docker-compose config -q` accepts docker-compose.yml with .env.example", res.stderr.strip())
    check("is not set" not in res.stderr, "compose: every ${VARIABLE} is defined in .env.example", res.stderr.strip())
    with tempfile.NamedTemporaryFile("w", suffix=".yml", dir=ROOT, delete=False) as f:
        f.write("services:\n  a:\n    image: x\n    mem_limit: lots\n    depends_on:\n      b:\n        condition: service_healthy\n")
    res_bad = run([exe, "-f", f.name, "config", "-q"])
    os.unlink(f.name)
    check(res_bad.returncode != 0, "compose: `docker-compose config` rejects a broken file (the check can fail)")
    res = run(base + ["config"])
    if res.returncode != 0:
        return
    cfg = yaml.safe_load(res.stdout)
    services = cfg["services"]
    for name, svc in services.items():
        check("mem_limit" in svc, f"compose: {name} has a memory limit")
        for port in svc.get("ports", []):
            published = port if isinstance(port, str) else f"{port.get('host_ip', '')}:{port.get('published')}"
            public = not str(published).startswith("127.0.0.1:")
            check(not public or name == "inference-service", f"compose: {name} publishes {published} on loopback only")
        for dep, cond in (svc.get("depends_on") or {}).items():
            c = cond.get("condition") if isinstance(cond, dict) else None
            check(c in ("service_healthy", "service_completed_successfully"), f"compose: {name} waits for {dep} ({c})")
            if c == "service_healthy":
                target = services[dep]
                has = "healthcheck" in target or "build" in target  # built images: HEALTHCHECK in their Dockerfile
                check(has, f"compose: {dep} has a healthcheck ({name} waits for it)")
    for name in ("ingest-service", "training-service", "inference-service", "monitoring-service"):
        svc = services.get(name, {})
        check(svc.get("build", {}).get("args", {}).get("SERVICE") == name, f"compose: {name} built from the Dockerfile with SERVICE={name}")
        env = svc.get("environment", {})
        check(env.get("STYLESYNC_STORAGE_EMBEDDED_ENABLED") == "false" and env.get("STYLESYNC_STORAGE_ENDPOINT"),
              f"compose: {name} uses the stack's object storage")
    prom = (ROOT / "prometheus/prometheus.yml").read_text()
    for name in ("ingest-service", "training-service", "inference-service", "monitoring-service"):
        port = services[name]["environment"].get("MANAGEMENT_SERVER_PORT")
        check(f"{name}:{port}" in prom, f"compose: Prometheus scrapes {name} on its management port {port}")
    secretish = re.compile(r"PASSWORD|SECRET", re.I)
    for line in (ROOT / ".env.example").read_text().splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            if secretish.search(key):
                check(value in ("", "CHANGE_ME"), f".env.example: {key} holds no credential", f"value: {value!r}")


# ---------------------------------------------------------------------------------------------- Prometheus
REQUIRED_ALERTS = {"StyleSyncServiceDown", "StyleSyncHighLatencyP99", "StyleSyncHighErrorRatio", "StyleSyncDriftDetected",
                   "StyleSyncNoPredictions", "StyleSyncModelStale"}


def check_prometheus():
    exe = tool("promtool")
    if not exe:
        return
    res = run([exe, "check", "config", "prometheus/prometheus.yml"])
    check(res.returncode == 0, "promtool check config prometheus/prometheus.yml (and its rule files)", res.stdout + res.stderr)
    rules = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "prometheus/rules").glob("*.yml"))
    res = run([exe, "check", "rules", *rules])
    check(res.returncode == 0, f"promtool check rules {' '.join(rules)}", res.stdout + res.stderr)
    tests = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "prometheus/tests").glob("*.yml"))
    for t in tests:
        res = run([exe, "test", "rules", t])
        check(res.returncode == 0, f"promtool test rules {t}", res.stdout + res.stderr)
    alerts = {r.get("alert") for p in rules for g in yaml.safe_load((ROOT / p).read_text())["groups"] for r in g["rules"]}
    check(REQUIRED_ALERTS <= alerts, "prometheus: alerts for service down, p99 latency, error ratio, drift, no predictions, stale model",
          f"missing: {REQUIRED_ALERTS - alerts}")
    tested = {a for t in tests for case in yaml.safe_load((ROOT / t).read_text())["tests"]
              for a in [x["alertname"] for x in case.get("alert_rule_test", []) if x.get("exp_alerts")]}
    own = {r.get("alert") for g in yaml.safe_load((ROOT / "prometheus/rules/stylesync.yml").read_text())["groups"]
           for r in g["rules"] if r.get("alert")}
    check(own <= tested, "prometheus: every alert in rules/stylesync.yml has a unit test where it fires", f"untested: {own - tested}")


# ---------------------------------------------------------------------------------------------- Grafana
def contract_metrics():
    """Metric names in docs/contracts.md "Metrics" and in the per-service pages' "Metrics" paragraphs (docs/*.md)."""
    text = (ROOT / "docs/contracts.md").read_text()
    section = text[text.index("## Metrics"):] + "\n".join(
        para for page in sorted((ROOT / "docs").glob("*.md")) for para in page.read_text().split("\n\n")
        if para.startswith("Metrics"))
    names = set()
    for line in section.splitlines():
        tokens = [re.sub(r"\{.*", "", t) for t in re.findall(r"`([^`]+)`", line)]
        full = [t for t in tokens if t.startswith("stylesync_")]
        names |= set(full)
        for t in tokens:
            if t.startswith("_") and full:  # shorthand: `stylesync_x_a_total`, `_b_total` = stylesync_x_b_total
                parts = full[0].split("_")
                names.add("_".join(parts[:len(parts) - (len(t.split("_")) - 1)]) + t)
    return {re.sub(r"_(bucket|sum|count)$", "", n) for n in names}


def check_grafana():
    prov = yaml.safe_load((ROOT / "grafana/provisioning/datasources/prometheus.yml").read_text())
    ds_uids = {d["uid"] for d in prov["datasources"]}
    check(prov["datasources"][0]["url"] == "http://prometheus:9090", "grafana: datasource points at the compose prometheus service")
    dprov = yaml.safe_load((ROOT / "grafana/provisioning/dashboards/stylesync.yml").read_text())
    compose = (ROOT / "docker-compose.yml").read_text()
    path = dprov["providers"][0]["options"]["path"]
    check(f"./grafana/dashboards:{path}" in compose, f"grafana: dashboards provisioned from {path}, mounted by docker-compose.yml")
    dashes = dashboards.load_all()
    check(len(dashes) >= 4, "grafana: service, model, drift and pipeline dashboards", str(list(dashes)))
    uids = [d["uid"] for d in dashes.values()]
    check(len(uids) == len(set(uids)), "grafana: dashboard uids are unique", str(uids))
    for name, dash in dashes.items():
        panels = list(dashboards.walk_panels(dash["panels"]))
        ids = [p["id"] for p in panels]
        check(len(ids) == len(set(ids)), f"grafana {name}: panel ids are unique")
        for p in panels:
            if p["type"] == "row":
                continue
            refs = {p.get("datasource", {}).get("uid")} | {t.get("datasource", {}).get("uid") for t in p.get("targets", [])}
            check(refs <= ds_uids, f"grafana {name}: panel '{p['title']}' uses the provisioned datasource", str(refs))
            check(any(t.get("expr") for t in p.get("targets", [])), f"grafana {name}: panel '{p['title']}' has a query")
    # every query (and variable query) compiles: promtool checks them as recording rules
    queries = list(dashboards.panel_queries(dashes)) + [(f, f"variable {v}", "", q) for f, v, q in dashboards.variable_queries(dashes)]
    exe = tool("promtool")
    if exe:
        with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as f:
            yaml.safe_dump({"groups": [{"name": "dashboards", "rules": [
                {"record": f"dashboard:query_{i}", "expr": q} for i, (_, _, _, q) in enumerate(queries)]}]}, f)
        res = run([exe, "check", "rules", f.name])
        os.unlink(f.name)
        check(res.returncode == 0, f"grafana: all {len(queries)} panel and variable queries compile (promtool)", res.stdout + res.stderr)
    known = contract_metrics()
    standard = re.compile(r"^(up|http_server_requests_seconds_(bucket|count|sum|max)|jvm_\w+|process_\w+)$")
    for f, title, _, q in queries:
        for m in dashboards.metric_names(q):
            base = re.sub(r"_(bucket|sum|count)$", "", m)
            check(bool(standard.match(m)) or base in known, f"grafana {f}: '{title}' reads {m}, a documented metric (docs/contracts.md, docs/<service>.md)")


# ---------------------------------------------------------------------------------------------- Kubernetes
def check_k8s():
    k8s = ROOT / "deploy/k8s"
    manifests = sorted(p for p in k8s.glob("*.yaml") if p.name != "kustomization.yaml")
    exe = tool("kubernetes-validate")
    if exe:
        res = run([exe, "--strict", "--quiet", *map(str, manifests)])
        check(res.returncode == 0, f"kubernetes-validate --strict: {len(manifests)} manifests", res.stdout + res.stderr)
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            f.write("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replicas: two\n  selector: {}\n  template: {}\n")
        res = run([exe, "--strict", "--quiet", f.name])
        os.unlink(f.name)
        check(res.returncode != 0, "kubernetes-validate rejects a broken Deployment (the check can fail)")
    kust = yaml.safe_load((k8s / "kustomization.yaml").read_text())
    listed = set(kust["resources"])
    for p in manifests:
        if p.name != "secret.example.yaml":
            check(p.name in listed, f"k8s: kustomization.yaml lists {p.name}")
    docs = [d for p in manifests for d in yaml.safe_load_all(p.read_text()) if d]
    by_kind = {}
    for d in docs:
        by_kind.setdefault(d["kind"], {})[d["metadata"]["name"]] = d
    for name in ("ingest-service", "training-service", "inference-service", "monitoring-service"):
        dep = by_kind.get("Deployment", {}).get(name)
        if not check(dep is not None, f"k8s: Deployment {name}"):
            continue
        pod = dep["spec"]["template"]["spec"]
        c = pod["containers"][0]
        check(c.get("livenessProbe", {}).get("httpGet", {}).get("path") == "/actuator/health/liveness"
              and c.get("readinessProbe", {}).get("httpGet", {}).get("path") == "/actuator/health/readiness",
              f"k8s: {name} liveness and readiness probes on the actuator")
        check("limits" in c.get("resources", {}) and "requests" in c.get("resources", {}), f"k8s: {name} resource requests and limits")
        check(pod.get("securityContext", {}).get("runAsNonRoot") is True, f"k8s: {name} runs as non-root")
        refs = [e.get("configMapRef", e.get("secretRef", {})).get("name") for e in c.get("envFrom", [])]
        check("stylesync-config" in refs and "stylesync-s3" in refs, f"k8s: {name} configured from the ConfigMap and the Secret")
        check(name in by_kind.get("Service", {}), f"k8s: Service {name}")
    hpa = by_kind.get("HorizontalPodAutoscaler", {}).get("inference-service")
    check(bool(hpa) and hpa["apiVersion"] == "autoscaling/v2" and hpa["spec"]["scaleTargetRef"]["name"] == "inference-service"
          and any(m["resource"]["name"] == "cpu" for m in hpa["spec"]["metrics"]), "k8s: autoscaling/v2 HPA on CPU for inference-service")
    cm = by_kind.get("ConfigMap", {}).get("stylesync-config", {}).get("data", {})
    check(cm.get("STYLESYNC_INFERENCE_MONITORING_URL", "").startswith("http://monitoring-service:"),
          "k8s: inference posts feature events to the monitoring-service Service")
    ing = by_kind.get("Ingress", {}).get("inference-service", {})
    spec = ing.get("spec", {})
    tls_hosts = {h for t in spec.get("tls", []) for h in t.get("hosts", []) if t.get("secretName")}
    rule_hosts = {r.get("host") for r in spec.get("rules", [])}
    backends = {p["backend"]["service"]["name"] for r in spec.get("rules", []) for p in r.get("http", {}).get("paths", [])}
    check(bool(tls_hosts) and rule_hosts <= tls_hosts, "k8s: Ingress serves every host over TLS (a secretName per tls entry)",
          f"tls: {tls_hosts}, rules: {rule_hosts}")
    check(any(k in ing.get("metadata", {}).get("annotations", {}) for k in ("cert-manager.io/cluster-issuer", "cert-manager.io/issuer")),
          "k8s: Ingress certificate issued by cert-manager (issuer annotation)")
    check(backends == {"inference-service"}, "k8s: Ingress routes to inference-service only", str(backends))
    secret = by_kind.get("Secret", {}).get("stylesync-s3", {})
    check(all(v == "" for v in secret.get("stringData", {}).values()), "k8s: the Secret template holds no value")


# ---------------------------------------------------------------------------------------------- GitHub
def check_github():
    workflows = sorted((ROOT / ".github/workflows").glob("*.yml"))
    exe = tool("actionlint")
    if exe:
        res = run([exe, "-no-color", *map(str, workflows)])
        check(res.returncode == 0, f"actionlint: {' '.join(p.name for p in workflows)}", res.stdout + res.stderr)
        with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as f:
            f.write("on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.no_such_property }}\n")
        res = run([exe, "-no-color", f.name])
        os.unlink(f.name)
        check(res.returncode != 0, "actionlint rejects a broken workflow (the check can fail)")
    ci = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text())
    check(any("bash .ci/run" in (s.get("run") or "") for j in ci["jobs"].values() for s in j["steps"]),
          "github: ci.yml runs .ci/run")
    rel = yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text())
    trigger = rel.get(True, rel.get("on", {}))  # PyYAML reads the key `on` as True
    check(bool(trigger.get("push", {}).get("tags")), "github: release.yml runs on a tag")
    job = next(iter(rel["jobs"].values()))
    services = {m["service"] for m in job["strategy"]["matrix"]["include"]}
    check(services == {"ingest-service", "training-service", "inference-service", "monitoring-service"},
          "github: release.yml builds the four service images", str(services))
    push = [s["with"] for s in job["steps"] if str(s.get("uses", "")).startswith("docker/build-push-action@")]
    check(bool(push) and push[0].get("push") is True and push[0].get("sbom") is True and push[0].get("provenance"),
          "github: release.yml pushes with an SBOM and provenance")
    check(any("ghcr.io" in str(s.get("with", {}).get("images", "")) for s in job["steps"])
          and rel.get("permissions", {}).get("packages") == "write", "github: release.yml tags the images for GHCR and may write packages")
    dep = yaml.safe_load((ROOT / ".github/dependabot.yml").read_text())
    ecos = {u["package-ecosystem"]: u for u in dep["updates"]}
    check({"maven", "pip", "npm", "github-actions"} <= set(ecos), "github: Dependabot for Maven, pip, npm and Actions", str(set(ecos)))
    for eco, manifest in (("maven", "pom.xml"), ("pip", "requirements.txt"), ("npm", "package-lock.json")):
        d = ecos.get(eco, {}).get("directory", "/").strip("/")
        check((ROOT / d / manifest).is_file(), f"github: Dependabot's {eco} directory /{d} holds {manifest}")


# ---------------------------------------------------------------------------------------------- EC2
def check_ec2():
    text = (ROOT / "deploy/ec2/cloud-init.yaml").read_text()
    check(text.startswith("#cloud-config\n"), "ec2: cloud-init.yaml starts with #cloud-config")
    ci = yaml.safe_load(text)
    cmds = json.dumps(ci.get("runcmd", [])) + json.dumps(ci.get("write_files", []))
    check("docker compose" in cmds and "up -d" in cmds, "ec2: cloud-init installs Docker and starts the stack with docker compose")
    check("CHANGE_ME" in cmds, "ec2: cloud-init refuses an .env with a CHANGE_ME left")
    pol = json.loads((ROOT / "deploy/ec2/iam-policy.json").read_text())
    resources = [r for s in pol["Statement"] for r in ([s["Resource"]] if isinstance(s["Resource"], str) else s["Resource"])]
    check(all(r.startswith("arn:aws:s3:::") or r.startswith("arn:aws:ssm:") or r.startswith("arn:aws:kms:") for r in resources)
          and "*" not in resources, "ec2: IAM policy scoped to the bucket (and the stack's SSM parameters)", str(resources))
    actions = [a for s in pol["Statement"] for a in ([s["Action"]] if isinstance(s["Action"], str) else s["Action"])]
    check("s3:*" not in actions and "*" not in actions, "ec2: IAM policy grants named S3 actions, not s3:*", str(actions))


def main():
    for part in (check_service_dockerfile, check_mlflow_dockerfile, check_compose, check_prometheus, check_grafana, check_k8s, check_github, check_ec2):
        print(f"== {part.__name__[6:]}")
        try:
            part()
        except Exception as e:  # a crash in one part is a failure, not a skipped part
            check(False, f"{part.__name__} ran", repr(e))
    print(f"\n{'FAILED: ' + str(len(FAILURES)) + ' check(s)' if FAILURES else 'all deployment checks passed'}")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
