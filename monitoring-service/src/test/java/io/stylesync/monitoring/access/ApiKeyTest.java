package io.stylesync.monitoring.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/** With API keys configured, feedback and events need one (401 without, 403 with a wrong one); reads stay open. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "stylesync.access.api-keys=first-key,second-key", "stylesync.mlflow.tracking-uri=http://127.0.0.1:1"})
class ApiKeyTest {

    @Value("${local.server.port}")
    int port;

    HttpResponse<String> post(String path, String header, String value) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"predictionId\":\"nope\",\"labels\":{\"articleType\":\"Tshirts\"}}"));
        if (header != null) {
            b.header(header, value);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void mutatingRequestsNeedAKey() throws Exception {
        HttpResponse<String> none = post("/api/v1/feedback", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        HttpResponse<String> wrong = post("/api/v1/feedback", "X-API-Key", "first-key-but-longer");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).doesNotContain("first-key");
        assertThat(post("/api/v1/events", null, null).statusCode()).isEqualTo(401);
        assertThat(post("/api/v1/feedback", "X-API-Key", "second-key").statusCode()).as("past the filter: unknown prediction")
                .isEqualTo(404);
        assertThat(post("/api/v1/feedback", "Authorization", "Bearer first-key").statusCode()).isEqualTo(404);
        HttpResponse<String> read = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
    }
}
