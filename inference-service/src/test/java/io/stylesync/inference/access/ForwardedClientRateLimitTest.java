package io.stylesync.inference.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.testing.ImageCorpus;
import io.stylesync.common.testing.Multipart;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Behind a load balancer or reverse proxy (here: this test, calling from 127.0.0.1, a trusted internal address)
 * with {@code server.forward-headers-strategy=native}, rate limits key by the client address the proxy appended to
 * {@code X-Forwarded-For}, not by the proxy's own address; addresses a client writes in front of it change nothing.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.forward-headers-strategy=native",
            "stylesync.access.rate-limit.requests-per-second=0.2",
            "stylesync.access.rate-limit.burst=1",
            "stylesync.mlflow.tracking-uri=http://127.0.0.1:1",
            "stylesync.inference.similar.enabled=false",
            "stylesync.inference.events.monitoring-url="
        })
class ForwardedClientRateLimitTest {

    @Value("${local.server.port}")
    int port;

    int predictFrom(String forwardedFor) throws Exception {
        Multipart m = new Multipart().file("image", "a.jpg", "image/jpeg", ImageCorpus.jpeg(64, 64, 3));
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/predict"))
                                .header("Content-Type", m.contentType())
                                .header("X-Forwarded-For", forwardedFor)
                                .POST(m.publisher())
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void eachForwardedClientHasItsOwnBudget() throws Exception {
        assertThat(predictFrom("203.0.113.7"))
                .as("no model yet, but past the limiter")
                .isEqualTo(503);
        assertThat(predictFrom("203.0.113.7")).isEqualTo(429);
        assertThat(predictFrom("203.0.113.8"))
                .as("another client behind the same proxy")
                .isEqualTo(503);
        assertThat(predictFrom("198.51.100.1, 203.0.113.7"))
                .as("a spoofed address in front changes nothing")
                .isEqualTo(429);
    }
}
