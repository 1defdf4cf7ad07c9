package io.stylesync.ingest.config;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.StorageProperties;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

    @Bean
    ImageDecoder imageDecoder(IngestProperties props) {
        return new ImageDecoder(
                new DecodeLimits(props.maxImageBytes().toBytes(), props.maxImagePixels(), props.maxImageDimension()));
    }

    /** The output bucket exists before the first job; on the embedded server it is created here. */
    @Bean
    ApplicationRunner ensureOutputBucket(ObjectStore store, StorageProperties storage) {
        return args -> {
            try {
                store.ensureBucket(storage.bucket());
            } catch (RuntimeException e) {
                // Not fatal: jobs retry against storage and fail with the cause if it stays down.
                LoggerFactory.getLogger(IngestConfiguration.class)
                        .warn("Cannot ensure bucket {}: {}", storage.bucket(), e.getMessage());
            }
        };
    }
}
