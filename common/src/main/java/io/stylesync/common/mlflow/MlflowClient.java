package io.stylesync.common.mlflow;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * MLflow over its REST API alone: tracking, artifacts through the server's artifact proxy
 * ({@code mlflow-artifacts}), the model registry and aliases. The Java client on Maven Central has
 * no registry writes or aliases and shells out to Python for artifacts; this needs neither.
 */
public class MlflowClient {

    /** MLflow's {@code runs/log-batch} limits. */
    static final int MAX_ITEMS = 1000;

    static final int MAX_PARAMS = 100;
    static final int MAX_TAGS = 100;

    private final URI base;
    private final HttpClient http;
    private final JsonMapper json;
    private final Duration timeout;

    public MlflowClient(URI trackingUri, Duration timeout) {
        this.base = URI.create(trackingUri.toString().replaceAll("/+$", "") + "/");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.json = JsonMapper.builder().build();
        this.timeout = timeout;
    }

    public URI trackingUri() {
        return base;
    }

    // --- experiments and runs ---------------------------------------------------------------

    public String getOrCreateExperiment(String name) {
        try {
            return get("api/2.0/mlflow/experiments/get-by-name?experiment_name=" + enc(name))
                    .get("experiment")
                    .get("experiment_id")
                    .asString();
        } catch (MlflowException e) {
            if (!e.isNotFound()) {
                throw e;
            }
        }
        try {
            return post("api/2.0/mlflow/experiments/create", obj().put("name", name))
                    .get("experiment_id")
                    .asString();
        } catch (MlflowException e) {
            if (e.isAlreadyExists()) { // created concurrently
                return getOrCreateExperiment(name);
            }
            throw e;
        }
    }

    public MlflowRun createRun(String experimentId, String runName, Map<String, String> tags) {
        ObjectNode body = obj().put("experiment_id", experimentId)
                .put("run_name", runName)
                .put("start_time", Instant.now().toEpochMilli());
        body.set("tags", keyValues(tags));
        return run(post("api/2.0/mlflow/runs/create", body).get("run"));
    }

    public MlflowRun getRun(String runId) {
        return run(get("api/2.0/mlflow/runs/get?run_id=" + enc(runId)).get("run"));
    }

    /** Logs metrics, params and tags, split into as many calls as MLflow's batch limits need. */
    public void logBatch(String runId, List<Metric> metrics, Map<String, String> params, Map<String, String> tags) {
        List<Map.Entry<String, String>> paramList = new ArrayList<>(params.entrySet());
        List<Map.Entry<String, String>> tagList = new ArrayList<>(tags.entrySet());
        int m = 0;
        int p = 0;
        int t = 0;
        do {
            ObjectNode body = obj().put("run_id", runId);
            ArrayNode ps = body.putArray("params");
            for (int i = 0; i < MAX_PARAMS && p < paramList.size(); i++, p++) {
                ps.addObject()
                        .put("key", paramList.get(p).getKey())
                        .put("value", paramList.get(p).getValue());
            }
            ArrayNode ts = body.putArray("tags");
            for (int i = 0; i < MAX_TAGS && t < tagList.size(); i++, t++) {
                ts.addObject()
                        .put("key", tagList.get(t).getKey())
                        .put("value", tagList.get(t).getValue());
            }
            ArrayNode ms = body.putArray("metrics");
            int room = MAX_ITEMS - ps.size() - ts.size(); // the limit counts metrics, params and tags together
            for (int i = 0; i < room && m < metrics.size(); i++, m++) {
                Metric x = metrics.get(m);
                ms.addObject()
                        .put("key", x.key())
                        .put("value", x.value())
                        .put("timestamp", x.timestamp())
                        .put("step", x.step());
            }
            post("api/2.0/mlflow/runs/log-batch", body);
        } while (m < metrics.size() || p < paramList.size() || t < tagList.size());
    }

    /** Ends a run: FINISHED, FAILED or KILLED. */
    public void finishRun(String runId, String status) {
        post(
                "api/2.0/mlflow/runs/update",
                obj().put("run_id", runId)
                        .put("status", status)
                        .put("end_time", Instant.now().toEpochMilli()));
    }

    /** Metric history of one key, in step order. */
    public List<Metric> metricHistory(String runId, String key) {
        JsonNode r = get("api/2.0/mlflow/metrics/get-history?run_id=" + enc(runId) + "&metric_key=" + enc(key));
        List<Metric> out = new ArrayList<>();
        for (JsonNode x : r.path("metrics")) {
            out.add(new Metric(
                    x.get("key").asString(),
                    x.get("value").asDouble(),
                    x.get("timestamp").asLong(),
                    x.path("step").asLong()));
        }
        return out;
    }

    // --- artifacts, through the server's proxy ------------------------------------------------

    /** Uploads a file below the run's artifact root; {@code relativePath} uses '/' separators. */
    public void uploadArtifact(MlflowRun run, String relativePath, Path file) {
        send(
                HttpRequest.newBuilder(artifactUri(run, relativePath)).PUT(bodyOf(file)),
                "upload artifact " + relativePath);
    }

    public void uploadArtifact(MlflowRun run, String relativePath, byte[] bytes) {
        send(
                HttpRequest.newBuilder(artifactUri(run, relativePath))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)),
                "upload artifact " + relativePath);
    }

    public byte[] downloadArtifact(MlflowRun run, String relativePath) {
        return sendBytes(
                HttpRequest.newBuilder(artifactUri(run, relativePath)).GET(), "download artifact " + relativePath);
    }

    /** Downloads an artifact addressed by a model version's source ({@code mlflow-artifacts:/...} or {@code runs:/...} not supported). */
    public byte[] downloadArtifact(String artifactUri, String relativePath) {
        return sendBytes(
                HttpRequest.newBuilder(proxyUri(artifactUri, relativePath)).GET(), "download artifact " + relativePath);
    }

    private URI artifactUri(MlflowRun run, String relativePath) {
        return proxyUri(run.artifactUri(), relativePath);
    }

    private URI proxyUri(String artifactRoot, String relativePath) {
        String prefix = "mlflow-artifacts:/";
        if (!artifactRoot.startsWith(prefix)) {
            throw new IllegalArgumentException("artifact root " + artifactRoot
                    + " is not served by the tracking server's artifact proxy (start it with --artifacts-destination)");
        }
        if (relativePath.contains("..") || relativePath.startsWith("/")) {
            throw new IllegalArgumentException("artifact path must be relative without '..': " + relativePath);
        }
        String path = artifactRoot.substring(prefix.length()).replaceAll("^/+", "") + "/" + relativePath;
        return base.resolve("api/2.0/mlflow-artifacts/artifacts/" + encPath(path));
    }

    // --- registry -------------------------------------------------------------------------------

    public void createRegisteredModel(String name) {
        try {
            post("api/2.0/mlflow/registered-models/create", obj().put("name", name));
        } catch (MlflowException e) {
            if (!e.isAlreadyExists()) {
                throw e;
            }
        }
    }

    public ModelVersion createModelVersion(String name, String source, String runId, Map<String, String> tags) {
        ObjectNode body = obj().put("name", name).put("source", source).put("run_id", runId);
        body.set("tags", keyValues(tags));
        return version(post("api/2.0/mlflow/model-versions/create", body).get("model_version"));
    }

    public ModelVersion getModelVersion(String name, String version) {
        return version(get("api/2.0/mlflow/model-versions/get?name=" + enc(name) + "&version=" + enc(version))
                .get("model_version"));
    }

    /** Waits until a new version leaves PENDING_REGISTRATION; fails if it ends FAILED_REGISTRATION or times out. */
    public ModelVersion awaitReady(String name, String version, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            ModelVersion v = getModelVersion(name, version);
            if (v.isReady()) {
                return v;
            }
            if ("FAILED_REGISTRATION".equals(v.status())) {
                throw new MlflowException(
                        200,
                        "FAILED_REGISTRATION",
                        "model " + name + " version " + version + " failed to register",
                        null);
            }
            if (System.nanoTime() > deadline) {
                throw new MlflowException(
                        0, "TIMEOUT", "model " + name + " version " + version + " not READY after " + max, null);
            }
            sleep(200);
        }
    }

    public void setAlias(String name, String alias, String version) {
        post(
                "api/2.0/mlflow/registered-models/alias",
                obj().put("name", name).put("alias", alias).put("version", version));
    }

    /** The version an alias points to, or null when the model or alias does not exist. */
    public ModelVersion getVersionByAlias(String name, String alias) {
        try {
            return version(get("api/2.0/mlflow/registered-models/alias?name=" + enc(name) + "&alias=" + enc(alias))
                    .get("model_version"));
        } catch (MlflowException e) {
            if (e.isNotFound() || "INVALID_PARAMETER_VALUE".equals(e.errorCode())) {
                return null;
            }
            throw e;
        }
    }

    public void setModelVersionTag(String name, String version, String key, String value) {
        post(
                "api/2.0/mlflow/model-versions/set-tag",
                obj().put("name", name).put("version", version).put("key", key).put("value", value));
    }

    // --- plumbing ----------------------------------------------------------------------------------

    /** A metric point; {@code timestamp} in epoch milliseconds. */
    public record Metric(String key, double value, long timestamp, long step) {
        public static Metric of(String key, double value, long step) {
            return new Metric(key, value, Instant.now().toEpochMilli(), step);
        }
    }

    private JsonNode get(String path) {
        return parse(sendBytes(HttpRequest.newBuilder(base.resolve(path)).GET(), "GET " + path));
    }

    private JsonNode post(String path, ObjectNode body) {
        return parse(sendBytes(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))),
                "POST " + path));
    }

    private void send(HttpRequest.Builder request, String what) {
        sendBytes(request, what);
    }

    private byte[] sendBytes(HttpRequest.Builder request, String what) {
        HttpResponse<byte[]> r;
        try {
            r = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new MlflowException(0, "UNREACHABLE", "MLflow at " + base + " unreachable (" + what + "): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowException(0, "INTERRUPTED", what + " interrupted", e);
        }
        if (r.statusCode() / 100 != 2) {
            String code = "HTTP_" + r.statusCode();
            String message = new String(r.body(), StandardCharsets.UTF_8);
            try {
                JsonNode err = json.readTree(r.body());
                code = err.path("error_code").asString(code);
                message = err.path("message").asString(message);
            } catch (RuntimeException notJson) {
                // keep the raw body
            }
            throw new MlflowException(
                    r.statusCode(), code, what + " failed: " + code + ": " + abbreviate(message), null);
        }
        return r.body();
    }

    private JsonNode parse(byte[] body) {
        return body.length == 0 ? obj() : json.readTree(body);
    }

    private ObjectNode obj() {
        return json.createObjectNode();
    }

    private ArrayNode keyValues(Map<String, String> map) {
        ArrayNode a = json.createArrayNode();
        new LinkedHashMap<>(map).forEach((k, v) -> a.addObject().put("key", k).put("value", v));
        return a;
    }

    private static MlflowRun run(JsonNode run) {
        JsonNode info = run.get("info");
        return new MlflowRun(
                info.get("run_id").asString(),
                info.get("experiment_id").asString(),
                info.get("artifact_uri").asString(),
                info.path("status").asString());
    }

    private static ModelVersion version(JsonNode v) {
        List<String> aliases = new ArrayList<>();
        v.path("aliases").forEach(a -> aliases.add(a.asString()));
        Map<String, String> tags = new LinkedHashMap<>();
        v.path("tags")
                .forEach(t -> tags.put(t.get("key").asString(), t.path("value").asString()));
        return new ModelVersion(
                v.get("name").asString(),
                v.get("version").asString(),
                v.path("source").asString(),
                v.path("run_id").asString(),
                v.path("status").asString(),
                aliases,
                tags);
    }

    private static HttpRequest.BodyPublisher bodyOf(Path file) {
        try {
            return HttpRequest.BodyPublishers.ofFile(file);
        } catch (java.io.FileNotFoundException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String encPath(String path) {
        StringBuilder sb = new StringBuilder();
        for (String segment : path.split("/")) {
            if (!sb.isEmpty()) {
                sb.append('/');
            }
            sb.append(enc(segment).replace("+", "%20"));
        }
        return sb.toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "..." : s;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MlflowException(0, "INTERRUPTED", "interrupted", e);
        }
    }
}
