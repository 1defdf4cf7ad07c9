package io.stylesync.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stylesync.common.testing.EmbeddedS3Extension;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The object store against a real S3 endpoint (embedded S3Proxy over HTTP). */
class ObjectStoreTest {

    @RegisterExtension
    static final EmbeddedS3Extension s3 = new EmbeddedS3Extension();

    static ObjectStore store;

    @BeforeAll
    static void bucket() {
        store = s3.store();
        store.ensureBucket("store-test");
    }

    @Test
    void putHeadGetDelete() {
        S3Location loc = S3Location.of("store-test", "a/b/hello.txt");
        store.put(loc, "hello".getBytes(), "text/plain");

        StoredObject head = store.head(loc).orElseThrow();
        assertThat(head.size()).isEqualTo(5);
        assertThat(head.etag()).isEqualTo("5d41402abc4b2a76b9719d911017c592"); // MD5 of "hello"
        assertThat(store.readAllBytes(loc, 100)).isEqualTo("hello".getBytes());

        store.delete(loc);
        assertThat(store.head(loc)).isEmpty();
        assertThat(store.exists(loc)).isFalse();
    }

    @Test
    void putIfAbsentWritesOnceAndRefusesTheSecondWriter() {
        S3Location loc = S3Location.of("store-test", "claims/job-1.claim");
        assertThat(store.putIfAbsent(loc, "first".getBytes(), "text/plain")).isTrue();
        assertThat(store.putIfAbsent(loc, "second".getBytes(), "text/plain")).isFalse();
        assertThat(store.readAllBytes(loc, 100)).isEqualTo("first".getBytes());
    }

    @Test
    void listingPaginatesPastOneThousandKeysInKeyOrder() {
        S3Location prefix = S3Location.of("store-test", "many/");
        IntStream.range(0, 1_050)
                .parallel()
                .forEach(i -> store.put(
                        prefix.resolve(String.format("k%05d", i)), new byte[] {(byte) i}, "application/octet-stream"));

        List<String> keys = store.list(prefix).map(StoredObject::key).toList();

        assertThat(keys).hasSize(1_050).isSorted();
        assertThat(store.listFolders(S3Location.of("store-test", ""))).contains(S3Location.of("store-test", "many/"));
        assertThat(store.deleteAll(prefix)).isEqualTo(1_050);
        assertThat(store.hasAnyUnder(prefix)).isFalse();
    }

    @Test
    void largeStreamsUploadInPartsAndDownloadByStreaming(@TempDir Path tmp) throws Exception {
        byte[] data = new byte[23 * 1024 * 1024]; // above the 16 MB threshold: 3 parts of 8 MB
        new Random(7).nextBytes(data);
        S3Location loc = S3Location.of("store-test", "big/blob.bin");

        store.upload(loc, new ByteArrayInputStream(data), "application/octet-stream");

        StoredObject head = store.head(loc).orElseThrow();
        assertThat(head.size()).isEqualTo(data.length);
        assertThat(head.etag()).endsWith("-3"); // a multipart ETag names its part count
        Path target = tmp.resolve("blob.bin");
        store.download(loc, target);
        assertThat(sha256(Files.readAllBytes(target))).isEqualTo(sha256(data));
        try (InputStream in = store.open(loc)) {
            assertThat(in.readNBytes(10)).isEqualTo(java.util.Arrays.copyOf(data, 10));
        }
    }

    @Test
    void fileUploadBelowThresholdIsOnePut(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("small.bin");
        Files.write(file, new byte[1000]);
        S3Location loc = S3Location.of("store-test", "files/small.bin");
        store.upload(loc, file, "application/octet-stream");
        assertThat(store.head(loc).orElseThrow().etag()).doesNotContain("-");
    }

    @Test
    void readAllBytesRefusesObjectsAboveTheLimit() {
        S3Location loc = S3Location.of("store-test", "limit/ten.bin");
        store.put(loc, new byte[10], "application/octet-stream");
        assertThatThrownBy(() -> store.readAllBytes(loc, 9))
                .isInstanceOf(ObjectTooLargeException.class)
                .hasMessageContaining("limit is 9");
    }

    @Test
    void serverSideCopy() {
        S3Location from = S3Location.of("store-test", "copy/from");
        S3Location to = S3Location.of("store-test", "copy/to");
        store.put(from, "x".getBytes(), "text/plain");
        store.copy(from, to);
        assertThat(store.readAllBytes(to, 10)).isEqualTo("x".getBytes());
    }

    @Test
    void missingObjectsAndBucketsAreNotFound() {
        assertThat(store.bucketExists("no-such-bucket")).isFalse();
        assertThatThrownBy(() -> store.readAllBytes(S3Location.of("store-test", "missing"), 10))
                .isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> store.list(S3Location.of("no-such-bucket", "")).toList())
                .isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void unreachableEndpointFailsAfterRetriesWithACause() {
        var props = StorageProperties.forEndpoint(java.net.URI.create("http://127.0.0.1:1"), "a", "b");
        try (var client = S3ClientFactory.create(props)) {
            ObjectStore dead = new ObjectStore(client, props);
            long start = System.nanoTime();
            assertThatThrownBy(() -> dead.bucketExists("x"))
                    .isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("after retries");
            // six attempts with exponential backoff from 200 ms: the retries really happened
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThan(500);
        }
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
