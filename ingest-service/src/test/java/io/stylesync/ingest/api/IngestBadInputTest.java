package io.stylesync.ingest.api;

import static io.stylesync.common.testing.BadInputCorpus.ABSURD_COUNTS;
import static io.stylesync.common.testing.BadInputCorpus.HOSTILE_KEYS;
import static io.stylesync.common.testing.BadInputCorpus.NAN;
import static io.stylesync.common.testing.BadInputCorpus.NOT_NUMBERS;
import static io.stylesync.common.testing.BadInputCorpus.TWO_POW_63;
import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.testing.BadInputCorpus;
import io.stylesync.common.testing.BadInputRunner;
import io.stylesync.common.testing.ImageCorpus;
import io.stylesync.common.testing.JpegSegments;
import io.stylesync.ingest.support.IngestServiceTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/** Issue 7: a generated corpus of malformed requests, each refused with a 4xx problem; the service stays live. */
class IngestBadInputTest extends IngestServiceTest {

    @Value("${local.server.port}")
    int port;

    static List<Object> concat(List<Object> a, List<Object> b) {
        List<Object> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The example request's source: a real (tiny) kaggle-styles folder, so the baseline can be accepted. */
    static void layOutExampleSource() {
        StringBuilder csv = new StringBuilder("id,articleType,masterCategory\n");
        for (int id = 1; id <= 4; id++) {
            put("raw", "fashion-products/images/" + id + ".jpg", ImageCorpus.jpeg(48, 64, id));
            csv.append(id).append(id % 2 == 0 ? ",Shirts,Apparel\n" : ",Casual Shoes,Footwear\n");
        }
        put("raw", "fashion-products/styles.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void refusesEveryMalformedRequestWithAProblem() {
        layOutExampleSource();
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("source", "s3://raw/fashion-products");
        example.put("layout", "kaggle-styles");
        example.put("dataset", "fashion-products");
        example.put("targetAttributes", List.of("articleType", "masterCategory"));
        example.put("stratifyBy", "articleType");
        example.put("split", Map.of("train", 0.8, "val", 0.1, "test", 0.1));
        example.put("seed", 42);
        example.put("imageSize", 224);
        example.put("resize", "PAD");
        example.put("minClassCount", 10);
        List<Object> sources = new ArrayList<>(HOSTILE_KEYS);
        sources.addAll(List.of(
                "s3://Raw/x", "http://raw/x", "file:///etc/passwd", "s3://a/x", "s3://raw/../../etc/passwd", "s3://"));
        List<Object> names = new ArrayList<>(HOSTILE_KEYS);
        names.addAll(List.of("UPPER", "-lead", "a_b"));
        BadInputCorpus corpus = new BadInputCorpus(7)
                .json(
                        "POST",
                        "/api/v1/datasets",
                        example,
                        List.of("source", "layout"),
                        Map.of(
                                "source", sources,
                                "layout", List.of("nope", "", "KAGGLE", "../x"),
                                "dataset", names,
                                "targetAttributes",
                                        List.of(
                                                List.of(),
                                                java.util.Arrays.asList("a", null),
                                                List.of("../x"),
                                                List.of("a b"),
                                                List.of(""),
                                                List.of("articleType", "articleType"),
                                                java.util.Collections.nCopies(17, "a")),
                                "stratifyBy", List.of("notATarget", "../../etc/passwd", ""),
                                "split",
                                        List.of(
                                                Map.of("train", -1, "val", 1, "test", 1),
                                                Map.of("train", 2, "val", 0, "test", 0),
                                                Map.of("train", 0, "val", 0.5, "test", 0.5),
                                                Map.of("train", 0.5, "val", 0.1, "test", 0.1),
                                                Map.of("train", NAN, "val", 0, "test", 0),
                                                Map.of("train", 1e308, "val", 0, "test", 0)),
                                "seed", List.of(TWO_POW_63, NAN, "abc", BadInputCorpus.INFINITY),
                                "imageSize", concat(ABSURD_COUNTS, NOT_NUMBERS),
                                "resize", List.of("nope", "pad-ish", ""),
                                "minClassCount", ABSURD_COUNTS));
        for (String path : List.of(
                "/api/v1/datasets/{}",
                "/api/v1/datasets/{}/quality-report",
                "/api/v1/datasets/{}/quality-report.json",
                "/api/v1/datasets/{}/reference-stats",
                "/api/v1/ingest-jobs/{}")) {
            corpus.pathSegments("GET", path);
        }

        BadInputRunner.Result result = BadInputRunner.run("ingest", port, corpus.cases());

        assertThat(result.tried()).isGreaterThanOrEqualTo(200);
        assertThat(result.baselines()).as("the example ingest request").isEqualTo(1);
        assertThat(result.misbehaved().size())
                .as("misbehaving cases (listed in the output)")
                .isZero();
        assertThat(result.liveAfterwards()).isTrue();
    }

    /**
     * Ingest has no upload endpoint: its images come from S3. Extreme but valid images there (1 x 4000, 4000 x 1,
     * 2 x 2, the decoder's maximum side, 16-bit, CMYK, palette with transparency, EXIF-rotated) are each either
     * accepted or rejected with a reason in the quality report; the job succeeds.
     */
    @Test
    void extremeImagesInASourceAreIngestedOrRejectedWithAReason() {
        int side = DecodeLimits.DEFAULT_MAX_DIMENSION;
        List<byte[]> images = List.of(
                ImageCorpus.png(1, 4000, 1),
                ImageCorpus.png(4000, 1, 2),
                ImageCorpus.jpeg(2, 2, 3),
                ImageCorpus.encode(ImageCorpus.rgbImage(side, 48, (x, y) -> (x * 255 / side) << 16 | y << 8), "png"),
                ImageCorpus.png16Bit(96, 64),
                ImageCorpus.cmykJpeg(96, 64),
                ImageCorpus.palettePngWithTransparency(96, 64),
                JpegSegments.insertAfterSoi(
                        ImageCorpus.jpeg(96, 64, 4),
                        JpegSegments.exifOrientationSegment(6, java.nio.ByteOrder.BIG_ENDIAN)));
        StringBuilder csv = new StringBuilder("id,articleType\n");
        for (int i = 0; i < images.size(); i++) {
            byte[] bytes = images.get(i);
            boolean png = bytes[1] == 'P';
            put("raw-extreme", "shop/images/" + (i + 1) + (png ? ".png" : ".jpg"), bytes);
            csv.append(i + 1).append(",Shirts\n");
        }
        put("raw-extreme", "shop/styles.csv", csv.toString().getBytes(StandardCharsets.UTF_8));

        JsonNode job = ingest(
                Map.of(
                        "source",
                        "s3://raw-extreme/shop",
                        "layout",
                        "kaggle-styles",
                        "targetAttributes",
                        List.of("articleType"),
                        "minClassCount",
                        1),
                Duration.ofMinutes(3));

        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode counts = job.get("counts");
        assertThat(counts.get("accepted").asLong() + counts.get("rejected").asLong())
                .as(counts.toString())
                .isEqualTo(images.size());
    }
}
