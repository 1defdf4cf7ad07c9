package io.stylesync.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * What every service answers once booted: liveness and readiness probes, Prometheus metrics tagged with its
 * application name, problem+json for an unknown path, and no actuator endpoint beyond health and prometheus
 * (environment, configuration, heap and thread dumps, loggers, shutdown stay off). A subclass carries
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} (the annotation names the application class, which
 * common cannot) and passes the expected application name.
 */
public abstract class ServiceSmokeTest {

    private final String applicationName;
    private final boolean readyAlone;

    @Value("${local.server.port}")
    private int port;

    protected ServiceSmokeTest(String applicationName) {
        this(applicationName, true);
    }

    /** @param readyAlone false for a service whose readiness waits for something this test does not give it (a model) */
    protected ServiceSmokeTest(String applicationName, boolean readyAlone) {
        this.applicationName = applicationName;
        this.readyAlone = readyAlone;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersHealthProbesMetricsAndProblemJson() throws Exception {
        assertThat(get("/actuator/health/liveness").body()).contains("UP");
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        assertThat(readiness.statusCode()).isEqualTo(readyAlone ? 200 : 503);
        assertThat(readiness.body()).contains(readyAlone ? "UP" : "OUT_OF_SERVICE");
        assertThat(get("/actuator/prometheus").body()).contains("application=\"" + applicationName + "\"");
        HttpResponse<String> missing = get("/api/v1/missing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        for (String endpoint : List.of(
                "env",
                "configprops",
                "beans",
                "heapdump",
                "threaddump",
                "loggers",
                "mappings",
                "metrics",
                "info",
                "shutdown",
                "startup",
                "scheduledtasks",
                "caches",
                "conditions")) {
            assertThat(get("/actuator/" + endpoint).statusCode())
                    .as("/actuator/" + endpoint)
                    .isEqualTo(404);
        }
        HttpResponse<String> shutdown = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/shutdown"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(shutdown.statusCode()).as("POST /actuator/shutdown").isBetween(400, 499);
        assertThat(get("/actuator/health/liveness").statusCode())
                .as("still alive")
                .isEqualTo(200);
    }
}
