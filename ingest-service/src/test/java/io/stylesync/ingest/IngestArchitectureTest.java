package io.stylesync.ingest;

import io.stylesync.common.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class IngestArchitectureTest {

    @Test
    void importsNoOtherServiceAndItsFeaturesHaveNoCycles() {
        ArchitectureRules.checkServiceIsolation("ingest");
    }

    @Test
    void testsFailUnderCiWithoutPrerequisitesAndSlowOnesAreTagged() {
        ArchitectureRules.checkTestsSkipOnlyThroughPrerequisites("io.stylesync.ingest");
        ArchitectureRules.checkSlowTestsAreTagged("io.stylesync.ingest");
    }
}
