package io.stylesync.inference.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.testing.DatasetFixture;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.Multipart;
import io.stylesync.inference.InferenceApplication;
import io.stylesync.inference.support.ModelFixture;
import io.stylesync.inference.support.MonitoringStandIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Faults while serving under load, with a real model: shutdown (what SIGTERM triggers: the context
 * closes) drains every accepted request before the batcher and the model stop; monitoring-service going
 * away costs no request, and the events it misses are counted.
 */
class ServingFaultsTest {

    static final EmbeddedS3Extension s3 = EmbeddedS3Extension.shared();

    static ModelFixture.Built built;
    static byte[] image;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void model() throws Exception {
        s3.store().ensureBucket("stylesync");
        DatasetManifest dataset = DatasetFixture.write(s3.store(), "stylesync", "faults", "v00000000000000f9", 5);
        built = ModelFixture.build(
                s3.store(), "stylesync", dataset, DatasetFixture.backbone(), tmp.resolve("bundle"), 1.0);
        image = s3.store()
                .readAllBytes(
                        DatasetPaths.versionPrefix("stylesync", dataset.dataset(), dataset.version())
                                .resolve(built.test().getFirst().key()),
                        10_000_000);
    }

    static ConfigurableApplicationContext start(String monitoringUrl) throws Exception {
        ConfigurableApplicationContext app = SpringApplication.run(
                InferenceApplication.class,
                "--server.port=0",
                "--stylesync.inference.bundle-dir=" + built.dir(),
                "--stylesync.inference.cache-dir=" + tmp.resolve("cache"),
                "--stylesync.inference.similar.enabled=false",
                "--stylesync.inference.events.monitoring-url=" + monitoringUrl,
                "--stylesync.inference.events.flush-interval=100ms",
                "--stylesync.inference.events.timeout=500ms",
                "--stylesync.access.rate-limit.paths=",
                "--stylesync.inference.batching.max-batch-size=2",
                "--stylesync.mlflow.tracking-uri=http://127.0.0.1:1");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (post(HttpClient.newHttpClient(), url(app, "/api/v1/predict"), image) != 200) {
            assertThat(System.nanoTime()).as("model loaded").isLessThan(deadline);
            Thread.sleep(200);
        }
        return app;
    }

    static URI url(ConfigurableApplicationContext app, String path) {
        return URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + path);
    }

    @Test
    void monitoringGoingAwayCostsNoRequestAndDroppedEventsAreCounted() throws Exception {
        MonitoringStandIn monitoring = new MonitoringStandIn();
        ConfigurableApplicationContext app = start(monitoring.uri().toString());
        try {
            URI predict = url(app, "/api/v1/predict");
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
            long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
                for (int i = 0; i < 4; i++) {
                    pool.submit(() -> {
                        while (System.nanoTime() < end) {
                            statuses.add(post(http, predict, image));
                        }
                        return null;
                    });
                }
                Thread.sleep(3000);
                int received = monitoring.events().size();
                monitoring.close(); // monitoring-service killed mid-load
                assertThat(received)
                        .as("events delivered while monitoring was up")
                        .isPositive();
            }
            assertThat(statuses).hasSizeGreaterThan(8).containsOnly(200);
            Thread.sleep(1500); // the sender's last batches fail after its timeout
            String metrics = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(url(app, "/actuator/prometheus"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            double sent = metric(metrics, "stylesync_inference_events_sent_total");
            double dropped = metric(
                    metrics,
                    "stylesync_inference_events_dropped_total{application=\"inference-service\",reason=\"unreachable\"}");
            assertThat(sent).isPositive();
            assertThat(dropped)
                    .as("events dropped while monitoring was down, counted")
                    .isPositive();
            double allDropped = metric(metrics, "stylesync_inference_events_dropped_total");
            assertThat(sent + allDropped + metric(metrics, "stylesync_inference_events_buffered"))
                    .as("every prediction's event is" + " delivered, dropped and counted, or still buffered")
                    .isEqualTo(statuses.size() + 1.0, org.assertj.core.data.Offset.offset(0.5));
        } finally {
            app.close();
        }
    }

    static double metric(String exposition, String prefix) {
        return exposition
                .lines()
                .filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void inFlightRequestsCompleteWhenTheServiceStops() throws Exception {
        ConfigurableApplicationContext app = start("");
        URI predict = url(app, "/api/v1/predict");
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        int clients = 8;
        java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
        List<Future<List<Integer>>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    while (true) {
                        try {
                            statuses.add(post(http, predict, image));
                        } catch (java.io.IOException refused) {
                            return statuses; // not accepted: the server no longer takes connections
                        }
                        if (stopping.get() && statuses.size() > 200) {
                            return statuses;
                        }
                    }
                }));
            }
            Thread.sleep(1500); // clients in a steady loop, requests queued for the batcher
            stopping.set(true);
            app.close();
            List<Integer> statuses = new ArrayList<>();
            for (Future<List<Integer>> f : answers) {
                statuses.addAll(f.get());
            }
            assertThat(statuses).as("requests answered").hasSizeGreaterThan(clients);
            assertThat(statuses)
                    .as("every request the server accepted got its prediction, none was cut off by the stop")
                    .containsOnly(200);
        }
    }

    static int post(HttpClient http, URI uri, byte[] image) throws Exception {
        Multipart m = new Multipart().file("image", "a.jpg", "image/jpeg", image);
        return http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(60))
                                .header("Content-Type", m.contentType())
                                .POST(m.publisher())
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
