#!/usr/bin/env bash
# Lays a Spring Boot jar out as the service image runs it; the Dockerfile's build stage and the
# live dashboard test (scripts/ops) both call this, so what the test starts is what the image holds.
#   unpack.sh <app.jar> <dest> <natives-dir>
# <dest>/{dependencies,spring-boot-loader,snapshot-dependencies,application}: one folder per layer,
# least to most often changing (each becomes one image layer). Native libraries the jar carries are
# unpacked once, here, so a container starts offline without unpacking hundreds of MB at every start:
#   <natives-dir>/djl      DJL's PyTorch engine (pytorch-native-cpu; training, inference), read via DJL_CACHE_DIR
#   <natives-dir>/javacpp  JavaCPP presets such as OpenCV (inference), read via -Dorg.bytedeco.javacpp.cachedir
set -euo pipefail
jar=$1 dest=$2 natives=$3
here=$(cd "$(dirname "$0")" && pwd)
java -Djarmode=tools -jar "$jar" extract --layers --launcher --destination "$dest"
mkdir -p "$natives/djl" "$natives/javacpp"
# reactor modules (common) land in the application layer, released libraries in dependencies
classpath="$dest/dependencies/BOOT-INF/lib/*:$dest/snapshot-dependencies/BOOT-INF/lib/*:$dest/application/BOOT-INF/lib/*"
if compgen -G "$dest/dependencies/BOOT-INF/lib/pytorch-native-cpu-*.jar" >/dev/null; then
  DJL_CACHE_DIR="$natives/djl" OPT_OUT_TRACKING=true java -Dai.djl.offline=true --enable-native-access=ALL-UNNAMED \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" "$here/DjlWarmup.java"
fi
if compgen -G "$dest/dependencies/BOOT-INF/lib/javacpp-*.jar" >/dev/null; then
  java --enable-native-access=ALL-UNNAMED -Dorg.bytedeco.javacpp.cachedir="$natives/javacpp" \
    -cp "$classpath" "$here/JavacppWarmup.java" "$dest/dependencies/BOOT-INF/lib"
fi
# DJL loads unpacked natives without writing; JavaCPP wants a cache it may write (the image gives it to the service user)
chmod -R a+rX "$natives"
