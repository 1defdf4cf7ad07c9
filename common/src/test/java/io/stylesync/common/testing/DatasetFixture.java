package io.stylesync.common.testing;

import io.stylesync.common.dataset.DatasetManifest;
import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.dataset.ReferenceStatisticsBuilder;
import io.stylesync.common.dataset.Split;
import io.stylesync.common.dataset.SplitRatios;
import io.stylesync.common.features.ImageFeatureExtractor;
import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.search.Captions;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3Location;
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
 * shared product photos, so the services downstream of ingest are tested on what ingest produces
 * without depending on it. Takes the first {@code perClass} photos (by file name) of each of Apparel,
 * Footwear and Accessories that have a value for every attribute; every fifth is val, every fifth test. Like
 * ingest, records carry the product display name as text (not a target attribute).
 */
public final class DatasetFixture {

    public static final List<String> MASTER_CATEGORIES = List.of("Apparel", "Footwear", "Accessories");

    private DatasetFixture() {}

    public static DatasetManifest write(ObjectStore store, String bucket, String dataset, String version, int perClass)
            throws Exception {
        return write(store, bucket, dataset, version, perClass, List.of("masterCategory", "articleType"));
    }

    public static DatasetManifest write(
            ObjectStore store, String bucket, String dataset, String version, int perClass, List<String> attributes)
            throws Exception {
        Path root = SharedData.require("datasets/fashion-products");
        Map<String, Map<String, String>> labels = new HashMap<>();
        Map<String, String> displayNames = new HashMap<>();
        List<String> lines = Files.readAllLines(root.resolve("styles.csv"));
        List<String> header = List.of(lines.getFirst().split(","));
        int id = header.indexOf("id");
        int displayName = header.indexOf(Captions.DISPLAY_NAME);
        for (String line : lines.subList(1, lines.size())) {
            // the shared styles.csv quotes nothing and has no commas in its values
            String[] f = line.split(",");
            if (displayName >= 0 && displayName < f.length && !f[displayName].isBlank()) {
                displayNames.put(f[id], f[displayName].trim());
            }
            Map<String, String> l = new LinkedHashMap<>();
            for (String a : attributes) {
                int i = header.indexOf(a);
                if (i >= 0 && i < f.length && !f[i].isBlank()) {
                    l.put(a, f[i].trim());
                }
            }
            if (l.size() == attributes.size()) {
                labels.put(f[id], l);
            }
        }
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        S3Location prefix = DatasetPaths.versionPrefix(bucket, dataset, version);
        Map<String, Integer> taken = new HashMap<>();
        Map<String, String> masterOf = new HashMap<>();
        int master = header.indexOf("masterCategory");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f.length > master) {
                masterOf.put(f[id], f[master]);
            }
        }
        List<DatasetRecord> records = new ArrayList<>();
        List<Path> images;
        try (var files = Files.list(root.resolve("images"))) {
            images = files.sorted().toList();
        }
        for (Path image : images) {
            String sampleId = image.getFileName().toString().replace(".jpg", "");
            Map<String, String> l = labels.get(sampleId);
            String category = masterOf.get(sampleId);
            if (l == null
                    || !MASTER_CATEGORIES.contains(category)
                    || taken.merge(category, 1, Integer::sum) > perClass) {
                continue;
            }
            byte[] bytes = Files.readAllBytes(image);
            var decoded = decoder.decode(bytes);
            int n = records.size();
            Split split = n % 5 == 3 ? Split.VAL : n % 5 == 4 ? Split.TEST : Split.TRAIN;
            String key = DatasetPaths.imageKey(sampleId);
            store.put(prefix.resolve(key), bytes, "image/jpeg");
            records.add(new DatasetRecord(
                    sampleId,
                    split,
                    l,
                    displayNames.containsKey(sampleId)
                            ? Map.of(Captions.DISPLAY_NAME, displayNames.get(sampleId))
                            : Map.of(),
                    key,
                    "sha-" + sampleId,
                    "raw/images/" + image.getFileName(),
                    "etag",
                    bytes.length,
                    decoded.width(),
                    decoded.height(),
                    ImageFeatureExtractor.extract(decoded, bytes.length).asMap()));
        }
        JsonMapper json = JsonMapper.builder().build();
        StringBuilder jsonl = new StringBuilder();
        for (DatasetRecord r : records) {
            jsonl.append(json.writeValueAsString(r)).append('\n');
        }
        store.put(
                prefix.resolve(DatasetPaths.RECORDS),
                jsonl.toString().getBytes(StandardCharsets.UTF_8),
                "application/x-ndjson");
        store.put(
                prefix.resolve(DatasetPaths.REFERENCE_STATS),
                json.writeValueAsBytes(ReferenceStatisticsBuilder.build(
                        dataset,
                        version,
                        records.stream().filter(r -> r.split() == Split.TRAIN).toList(),
                        attributes)),
                "application/json");
        Map<String, List<String>> labelMaps = new LinkedHashMap<>();
        for (String a : attributes) {
            labelMaps.put(
                    a,
                    records.stream()
                            .map(r -> r.labels().get(a))
                            .distinct()
                            .sorted()
                            .toList());
        }
        long train = records.stream().filter(r -> r.split() == Split.TRAIN).count();
        long val = records.stream().filter(r -> r.split() == Split.VAL).count();
        var manifest = new DatasetManifest(
                DatasetManifest.SCHEMA_VERSION,
                dataset,
                version,
                Instant.now(),
                "s3://raw/fixture/",
                "kaggle-styles",
                attributes,
                List.of(Captions.DISPLAY_NAME),
                attributes.getFirst(),
                new SplitRatios(0.6, 0.2, 0.2),
                42,
                new DatasetManifest.Preprocessing(224, 224, "PAD", "jpeg", 0.92f, "fixture"),
                labelMaps,
                new DatasetManifest.Counts(
                        records.size(),
                        records.size(),
                        records.size(),
                        0,
                        train,
                        val,
                        records.size() - train - val,
                        0,
                        0,
                        records.size(),
                        0),
                Map.of("records", DatasetPaths.RECORDS),
                "fixture",
                null);
        store.put(prefix.resolve(DatasetPaths.MANIFEST), json.writeValueAsBytes(manifest), "application/json");
        return manifest;
    }

    /** The shared ImageNet MobileNetV2 feature extractor (1280-d; RGB 224, x / 127.5 - 1). */
    public static Path backbone() {
        return SharedData.require("models/mobilenet-v2/backbone-features.pt");
    }
}
