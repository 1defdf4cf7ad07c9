package io.stylesync.inference.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stylesync.common.events.EventsProperties;
import io.stylesync.common.events.FeatureEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Produces each feature event to the events topic ({@code stylesync.events.transport=kafka}), keyed by model name,
 * as JSON carrying its {@code predictionId}. The producer is idempotent with {@code acks=all}
 * ({@code spring.kafka.producer} in stylesync-defaults.yml): an event counted as sent is in every in-sync replica,
 * exactly once per partition. The producer's own bounded buffer absorbs a broker outage until
 * {@code delivery.timeout.ms}; what it then gives up on is counted as dropped.
 */
@Component
@ConditionalOnProperty(name = "stylesync.events.transport", havingValue = "kafka")
public class KafkaFeatureEventPublisher implements FeatureEventPublisher {

    private static final Logger log = LoggerFactory.getLogger(KafkaFeatureEventPublisher.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;
    private final String topic;
    private final Counter sent;
    private final Counter droppedUnreachable;
    private volatile long lastFailureLog;

    public KafkaFeatureEventPublisher(
            KafkaTemplate<String, byte[]> kafka, EventsProperties events, JsonMapper json, MeterRegistry registry) {
        this.kafka = kafka;
        this.json = json;
        this.topic = events.topic();
        this.sent = Counter.builder("stylesync.inference.events.sent")
                .description("Feature events delivered to monitoring")
                .register(registry);
        this.droppedUnreachable = Counter.builder("stylesync.inference.events.dropped")
                .tag("reason", "unreachable")
                .description("Feature events not delivered to monitoring")
                .register(registry);
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public void publish(FeatureEvent event) {
        try {
            kafka.send(topic, event.modelName(), json.writeValueAsBytes(event)).whenComplete((result, error) -> {
                if (error == null) {
                    sent.increment();
                } else {
                    dropped(error);
                }
            });
        } catch (RuntimeException e) {
            // metadata not available within max.block.ms, or the producer is closing
            dropped(e);
        }
    }

    private void dropped(Throwable error) {
        droppedUnreachable.increment();
        long now = System.currentTimeMillis();
        if (now - lastFailureLog > 60_000) {
            lastFailureLog = now;
            log.warn("Dropping feature events: Kafka topic {} unreachable: {}", topic, error.toString());
        }
    }
}
