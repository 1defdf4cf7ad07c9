#!/usr/bin/env bash
# The end-to-end test of `make demo` (run by `make test`): the same pipeline on a small Fashion-MNIST
# slice in a state folder of its own — upload, ingest, train, register, promote, serve, predict held-out
# images, feedback, drift — checks what it printed, then runs the README's tour lines against it. The services are stopped whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
log=.stylesync/e2e-demo.log
mkdir -p .stylesync
trap 'make --no-print-directory stop >/dev/null 2>&1 || true' EXIT
make --no-print-directory stop >/dev/null 2>&1 || true
rm -rf .stylesync/mlflow .stylesync/s3 .stylesync/training .stylesync/inference
if ! make --no-print-directory demo DEMO_LIMIT="${E2E_LIMIT:-150}" 2>&1 | tee "$log"; then
  echo "e2e-demo: make demo FAILED (log: $log)" >&2; exit 1
fi
check() { grep -Eq "$1" "$log" || { echo "e2e-demo: expected /$1/ in the demo's output (log: $log)" >&2; exit 1; }; }
check 'promoted to champion'
check 'serving stylesync-fashion v1'
check '[0-9]+/[0-9]+ held-out images right on every head'
check '"windowEvents": [1-9]'
right=$(grep -Eo '[0-9]+/[0-9]+ held-out images right' "$log" | head -1 | cut -d/ -f1)
(( right >= 4 )) || { echo "e2e-demo: only $right of 8 held-out images right" >&2; exit 1; }
echo "== the README's first tour against the running demo"
python3 scripts/readme_tour.py
echo "e2e-demo: passed ($right/8 held-out images right on every head)"
