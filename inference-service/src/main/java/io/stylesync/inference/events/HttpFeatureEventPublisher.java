package io.stylesync.inference.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stylesync.common.events.FeatureEvent;
import io.stylesync.common.events.FeatureEventBatch;
import io.stylesync.inference.config.InferenceProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends feature events to monitoring-service over HTTP ({@code stylesync.events.transport=http}, the default) in
 * batches from the bounded buffer. When monitoring cannot be reached or refuses a batch, its events are dropped and
 * counted ({@code reason="unreachable"} or {@code "rejected"}).
 */
@Component
@ConditionalOnProperty(name = "stylesync.events.transport", havingValue = "http", matchIfMissing = true)
public class HttpFeatureEventPublisher extends BufferedFeatureEventPublisher {

    private final JsonMapper json;
    private final Counter droppedRejected;
    private final HttpClient http;
    private final URI endpoint;

    public HttpFeatureEventPublisher(InferenceProperties props, JsonMapper json, MeterRegistry registry) {
        super(props.events(), registry);
        this.json = json;
        this.droppedRejected = dropped(registry, "rejected");
        this.endpoint = config.monitoringUrl() == null
                        || config.monitoringUrl().toString().isBlank()
                ? null
                : config.monitoringUrl().resolve("/api/v1/events");
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    @Override
    public boolean enabled() {
        return endpoint != null;
    }

    @Override
    protected void deliver(List<FeatureEvent> batch) throws InterruptedException {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(config.timeout());
            if (config.apiKey() != null && !config.apiKey().isBlank()) {
                builder.header("X-API-Key", config.apiKey());
            }
            HttpRequest request = builder.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(
                            json.writeValueAsBytes(new FeatureEventBatch(List.copyOf(batch)))))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                sent.increment(batch.size());
            } else {
                droppedRejected.increment(batch.size());
                logFailure("monitoring answered " + response.statusCode());
            }
        } catch (java.io.IOException e) {
            droppedUnreachable.increment(batch.size());
            logFailure("monitoring unreachable at " + endpoint + ": " + e);
        }
    }

    @Override
    protected Duration drainTimeout() {
        return config.timeout().multipliedBy(2).plus(config.flushInterval());
    }
}
