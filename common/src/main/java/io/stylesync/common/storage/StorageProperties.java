package io.stylesync.common.storage;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where StyleSync keeps its objects. With {@code endpoint} unset and no keys, the client talks to
 * AWS S3 with the default credentials chain (an EC2 instance role, environment, profile). Set
 * {@code endpoint} for MinIO, or enable {@code embedded} to run an S3-compatible server in-process.
 */
@Validated
@ConfigurationProperties("stylesync.storage")
public record StorageProperties(
        URI endpoint,
        @DefaultValue("us-east-1") String region,
        @DefaultValue("true") boolean pathStyle,
        String accessKey,
        String secretKey,
        @DefaultValue("stylesync") String bucket,
        @DefaultValue("6") @Min(1) int maxAttempts,
        @DefaultValue("PT30S") Duration attemptTimeout,
        @DefaultValue("64") int maxConnections,
        @DefaultValue("16MB") DataSize multipartThreshold,
        @DefaultValue("8MB") DataSize partSize,
        @DefaultValue Embedded embedded) {

    /** Checked by Bean Validation when the properties are bound. */
    @AssertTrue(message = "part-size must be >= 5MB (the S3 minimum)")
    public boolean isPartSizeAtLeastTheS3Minimum() {
        return partSize == null || partSize.toBytes() >= 5L * 1024 * 1024;
    }

    public boolean hasStaticCredentials() {
        return accessKey != null && !accessKey.isBlank() && secretKey != null && !secretKey.isBlank();
    }

    /** An in-process S3 server (S3Proxy) on loopback, filesystem-backed; the local and test default. */
    public record Embedded(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("127.0.0.1") String host,
            @DefaultValue("0") int port,
            @DefaultValue(".stylesync/s3") Path dataDir,
            @DefaultValue("stylesync") String accessKey,
            @DefaultValue("stylesync-local-secret") String secretKey) {}

    /** Settings for a client of an already running embedded (or any) server, keeping the rest. */
    public StorageProperties withEndpoint(URI newEndpoint, String newAccessKey, String newSecretKey) {
        return new StorageProperties(
                newEndpoint,
                region,
                true,
                newAccessKey,
                newSecretKey,
                bucket,
                maxAttempts,
                attemptTimeout,
                maxConnections,
                multipartThreshold,
                partSize,
                embedded);
    }

    /** Defaults for code and tests that build a store by hand against the given endpoint. */
    public static StorageProperties forEndpoint(URI endpoint, String accessKey, String secretKey) {
        return new StorageProperties(
                endpoint,
                "us-east-1",
                true,
                accessKey,
                secretKey,
                "stylesync",
                6,
                Duration.ofSeconds(30),
                64,
                DataSize.ofMegabytes(16),
                DataSize.ofMegabytes(8),
                new Embedded(false, "127.0.0.1", 0, Path.of(".stylesync/s3"), "stylesync", "stylesync-local-secret"));
    }
}
