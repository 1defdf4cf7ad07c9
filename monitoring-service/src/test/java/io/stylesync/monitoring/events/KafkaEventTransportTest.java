package io.stylesync.monitoring.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.events.FeatureEvent;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.KraftBroker;
import io.stylesync.monitoring.drift.ColumnCounts;
import io.stylesync.monitoring.support.BundleReferenceFixture;
import io.stylesync.monitoring.support.MonitoringInstance;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Feature events over Kafka: a real in-process KRaft broker, a real idempotent producer, monitoring-service started
 * with {@code stylesync.events.transport=kafka}. Events are counted once even when delivered again, and two instances
 * in one consumer group hold, summed, the same window counts as one instance that reads every partition.
 */
class KafkaEventTransportTest {

    @RegisterExtension
    static final EmbeddedS3Extension s3 = new EmbeddedS3Extension();

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String VERSION = "1";
    static final int PARTITIONS = 4;
    static KraftBroker broker;
    static BundleReferenceFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        broker = new KraftBroker();
        broker.createTopic("events-dedup", PARTITIONS);
        broker.createTopic("events-split", PARTITIONS);
        fixture = BundleReferenceFixture.load(200, 120);
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void producedEventsAreCountedARedeliveredEventOnlyOnceAndAnUnreadableRecordSkipped() throws Exception {
        List<FeatureEvent> events = fixture.events(VERSION, 1.0, 0, "dedup-");
        try (ConfigurableApplicationContext monitoring = monitoring("events-dedup", "dedup");
                KafkaProducer<String, byte[]> producer = producer()) {
            for (FeatureEvent e : events.subList(0, 100)) {
                producer.send(new ProducerRecord<>("events-dedup", e.modelName(), JSON.writeValueAsBytes(e)));
            }
            // the same 20 events again, as a producer retry outside idempotence or a replay after a rebalance sends
            // them
            for (FeatureEvent e : events.subList(0, 20)) {
                producer.send(new ProducerRecord<>("events-dedup", e.modelName(), JSON.writeValueAsBytes(e)));
            }
            // a record that is not an event is skipped and counted, never retried in a loop
            producer.send(new ProducerRecord<>(
                    "events-dedup", BundleReferenceFixture.MODEL, "not json".getBytes(StandardCharsets.UTF_8)));
            for (FeatureEvent e : events.subList(100, 120)) {
                producer.send(new ProducerRecord<>("events-dedup", e.modelName(), JSON.writeValueAsBytes(e)));
            }
            producer.flush();
            ModelMonitors monitors = monitoring.getBean(ModelMonitors.class);
            // one key, one partition, in order: once the last event is counted, the repeats before it were seen
            await(() -> windowEvents(monitors) >= 120, "120 events counted");
            Thread.sleep(500);
            assertThat(windowEvents(monitors)).isEqualTo(120);
            assertThat(counter(monitoring, "duplicate")).isEqualTo(20.0);
            assertThat(counter(monitoring, "rejected")).isEqualTo(1.0);
        }
    }

    @Test
    void twoInstancesInOneGroupSumToWhatOneInstanceCounts() throws Exception {
        List<FeatureEvent> events = fixture.events(VERSION, 0.8, 0.5, "split-");
        try (ConfigurableApplicationContext a = monitoring("events-split", "pair");
                ConfigurableApplicationContext b = monitoring("events-split", "pair");
                ConfigurableApplicationContext whole = monitoring("events-split", "single");
                KafkaProducer<String, byte[]> producer = producer()) {
            await(
                    () -> assigned(a) + assigned(b) == PARTITIONS && assigned(a) > 0 && assigned(b) > 0,
                    "the group's partitions shared by two instances");
            await(() -> assigned(whole) == PARTITIONS, "the single instance assigned every partition");
            // spread over every partition, as the events of several models keyed by name are
            for (int i = 0; i < events.size(); i++) {
                FeatureEvent e = events.get(i);
                producer.send(
                        new ProducerRecord<>("events-split", i % PARTITIONS, e.modelName(), JSON.writeValueAsBytes(e)));
            }
            producer.flush();
            ModelMonitors ma = a.getBean(ModelMonitors.class);
            ModelMonitors mb = b.getBean(ModelMonitors.class);
            ModelMonitors mw = whole.getBean(ModelMonitors.class);
            await(() -> windowEvents(ma) + windowEvents(mb) == 120 && windowEvents(mw) == 120, "120 events each way");
            assertThat(windowEvents(ma)).isBetween(1L, 119L);

            List<ColumnCounts.State> sa = columns(ma);
            List<ColumnCounts.State> sb = columns(mb);
            List<ColumnCounts.State> sw = columns(mw);
            assertThat(sw).hasSameSizeAs(sa).hasSameSizeAs(sb);
            int numericColumns = 0;
            for (int c = 0; c < sw.size(); c++) {
                assertThat(sa.get(c).n() + sb.get(c).n())
                        .as("column %d events", c)
                        .isEqualTo(sw.get(c).n());
                if (sw.get(c).cells() != null) {
                    numericColumns++;
                    long[] sum = new long[sw.get(c).cells().length];
                    for (int k = 0; k < sum.length; k++) {
                        sum[k] = sa.get(c).cells()[k] + sb.get(c).cells()[k];
                    }
                    assertThat(sum)
                            .as("column %d cells", c)
                            .containsExactly(sw.get(c).cells());
                }
            }
            assertThat(numericColumns).isPositive();
        }
    }

    /** Every window column's counts summed over the buckets. */
    private static List<ColumnCounts.State> columns(ModelMonitors monitors) {
        var window = monitors.checkpoint()
                .get(BundleReferenceFixture.MODEL + "/" + VERSION)
                .window();
        List<ColumnCounts.State> out = new ArrayList<>();
        int columns = window.buckets().get(0).size();
        for (int c = 0; c < columns; c++) {
            long n = 0;
            long[] cells = null;
            for (List<ColumnCounts.State> bucket : window.buckets()) {
                ColumnCounts.State s = bucket.get(c);
                n += s.n();
                if (s.cells() != null) {
                    if (cells == null) {
                        cells = new long[s.cells().length];
                    }
                    for (int k = 0; k < cells.length; k++) {
                        cells[k] += s.cells()[k];
                    }
                }
            }
            out.add(new ColumnCounts.State(n, cells, null, null, null, null, null, null, null, false, null));
        }
        return out;
    }

    private static long windowEvents(ModelMonitors monitors) {
        return monitors.get(BundleReferenceFixture.MODEL, VERSION)
                .map(ModelMonitor::windowEvents)
                .orElse(0L);
    }

    private static int assigned(ConfigurableApplicationContext context) {
        MessageListenerContainer container =
                context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("feature-events");
        var partitions = container == null ? null : container.getAssignedPartitions();
        return partitions == null ? 0 : partitions.size();
    }

    private static double counter(ConfigurableApplicationContext context, String outcome) {
        return context.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .get("stylesync.monitoring.events")
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static ConfigurableApplicationContext monitoring(String topic, String group) {
        return MonitoringInstance.start(
                s3,
                fixture,
                Map.of(
                        "stylesync.monitoring.window.buckets", "10",
                        "stylesync.monitoring.window.events-per-bucket", "100",
                        "stylesync.events.transport", "kafka",
                        "stylesync.events.topic", topic,
                        "stylesync.events.group", group,
                        "spring.kafka.bootstrap-servers", broker.bootstrapServers(),
                        "spring.kafka.consumer.properties.session.timeout.ms", "10000"));
    }
}
