package io.stylesync.ingest.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.testing.SharedData;
import io.stylesync.common.testing.SlowTest;
import io.stylesync.ingest.support.IngestServiceTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real Fashion Product Images data (9,494 photos, a 38k-row styles.csv with real dirt),
 * uploaded to S3 and ingested through the API.
 */
@SlowTest("ingests all 9,494 shared photos")
class FashionProductsIngestTest extends IngestServiceTest {

    @Test
    void countsTheRealDirtExactlyAndSplitsReproducibly() throws Exception {
        Path root = SharedData.require("datasets/fashion-products");
        List<Path> images;
        try (Stream<Path> files = Files.list(root.resolve("images"))) {
            images = files.sorted().toList();
        }
        images.parallelStream().forEach(p -> put("raw-fashion", "fashion/images/" + p.getFileName(), read(p)));
        put("raw-fashion", "fashion/styles.csv", read(root.resolve("styles.csv")));

        // Expected counts straight from the files: ids of image files vs ids in the csv's first column.
        Set<String> imageIds = images.stream()
                .map(p -> p.getFileName().toString().replaceFirst("\\.jpg$", ""))
                .collect(Collectors.toSet());
        List<String> lines = Files.readAllLines(root.resolve("styles.csv"));
        assertThat(lines.getFirst()).startsWith("id,");
        Set<String> rowIds =
                lines.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).collect(Collectors.toSet());
        long imagesWithoutRow =
                imageIds.stream().filter(id -> !rowIds.contains(id)).count();
        long rowsWithoutImage =
                rowIds.stream().filter(id -> !imageIds.contains(id)).count();
        assertThat(imagesWithoutRow).as("shared/README.md says 322").isEqualTo(322);

        Map<String, Object> request = Map.of(
                "source",
                "s3://raw-fashion/fashion",
                "layout",
                "kaggle-styles",
                "dataset",
                "fashion-products",
                "targetAttributes",
                List.of("articleType", "masterCategory"),
                "imageSize",
                96);
        JsonNode job = ingest(request, Duration.ofMinutes(10));
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        String version = job.get("version").asString();
        S3Location prefix = DatasetPaths.versionPrefix(OUTPUT_BUCKET, "fashion-products", version);

        JsonNode summary = JsonMapper.builder()
                .build()
                .readTree(text(prefix.resolve(DatasetPaths.QUALITY_JSON)))
                .get("summary");
        assertThat(summary.get("imagesListed").asLong()).isEqualTo(9_494);
        assertThat(summary.get("metadataRows").asLong()).isEqualTo(lines.size() - 1);
        assertThat(summary.get("imagesWithoutRow").asLong()).isEqualTo(imagesWithoutRow);
        assertThat(summary.get("rowsWithoutImage").asLong()).isEqualTo(rowsWithoutImage);
        assertThat(summary.get("imagesAccepted").asLong()
                        + summary.get("imagesRejected").asLong())
                .isEqualTo(9_494
                        - imagesWithoutRow
                        - summary.get("imagesWithUnusableRow").asLong());
        assertThat(summary.get("imagesAccepted").asLong()).isGreaterThan(9_000);

        // The same data under another dataset name (nothing reused) gives the same split, id for id.
        Map<String, Object> again = new java.util.HashMap<>(request);
        again.put("dataset", "fashion-products-again");
        JsonNode second = ingest(again, Duration.ofMinutes(10));
        assertThat(second.get("state").asString()).isEqualTo("SUCCEEDED");
        S3Location secondPrefix = DatasetPaths.versionPrefix(
                OUTPUT_BUCKET, "fashion-products-again", second.get("version").asString());
        for (String split : List.of("train", "val", "test")) {
            String first = text(prefix.resolve("splits/" + split + ".csv"));
            assertThat(text(secondPrefix.resolve("splits/" + split + ".csv")))
                    .as(split)
                    .isEqualTo(first);
            assertThat(first.lines().count()).isGreaterThan(split.equals("train") ? 7_000 : 800);
        }
        Set<String> train =
                new HashSet<>(text(prefix.resolve("splits/train.csv")).lines().toList());
        assertThat(text(prefix.resolve("splits/test.csv")).lines().skip(1)).noneMatch(train::contains);
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
