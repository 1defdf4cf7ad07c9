package io.stylesync.inference.web;

import io.stylesync.inference.config.InferenceProperties;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitoring state the web page shows: monitoring-service's drift report, read here rather than by the
 * browser (monitoring-service sends no CORS headers and may not be reachable from the browser at all), and the
 * canary settings. An absent or unreachable monitoring-service is a state to show, so it answers 200 with
 * {@code detail} saying why there is no drift, not an error the browser would log.
 */
@RestController
@Tag(name = "Web page", description = "What the page at / needs beyond the API")
public class MonitoringController {

    /**
     * @param drift  monitoring-service's {@code GET /api/v1/drift} answer as it sent it, or null
     * @param detail why there is no drift report, in words; null when there is one
     */
    public record MonitoringView(
            URI monitoringUrl, URI driftPageUrl, URI grafanaUrl, JsonNode drift, String detail, Canary canary) {}

    public record Canary(int challengerPercent, boolean shadow) {}

    private final WebProperties web;
    private final InferenceProperties.Canary canary;
    private final JsonMapper json;
    private final HttpClient http;

    public MonitoringController(WebProperties web, InferenceProperties inference, JsonMapper json) {
        this.web = web;
        this.canary = inference.canary();
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(web.timeout()).build();
    }

    @Operation(summary = "Drift summary from monitoring-service (or why there is none) and the canary settings")
    @GetMapping("/api/v1/web/monitoring")
    public MonitoringView monitoring() {
        Canary c = new Canary(canary.challengerPercent(), canary.shadow());
        URI link = web.monitoringLink();
        if (web.monitoringUrl() == null) {
            return new MonitoringView(
                    null,
                    null,
                    web.grafanaUrl(),
                    null,
                    "No monitoring-service is configured (stylesync.inference.web.monitoring-url), so there is no drift summary.",
                    c);
        }
        URI page = link.resolve("/drift");
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(web.monitoringUrl().resolve("/api/v1/drift"))
                            .timeout(web.timeout())
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = json.readTree(r.body());
            if (r.statusCode() != 200) {
                String why = body.path("detail").asString("answered HTTP " + r.statusCode());
                return new MonitoringView(link, page, web.grafanaUrl(), null, "monitoring-service: " + why, c);
            }
            return new MonitoringView(link, page, web.grafanaUrl(), body, null, c);
        } catch (IOException | JacksonException e) {
            return new MonitoringView(
                    link,
                    page,
                    web.grafanaUrl(),
                    null,
                    "monitoring-service at " + web.monitoringUrl() + " cannot be reached ("
                            + (e.getMessage() != null
                                    ? e.getMessage()
                                    : e.getClass().getSimpleName()) + ").",
                    c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new MonitoringView(link, page, web.grafanaUrl(), null, "interrupted", c);
        }
    }
}
