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
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger delayMs = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/forecast", exchange -> {
            query.set(exchange.getRequestURI().getQuery());
            calls.incrementAndGet();
            try {
                Thread.sleep(delayMs.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool()); // a slow answer blocks no other
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
                new InferenceProperties.Weather(enabled, base, Duration.ofMillis(500), Duration.ofMinutes(30), 100),
                new InferenceProperties.Engine(io.stylesync.common.model.BackboneEngine.PYTORCH, 0, false, 0.5));
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

    static final String WEEK = "{\"latitude\":52.52,\"longitude\":13.42,\"timezone\":\"Europe/Berlin\","
            + "\"daily_units\":{\"time\":\"iso8601\",\"temperature_2m_max\":\"°C\",\"precipitation_sum\":\"mm\"},"
            + "\"daily\":{\"time\":[\"2026-12-02\",\"2026-12-03\",\"2026-12-04\"],"
            + "\"temperature_2m_max\":[31.0,16.5,4.0],\"temperature_2m_min\":[21.0,9.5,-2.0],"
            + "\"precipitation_sum\":[0.0,3.2,null]}}";

    @Test
    void readsTheDailyForecastOnceAndKeepsIt() {
        body.set(WEEK);
        OpenMeteoWeather weather = client(true, base());
        List<DailyWeather> days = weather.forecast(52.5201, 13.4203, 3);
        assertThat(days).extracting(d -> d.date().toString()).containsExactly("2026-12-02", "2026-12-03", "2026-12-04");
        assertThat(days.get(0).asWeather("t").temperatureC()).isEqualTo(26.0);
        assertThat(days.get(1).precipitationMm()).isEqualTo(3.2);
        assertThat(days.get(2).precipitationMm()).isZero();
        assertThat(days.stream()
                        .map(d -> StyleAdvisor.seasonFor(d.asWeather("t").temperatureC())))
                .containsExactly("Summer", "Fall", "Winter");
        assertThat(query.get())
                .contains(
                        "latitude=52.52",
                        "longitude=13.42",
                        "daily=temperature_2m_max,temperature_2m_min,precipitation_sum",
                        "forecast_days=3");
        // the same place (to about 1 km) again: from the cache, not another call
        assertThat(weather.forecast(52.5249, 13.4198, 3)).isEqualTo(days);
        assertThat(calls.get()).isEqualTo(1);
        weather.forecast(48.85, 2.35, 3);
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void aSlowDownOrOffForecastIsA503AndNothingIsCached() {
        body.set(WEEK);
        delayMs.set(2000);
        OpenMeteoWeather weather = client(true, base());
        long start = System.nanoTime();
        assertThatThrownBy(() -> weather.forecast(1, 1, 3))
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("did not answer within 500 ms")
                .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(503));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1900));
        delayMs.set(0);
        assertThat(weather.forecast(1, 1, 3)).hasSize(3);
        assertThatThrownBy(() -> client(true, URI.create("http://127.0.0.1:1")).forecast(1, 1, 3))
                .hasMessageContaining("cannot be reached")
                .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(503));
        assertThatThrownBy(() -> client(false, base()).forecast(1, 1, 3))
                .hasMessageContaining("off")
                .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(503));
        body.set("{\"daily\":{\"time\":[\"2026-12-02\"],\"temperature_2m_max\":[],\"temperature_2m_min\":[]}}");
        assertThatThrownBy(() -> client(true, base()).forecast(1, 1, 1))
                .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(503));
        assertThatThrownBy(() -> client(true, base()).forecast(1, 1, 8))
                .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(400));
        assertThatThrownBy(() -> client(true, base()).forecast(1, 181, 3))
                .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(400));
    }
}
