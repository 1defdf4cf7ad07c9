package io.stylesync.common.storage;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** Builds the one S3 client configuration that works against AWS S3, MinIO and the embedded server. */
public final class S3ClientFactory {

    private S3ClientFactory() {}

    public static S3Client create(StorageProperties props) {
        var builder = S3Client.builder()
                .region(Region.of(props.region()))
                .credentialsProvider(credentials(props))
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(props.pathStyle())
                        .build())
                // Checksums only where S3 requires them: MinIO and S3Proxy differ in which
                // flexible-checksum trailers they accept, and S3Proxy returns none.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(props.maxConnections())
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(props.attemptTimeout()))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(props.attemptTimeout())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(props.maxAttempts())
                                .backoffStrategy(software.amazon.awssdk.retries.api.BackoffStrategy.exponentialDelay(
                                        Duration.ofMillis(200), Duration.ofSeconds(5)))
                                // A batch job must not stop retrying because earlier calls failed.
                                .circuitBreakerEnabled(false)
                                .build())
                        .build());
        if (props.endpoint() != null) {
            builder.endpointOverride(props.endpoint());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(StorageProperties props) {
        if (props.hasStaticCredentials()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(props.accessKey(), props.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
