package io.stylesync.training.support;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.dataset.ReferenceStatisticsBuilder;
import io.stylesync.common.dataset.Split;
import io.stylesync.common.dataset.SplitRatios;
import io.stylesync.common.features.ImageFeatureExtractor;
import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a committed dataset version in ingest-service's S3 contract (docs/contracts.md) from real
 * shared product photos, so training is tested on what ingest produces without depending on it.
 * Takes the first {@code perClass} photos of each masterCategory; every fifth is val, every fifth test.
 */
public final class DatasetFixture {

    private DatasetFixture() {
    }

    public static DatasetManifest write(ObjectStore store, String bucket, String dataset, String version, int perClass) throws Exception {
        Path root = SharedData.require("datasets/fashion-products");
        Map<String, Map<String, String>> labels = new HashMap<>();
        List<String> lines = Files.readAllLines(root.resolve("styles.csv"));
        List<String> header = List.of(lines.getFirst().split(","));
        int id = header.indexOf("id");
        int master = header.indexOf("masterCategory");
        int article = header.indexOf("articleType");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f.length > Math.max(master, article)) {
                labels.put(f[id], Map.of("masterCategory", f[master], "articleType", f[article]));
            }
        }
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        S3Location prefix = DatasetPaths.versionPrefix(bucket, dataset, version);
        Map<String, Integer> taken = new HashMap<>();
        List<DatasetRecord> records = new ArrayList<>();
        List<Path> images;
        try (var files = Files.list(root.resolve("images"))) {
            images = files.sorted().toList();
        }
        for (Path image : images) {
            String sampleId = image.getFileName().toString().replace(".jpg", "");
            Map<String, String> l = labels.get(sampleId);
            if (l == null || !List.of("Apparel", "Footwear", "Accessories").contains(l.get("masterCategory"))
                    || taken.merge(l.get("masterCategory"), 1, Integer::sum) > perClass) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(image);
            var decoded = decoder.decode(bytes);
            int n = records.size();
            Split split = n % 5 == 3 ? Split.VAL : n % 5 == 4 ? Split.TEST : Split.TRAIN;
            String key = DatasetPaths.imageKey(sampleId);
            store.put(prefix.resolve(key), bytes, "image/jpeg");
            records.add(new DatasetRecord(sampleId, split, l, key, "sha-" + sampleId, "raw/images/" + image.getFileName(), "etag",
                    bytes.length, decoded.width(), decoded.height(), ImageFeatureExtractor.extract(decoded, bytes.length).asMap()));
        }
        JsonMapper json = JsonMapper.builder().build();
        StringBuilder jsonl = new StringBuilder();
        for (DatasetRecord r : records) {
            jsonl.append(json.writeValueAsString(r)).append('\n');
        }
        store.put(prefix.resolve(DatasetPaths.RECORDS), jsonl.toString().getBytes(StandardCharsets.UTF_8), "application/x-ndjson");
        List<String> attributes = List.of("masterCategory", "articleType");
        store.put(prefix.resolve(DatasetPaths.REFERENCE_STATS), json.writeValueAsBytes(ReferenceStatisticsBuilder.build(dataset, version,
                records.stream().filter(r -> r.split() == Split.TRAIN).toList(), attributes)), "application/json");
        Map<String, List<String>> labelMaps = new LinkedHashMap<>();
        for (String a : attributes) {
            labelMaps.put(a, records.stream().map(r -> r.labels().get(a)).distinct().sorted().toList());
        }
        long train = records.stream().filter(r -> r.split() == Split.TRAIN).count();
        long val = records.stream().filter(r -> r.split() == Split.VAL).count();
        var manifest = new DatasetManifest(DatasetManifest.SCHEMA_VERSION, dataset, version, Instant.now(), "s3://raw/fixture/",
                "kaggle-styles", attributes, "masterCategory", new SplitRatios(0.6, 0.2, 0.2), 42,
                new DatasetManifest.Preprocessing(224, 224, "PAD", "jpeg", 0.92f, "fixture"), labelMaps,
                new DatasetManifest.Counts(records.size(), records.size(), records.size(), 0, train, val, records.size() - train - val,
                        0, 0, records.size(), 0),
                Map.of("records", DatasetPaths.RECORDS), "fixture", null);
        store.put(prefix.resolve(DatasetPaths.MANIFEST), json.writeValueAsBytes(manifest), "application/json");
        return manifest;
    }

    public static Path backbone() {
        return SharedData.require("models/mobilenet-v2/backbone-features.pt");
    }

    static byte[] read(Path p) throws IOException {
        return Files.readAllBytes(p);
    }
}
