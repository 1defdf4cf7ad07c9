package io.stylesync.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stylesync.common.image.PreprocessConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class ModelBundleTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private Path writeBundle(Path dir) throws Exception {
        return writeBundle(dir, null);
    }

    private Path writeBundle(Path dir, Double temperature) throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve("backbone.pt"), new byte[] {1, 2, 3});
        PreprocessConfig pre = PreprocessConfig.mobileNetV2(224);
        LinearHead head = new LinearHead(
                "masterCategory",
                List.of("Apparel", "Footwear"),
                new float[][] {{1f, 0f, 0f}, {0f, 1f, 0f}},
                new float[] {0f, 0.5f});
        var manifest = new BundleManifest(
                BundleManifest.SCHEMA_VERSION,
                "fashion",
                Instant.now(),
                new BundleManifest.Backbone("backbone.pt", ModelBundle.sha256(dir.resolve("backbone.pt")), 3, "test"),
                ModelBundle.describe(pre),
                List.of(new BundleManifest.Head("masterCategory", head.classes(), null, temperature)),
                Map.of("heads", ModelBundle.HEADS_FILE),
                Map.of("dataset.version", "v1"),
                Map.of("masterCategory.accuracy", 0.9));
        ModelBundle.write(dir, manifest, List.of(head), json);
        return dir;
    }

    @Test
    void roundTripsHeadsPreprocessingAndLineage(@TempDir Path tmp) throws Exception {
        ModelBundle bundle = ModelBundle.read(writeBundle(tmp.resolve("b")), json);

        assertThat(bundle.preprocessConfig()).isEqualTo(PreprocessConfig.mobileNetV2(224));
        LinearHead head = bundle.heads().getFirst();
        assertThat(head.classes()).containsExactly("Apparel", "Footwear");
        float[] p = head.probabilities(new float[] {0f, 2f, 0f});
        assertThat(p[1]).isGreaterThan(p[0]);
        assertThat(p[0] + p[1]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(bundle.manifest().lineage()).containsEntry("dataset.version", "v1");
    }

    @Test
    void servesTheBundlesTemperatureAndOneWhereAnOlderBundleHasNone(@TempDir Path tmp) throws Exception {
        float[] x = {0f, 2f, 0f};
        LinearHead calibrated = ModelBundle.read(writeBundle(tmp.resolve("t"), 2.0), json)
                .heads()
                .getFirst();
        assertThat(calibrated.temperature()).isEqualTo(2.0);
        // logits (0, 2.5) divided by 2: p(Footwear) = 1 / (1 + e^-1.25)
        assertThat((double) calibrated.probabilities(x)[1])
                .isCloseTo(1 / (1 + Math.exp(-1.25)), org.assertj.core.data.Offset.offset(1e-6));

        Path old = writeBundle(tmp.resolve("old"), 2.0);
        Path manifest = old.resolve(BundleManifest.FILE);
        String text = Files.readString(manifest);
        String withoutTemperature = text.replaceAll(",\\s*\"temperature\"\\s*:\\s*2\\.0", "");
        assertThat(withoutTemperature).isNotEqualTo(text).doesNotContain("temperature");
        Files.writeString(manifest, withoutTemperature);
        LinearHead legacy = ModelBundle.read(old, json).heads().getFirst();
        assertThat(legacy.temperature()).isEqualTo(1.0);
        assertThat((double) legacy.probabilities(x)[1])
                .isCloseTo(1 / (1 + Math.exp(-2.5)), org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void refusesACorruptBackboneOrTruncatedHeads(@TempDir Path tmp) throws Exception {
        Path a = writeBundle(tmp.resolve("a"));
        Files.write(a.resolve("backbone.pt"), new byte[] {9, 9, 9});
        assertThatThrownBy(() -> ModelBundle.read(a, json))
                .isInstanceOf(InvalidModelBundleException.class)
                .hasMessageContaining("SHA-256");

        Path b = writeBundle(tmp.resolve("b"));
        byte[] heads = Files.readAllBytes(b.resolve(ModelBundle.HEADS_FILE));
        Files.write(b.resolve(ModelBundle.HEADS_FILE), java.util.Arrays.copyOf(heads, heads.length - 5));
        assertThatThrownBy(() -> ModelBundle.read(b, json))
                .isInstanceOf(InvalidModelBundleException.class)
                .hasMessageContaining("truncated");

        assertThatThrownBy(() -> ModelBundle.read(tmp.resolve("missing"), json))
                .isInstanceOf(InvalidModelBundleException.class);
    }

    @Test
    void aTextEncoderRoundTripsThroughTheBundleAndATamperedOneIsRefused(@TempDir Path tmp) throws Exception {
        Path dir = writeBundle(tmp.resolve("text"));
        assertThat(ModelBundle.read(dir, json).textEncoder()).isEmpty();

        var tokenizer = new io.stylesync.common.search.HashingTokenizer(64);
        java.util.Random random = new java.util.Random(3);
        Map<String, float[]> weights = Map.of(
                io.stylesync.common.search.TextEncoder.EMBEDDING, randoms(random, 4 * 64),
                io.stylesync.common.search.TextEncoder.HIDDEN_WEIGHT, randoms(random, 5 * 4),
                io.stylesync.common.search.TextEncoder.HIDDEN_BIAS, randoms(random, 5),
                io.stylesync.common.search.TextEncoder.OUTPUT_WEIGHT, randoms(random, 2 * 5),
                io.stylesync.common.search.TextEncoder.OUTPUT_BIAS, randoms(random, 2),
                io.stylesync.common.search.TextEncoder.IMAGE_PROJECTION, randoms(random, 2 * 3));
        var encoder = new io.stylesync.common.search.TextEncoder(tokenizer, 4, 5, 2, 3, weights);
        Path file = dir.resolve(io.stylesync.common.search.TextEncoder.FILE);
        Files.write(file, encoder.toSafetensors());
        BundleManifest old = ModelBundle.read(dir, json).manifest();
        BundleManifest withText = new BundleManifest(
                old.schemaVersion(),
                old.name(),
                old.createdAt(),
                old.backbone(),
                old.preprocessing(),
                old.heads(),
                old.files(),
                old.lineage(),
                old.metrics(),
                new BundleManifest.TextEncoder(
                        io.stylesync.common.search.TextEncoder.FILE,
                        ModelBundle.sha256(file),
                        io.stylesync.common.search.HashingTokenizer.SCHEME,
                        64,
                        4,
                        5,
                        2,
                        0.07));
        ModelBundle.write(dir, withText, ModelBundle.read(dir, json).heads(), json);

        var loaded = ModelBundle.read(dir, json).textEncoder().orElseThrow();
        assertThat(loaded.featureQuery("red dress")).containsExactly(encoder.featureQuery("red dress"));
        assertThat(loaded.encode("red dress")).isNotEqualTo(loaded.encode("blue shoes"));

        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(() -> ModelBundle.read(dir, json))
                .isInstanceOf(InvalidModelBundleException.class)
                .hasMessageContaining("text-encoder.safetensors has SHA-256");
    }

    private static float[] randoms(java.util.Random random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }
}
