package io.stylesync.common.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends each {@link BadInputCorpus.Case} over real HTTP to a running service. A case is answered well with a 4xx
 * and {@code Content-Type: application/problem+json}; anything else (a 5xx, a 2xx, another 4xx body, a timeout, a
 * reset connection) misbehaved. Afterwards the service's liveness probe must still say UP.
 */
public final class BadInputRunner {

    public record Result(String service, int tried, List<String> misbehaved, boolean liveAfterwards) {}

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
        return new Result(service, cases.size(), misbehaved, live);
    }

    /** Null when the answer was a 4xx problem, else what was wrong with it. */
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
        if (r.statusCode() >= 400 && r.statusCode() < 500 && type.startsWith("application/problem+json")) {
            return null;
        }
        String body = r.body() == null ? "" : r.body();
        return r.statusCode() + " [" + type + "] "
                + (body.length() > 200 ? body.substring(0, 200) : body).replaceAll("\\s+", " ");
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
