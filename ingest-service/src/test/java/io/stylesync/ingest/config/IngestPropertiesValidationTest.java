package io.stylesync.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Bad ingest settings stop the application at start with Bean Validation's message naming the property. */
class IngestPropertiesValidationTest {

    @Configuration
    @EnableConfigurationProperties(IngestProperties.class)
    static class Bound {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void refusesBadValuesAtBindTimeNamingTheProperty() {
        runner.withPropertyValues("stylesync.ingest.parallelism=0")
                .run(c -> assertThat(c.getStartupFailure()).rootCause().hasMessageContaining("parallelism"));
        runner.withPropertyValues("stylesync.ingest.jpeg-quality=1.5")
                .run(c -> assertThat(c.getStartupFailure()).rootCause().hasMessageContaining("jpegQuality"));
        runner.run(c -> assertThat(c).hasNotFailed());
    }
}
