package io.stylesync.common.storage;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Wires the S3 client and {@link ObjectStore} for every service. With
 * {@code stylesync.storage.embedded.enabled=true} an in-process S3 server starts first and the
 * client points at it; otherwise the client uses the configured endpoint (MinIO) or AWS.
 */
@AutoConfiguration
@EnableConfigurationProperties(StorageProperties.class)
public class StorageAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "stylesync.storage.embedded.enabled", havingValue = "true")
    @ConditionalOnMissingBean
    EmbeddedS3Server embeddedS3Server(StorageProperties props) {
        var e = props.embedded();
        return EmbeddedS3Server.start(e.dataDir(), e.host(), e.port(), e.accessKey(), e.secretKey());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    S3Client s3Client(StorageProperties props, ObjectProvider<EmbeddedS3Server> embedded) {
        EmbeddedS3Server server = embedded.getIfAvailable();
        StorageProperties effective =
                server == null ? props : props.withEndpoint(server.endpoint(), server.accessKey(), server.secretKey());
        return S3ClientFactory.create(effective);
    }

    @Bean
    @ConditionalOnMissingBean
    ObjectStore objectStore(S3Client s3Client, StorageProperties props) {
        return new ObjectStore(s3Client, props);
    }
}
