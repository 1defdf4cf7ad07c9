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
        ClassifierHead head = new ClassifierHead(
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
        ClassifierHead head = bundle.heads().getFirst();
        assertThat(head.classes()).containsExactly("Apparel", "Footwear");
        float[] p = head.probabilities(new float[] {0f, 2f, 0f});
        assertThat(p[1]).isGreaterThan(p[0]);
        assertThat(p[0] + p[1]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(bundle.manifest().lineage()).containsEntry("dataset.version", "v1");
    }

    @Test
    void servesTheBundlesTemperatureAndOneWhereAnOlderBundleHasNone(@TempDir Path tmp) throws Exception {
        float[] x = {0f, 2f, 0f};
        ClassifierHead calibrated = ModelBundle.read(writeBundle(tmp.resolve("t"), 2.0), json)
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
        ClassifierHead legacy = ModelBundle.read(old, json).heads().getFirst();
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
    void aHeadWithAHiddenLayerRoundTripsAndScoresTheReluOfItsHiddenUnits(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("mlp");
        Files.createDirectories(dir);
        Files.write(dir.resolve("backbone.pt"), new byte[] {1, 2, 3});
        // hidden units: h0 = x0 - x1, h1 = x1 - x0 + 0.5; logits: (h0, 2 h1 - 1)
        ClassifierHead head = new ClassifierHead(
                "masterCategory",
                List.of("Apparel", "Footwear"),
                new ClassifierHead.Hidden(new float[][] {{1f, -1f, 0f}, {-1f, 1f, 0f}}, new float[] {0f, 0.5f}),
                new float[][] {{1f, 0f}, {0f, 2f}},
                new float[] {0f, -1f},
                1.5);
        BundleManifest manifest =
                manifest(dir, new BundleManifest.Head("masterCategory", head.classes(), null, 1.5, 2));
        ModelBundle.write(dir, manifest, List.of(head), json);

        ClassifierHead read = ModelBundle.read(dir, json).heads().getFirst();
        assertThat(read.hiddenUnits()).isEqualTo(2);
        assertThat(read.featureDim()).isEqualTo(3);
        // x = (3, 1, 7): h = relu(2, -1.5) = (2, 0), logits (2, -1), divided by T = 1.5
        assertThat(read.logits(new float[] {3f, 1f, 7f}, 0)).containsExactly(2.0, -1.0);
        assertThat((double) read.probabilities(new float[] {3f, 1f, 7f})[0])
                .isCloseTo(1 / (1 + Math.exp(-3 / 1.5)), org.assertj.core.data.Offset.offset(1e-6));

        // The manifest must describe heads.bin: a linear head declared as a hidden one, or absurd sizes, are refused.
        ClassifierHead linear = new ClassifierHead(
                "masterCategory", head.classes(), new float[][] {{1f, 0f, 0f}, {0f, 1f, 0f}}, new float[2]);
        assertThatThrownBy(() -> ModelBundle.write(tmp.resolve("x"), manifest, List.of(linear), json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hidden units");
        for (String units : List.of("4", "-1", "100000000")) {
            Path manifestFile = dir.resolve(BundleManifest.FILE);
            Files.writeString(
                    manifestFile,
                    Files.readString(manifestFile)
                            .replaceAll("\"hiddenUnits\"\\s*:\\s*-?\\d+", "\"hiddenUnits\" : " + units));
            assertThatThrownBy(() -> ModelBundle.read(dir, json))
                    .as("hiddenUnits %s", units)
                    .isInstanceOf(InvalidModelBundleException.class)
                    .hasMessageContaining(units.equals("4") ? "truncated" : "hidden units");
        }
    }

    private static BundleManifest manifest(Path dir, BundleManifest.Head head) {
        return new BundleManifest(
                BundleManifest.SCHEMA_VERSION,
                "fashion",
                Instant.now(),
                new BundleManifest.Backbone("backbone.pt", ModelBundle.sha256(dir.resolve("backbone.pt")), 3, "test"),
                ModelBundle.describe(PreprocessConfig.mobileNetV2(224)),
                List.of(head),
                Map.of("heads", ModelBundle.HEADS_FILE),
                Map.of("dataset.version", "v1"),
                Map.of());
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
        BundleManifest withText = ModelBundle.read(dir, json)
                .manifest()
                .withTextEncoder(new BundleManifest.TextEncoder(
                        io.stylesync.common.search.TextEncoder.FILE,
                        ModelBundle.sha256(file),
                        io.stylesync.common.search.HashingTokenizer.SCHEME,
                        64,
                        4,
                        5,
                        2,
                        0.07));
        assertThat(withText.files()).containsEntry("textEncoder", io.stylesync.common.search.TextEncoder.FILE);
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
