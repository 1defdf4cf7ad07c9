#!/usr/bin/env bash
# Lays a Spring Boot jar out as the service image runs it; the Dockerfile's build stage and the
# live dashboard test (scripts/ops) both call this, so what the test starts is what the image holds.
#   unpack.sh <app.jar> <dest> <djl-cache-dir>
# <dest>/{dependencies,spring-boot-loader,snapshot-dependencies,application}: one folder per layer,
# least to most often changing (each becomes one image layer). When the jar carries DJL's PyTorch
# natives (training, inference), the engine is loaded once so the native library is unpacked into
# <djl-cache-dir>; the container then starts offline without unpacking ~430 MB at every start.
set -euo pipefail
jar=$1 dest=$2 djl_cache=$3
java -Djarmode=tools -jar "$jar" extract --layers --launcher --destination "$dest"
mkdir -p "$djl_cache"
if compgen -G "$dest/dependencies/BOOT-INF/lib/pytorch-native-cpu-*.jar" >/dev/null; then
  DJL_CACHE_DIR="$djl_cache" OPT_OUT_TRACKING=true java -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$dest/dependencies/BOOT-INF/lib/*" "$(dirname "$0")/DjlWarmup.java"
  # The runtime user only reads the cache: DJL loads already unpacked natives without writing.
  chmod -R a+rX "$djl_cache"
fi
