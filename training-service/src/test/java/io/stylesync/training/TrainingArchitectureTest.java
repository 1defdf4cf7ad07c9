package io.stylesync.training;

import io.stylesync.common.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class TrainingArchitectureTest {

    @Test
    void importsNoOtherService() {
        ArchitectureRules.checkServiceIsolation("training");
    }

    @Test
    void testsFailUnderCiWithoutPrerequisitesAndSlowOnesAreTagged() {
        ArchitectureRules.checkTestsSkipOnlyThroughPrerequisites("io.stylesync.training");
        ArchitectureRules.checkSlowTestsAreTagged("io.stylesync.training");
    }
}
