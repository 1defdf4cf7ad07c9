#!/usr/bin/env bash
# Prints the JAVA_HOME of the newest JDK >= 21 on this machine (Temurin preferred), or fails loudly.
# The build targets Java 21 bytecode; Maven and the services run on whatever this finds.
set -euo pipefail
if [[ -n "${STYLESYNC_JAVA_HOME:-}" ]]; then
  echo "$STYLESYNC_JAVA_HOME"; exit 0
fi
best=""; best_major=0
for home in /usr/lib/jvm/temurin-* /usr/lib/jvm/* /opt/java/* "${JAVA_HOME:-}"; do
  [[ -x "$home/bin/javac" ]] || continue
  major=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1)
  [[ "$major" =~ ^[0-9]+$ ]] || continue
  if (( major > best_major )); then best="$home"; best_major=$major; fi
done
if (( best_major < 21 )); then
  echo "No JDK >= 21 found under /usr/lib/jvm (newest: ${best:-none}, ${best_major}). Install Temurin 21+ or set STYLESYNC_JAVA_HOME." >&2
  exit 1
fi
echo "$best"
