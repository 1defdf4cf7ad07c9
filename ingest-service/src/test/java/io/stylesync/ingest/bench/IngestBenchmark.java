package io.stylesync.ingest.bench;

import io.stylesync.common.storage.EmbeddedS3Server;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3ClientFactory;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.storage.StoredObject;
import io.stylesync.common.testing.SharedData;
import io.stylesync.ingest.IngestApplication;
import io.stylesync.ingest.support.IngestApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * {@code make bench-ingest}: ingests the shared Fashion Product Images from the embedded S3
 * server through the running service's API, and in the same run copies the same objects raw
 * (GET + PUT with the SDK, same parallelism). Prints both rates; the last line is
 * {@code ingest_vs_raw_copy=<ingest images/s / raw copy images/s>}.
 */
public final class IngestBenchmark {

    public static void main(String[] args) throws Exception {
        Path images = SharedData.root().resolve("datasets/fashion-products/images");
        if (!Files.isDirectory(images)) {
            throw new IllegalStateException("needs ../shared/datasets/fashion-products");
        }
        int parallelism = Integer.getInteger("parallelism", 8);
        Path data = Files.createTempDirectory("bench-s3");
        try (EmbeddedS3Server server = EmbeddedS3Server.start(data, "127.0.0.1", 0, "bench", "bench-secret");
                S3Client client = S3ClientFactory.create(server.clientProperties())) {
            ObjectStore store = new ObjectStore(client, server.clientProperties());
            store.ensureBucket("raw");
            store.ensureBucket("copy");
            store.ensureBucket("stylesync");
            List<Path> files;
            try (Stream<Path> s = Files.list(images)) {
                files = s.sorted().toList();
            }
            System.out.printf("uploading %d images to the embedded S3 server ...%n", files.size());
            files.parallelStream()
                    .forEach(p -> store.put(
                            S3Location.of("raw", "fashion/images/" + p.getFileName()), read(p), "image/jpeg"));
            store.put(
                    S3Location.of("raw", "fashion/styles.csv"), read(images.resolveSibling("styles.csv")), "text/csv");
            List<StoredObject> objects =
                    store.list(S3Location.of("raw", "fashion/images/")).toList();
            long totalBytes = objects.stream().mapToLong(StoredObject::size).sum();

            rawCopy(store, objects.subList(0, 1000), parallelism); // warm-up
            double rawSeconds = rawCopy(store, objects, parallelism);

            ConfigurableApplicationContext app = SpringApplication.run(
                    IngestApplication.class,
                    "--server.port=0",
                    "--stylesync.storage.embedded.enabled=false",
                    "--stylesync.storage.endpoint=" + server.endpoint(),
                    "--stylesync.storage.access-key=bench",
                    "--stylesync.storage.secret-key=bench-secret",
                    "--stylesync.ingest.parallelism=" + parallelism,
                    "--logging.level.root=WARN",
                    "--logging.level.org.gaul=WARN",
                    "--logging.level.io.stylesync=WARN");
            try {
                IngestApi api =
                        new IngestApi(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
                ingest(api, "warmup", Map.of("train", 1.0, "val", 0.0, "test", 0.0)); // JIT warm-up on the same data
                long start = System.nanoTime();
                JsonNode job = ingest(api, "bench", Map.of("train", 0.8, "val", 0.1, "test", 0.1));
                double ingestSeconds = (System.nanoTime() - start) / 1e9;
                long processed = job.get("counts").get("processed").asLong();

                double rawRate = objects.size() / rawSeconds;
                double ingestRate = objects.size() / ingestSeconds;
                System.out.printf(
                        "cores=%d parallelism=%d images=%d bytes=%.1fMB%n",
                        Runtime.getRuntime().availableProcessors(), parallelism, objects.size(), totalBytes / 1e6);
                System.out.printf(
                        "raw_copy: %.1f s, %.1f images/s, %.1f MB/s%n",
                        rawSeconds, rawRate, totalBytes / 1e6 / rawSeconds);
                System.out.printf(
                        "ingest:   %.1f s, %.1f images/s, %.1f MB/s (listed %d, decoded %d, accepted %d)%n",
                        ingestSeconds,
                        ingestRate,
                        totalBytes / 1e6 / ingestSeconds,
                        objects.size(),
                        processed,
                        job.get("counts").get("accepted").asLong());
                System.out.printf("ingest_vs_raw_copy=%.2f%n", ingestRate / rawRate);
            } finally {
                app.close();
            }
        }
    }

    private static JsonNode ingest(IngestApi api, String dataset, Map<String, Double> split) {
        IngestApi.Reply reply = api.postJson(
                "/api/v1/datasets",
                Map.of("source", "s3://raw/fashion", "layout", "kaggle-styles", "dataset", dataset, "split", split));
        if (reply.status() != 202) {
            throw new IllegalStateException(reply.body());
        }
        JsonNode job = api.awaitJob(reply.json().get("id").asString(), Duration.ofMinutes(20));
        if (!job.get("state").asString().equals("SUCCEEDED")) {
            throw new IllegalStateException("ingest failed: " + job);
        }
        return job;
    }

    private static double rawCopy(ObjectStore store, List<StoredObject> objects, int parallelism) throws Exception {
        AtomicLong copied = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(parallelism)) {
            List<Future<?>> futures = objects.stream()
                    .<Future<?>>map(o -> pool.submit(() -> {
                        byte[] bytes = store.readAllBytes(o.location(), 64L << 20);
                        store.put(S3Location.of("copy", o.key()), bytes, "image/jpeg");
                        copied.incrementAndGet();
                    }))
                    .toList();
            for (Future<?> f : futures) {
                f.get();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
