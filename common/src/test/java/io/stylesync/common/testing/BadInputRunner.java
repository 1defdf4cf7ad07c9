package io.stylesync.common.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends each {@link BadInputCorpus.Case} over real HTTP to a running service. A malformed case is answered well with
 * a 4xx and {@code Content-Type: application/problem+json} (under {@code /v2/}, the Open Inference Protocol's
 * {@code {"error": "..."}} as {@code application/json}); anything else (a 5xx, a 2xx, another 4xx body, a timeout,
 * a reset connection) misbehaved. A baseline must get a 2xx; an extreme image a 2xx or a 4xx problem. Afterwards the service's liveness probe must still say UP.
 */
public final class BadInputRunner {

    /** @param baselines cases that had to be accepted (a corpus without any proves nothing about validation) */
    public record Result(String service, int tried, int baselines, List<String> misbehaved, boolean liveAfterwards) {}

    private BadInputRunner() {}

    public static Result run(String service, int port, List<BadInputCorpus.Case> cases) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        List<String> misbehaved = new ArrayList<>();
        for (BadInputCorpus.Case c : cases) {
            String verdict = send(http, port, c);
            if (verdict != null) {
                misbehaved.add(c.name() + " -> " + verdict);
            }
        }
        boolean live = live(http, port);
        System.out.println("bad-input " + service + ": tried=" + cases.size() + " misbehaved=" + misbehaved.size()
                + (live ? "" : " (liveness NOT UP afterwards)"));
        misbehaved.forEach(m -> System.out.println("  " + m));
        int baselines = (int) cases.stream()
                .filter(c -> c.expect() == BadInputCorpus.Expect.ACCEPTED)
                .count();
        if (baselines == 0) {
            misbehaved.add("the corpus has no baseline request that must be accepted");
        }
        return new Result(service, cases.size(), baselines, misbehaved, live);
    }

    /** Null when the answer was what the case expects, else what was wrong with it. */
    private static String send(HttpClient http, int port, BadInputCorpus.Case c) {
        HttpRequest.Builder b;
        try {
            b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + c.path()))
                    .timeout(Duration.ofSeconds(30));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("case '" + c.name() + "' has an unsendable path", e);
        }
        if (c.contentType() != null) {
            b.header("Content-Type", c.contentType());
        }
        b.method(
                c.method(),
                c.body() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(c.body().get()));
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        String type = r.headers().firstValue("Content-Type").orElse("");
        boolean accepted = r.statusCode() >= 200 && r.statusCode() < 300;
        boolean problem = r.statusCode() >= 400
                && r.statusCode() < 500
                && (type.startsWith("application/problem+json") || openInferenceError(c.path(), type, r.body()));
        boolean expected = switch (c.expect()) {
            case PROBLEM -> problem;
            case ACCEPTED -> accepted;
            case ACCEPTED_OR_PROBLEM -> accepted || problem;
        };
        if (expected) {
            return null;
        }
        String body = r.body() == null ? "" : r.body();
        return r.statusCode() + " [" + type + "] "
                + (body.length() > 200 ? body.substring(0, 200) : body).replaceAll("\\s+", " ");
    }

    /** The Open Inference Protocol's paths answer errors in its own form, {@code {"error": "<message>"}}. */
    private static boolean openInferenceError(String path, String type, String body) {
        if (!path.startsWith("/v2/") || !type.startsWith("application/json")) {
            return false;
        }
        try {
            JsonNode json = JsonMapper.shared().readTree(body);
            return json.isObject()
                    && json.size() == 1
                    && json.path("error").isString()
                    && !json.path("error").asString().isBlank();
        } catch (JacksonException e) {
            return false;
        }
    }

    private static boolean live(HttpClient http, int port) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("\"UP\"");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
