package io.stylesync.monitoring.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.stylesync.common.error.ProblemException;
import io.stylesync.common.events.EventsProperties;
import io.stylesync.common.events.FeatureEvent;
import io.stylesync.common.events.FeatureEventBatch;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feature events from the events topic ({@code stylesync.events.transport=kafka}), consumed in the consumer group
 * {@code stylesync.events.group}: each instance gets a share of the partitions and adds its events to the same
 * windows {@code POST /api/v1/events} feeds (a window is a sum of counts, so instances' windows add up to what one
 * instance seeing every partition would hold). Offsets are committed after each poll's events are recorded
 * (at-least-once); an event whose {@code predictionId} this instance has recently counted is a redelivery and is
 * skipped. An unreadable or invalid record is counted as rejected and skipped, never retried forever.
 */
@Component
@ConditionalOnProperty(name = "stylesync.events.transport", havingValue = "kafka")
public class KafkaEventListener {

    private static final Logger log = LoggerFactory.getLogger(KafkaEventListener.class);

    private final ModelMonitors monitors;
    private final JsonMapper json;
    private final RecentIds recent;
    private final Counter duplicates;
    private volatile long lastRejectLog;

    public KafkaEventListener(
            ModelMonitors monitors, JsonMapper json, EventsProperties events, MeterRegistry registry) {
        this.monitors = monitors;
        this.json = json;
        this.recent = new RecentIds(events.recentIds());
        this.duplicates = Counter.builder("stylesync.monitoring.events")
                .description("Feature events received, by outcome")
                .tag("outcome", "duplicate")
                .register(registry);
    }

    @KafkaListener(
            id = "feature-events",
            topics = "${stylesync.events.topic}",
            groupId = "${stylesync.events.group}",
            batch = "true")
    public void receive(List<ConsumerRecord<String, byte[]>> records) {
        List<FeatureEvent> fresh = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            FeatureEvent event = read(record);
            if (event == null) {
                continue;
            }
            if (recent.firstTime(event.predictionId())) {
                fresh.add(event);
            } else {
                duplicates.increment();
            }
        }
        if (!fresh.isEmpty()) {
            monitors.accept(fresh);
        }
    }

    private FeatureEvent read(ConsumerRecord<String, byte[]> record) {
        try {
            FeatureEvent event = json.readValue(record.value(), FeatureEvent.class);
            EventValidator.validate(new FeatureEventBatch(java.util.Collections.singletonList(event)), 1);
            return event;
        } catch (JacksonException | ProblemException | IllegalArgumentException e) {
            monitors.countRejected(1);
            long now = System.currentTimeMillis();
            if (now - lastRejectLog > 60_000) {
                lastRejectLog = now;
                log.warn(
                        "Skipping an invalid feature event at {}-{}@{}: {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        e.getMessage());
            }
            return null;
        }
    }
}
