"""Reads the Grafana dashboards under grafana/dashboards: every panel query and template variable,
with Grafana's variables replaced by fixed values so Prometheus (or promtool) can run them as they are."""
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
DASHBOARDS = ROOT / "grafana" / "dashboards"

# Grafana's built-in interval variables, fixed for checking (the live test scrapes every second).
BUILTINS = {"__rate_interval": "1m", "__interval": "1m", "__range": "10m"}
_VAR = re.compile(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)")


def load_all():
    return {p.name: json.loads(p.read_text()) for p in sorted(DASHBOARDS.glob("*.json"))}


def walk_panels(panels):
    for panel in panels:
        yield panel
        yield from walk_panels(panel.get("panels", []))  # collapsed rows nest their panels


def substitute(expr, dashboard):
    values = dict(BUILTINS)
    for var in dashboard.get("templating", {}).get("list", []):
        values[var["name"]] = var.get("allValue") or ".*"

    def repl(m):
        name = m.group(1) or m.group(2)
        if name not in values:
            raise KeyError(f"unknown variable ${name} in {expr!r}")
        return values[name]
    return _VAR.sub(repl, expr)


def panel_queries(dashboards=None):
    """(dashboard file, panel title, refId, PromQL with variables substituted) for every panel target."""
    for name, dash in (dashboards or load_all()).items():
        for panel in walk_panels(dash.get("panels", [])):
            for target in panel.get("targets", []):
                if target.get("expr"):
                    yield name, panel.get("title", ""), target.get("refId", ""), substitute(target["expr"], dash)


def variable_queries(dashboards=None):
    """(dashboard file, variable name, PromQL) for label_values(<selector>, <label>) template variables."""
    for name, dash in (dashboards or load_all()).items():
        for var in dash.get("templating", {}).get("list", []):
            if var.get("type") != "query":
                continue
            q = var["query"]["query"] if isinstance(var.get("query"), dict) else var.get("query", "")
            m = re.fullmatch(r"label_values\((.+),\s*(\w+)\)", q.strip())
            if not m:
                raise ValueError(f"{name}: variable {var['name']}: only label_values(selector, label) is supported: {q}")
            yield name, var["name"], f"group by ({m.group(2)}) ({substitute(m.group(1), dash)})"


def metric_names(expr):
    """Metric names an expression reads (identifiers followed by a selector or range, minus PromQL words)."""
    words = {"sum", "rate", "increase", "histogram_quantile", "max", "min", "avg", "count", "topk", "by", "on",
             "without", "ignoring", "group_left", "group_right", "or", "and", "unless", "vector", "group", "bool",
             "offset", "abs", "clamp_min", "clamp_max", "irate", "delta", "absent", "label_replace", "time"}
    expr = re.sub(r"\{[^}]*\}", "{}", expr)   # drop label matchers (their values may look like names)
    expr = re.sub(r'"[^"]*"', '""', expr)
    expr = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", expr)  # label lists
    names = set(re.findall(r"\b([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?=[\[{)]|\s*$|\s*[-+*/=<>!])", expr))
    names |= set(re.findall(r"\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\)", expr))
    return {n for n in names if n not in words and not re.fullmatch(r"\d.*", n)}
