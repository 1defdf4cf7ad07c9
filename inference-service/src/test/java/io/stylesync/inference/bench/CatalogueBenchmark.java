package io.stylesync.inference.bench;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetReader;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.embedding.EmbeddingCache;
import io.stylesync.common.embedding.EmbeddingKey;
import io.stylesync.common.embedding.Embeddings;
import io.stylesync.common.image.PreprocessConfig;
import io.stylesync.common.model.ModelBundle;
import io.stylesync.common.model.TorchScriptModel;
import io.stylesync.common.storage.EmbeddedS3Server;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3ClientFactory;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.testing.DatasetFixture;
import io.stylesync.inference.InferenceApplication;
import io.stylesync.inference.support.ModelFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code make bench-catalogue}: how long {@code /similar} answers 503 after a model starts serving, i.e. from
 * readiness UP to catalogue READY, on a dataset version of the shared product photos (all of them by default),
 * without and then with the embeddings training shared for the same dataset version, backbone and preprocessing.
 * The shared file is made here as training-service makes it (the same backbone over the same images); its cost is
 * printed as {@code training_embed_seconds}. Last line {@code catalogue_ready_speedup=<before/after>}.
 */
public final class CatalogueBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CatalogueBenchmark() {}

    public static void main(String[] args) throws Exception {
        int perClass = Integer.getInteger("bench.perClass", 100_000);
        Path backbone = Path.of(System.getProperty("bench.backbone")).toAbsolutePath();
        Path work = Files.createTempDirectory("bench-catalogue");
        try (EmbeddedS3Server s3 = EmbeddedS3Server.startInMemory()) {
            ObjectStore store = new ObjectStore(S3ClientFactory.create(s3.clientProperties()), s3.clientProperties());
            store.ensureBucket("stylesync");
            DatasetManifest dataset =
                    DatasetFixture.write(store, "stylesync", "bench-catalogue", "v00000000000000ca", perClass);
            DatasetReader reader = new DatasetReader(store, JSON, "stylesync");
            List<DatasetRecord> records = reader.records(dataset);
            PreprocessConfig config = PreprocessConfig.mobileNetV2(224);

            long t0 = System.nanoTime();
            float[][] x;
            try (TorchScriptModel model = TorchScriptModel.load(backbone)) {
                x = ModelFixture.embed(
                        model,
                        config,
                        records.stream()
                                .map(r -> reader.file(dataset, r.key(), 20_000_000))
                                .toList());
            }
            double trainingEmbed = (System.nanoTime() - t0) / 1e9;
            Map<String, List<String>> labels = new LinkedHashMap<>();
            for (String attribute : dataset.targetAttributes()) {
                labels.put(
                        attribute,
                        records.stream().map(r -> r.labels().get(attribute)).toList());
            }
            Path bundle = work.resolve("bundle");
            ModelFixture.write(
                    bundle,
                    backbone,
                    config,
                    x,
                    labels,
                    1.0,
                    Map.of("dataset.name", dataset.dataset(), "dataset.version", dataset.version()),
                    null);
            var manifest = ModelBundle.read(bundle, JSON).manifest();
            EmbeddingKey key = new EmbeddingKey(
                    dataset.version(),
                    manifest.backbone().sha256(),
                    manifest.preprocessing().fingerprint());
            System.out.printf(
                    Locale.ROOT,
                    "images=%d cores=%d training_embed_seconds=%.1f%n",
                    records.size(),
                    Runtime.getRuntime().availableProcessors(),
                    trainingEmbed);

            double before = readySeconds(s3, bundle, work.resolve("cache-before"), "before (nothing shared)");
            List<String> ids =
                    new ArrayList<>(records.stream().map(DatasetRecord::id).toList());
            new EmbeddingCache(work.resolve("training"), store, "stylesync").share(key, new Embeddings(ids, x));
            System.out.println("shared " + S3Location.of("stylesync", key.objectKey()));
            double after =
                    readySeconds(s3, bundle, work.resolve("cache-after"), "after (training's embeddings shared)");
            System.out.printf(Locale.ROOT, "catalogue_ready_seconds_before=%.1f%n", before);
            System.out.printf(Locale.ROOT, "catalogue_ready_seconds_after=%.1f%n", after);
            System.out.printf(Locale.ROOT, "catalogue_ready_speedup=%.1f%n", before / after);
        }
        System.exit(0);
    }

    /** Starts inference-service on the bundle and times readiness UP to catalogue READY. */
    private static double readySeconds(EmbeddedS3Server s3, Path bundle, Path cacheDir, String label) throws Exception {
        try (ConfigurableApplicationContext app = SpringApplication.run(
                InferenceApplication.class,
                "--server.port=0",
                "--stylesync.storage.endpoint=" + s3.endpoint(),
                "--stylesync.storage.access-key=" + s3.accessKey(),
                "--stylesync.storage.secret-key=" + s3.secretKey(),
                "--stylesync.inference.bundle-dir=" + bundle,
                "--stylesync.inference.cache-dir=" + cacheDir,
                "--stylesync.inference.events.monitoring-url=",
                "--logging.level.root=WARN")) {
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
            HttpClient http = HttpClient.newHttpClient();
            while (get(http, port, "/actuator/health/readiness").statusCode() != 200) {
                Thread.sleep(100);
            }
            long start = System.nanoTime();
            String catalogue;
            while (!(catalogue = get(http, port, "/api/v1/catalogue").body()).contains("\"READY\"")) {
                if (catalogue.contains("\"FAILED\"")) {
                    throw new IllegalStateException("catalogue failed: " + catalogue);
                }
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "%s: READY %.1f s after readiness; %s%n", label, seconds, catalogue);
            return seconds;
        }
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
