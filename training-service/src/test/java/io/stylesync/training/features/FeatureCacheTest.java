package io.stylesync.training.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stylesync.training.features.FeatureCache.CachedFeatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureCacheTest {

    private static final String KEY = FeatureCache.key("fashion@v3", "ab12", "preprocess/v1;size=224x224");

    @TempDir
    Path dir;

    @Test
    void roundTripsIdsAndFeaturesBitForBit() {
        CachedFeatures original = sample(50, 37, 1);
        original.features()[3][0] = Float.NaN;
        original.features()[3][1] = -0.0f;
        original.features()[3][2] = Float.NEGATIVE_INFINITY;
        FeatureCache cache = new FeatureCache(dir.resolve("nested/cache"));

        cache.save(KEY, original);
        CachedFeatures loaded = cache.load(KEY).orElseThrow();

        assertThat(loaded.ids()).isEqualTo(original.ids());
        assertThat(loaded.dim()).isEqualTo(37);
        for (int i = 0; i < 50; i++) {
            assertThat(bits(loaded.features()[i])).as("row %d", i).isEqualTo(bits(original.features()[i]));
        }
    }

    @Test
    void aMissingEntryIsEmptyAndAnEmptySetRoundTrips() {
        FeatureCache cache = new FeatureCache(dir);

        assertThat(cache.load(KEY)).isEmpty();
        cache.save(KEY, new CachedFeatures(List.of(), new float[0][]));
        assertThat(cache.load(KEY).orElseThrow().ids()).isEmpty();
    }

    @Test
    void rejectsAFileWithAFlippedBit() throws IOException {
        FeatureCache cache = new FeatureCache(dir);
        cache.save(KEY, sample(20, 16, 2));
        Path file = cache.file(KEY);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 100] ^= 0x10; // inside the float block

        Files.write(file, bytes);

        assertThat(cache.load(KEY)).isEmpty();
    }

    @Test
    void rejectsATruncatedFileATrailingByteAndGarbage() throws IOException {
        FeatureCache cache = new FeatureCache(dir);
        cache.save(KEY, sample(20, 16, 3));
        Path file = cache.file(KEY);
        byte[] good = Files.readAllBytes(file);

        Files.write(file, Arrays.copyOf(good, good.length - 9));
        assertThat(cache.load(KEY)).as("truncated").isEmpty();

        Files.write(file, Arrays.copyOf(good, good.length + 1));
        assertThat(cache.load(KEY)).as("trailing byte").isEmpty();

        Files.writeString(file, "not a cache file at all");
        assertThat(cache.load(KEY)).as("garbage").isEmpty();

        byte[] hugeCount = good.clone();
        int countOffset = 4 + 4 + 2 + KEY.length(); // magic, version, UTF length + key
        hugeCount[countOffset] = 0x7f;
        Files.write(file, hugeCount);
        assertThat(cache.load(KEY)).as("absurd row count").isEmpty();

        cache.save(KEY, sample(20, 16, 3));
        assertThat(cache.load(KEY)).as("a save replaces the bad file").isPresent();
    }

    @Test
    void aFileUnderAnotherKeysNameIsNotServed() throws IOException {
        FeatureCache cache = new FeatureCache(dir);
        String other = FeatureCache.key("fashion@v4", "ab12", "preprocess/v1;size=224x224");
        cache.save(KEY, sample(5, 4, 4));

        Files.copy(cache.file(KEY), cache.file(other));

        assertThat(cache.load(other)).isEmpty();
    }

    @Test
    void saveReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        FeatureCache cache = new FeatureCache(dir);
        cache.save(KEY, sample(5, 4, 5));
        CachedFeatures second = sample(7, 4, 6);

        cache.save(KEY, second);

        assertThat(cache.load(KEY).orElseThrow().ids()).isEqualTo(second.ids());
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(KEY + ".features");
        }
    }

    @Test
    void keysAreStableHexAndSeparateTheirParts() {
        assertThat(KEY)
                .matches("[0-9a-f]{64}")
                .isEqualTo(FeatureCache.key("fashion@v3", "ab12", "preprocess/v1;size=224x224"));
        assertThat(FeatureCache.key("a", "bc", "d")).isNotEqualTo(FeatureCache.key("ab", "c", "d"));
        assertThat(FeatureCache.key("v1", "sha", "p1")).isNotEqualTo(FeatureCache.key("v1", "sha", "p2"));
        assertThatThrownBy(() -> new FeatureCache(dir).load("../escape")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CachedFeatures(List.of("a", "b"), new float[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static CachedFeatures sample(int n, int dim, long seed) {
        Random random = new Random(seed);
        List<String> ids = new ArrayList<>();
        float[][] features = new float[n][dim];
        for (int i = 0; i < n; i++) {
            ids.add("id-" + seed + "-" + i + "-é");
            for (int j = 0; j < dim; j++) {
                features[i][j] = (float) random.nextGaussian();
            }
        }
        return new CachedFeatures(ids, features);
    }

    private static int[] bits(float[] row) {
        int[] out = new int[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = Float.floatToRawIntBits(row[j]);
        }
        return out;
    }
}
