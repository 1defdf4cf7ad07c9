package io.stylesync.common.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3ClientFactory;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.storage.StorageProperties;
import io.stylesync.common.testing.EmbeddedS3Extension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The embedding cache's one file format, locally and through a real S3 endpoint (embedded S3Proxy). */
class EmbeddingCacheTest {

    private static final String BUCKET = "embedding-cache-test";
    private static final String SHA = "ab12".repeat(16);
    private static final EmbeddingKey KEY = new EmbeddingKey("v0123456789abcdef", SHA, "preprocess/v1;size=224x224");

    @RegisterExtension
    static final EmbeddedS3Extension s3 = new EmbeddedS3Extension();

    @TempDir
    Path dir;

    @BeforeAll
    static void bucket() {
        s3.store().ensureBucket(BUCKET);
    }

    @Test
    void roundTripsIdsAndVectorsBitForBit() {
        Embeddings original = sample(50, 37, 1);
        original.vectors()[3][0] = Float.NaN;
        original.vectors()[3][1] = -0.0f;
        original.vectors()[3][2] = Float.NEGATIVE_INFINITY;
        EmbeddingCache cache = new EmbeddingCache(dir.resolve("nested/cache"));

        cache.save(KEY, original);
        Embeddings loaded = cache.load(KEY).orElseThrow();

        assertThat(loaded.ids()).isEqualTo(original.ids());
        assertThat(loaded.dim()).isEqualTo(37);
        for (int i = 0; i < 50; i++) {
            assertThat(bits(loaded.vectors()[i])).as("row %d", i).isEqualTo(bits(original.vectors()[i]));
        }
    }

    @Test
    void aMissingEntryIsEmptyAndAnEmptySetRoundTrips() {
        EmbeddingCache cache = new EmbeddingCache(dir);

        assertThat(cache.load(KEY)).isEmpty();
        cache.save(KEY, new Embeddings(List.of(), new float[0][]));
        assertThat(cache.load(KEY).orElseThrow().ids()).isEmpty();
    }

    @Test
    void rejectsAFileWithAFlippedBit() throws IOException {
        EmbeddingCache cache = new EmbeddingCache(dir);
        cache.save(KEY, sample(20, 16, 2));
        Path file = cache.file(KEY);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 100] ^= 0x10; // inside the float block

        Files.write(file, bytes);

        assertThat(cache.load(KEY)).isEmpty();
    }

    @Test
    void rejectsATruncatedFileATrailingByteAndGarbage() throws IOException {
        EmbeddingCache cache = new EmbeddingCache(dir);
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
        int countOffset = 4
                + 4
                + 2
                + KEY.datasetVersion().length()
                + 2
                + SHA.length()
                + 2
                + KEY.preprocessingFingerprint().length(); // magic, version, three UTF strings
        hugeCount[countOffset] = 0x7f;
        Files.write(file, hugeCount);
        assertThat(cache.load(KEY)).as("absurd row count").isEmpty();

        cache.save(KEY, sample(20, 16, 3));
        assertThat(cache.load(KEY)).as("a save replaces the bad file").isPresent();
    }

    @Test
    void aFileOfAnotherKeyIsNotServed() throws IOException {
        EmbeddingCache cache = new EmbeddingCache(dir);
        EmbeddingKey other = new EmbeddingKey("v1111111111111111", SHA, KEY.preprocessingFingerprint());
        cache.save(KEY, sample(5, 4, 4));

        Files.createDirectories(cache.file(other).getParent());
        Files.copy(cache.file(KEY), cache.file(other));

        assertThat(cache.load(other)).isEmpty();
    }

    @Test
    void saveReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        EmbeddingCache cache = new EmbeddingCache(dir);
        cache.save(KEY, sample(5, 4, 5));
        Embeddings second = sample(7, 4, 6);

        cache.save(KEY, second);

        assertThat(cache.load(KEY).orElseThrow().ids()).isEqualTo(second.ids());
        try (Stream<Path> files = Files.list(cache.file(KEY).getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactly(cache.file(KEY).getFileName().toString());
        }
    }

    @Test
    void keysNameTheirPartsAndRefuseUnsafeOnes() {
        assertThat(KEY.objectKey()).matches("embeddings/v0123456789abcdef/(ab12){16}-[0-9a-f]{16}\\.bin");
        assertThat(new EmbeddingKey("v1", SHA, "p1").objectKey())
                .isNotEqualTo(new EmbeddingKey("v1", SHA, "p2").objectKey());
        assertThatThrownBy(() -> new EmbeddingKey("../escape", SHA, "p")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EmbeddingKey("v1", "a/b", "p")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Embeddings(List.of("a", "b"), new float[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSharedCopyServesAnotherServicesEmptyLocalCache(@TempDir Path training, @TempDir Path inference) {
        ObjectStore store = s3.store();
        Embeddings computed = sample(30, 8, 7);

        assertThat(new EmbeddingCache(training, store, BUCKET).share(KEY, computed))
                .isTrue();
        assertThat(store.exists(S3Location.of(BUCKET, KEY.objectKey()))).isTrue();

        EmbeddingCache reader = new EmbeddingCache(inference, store, BUCKET);
        Embeddings loaded = reader.load(KEY).orElseThrow();
        assertThat(loaded.ids()).isEqualTo(computed.ids());
        assertThat(bits(loaded.vectors()[29])).isEqualTo(bits(computed.vectors()[29]));
        assertThat(reader.file(KEY)).as("kept locally for the next start").isRegularFile();
    }

    @Test
    void aDamagedSharedCopyIsAMiss(@TempDir Path training, @TempDir Path inference) throws IOException {
        ObjectStore store = s3.store();
        EmbeddingKey key = new EmbeddingKey("v2222222222222222", SHA, "p");
        EmbeddingCache writer = new EmbeddingCache(training, store, BUCKET);
        writer.share(key, sample(10, 4, 8));
        byte[] bytes = Files.readAllBytes(writer.file(key));
        bytes[bytes.length - 20] ^= 1;
        store.put(S3Location.of(BUCKET, key.objectKey()), bytes, "application/octet-stream");

        assertThat(new EmbeddingCache(inference, store, BUCKET).load(key)).isEmpty();
        assertThat(new EmbeddingCache(inference, store, BUCKET).file(key)).doesNotExist();
    }

    @Test
    void anUnreachableStoreIsAMissAndSharingFailsSoftly() {
        StorageProperties defaults = StorageProperties.forEndpoint(URI.create("http://127.0.0.1:9"), "k", "s");
        StorageProperties down = new StorageProperties(
                defaults.endpoint(),
                defaults.region(),
                true,
                "k",
                "s",
                BUCKET,
                1,
                Duration.ofSeconds(2),
                4,
                defaults.multipartThreshold(),
                defaults.partSize(),
                defaults.embedded());
        ObjectStore unreachable = new ObjectStore(S3ClientFactory.create(down), down);
        EmbeddingCache cache = new EmbeddingCache(dir, unreachable, BUCKET);
        EmbeddingKey key = new EmbeddingKey("v3333333333333333", SHA, "p");

        assertThat(cache.load(key)).isEmpty();
        assertThat(cache.share(key, sample(3, 2, 9))).isFalse();
        assertThat(cache.load(key)).as("still cached locally").isPresent();
    }

    private static Embeddings sample(int n, int dim, long seed) {
        Random random = new Random(seed);
        List<String> ids = new ArrayList<>();
        float[][] vectors = new float[n][dim];
        for (int i = 0; i < n; i++) {
            ids.add("id-" + seed + "-" + i + "-é");
            for (int j = 0; j < dim; j++) {
                vectors[i][j] = (float) random.nextGaussian();
            }
        }
        return new Embeddings(ids, vectors);
    }

    private static int[] bits(float[] row) {
        int[] out = new int[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = Float.floatToRawIntBits(row[j]);
        }
        return out;
    }
}
