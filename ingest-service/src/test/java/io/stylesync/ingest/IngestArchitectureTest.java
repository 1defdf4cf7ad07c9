package io.stylesync.ingest;

import io.stylesync.common.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class IngestArchitectureTest {

    @Test
    void importsNoOtherServiceAndItsFeaturesHaveNoCycles() {
        ArchitectureRules.checkServiceIsolation("ingest");
    }

    @Test
    void testsSkipForMissingPrerequisitesOnlyOutsideCi() {
        ArchitectureRules.checkTestsSkipOnlyThroughPrerequisites("io.stylesync.ingest");
    }
}
