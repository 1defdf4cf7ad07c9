package io.stylesync.ingest.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.dataset.DatasetReader;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.dataset.Split;
import io.stylesync.common.search.Captions;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.storage.StoredObject;
import io.stylesync.common.testing.ImageCorpus;
import io.stylesync.ingest.support.IngestServiceTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Kaggle-layout source with every kind of dirt ingest must report: broken images, unusual
 * encodings it must accept, duplicate content and ids, rows without images, images without rows.
 * The methods run in order: first ingest, its display names read back, no-op re-ingest, incremental ingest.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KaggleIngestTest extends IngestServiceTest {

    private static final String RAW = "raw-shop";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Row 3's display name: a comma, quotes, a line break and non-ASCII text, all of which must survive. */
    private static final String ODD_NAME = "Café \"Lumière\" Men's Shirt, Navy\nBlue 👕";

    private static String firstVersion;

    private static Map<String, Object> request() {
        Map<String, Object> r = new HashMap<>();
        r.put("source", "s3://" + RAW + "/shop");
        r.put("layout", "kaggle-styles");
        r.put("dataset", "shop");
        r.put("targetAttributes", List.of("articleType", "masterCategory"));
        r.put("imageSize", 64);
        r.put("minClassCount", 10);
        r.put("split", Map.of("train", 0.5, "val", 0.25, "test", 0.25));
        return r;
    }

    private static void layOutSource() {
        StringBuilder csv = new StringBuilder("id,gender,masterCategory,articleType,productDisplayName\n");
        IntStream.rangeClosed(1, 20).forEach(i -> {
            boolean shirt = i <= 12;
            put(RAW, "shop/images/" + i + ".jpg", ImageCorpus.jpeg(96, 128, i));
            String name = i == 3 ? ODD_NAME : "Product " + i + ", with a comma";
            csv.append(i)
                    .append(",Men,")
                    .append(shirt ? "Apparel,Shirts" : "Footwear,Casual Shoes")
                    .append(",\"")
                    .append(name.replace("\"", "\"\""))
                    .append("\"\n");
        });
        put(RAW, "shop/images/100.jpg", ImageCorpus.truncatedJpeg(96, 128, 100));
        put(RAW, "shop/images/101.png", ImageCorpus.pngWithDeclaredSize(100_000, 100_000));
        put(RAW, "shop/images/102.jpg", ImageCorpus.textNamedJpg());
        put(RAW, "shop/images/103.jpg", new byte[0]);
        put(RAW, "shop/images/104.jpg", ImageCorpus.cmykJpeg(40, 30));
        put(RAW, "shop/images/105.png", ImageCorpus.png16Bit(40, 30));
        put(RAW, "shop/images/106.png", ImageCorpus.grayscalePng(40, 30));
        put(RAW, "shop/images/107.jpg", ImageCorpus.jpeg(96, 128, 1)); // the same bytes as 1.jpg
        put(RAW, "shop/images/108.jpg", ImageCorpus.jpeg(96, 128, 108));
        put(RAW, "shop/images/108.png", ImageCorpus.png(20, 20, 108)); // a second image with id 108
        put(RAW, "shop/images/200.jpg", ImageCorpus.jpeg(50, 50, 200)); // no row
        put(RAW, "shop/notes.txt", "not data".getBytes());
        for (int id = 100; id <= 108; id++) {
            csv.append(id).append(",Women,Apparel,Shirts,odd one\n");
        }
        csv.append("300,Men,Apparel,Shirts,no image\n");
        csv.append("301,Men,Apparel,Shirts,no image\n");
        csv.append("302,Men,Apparel,,missing article type\n");
        csv.append("5,Men,Apparel,Tshirts,duplicate id\n");
        put(RAW, "shop/styles.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The version's records by id, read with the reader training-service reads them with. */
    private static Map<String, DatasetRecord> records(String version) {
        DatasetReader reader = new DatasetReader(store(), JSON, OUTPUT_BUCKET);
        return reader.records(reader.manifest("shop", version).orElseThrow()).stream()
                .collect(Collectors.toMap(DatasetRecord::id, r -> r));
    }

    @Test
    @Order(1)
    void ingestsValidatesAndReportsEveryKindOfDirt() throws Exception {
        layOutSource();
        JsonNode job = ingest(request(), Duration.ofMinutes(2));

        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("percent").asDouble()).isEqualTo(100.0);
        firstVersion = job.get("version").asString();
        assertThat(firstVersion).matches("v[0-9a-f]{16}");
        S3Location prefix = DatasetPaths.versionPrefix(OUTPUT_BUCKET, "shop", firstVersion);

        JsonNode report = JSON.readTree(text(prefix.resolve("quality-report.json")));
        JsonNode summary = report.get("summary");
        assertThat(report.get("rejectedImagesByReason").toString())
                .isEqualTo(
                        "{\"duplicate_content\":1,\"duplicate_image_id\":1,\"empty\":1,\"not_an_image\":1,\"too_many_pixels\":1,\"truncated\":1}");
        assertThat(summary.get("imagesAccepted").asLong()).isEqualTo(24); // 20 + CMYK + 16-bit + grey + 108.jpg
        assertThat(summary.get("rowsWithoutImage").asLong()).isEqualTo(2);
        assertThat(summary.get("imagesWithoutRow").asLong()).isEqualTo(1);
        assertThat(report.get("imagesWithoutRow").get(0).asString()).isEqualTo("shop/images/200.jpg");
        assertThat(summary.get("ignoredObjects").asLong()).isEqualTo(1);
        assertThat(report.get("rowIssuesByReason").toString()).isEqualTo("{\"duplicate_id\":1,\"missing_field\":1}");
        assertThat(report.get("rejectedImages").toString()).contains("\"id\":\"107\"", "same bytes as image 1");
        assertThat(report.get("classesBelowMinimum").toString())
                .contains("Footwear")
                .doesNotContain("Apparel");
        assertThat(text(prefix.resolve("quality-report.html")))
                .contains("<h1>Data quality report</h1>", "truncated", "shop/images/200.jpg");

        JsonNode manifest = api.get("/api/v1/datasets/" + firstVersion).json();
        assertThat(manifest.get("counts").get("accepted").asLong()).isEqualTo(24);
        assertThat(manifest.get("counts").get("train").asLong()
                        + manifest.get("counts").get("val").asLong()
                        + manifest.get("counts").get("test").asLong())
                .isEqualTo(24);
        assertThat(manifest.get("labelMaps").get("masterCategory").toString()).isEqualTo("[\"Apparel\",\"Footwear\"]");
        assertThat(manifest.get("textColumns").toString()).isEqualTo("[\"productDisplayName\"]");
        assertThat(manifest.get("targetAttributes").toString()).isEqualTo("[\"articleType\",\"masterCategory\"]");
        assertThat(manifest.get("labelMaps").toString()).doesNotContain("productDisplayName");

        List<String> imageKeys =
                store().list(prefix.resolve("images/")).map(StoredObject::key).toList();
        assertThat(imageKeys)
                .hasSize(24)
                .contains(prefix.key() + "images/104.jpg", prefix.key() + "images/108.jpg")
                .doesNotContain(prefix.key() + "images/107.jpg", prefix.key() + "images/100.jpg");
        BufferedImage processed =
                ImageIO.read(new ByteArrayInputStream(store().readAllBytes(prefix.resolve("images/104.jpg"), 1 << 20)));
        assertThat(processed.getWidth()).isEqualTo(64);
        assertThat(processed.getHeight()).isEqualTo(64);
        int cmykCentre = processed.getRGB(32, 32);
        assertThat((cmykCentre >> 16) & 0xff).as("CMYK red decodes as red").isGreaterThan(200);
        assertThat((cmykCentre >> 8) & 0xff).isLessThan(60);

        String records = text(prefix.resolve("records.jsonl"));
        assertThat(records.lines()).hasSize(24);
        JsonNode reference = JSON.readTree(text(prefix.resolve("reference-stats.json")));
        long trainCount = manifest.get("counts").get("train").asLong();
        assertThat(reference.get("count").asLong()).isEqualTo(trainCount);
        for (String feature : List.of(
                "brightness",
                "contrast",
                "saturation",
                "colourfulness",
                "dominant_hue",
                "aspect_ratio",
                "file_size_kb")) {
            JsonNode f = reference.get("features").get(feature);
            assertThat(f).as(feature).isNotNull();
            long histogramTotal = 0;
            for (JsonNode c : f.get("histogram")) {
                histogramTotal += c.asLong();
            }
            assertThat(histogramTotal).as(feature + " histogram").isEqualTo(trainCount);
        }
        assertThat(reference.get("labels").get("masterCategory").toString()).contains("Apparel");
        assertThat(reference.toString()).doesNotContain("productDisplayName", "with a comma");
        assertThat(report.toString()).doesNotContain("productDisplayName", "with a comma");

        String metrics = api.get("/actuator/prometheus").body();
        assertThat(metrics)
                .contains(
                        "stylesync_ingest_images_processed_total",
                        "reason=\"truncated\"",
                        "stylesync_ingest_phase_duration_seconds_count",
                        "stylesync_ingest_bytes_total");
        assertThat(api.get("/api/v1/datasets").json().toString()).contains(firstVersion);
        var page = api.get("/api/v1/datasets/" + firstVersion + "/quality-report");
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("Images without a row");
        assertThat(api.get("/api/v1/datasets/" + firstVersion + "/reference-stats")
                        .json()
                        .get("count")
                        .asLong())
                .isEqualTo(trainCount);
    }

    @Test
    @Order(2)
    void theDisplayNameTravelsWithTheLabelsAsTextNotAsATarget() throws Exception {
        Map<String, DatasetRecord> records = records(firstVersion);

        DatasetRecord odd = records.get("3");
        assertThat(odd.labels()).isEqualTo(Map.of("articleType", "Shirts", "masterCategory", "Apparel"));
        assertThat(odd.text()).isEqualTo(Map.of(Captions.DISPLAY_NAME, ODD_NAME));
        assertThat(Captions.of(odd.labelsAndText())).containsExactly(ODD_NAME, "shirts apparel");
        assertThat(records.get("104").text()).isEqualTo(Map.of(Captions.DISPLAY_NAME, "odd one"));

        S3Location prefix = DatasetPaths.versionPrefix(OUTPUT_BUCKET, "shop", firstVersion);
        Map<String, String> nameInSplits = new HashMap<>();
        for (Split split : Split.values()) {
            try (CSVParser csv = CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(new StringReader(text(prefix.resolve(DatasetPaths.splitFile(split)))))) {
                assertThat(csv.getHeaderNames())
                        .containsExactly("id", "key", "articleType", "masterCategory", "productDisplayName");
                csv.forEach(row -> nameInSplits.put(row.get("id"), row.get("productDisplayName")));
            }
        }
        assertThat(nameInSplits).hasSize(records.size()).containsEntry("3", ODD_NAME);
    }

    @Test
    @Order(3)
    void reIngestingAnUnchangedSourceIsANoOp() {
        JsonNode job = ingest(request(), Duration.ofMinutes(1));
        assertThat(job.get("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("unchanged").asBoolean()).isTrue();
        assertThat(job.get("version").asString()).isEqualTo(firstVersion);
        assertThat(job.get("counts").get("processed").asLong()).isZero();
    }

    @Test
    @Order(4)
    void afterAddingImagesOnlyTheNewOnesAreProcessed() {
        put(RAW, "shop/images/21.jpg", ImageCorpus.jpeg(96, 128, 21));
        String csv = text(S3Location.of(RAW, "shop/styles.csv")) + "21,Men,Apparel,Shirts,new shirt\n";
        put(RAW, "shop/styles.csv", csv.getBytes());

        JsonNode job = ingest(request(), Duration.ofMinutes(1));

        assertThat(job.get("state").asString()).isEqualTo("SUCCEEDED");
        String second = job.get("version").asString();
        assertThat(second).isNotEqualTo(firstVersion);
        JsonNode manifest = api.get("/api/v1/datasets/" + second).json();
        assertThat(manifest.get("previousVersion").asString()).isEqualTo(firstVersion);
        assertThat(manifest.get("counts").get("accepted").asLong()).isEqualTo(25);
        assertThat(manifest.get("counts").get("reused").asLong()).isEqualTo(24);
        // decoded again: the new image, and the rejected ones (nothing of them was stored to reuse)
        assertThat(manifest.get("counts").get("processed").asLong()).isEqualTo(1 + 4 + 1);
        // reused images keep their text as well as their labels
        assertThat(records(second).get("21").text()).containsEntry(Captions.DISPLAY_NAME, "new shirt");
        assertThat(records(second).get("3").text()).containsEntry(Captions.DISPLAY_NAME, ODD_NAME);
    }
}
