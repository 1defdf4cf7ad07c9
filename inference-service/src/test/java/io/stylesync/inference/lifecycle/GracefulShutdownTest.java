package io.stylesync.inference.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.testing.DatasetFixture;
import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.Multipart;
import io.stylesync.inference.InferenceApplication;
import io.stylesync.inference.support.ModelFixture;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Shutdown under load (what SIGTERM triggers: the context closes): requests already accepted finish
 * with their predictions — the web server drains them before the batcher and the model stop.
 */
class GracefulShutdownTest {

    static final EmbeddedS3Extension s3 = EmbeddedS3Extension.shared();

    @Test
    void inFlightRequestsCompleteWhenTheServiceStops(@TempDir Path tmp) throws Exception {
        s3.store().ensureBucket("stylesync");
        DatasetManifest dataset = DatasetFixture.write(s3.store(), "stylesync", "shutdown", "v00000000000000f9", 5);
        var built = ModelFixture.build(s3.store(), "stylesync", dataset, DatasetFixture.backbone(), tmp.resolve("bundle"), 1.0);
        byte[] image = s3.store().readAllBytes(DatasetPaths.versionPrefix("stylesync", dataset.dataset(), dataset.version())
                .resolve(built.test().getFirst().key()), 10_000_000);
        ConfigurableApplicationContext app = SpringApplication.run(InferenceApplication.class, "--server.port=0",
                "--stylesync.inference.bundle-dir=" + built.dir(), "--stylesync.inference.cache-dir=" + tmp.resolve("cache"),
                "--stylesync.inference.similar.enabled=false", "--stylesync.inference.events.monitoring-url=",
                "--stylesync.access.rate-limit.paths=", "--stylesync.inference.batching.max-batch-size=2",
                "--stylesync.mlflow.tracking-uri=http://127.0.0.1:1");
        URI predict = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + "/api/v1/predict");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (post(http, predict, image) != 200) {
            assertThat(System.nanoTime()).as("model loaded").isLessThan(deadline);
            Thread.sleep(200);
        }

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
            assertThat(statuses).as("every request the server accepted got its prediction, none was cut off by the stop")
                    .containsOnly(200);
        }
    }

    static int post(HttpClient http, URI uri, byte[] image) throws Exception {
        Multipart m = new Multipart().file("image", "a.jpg", "image/jpeg", image);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Content-Type", m.contentType())
                .POST(m.publisher()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
