package io.stylesync.monitoring.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** A window too coarse for the exact KS path stops the application at start, naming the property. */
class MonitoringPropertiesValidationTest {

    @Configuration
    @EnableConfigurationProperties(MonitoringProperties.class)
    static class Bound {}

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Test
    void refusesTooFewCellEdgesAtBindTime() {
        runner.withPropertyValues("stylesync.monitoring.window.max-cell-edges=999")
                .run(c -> assertThat(c.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("maxCellEdges")
                        .hasMessageContaining("exact KS"));
        runner.run(c -> assertThat(c).hasNotFailed());
    }
}
