#!/usr/bin/env python3
"""Runs the README's "A first tour" block against the running demo: every curl line must answer 2xx and every
`open <url>` must serve a page. Run by scripts/e2e-demo.sh after `make demo`, so the README's commands cannot rot.

The README's placeholder files are mapped to real images: shirt.jpg -> a demo catalogue image, selfie.jpg -> a
portrait (a public-domain one from ../shared where present, else the demo image, which /analyze must refuse
with a 422 naming the missing face: a 4xx problem is a documented answer, a 5xx is not).
"""
import glob
import os
import re
import shlex
import subprocess
import sys
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def tour_lines():
    readme = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    section = readme[readme.index("## A first tour"):]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [re.sub(r"\s+#.*$", "", line).strip() for line in block.splitlines() if line.strip()]


def main():
    demo_images = sorted(glob.glob(os.path.join(ROOT, ".stylesync/fashion-mnist/images/*")))
    if not demo_images:
        sys.exit("readme-tour: no demo images under .stylesync/fashion-mnist/images (run make demo first)")
    portrait = os.path.join(ROOT, "../shared/datasets/faces/portraits/obama.jpg")
    files = {"shirt.jpg": demo_images[0], "selfie.jpg": portrait if os.path.exists(portrait) else demo_images[0]}
    failures, ran = [], 0
    for line in tour_lines():
        words = shlex.split(line)
        if words[0] == "open":
            url = words[1]
            try:
                with urllib.request.urlopen(url, timeout=30) as r:
                    status = r.status
            except urllib.error.HTTPError as e:
                status = e.code
            except OSError as e:
                status = f"unreachable ({e})"
        elif words[0] == "curl":
            args = [re.sub(r"@(\w+\.jpg)", lambda m: "@" + files[m.group(1)], w) for w in words[1:]]
            out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", *args],
                                 capture_output=True, text=True, timeout=120)
            status = int(out.stdout or 0)
        else:
            failures.append(f"{line}: not a curl or open line; the tour block must stay runnable")
            continue
        ran += 1
        refused_without_face = "analyze" in line and files["selfie.jpg"] != portrait and status == 422
        ok = isinstance(status, int) and (200 <= status < 300 or refused_without_face)
        print(f"  {'ok  ' if ok else 'FAIL'} {status}  {line}")
        if not ok:
            failures.append(f"{line}: {status}")
    if failures:
        sys.exit("readme-tour: " + "; ".join(failures))
    print(f"readme_tour_lines_passed={ran}/{ran}")


if __name__ == "__main__":
    main()
