package io.stylesync.inference;

import io.stylesync.common.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class InferenceArchitectureTest {

    @Test
    void importsNoOtherService() {
        ArchitectureRules.checkServiceIsolation("inference");
    }

    @Test
    void testsFailUnderCiWithoutPrerequisitesAndSlowOnesAreTagged() {
        ArchitectureRules.checkTestsSkipOnlyThroughPrerequisites("io.stylesync.inference");
        ArchitectureRules.checkSlowTestsAreTagged("io.stylesync.inference");
    }
}
