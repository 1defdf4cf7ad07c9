package io.stylesync.inference.advise;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.stylesync.common.error.ProblemException;
import io.stylesync.inference.config.InferenceProperties;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Current weather and daily forecasts from Open-Meteo's public forecast API ({@code /v1/forecast}, no key
 * needed). Off unless {@code stylesync.inference.weather.enabled=true}: most deployments have no outbound
 * internet, and callers can pass the temperature themselves. A place's forecast is kept for
 * {@code forecast-ttl} (Open-Meteo updates its models hourly at most), so a page showing a week costs one call.
 */
@Component
public class OpenMeteoWeather implements WeatherProvider {

    private final InferenceProperties.Weather config;
    /** Open-Meteo forecasts 16 days; a week is what the advisor plans for. */
    public static final int MAX_DAYS = 7;

    private final JsonMapper json;
    private final HttpClient http;
    private final Cache<String, List<DailyWeather>> forecasts;

    public OpenMeteoWeather(InferenceProperties props, JsonMapper json) {
        this.config = props.weather();
        this.json = json;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.forecasts = Caffeine.newBuilder()
                .expireAfterWrite(config.forecastTtl())
                .maximumSize(config.cacheSize())
                .build();
    }

    @Override
    public Weather current(double latitude, double longitude) {
        if (!config.enabled()) {
            throw ProblemException.badRequest("weather lookup is off (stylesync.inference.weather.enabled=false); "
                    + "pass temperatureC (and precipitationMm) instead of a location");
        }
        checkPlace(latitude, longitude);
        JsonNode current = get(String.format(
                        Locale.ROOT,
                        "/v1/forecast?latitude=%.4f&longitude=%.4f&current=temperature_2m,precipitation",
                        latitude,
                        longitude))
                .path("current");
        if (!current.path("temperature_2m").isNumber()) {
            throw unavailable("the weather provider's answer has no current.temperature_2m");
        }
        return new Weather(
                current.get("temperature_2m").asDouble(),
                current.path("precipitation").asDouble(0),
                config.baseUrl().getHost());
    }

    @Override
    public List<DailyWeather> forecast(double latitude, double longitude, int days) {
        if (!config.enabled()) {
            throw new ProblemException(
                    503,
                    "weather-unavailable",
                    "Weather unavailable",
                    "the weather forecast is off (stylesync.inference.weather.enabled=false); "
                            + "give temperatureC to /api/v1/advise instead");
        }
        checkPlace(latitude, longitude);
        if (days < 1 || days > MAX_DAYS) {
            throw ProblemException.badRequest("days must be between 1 and " + MAX_DAYS + ", got " + days)
                    .with("field", "days");
        }
        // two decimals (about 1 km) is finer than the forecast grid: nearby requests share an entry
        String query = String.format(
                Locale.ROOT,
                "/v1/forecast?latitude=%.2f&longitude=%.2f&daily=temperature_2m_max,temperature_2m_min,precipitation_sum"
                        + "&forecast_days=%d&timezone=auto",
                latitude,
                longitude,
                days);
        return forecasts.get(query, this::readForecast);
    }

    private List<DailyWeather> readForecast(String query) {
        JsonNode daily = get(query).path("daily");
        JsonNode time = daily.path("time");
        JsonNode max = daily.path("temperature_2m_max");
        JsonNode min = daily.path("temperature_2m_min");
        JsonNode rain = daily.path("precipitation_sum");
        if (!time.isArray() || time.isEmpty() || max.size() != time.size() || min.size() != time.size()) {
            throw unavailable("the weather provider's answer has no daily time, temperature_2m_max and _min");
        }
        List<DailyWeather> days = new ArrayList<>();
        for (int i = 0; i < time.size(); i++) {
            if (!max.get(i).isNumber() || !min.get(i).isNumber()) {
                throw unavailable("the weather provider has no temperature for "
                        + time.get(i).asString());
            }
            days.add(new DailyWeather(
                    LocalDate.parse(time.get(i).asString()),
                    max.get(i).asDouble(),
                    min.get(i).asDouble(),
                    rain.path(i).asDouble(0)));
        }
        return List.copyOf(days);
    }

    private static void checkPlace(double latitude, double longitude) {
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
            throw ProblemException.badRequest("latitude must be in [-90, 90] and longitude in [-180, 180]");
        }
    }

    private JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(config.baseUrl().resolve(pathAndQuery))
                            .timeout(config.timeout())
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw unavailable("the weather provider answered " + r.statusCode());
            }
            return json.readTree(r.body());
        } catch (HttpTimeoutException e) {
            throw unavailable("the weather provider did not answer within "
                    + config.timeout().toMillis() + " ms");
        } catch (IOException | JacksonException e) {
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
