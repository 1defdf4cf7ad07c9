package io.stylesync.common.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** Bad storage settings stop the application at start with Bean Validation's message naming the property. */
class StoragePropertiesValidationTest {

    @Configuration
    @EnableConfigurationProperties(StorageProperties.class)
    static class Bound {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void refusesBadValuesAtBindTimeNamingTheProperty() {
        runner.withPropertyValues("stylesync.storage.max-attempts=0")
                .run(c -> assertThat(c.getStartupFailure())
                        .isNotNull()
                        .rootCause()
                        .hasMessageContaining("stylesync.storage")
                        .hasMessageContaining("maxAttempts"));
        runner.withPropertyValues("stylesync.storage.part-size=1MB")
                .run(c -> assertThat(c.getStartupFailure())
                        .isNotNull()
                        .rootCause()
                        .hasMessageContaining("part-size must be >= 5MB"));
        runner.run(c -> assertThat(c).hasNotFailed().hasSingleBean(StorageProperties.class));
    }
}
