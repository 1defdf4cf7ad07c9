package io.stylesync.inference.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.stylesync.common.events.EventsProperties;
import io.stylesync.common.events.FeatureEvent;
import io.stylesync.inference.config.InferenceProperties;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Produces each feature event to the events topic ({@code stylesync.events.transport=kafka}), keyed by model name,
 * as JSON carrying its {@code predictionId}. The producer is idempotent with {@code acks=all}
 * ({@code spring.kafka.producer} in stylesync-defaults.yml): an event counted as sent is in every in-sync replica,
 * once per partition. The producer is called from the buffer's thread, never from a request: while the broker is
 * unreachable that thread waits for it (up to {@code max.block.ms}), events wait in the bounded buffer, and what
 * the producer gives up on (after {@code max.block.ms} or {@code delivery.timeout.ms}) is counted as dropped.
 */
@Component
@ConditionalOnProperty(name = "stylesync.events.transport", havingValue = "kafka")
public class KafkaFeatureEventPublisher extends BufferedFeatureEventPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final JsonMapper json;
    private final String topic;

    public KafkaFeatureEventPublisher(
            KafkaTemplate<String, byte[]> kafka,
            EventsProperties events,
            InferenceProperties props,
            JsonMapper json,
            MeterRegistry registry) {
        super(props.events(), registry);
        this.kafka = kafka;
        this.json = json;
        this.topic = events.topic();
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    protected void deliver(List<FeatureEvent> batch) {
        for (FeatureEvent event : batch) {
            try {
                kafka.send(topic, event.modelName(), json.writeValueAsBytes(event))
                        .whenComplete((result, error) -> {
                            if (error == null) {
                                sent.increment();
                            } else {
                                dropped(error);
                            }
                        });
            } catch (RuntimeException e) {
                // no metadata within max.block.ms, or the producer is closing
                dropped(e);
            }
        }
    }

    private void dropped(Throwable error) {
        droppedUnreachable.increment();
        logFailure("Kafka topic " + topic + " unreachable: " + error);
    }

    @Override
    protected Duration drainTimeout() {
        return config.timeout().multipliedBy(2).plus(config.flushInterval());
    }
}
