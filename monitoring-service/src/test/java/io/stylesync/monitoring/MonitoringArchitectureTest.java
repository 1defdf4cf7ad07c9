package io.stylesync.monitoring;

import io.stylesync.common.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class MonitoringArchitectureTest {

    @Test
    void importsNoOtherService() {
        ArchitectureRules.checkServiceIsolation("monitoring");
    }

    @Test
    void testsFailUnderCiWithoutPrerequisitesAndSlowOnesAreTagged() {
        ArchitectureRules.checkTestsSkipOnlyThroughPrerequisites("io.stylesync.monitoring");
        ArchitectureRules.checkSlowTestsAreTagged("io.stylesync.monitoring");
    }
}
