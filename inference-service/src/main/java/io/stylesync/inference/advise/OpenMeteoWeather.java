package io.stylesync.inference.advise;

import io.stylesync.common.error.ProblemException;
import io.stylesync.inference.config.InferenceProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Current weather from Open-Meteo's public forecast API ({@code /v1/forecast?current=temperature_2m,precipitation},
 * no key needed). Off unless {@code stylesync.inference.weather.enabled=true}: most deployments have no
 * outbound internet, and callers can pass the temperature themselves.
 */
@Component
public class OpenMeteoWeather implements WeatherProvider {

    private final InferenceProperties.Weather config;
    private final JsonMapper json;
    private final HttpClient http;

    public OpenMeteoWeather(InferenceProperties props, JsonMapper json) {
        this.config = props.weather();
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public Weather current(double latitude, double longitude) {
        if (!config.enabled()) {
            throw ProblemException.badRequest("weather lookup is off (stylesync.inference.weather.enabled=false); "
                    + "pass temperatureC (and precipitationMm) instead of a location");
        }
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
            throw ProblemException.badRequest("latitude must be in [-90, 90] and longitude in [-180, 180]");
        }
        URI uri = config.baseUrl()
                .resolve(String.format(
                        Locale.ROOT,
                        "/v1/forecast?latitude=%.4f&longitude=%.4f&current=temperature_2m,precipitation",
                        latitude,
                        longitude));
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(uri).timeout(config.timeout()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw unavailable("the weather provider answered " + r.statusCode());
            }
            JsonNode current = json.readTree(r.body()).path("current");
            if (!current.path("temperature_2m").isNumber()) {
                throw unavailable("the weather provider's answer has no current.temperature_2m");
            }
            return new Weather(
                    current.get("temperature_2m").asDouble(),
                    current.path("precipitation").asDouble(0),
                    config.baseUrl().getHost());
        } catch (IOException e) {
            throw unavailable("the weather provider cannot be reached: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted");
        }
    }

    private static ProblemException unavailable(String detail) {
        return new ProblemException(
                        503, "weather-unavailable", "Weather unavailable", detail + "; pass temperatureC instead")
                .with("retryAfterSeconds", 30);
    }
}
