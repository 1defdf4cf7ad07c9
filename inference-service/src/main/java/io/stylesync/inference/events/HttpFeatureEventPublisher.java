package io.stylesync.inference.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stylesync.common.events.FeatureEvent;
import io.stylesync.common.events.FeatureEventBatch;
import io.stylesync.inference.config.InferenceProperties;
import io.stylesync.inference.lifecycle.DrainingWorker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends feature events to monitoring-service over HTTP ({@code stylesync.events.transport=http}, the default) in
 * batches from a bounded buffer, on its own thread.
 * {@link #publish} never blocks and never fails: when the buffer is full or monitoring cannot be
 * reached the events are dropped and counted ({@code stylesync_inference_events_dropped_total{reason}}).
 */
@Component
@ConditionalOnProperty(name = "stylesync.events.transport", havingValue = "http", matchIfMissing = true)
public class HttpFeatureEventPublisher extends DrainingWorker implements FeatureEventPublisher {

    private static final Logger log = LoggerFactory.getLogger(HttpFeatureEventPublisher.class);

    private final InferenceProperties.Events config;
    private final JsonMapper json;
    private final BlockingQueue<FeatureEvent> buffer;
    private final Counter sent;
    private final Counter droppedFull;
    private final Counter droppedUnreachable;
    private final Counter droppedRejected;
    private final HttpClient http;
    private final URI endpoint;
    private volatile long lastFailureLog;

    public HttpFeatureEventPublisher(InferenceProperties props, JsonMapper json, MeterRegistry registry) {
        super("feature-events", SmartLifecycle.DEFAULT_PHASE - 2560);
        this.config = props.events();
        this.json = json;
        this.buffer = new ArrayBlockingQueue<>(Math.max(1, config.bufferSize()));
        this.sent = Counter.builder("stylesync.inference.events.sent")
                .description("Feature events delivered to monitoring")
                .register(registry);
        this.droppedFull = dropped(registry, "buffer_full");
        this.droppedUnreachable = dropped(registry, "unreachable");
        this.droppedRejected = dropped(registry, "rejected");
        registry.gauge("stylesync.inference.events.buffered", buffer, BlockingQueue::size);
        this.endpoint = config.monitoringUrl() == null
                        || config.monitoringUrl().toString().isBlank()
                ? null
                : config.monitoringUrl().resolve("/api/v1/events");
        this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    }

    private static Counter dropped(MeterRegistry registry, String reason) {
        return Counter.builder("stylesync.inference.events.dropped")
                .tag("reason", reason)
                .description("Feature events not delivered to monitoring")
                .register(registry);
    }

    @Override
    public boolean enabled() {
        return endpoint != null;
    }

    @Override
    public void publish(FeatureEvent event) {
        if (endpoint != null && !buffer.offer(event)) {
            droppedFull.increment();
        }
    }

    @Override
    protected void work() {
        List<FeatureEvent> batch = new ArrayList<>(config.batchSize());
        while (running() || !buffer.isEmpty()) {
            try {
                FeatureEvent first = buffer.poll(config.flushInterval().toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                buffer.drainTo(batch, config.batchSize() - 1);
                send(batch);
            } catch (InterruptedException e) {
                if (!running()) {
                    break;
                }
            } finally {
                batch.clear();
            }
        }
    }

    private void send(List<FeatureEvent> batch) {
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
        } catch (InterruptedException e) {
            droppedUnreachable.increment(batch.size());
            Thread.currentThread().interrupt();
        }
    }

    private void logFailure(String message) {
        long now = System.currentTimeMillis();
        if (now - lastFailureLog > 60_000) {
            lastFailureLog = now;
            log.warn("Dropping feature events: {}", message);
        }
    }

    @Override
    protected boolean needsThread() {
        return endpoint != null;
    }

    @Override
    protected Duration drainTimeout() {
        return config.timeout().multipliedBy(2).plus(config.flushInterval());
    }
}
