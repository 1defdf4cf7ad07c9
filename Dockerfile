# syntax=docker/dockerfile:1
# One recipe for the four service images; docker-compose.yml passes the module and its port:
#   docker build --build-arg SERVICE=inference-service --build-arg PORT=8083 -t stylesync/inference-service .
# Needs BuildKit (the default builder since Docker 23; `docker compose build` uses it): cache mount, COPY --chmod.
ARG JAVA_VERSION=25

FROM eclipse-temurin:${JAVA_VERSION}-jdk AS build
WORKDIR /src
COPY . .
# Every module in one step, before ARG SERVICE: the four image builds share this layer, one
# Maven build instead of four.
# The Maven repository lives in a BuildKit cache mount: rebuilding after a code change downloads nothing.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -ntp -q -DskipTests package
ARG SERVICE
# Layers extracted once; native libraries the service carries (DJL's PyTorch, JavaCPP's OpenCV) unpacked
# into /opt/natives, so the container starts offline and without unpacking them at every start.
RUN test -n "$SERVICE" && test -f "$SERVICE/pom.xml" \
 && cp "$(ls "$SERVICE"/target/"$SERVICE"-*.jar | grep -v -e plain -e sources | head -1)" /tmp/app.jar \
 && deploy/docker/unpack.sh /tmp/app.jar /layers /opt/natives

FROM eclipse-temurin:${JAVA_VERSION}-jre
ARG SERVICE
ARG PORT=8080
RUN groupadd --system --gid 10001 stylesync \
 && useradd --system --uid 10001 --gid stylesync --home-dir /app --no-create-home --shell /usr/sbin/nologin stylesync \
 && mkdir -p /app /var/lib/stylesync \
 && chown stylesync:stylesync /var/lib/stylesync
# inference-service: JavaCPP's OpenCV loads its highgui library with every preset (objdetect included), and that
# links GTK 2; without it the service fails at start (UnsatisfiedLinkError libgtk-x11-2.0.so.0, found by make test-compose).
# Ubuntu 24.04 (eclipse-temurin) names the package libgtk2.0-0t64, Debian 12 libgtk2.0-0.
RUN if [ "$SERVICE" = inference-service ]; then \
      apt-get update \
      && { apt-get install -y --no-install-recommends libgtk2.0-0t64 || apt-get install -y --no-install-recommends libgtk2.0-0; } \
      && rm -rf /var/lib/apt/lists/*; \
    fi
WORKDIR /app
COPY --from=build /opt/natives/djl /opt/natives/djl
# JavaCPP only uses a cache folder it can write to (else it unpacks again under /tmp)
COPY --from=build --chown=10001:10001 /opt/natives/javacpp /opt/natives/javacpp
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
COPY --chmod=0755 deploy/docker/healthcheck.sh /usr/local/bin/healthcheck
ENV SERVICE_NAME=${SERVICE} \
    SERVER_PORT=${PORT} \
    DJL_CACHE_DIR=/opt/natives/djl \
    OPT_OUT_TRACKING=true \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError"
USER 10001:10001
# The code in /app stays read-only; the process runs in a folder it owns, so a relative default path
# (.stylesync/...) of any service lands somewhere writable (a volume in compose and Kubernetes).
WORKDIR /var/lib/stylesync
EXPOSE ${PORT}
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 CMD ["/usr/local/bin/healthcheck"]
# java is PID 1 (exec form): SIGTERM reaches Spring's graceful shutdown.
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-Dorg.bytedeco.javacpp.cachedir=/opt/natives/javacpp", \
            "--enable-native-access=ALL-UNNAMED", "-cp", "/app", "org.springframework.boot.loader.launch.JarLauncher"]
