package io.stylesync.inference.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.events.FeatureEvent;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.HttpApi;
import io.stylesync.common.testing.KraftBroker;
import io.stylesync.common.testing.Multipart;
import io.stylesync.common.testing.ServiceProcess;
import io.stylesync.common.testing.SlowTest;
import io.stylesync.inference.InferenceApplication;
import io.stylesync.inference.support.ModelFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kafka broker stopped for 30 s under load, with inference-service as a real child JVM publishing its feature
 * events to a real KRaft broker: every {@code /predict} during the outage answers 200 without waiting on the broker,
 * no event is delivered while the broker is down (the outage is real from the producer's side), and once the broker
 * is back every event the producer buffered is delivered exactly once: the topic holds each prediction id the client
 * was given, and none twice (idempotent producer), and nothing is counted dropped. Then SIGTERM right after a burst
 * of predictions: the service exits and the events of all of them are in the topic (the buffer drains on stop).
 */
@SlowTest("inference-service as a child JVM, a 30 s broker outage")
class KafkaBrokerOutageTest {

    static final EmbeddedS3Extension s3 = EmbeddedS3Extension.shared();
    static final String TOPIC = "feature-events";
    static final Duration OUTAGE = Duration.ofSeconds(30);
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String SENT = "stylesync_inference_events_sent_total";
    static final String DROPPED = "stylesync_inference_events_dropped_total";

    enum Phase {
        WARMUP,
        BEFORE,
        OUTAGE,
        AFTER
    }

    record Call(Phase phase, int status, long millis, String predictionId) {}

    @Test
    void predictDoesNotWaitOnADownBrokerAndEveryBufferedEventIsDeliveredOnceAfter() throws Exception {
        ModelFixture.LocalModel model = ModelFixture.local(s3, "outage", "v00000000000000o1", 8);
        List<byte[]> photos =
                model.built().test().stream().map(r -> imageOf(model, r)).toList();
        int port = ServiceProcess.freePort();
        Path log = Files.createTempFile("inference-child", ".log");
        log.toFile().deleteOnExit();
        HttpApi api = new HttpApi(port);

        try (KraftBroker broker = new KraftBroker()) {
            broker.createTopic(TOPIC, 2);
            Map<String, Object> props = model.serving();
            props.put("server.port", port);
            props.put("stylesync.events.transport", "kafka");
            props.put("stylesync.events.topic", TOPIC);
            props.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
            // the load comes from one client, faster than the per-client limit once the JIT has warmed up
            props.put("stylesync.access.rate-limit.requests-per-second", 100_000);
            props.put("stylesync.access.rate-limit.burst", 100_000);
            Process service =
                    ServiceProcess.start(InferenceApplication.class, props, log, "-Xmx1g", "-Dai.djl.offline=true");
            try {
                ServiceProcess.await(() -> ready(api), service, log, Duration.ofMinutes(2));
                List<Call> calls = Collections.synchronizedList(new ArrayList<>());
                AtomicReference<Phase> phase = new AtomicReference<>(Phase.WARMUP);
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService load = Executors.newFixedThreadPool(2);
                for (int t = 0; t < 2; t++) {
                    int offset = t;
                    load.submit(() -> {
                        for (int i = offset; !stop.get(); i += 2) {
                            Phase p = phase.get();
                            byte[] photo = photos.get(i % photos.size());
                            long start = System.nanoTime();
                            HttpApi.Reply r = api.post(
                                    "/api/v1/predict", new Multipart().file("image", "p.jpg", "image/jpeg", photo));
                            long ms = (System.nanoTime() - start) / 1_000_000;
                            String id = r.status() == 200
                                    ? r.json().get("predictionId").asString()
                                    : r.body();
                            calls.add(new Call(p, r.status(), ms, id));
                        }
                        return null;
                    });
                }
                Thread.sleep(10_000);
                phase.set(Phase.BEFORE);
                Thread.sleep(10_000);
                double sentBefore = metric(api, SENT);
                broker.stopBroker();
                phase.set(Phase.OUTAGE);
                double sentAtStop = metric(api, SENT);
                Thread.sleep(OUTAGE.toMillis());
                double sentWhileDown = metric(api, SENT) - sentAtStop;
                broker.startBroker();
                phase.set(Phase.AFTER);
                Thread.sleep(10_000);
                stop.set(true);
                load.shutdown();
                assertThat(load.awaitTermination(1, TimeUnit.MINUTES)).isTrue();

                List<Call> done = List.copyOf(calls);
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (metric(api, SENT) + metric(api, DROPPED) < done.size() && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                double sent = metric(api, SENT);
                double dropped = metric(api, DROPPED);
                List<String> delivered = predictionIds(broker, done.size());
                long duringOutage =
                        done.stream().filter(c -> c.phase() == Phase.OUTAGE).count();
                double medianBefore = median(done, Phase.BEFORE);
                double medianOutage = median(done, Phase.OUTAGE);
                System.out.printf(
                        "broker outage: %d predictions (%d during the %d s outage), median latency %.0f ms before,"
                                + " %.0f ms during, %.0f ms after; events sent before the stop %.0f, while down %.0f;"
                                + " in the end sent %.0f, dropped %.0f, in the topic %d%n",
                        done.size(),
                        duringOutage,
                        OUTAGE.toSeconds(),
                        medianBefore,
                        medianOutage,
                        median(done, Phase.AFTER),
                        sentBefore,
                        sentWhileDown,
                        sent,
                        dropped,
                        delivered.size());

                assertThat(done)
                        .allSatisfy(
                                c -> assertThat(c.status()).as(c.predictionId()).isEqualTo(200));
                assertThat(sentBefore).as("events delivered before the outage").isPositive();
                assertThat(duringOutage)
                        .as("predictions served during the outage")
                        .isGreaterThan(20);
                // a batch can complete as the broker goes down; nothing is delivered while it is down
                assertThat(sentWhileDown)
                        .as("events delivered while the broker was down")
                        .isLessThan(20);
                // /predict does not wait on the broker: the outage costs no more than noise on this shared machine
                assertThat(medianOutage).isLessThan(2 * medianBefore + 50);
                assertThat(dropped).as("events dropped").isZero();
                assertThat(sent).isEqualTo(done.size());
                assertThat(delivered).as("events in the topic").hasSize(done.size());
                assertThat(new HashSet<>(delivered))
                        .isEqualTo(new HashSet<>(
                                done.stream().map(Call::predictionId).toList()));

                // SIGTERM right after a burst: the event of every prediction answered before it reaches the topic
                List<String> burst = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    HttpApi.Reply r = api.post(
                            "/api/v1/predict",
                            new Multipart().file("image", "p.jpg", "image/jpeg", photos.get(i % photos.size())));
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                    burst.add(r.json().get("predictionId").asString());
                }
                service.destroy();
                assertThat(service.waitFor(1, TimeUnit.MINUTES))
                        .as("exits on SIGTERM")
                        .isTrue();
                List<String> all = predictionIds(broker, done.size() + burst.size());
                System.out.printf(
                        "SIGTERM right after %d predictions: %d of their events in the topic%n",
                        burst.size(), all.stream().filter(burst::contains).count());
                assertThat(all).containsAll(burst).hasSize(done.size() + burst.size());
            } finally {
                service.destroy(); // SIGTERM
                service.waitFor(1, TimeUnit.MINUTES);
                service.destroyForcibly();
            }
        }
    }

    private static byte[] imageOf(ModelFixture.LocalModel model, DatasetRecord r) {
        var d = model.dataset();
        return s3.store()
                .readAllBytes(
                        DatasetPaths.versionPrefix(ModelFixture.BUCKET, d.dataset(), d.version())
                                .resolve(r.key()),
                        10_000_000);
    }

    private static boolean ready(HttpApi api) {
        try {
            return api.get("/actuator/health/readiness").status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A counter summed over its series in the service's Prometheus scrape (0 when it has none). */
    private static double metric(HttpApi api, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.eE+-]+)$")
                .matcher(api.get("/actuator/prometheus").body());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }

    private static double median(List<Call> calls, Phase phase) {
        List<Long> ms = calls.stream()
                .filter(c -> c.phase() == phase)
                .map(Call::millis)
                .sorted()
                .toList();
        return ms.isEmpty() ? Double.NaN : ms.get(ms.size() / 2);
    }

    /** Every event in the topic, read to the end (waiting up to 30 s for {@code expected} of them). */
    private static List<String> predictionIds(KraftBroker broker, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "check-" + java.util.UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int emptyPolls = 0;
            while (System.nanoTime() < deadline && (ids.size() < expected || emptyPolls < 5)) {
                var records = consumer.poll(Duration.ofMillis(200));
                emptyPolls = records.isEmpty() ? emptyPolls + 1 : 0;
                for (ConsumerRecord<String, byte[]> r : records) {
                    ids.add(JSON.readValue(r.value(), FeatureEvent.class).predictionId());
                }
            }
        }
        return ids;
    }
}
