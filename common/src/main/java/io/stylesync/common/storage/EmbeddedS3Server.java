package io.stylesync.common.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * An S3-compatible server (S3Proxy) running in this JVM on loopback: the local default and what
 * tests talk to. It speaks the real S3 protocol over HTTP, so code under test uses the same
 * AWS SDK client it uses against AWS or MinIO.
 */
public final class EmbeddedS3Server implements AutoCloseable {

    private final S3Proxy proxy;
    private final URI endpoint;
    private final String accessKey;
    private final String secretKey;

    private EmbeddedS3Server(S3Proxy proxy, String host, String accessKey, String secretKey) {
        this.proxy = proxy;
        this.endpoint = URI.create("http://" + host + ":" + proxy.getPort());
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** Filesystem-backed when {@code dataDir} is given (one directory per bucket), in memory otherwise. */
    public static EmbeddedS3Server start(Path dataDir, String host, int port, String accessKey, String secretKey) {
        BlobStore store;
        if (dataDir == null) {
            store = new TransientNio2BlobStore();
        } else {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create embedded S3 data directory " + dataDir, e);
            }
            store = new FilesystemNio2BlobStore(dataDir.toAbsolutePath().toString());
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://" + host + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .ignoreUnknownHeaders(true)
                .jettyMaxThreads(64)
                .build();
        try {
            proxy.start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (!"STARTED".equals(proxy.getState())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("embedded S3 server did not start within 30 s");
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot start embedded S3 server on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return new EmbeddedS3Server(proxy, host, accessKey, secretKey);
    }

    /** An in-memory server on a free loopback port with fixed test credentials. */
    public static EmbeddedS3Server startInMemory() {
        return start(null, "127.0.0.1", 0, "test-access", "test-secret");
    }

    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /** Client settings that point at this server. */
    public StorageProperties clientProperties() {
        return StorageProperties.forEndpoint(endpoint, accessKey, secretKey);
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop embedded S3 server", e);
        }
    }
}
