package io.stylesync.monitoring.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.stylesync.common.events.FeatureEvent;
import io.stylesync.common.events.FeatureEventBatch;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.HttpApi;
import io.stylesync.common.testing.KraftBroker;
import io.stylesync.monitoring.support.BundleReferenceFixture;
import io.stylesync.monitoring.support.MonitoringInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code make bench-events}: feature events per second into monitoring-service (in this JVM, real S3, a real
 * in-process KRaft broker), over HTTP (batches of 200, as inference sends them) and over Kafka (a producer with the
 * services' settings: idempotent, acks=all, linger.ms=20) into 1 and 2 instances of one consumer group, timed from
 * the first send until every event is counted ({@code stylesync_monitoring_events_total{outcome="accepted"}}); then
 * the end-to-end lag over Kafka, one event at a time, from send to counted. Last line: {@code events_lost=}.
 */
public final class EventsBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PARTITIONS = 4;

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("bench.events", 20_000);
        int lagSamples = Integer.getInteger("bench.lag", 200);
        EmbeddedS3Extension s3 = EmbeddedS3Extension.shared();
        BundleReferenceFixture fixture = BundleReferenceFixture.load(200, 300);
        List<FeatureEvent> base = fixture.events("1", 1.0, 0, "base-");
        System.out.printf(
                Locale.ROOT,
                "bench-events: %,d events per run, %d partitions, %d cores%n",
                n,
                PARTITIONS,
                Runtime.getRuntime().availableProcessors());
        long lost = 0;
        double http;
        double kafka1;
        double kafka2;
        double lagP99;
        try (KraftBroker broker = new KraftBroker()) {
            try (ConfigurableApplicationContext m = MonitoringInstance.start(s3, fixture, Map.of())) {
                HttpApi api = new HttpApi(
                        ((WebServerApplicationContext) m).getWebServer().getPort());
                api.postJson("/api/v1/events", new FeatureEventBatch(events(base, 200, "warm-")));
                List<FeatureEvent> all = events(base, n, "http-");
                double before = accepted(m);
                long start = System.nanoTime();
                for (int i = 0; i < n; i += 200) {
                    HttpApi.Reply r =
                            api.postJson("/api/v1/events", new FeatureEventBatch(all.subList(i, Math.min(n, i + 200))));
                    if (r.status() != 202) {
                        throw new IllegalStateException("HTTP " + r.status() + ": " + r.body());
                    }
                }
                http = n / seconds(start);
                lost += n - (long) (accepted(m) - before);
            }
            kafka1 = kafka(broker, s3, fixture, base, n, 1);
            lost += lastLost;
            kafka2 = kafka(broker, s3, fixture, base, n, 2);
            lost += lastLost;
            lagP99 = lag(broker, s3, fixture, base, lagSamples);
        }
        System.out.printf(Locale.ROOT, "events_per_s_kafka_2_instances=%.0f%n", kafka2);
        System.out.printf(Locale.ROOT, "lag_p99_ms_kafka=%.1f%n", lagP99);
        System.out.printf(Locale.ROOT, "events_per_s_http=%.0f%n", http);
        System.out.printf(Locale.ROOT, "events_per_s_kafka=%.0f%n", kafka1);
        System.out.printf(Locale.ROOT, "events_lost=%d%n", lost);
        System.exit(0);
    }

    private static long lastLost;

    private static double kafka(
            KraftBroker broker,
            EmbeddedS3Extension s3,
            BundleReferenceFixture fixture,
            List<FeatureEvent> base,
            int n,
            int instances)
            throws Exception {
        String topic = "bench-" + instances;
        broker.createTopic(topic, PARTITIONS);
        List<ConfigurableApplicationContext> contexts = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer(broker)) {
            for (int i = 0; i < instances; i++) {
                contexts.add(MonitoringInstance.start(s3, fixture, kafkaProps(broker, topic)));
            }
            await(() -> contexts.stream().mapToInt(EventsBenchmark::assigned).sum() == PARTITIONS
                    && contexts.stream().allMatch(c -> assigned(c) > 0));
            List<FeatureEvent> all = events(base, n, "kafka" + instances + "-");
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                FeatureEvent e = all.get(i);
                // spread over every partition, as the events of several models keyed by name are
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, e.modelName(), JSON.writeValueAsBytes(e)));
            }
            producer.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (total(contexts) < n && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            double rate = n / seconds(start);
            Thread.sleep(500);
            lastLost = n - (long) total(contexts);
            System.out.printf(
                    Locale.ROOT, "kafka, %d instance(s): %.0f events/s, lost %d%n", instances, rate, lastLost);
            return rate;
        } finally {
            contexts.forEach(ConfigurableApplicationContext::close);
        }
    }

    private static double lag(
            KraftBroker broker, EmbeddedS3Extension s3, BundleReferenceFixture fixture, List<FeatureEvent> base, int n)
            throws Exception {
        String topic = "bench-lag";
        broker.createTopic(topic, PARTITIONS);
        try (KafkaProducer<String, byte[]> producer = producer(broker);
                ConfigurableApplicationContext m = MonitoringInstance.start(s3, fixture, kafkaProps(broker, topic))) {
            await(() -> assigned(m) == PARTITIONS);
            List<FeatureEvent> all = events(base, n, "lag-");
            double[] lags = new double[n];
            for (int i = 0; i < n; i++) {
                double before = accepted(m);
                FeatureEvent e = all.get(i);
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, e.modelName(), JSON.writeValueAsBytes(e)));
                long deadline = sent + Duration.ofSeconds(10).toNanos();
                while (accepted(m) <= before && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                lags[i] = (System.nanoTime() - sent) / 1e6;
            }
            Arrays.sort(lags);
            double p50 = lags[n / 2];
            double p99 = lags[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)];
            System.out.printf(
                    Locale.ROOT, "kafka lag, %d events one at a time: p50 %.1f ms, p99 %.1f ms%n", n, p50, p99);
            return p99;
        }
    }

    private static Map<String, String> kafkaProps(KraftBroker broker, String topic) {
        return Map.of(
                "stylesync.events.transport",
                "kafka",
                "stylesync.events.topic",
                topic,
                "stylesync.events.group",
                topic,
                "spring.kafka.bootstrap-servers",
                broker.bootstrapServers(),
                "logging.level.org.apache.kafka",
                "WARN");
    }

    private static KafkaProducer<String, byte[]> producer(KraftBroker broker) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** {@code n} events cycling through the fixture's, each with a prediction id of its own. */
    private static List<FeatureEvent> events(List<FeatureEvent> base, int n, String prefix) {
        List<FeatureEvent> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            FeatureEvent e = base.get(i % base.size());
            out.add(new FeatureEvent(
                    prefix + i,
                    Instant.now(),
                    e.modelName(),
                    e.modelVersion(),
                    e.features(),
                    e.predictions(),
                    e.embedding()));
        }
        return out;
    }

    private static double total(List<ConfigurableApplicationContext> contexts) {
        return contexts.stream().mapToDouble(EventsBenchmark::accepted).sum();
    }

    private static double accepted(ConfigurableApplicationContext context) {
        return context.getBean(MeterRegistry.class)
                .get("stylesync.monitoring.events")
                .tag("outcome", "accepted")
                .counter()
                .count();
    }

    private static int assigned(ConfigurableApplicationContext context) {
        var container = context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer("feature-events");
        var partitions = container == null ? null : container.getAssignedPartitions();
        return partitions == null ? 0 : partitions.size();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("partitions not assigned within 60 s");
            }
            Thread.sleep(100);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
