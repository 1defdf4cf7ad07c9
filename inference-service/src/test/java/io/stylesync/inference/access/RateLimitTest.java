package io.stylesync.inference.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.testing.ImageCorpus;
import io.stylesync.common.testing.Multipart;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** Per-client rate limiting on /predict over real HTTP: a burst, then 429 with Retry-After, per authenticated client or address. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "stylesync.access.rate-limit.requests-per-second=0.2",
            "stylesync.access.rate-limit.burst=2",
            "stylesync.access.api-keys=known-client",
            "stylesync.mlflow.tracking-uri=http://127.0.0.1:1",
            "stylesync.inference.similar.enabled=false",
            "stylesync.inference.events.monitoring-url="
        })
class RateLimitTest {

    @Value("${local.server.port}")
    int port;

    HttpResponse<String> predict(String apiKey) throws Exception {
        Multipart m = new Multipart().file("image", "a.jpg", "image/jpeg", ImageCorpus.jpeg(64, 64, 3));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/predict"))
                .header("Content-Type", m.contentType())
                .POST(m.publisher());
        if (apiKey != null) {
            b.header("X-API-Key", apiKey);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refusesAClientOverItsBudgetWith429AndRetryAfter() throws Exception {
        assertThat(predict(null).statusCode())
                .as("no model yet, but past the limiter")
                .isEqualTo(503);
        assertThat(predict(null).statusCode()).isEqualTo(503);
        HttpResponse<String> third = predict(null);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(third.headers()
                        .firstValue("Retry-After")
                        .map(Long::parseLong)
                        .orElse(0L))
                .isBetween(1L, 5L);
        assertThat(third.body()).contains("\"status\":429", "rate-limited");

        assertThat(predict("made-up-key").statusCode())
                .as("an unknown key buys no fresh budget")
                .isEqualTo(429);
        assertThat(predict("known-client").statusCode())
                .as("a client with a key has its own budget")
                .isEqualTo(503);
        HttpResponse<String> health = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as("probes are never limited").isEqualTo(200);
        String metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics)
                .containsPattern("stylesync_inference_rejected_total\\{[^}]*reason=\"rate_limited\"[^}]*} 2\\.0");
    }
}
