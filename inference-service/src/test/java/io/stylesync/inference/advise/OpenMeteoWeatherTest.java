package io.stylesync.inference.advise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.stylesync.common.error.ProblemException;
import io.stylesync.inference.config.InferenceProperties;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The Open-Meteo client over real HTTP against a local server answering in Open-Meteo's format. */
class OpenMeteoWeatherTest {

    HttpServer server;
    final AtomicReference<String> query = new AtomicReference<>();
    final AtomicInteger status = new AtomicInteger(200);
    final AtomicReference<String> body = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/forecast", exchange -> {
            query.set(exchange.getRequestURI().getQuery());
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    OpenMeteoWeather client(boolean enabled, URI base) {
        var props = new InferenceProperties(
                "champion",
                Duration.ofSeconds(30),
                null,
                null,
                3,
                32,
                new InferenceProperties.Batching(4, Duration.ofMillis(2), 16, Duration.ofSeconds(30)),
                new InferenceProperties.Events(null, null, 10, 10, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                new InferenceProperties.Canary("challenger", 0, false),
                new InferenceProperties.Similar(false, 10, List.of("train"), 5),
                new InferenceProperties.Weather(enabled, base, Duration.ofSeconds(2)));
        return new OpenMeteoWeather(props, JsonMapper.builder().build());
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void readsTheCurrentTemperatureAndPrecipitation() {
        body.set(
                "{\"latitude\":52.52,\"longitude\":13.42,\"current_units\":{\"temperature_2m\":\"°C\",\"precipitation\":\"mm\"},"
                        + "\"current\":{\"time\":\"2026-11-23T08:00\",\"interval\":900,\"temperature_2m\":4.7,\"precipitation\":0.3}}");
        Weather w = client(true, base()).current(52.52, 13.42);
        assertThat(w.temperatureC()).isEqualTo(4.7);
        assertThat(w.precipitationMm()).isEqualTo(0.3);
        assertThat(query.get())
                .contains("latitude=52.5200", "longitude=13.4200", "current=temperature_2m,precipitation");
        assertThat(StyleAdvisor.seasonFor(w.temperatureC())).isEqualTo("Winter");
    }

    @Test
    void failuresAreProblemsNotCrashes() {
        body.set("{\"error\":true,\"reason\":\"Latitude must be in range of -90 to 90°\"}");
        status.set(400);
        assertThatThrownBy(() -> client(true, base()).current(1, 1))
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(503));
        status.set(200);
        body.set("{\"current\":{}}");
        assertThatThrownBy(() -> client(true, base()).current(1, 1)).hasMessageContaining("temperature_2m");
        assertThatThrownBy(() -> client(true, URI.create("http://127.0.0.1:1")).current(1, 1))
                .hasMessageContaining("cannot be reached");
        assertThatThrownBy(() -> client(false, base()).current(1, 1))
                .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(400));
        assertThatThrownBy(() -> client(true, base()).current(91, 0)).hasMessageContaining("latitude");
    }
}
