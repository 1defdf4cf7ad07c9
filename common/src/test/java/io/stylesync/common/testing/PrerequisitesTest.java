package io.stylesync.common.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class PrerequisitesTest {

    @Test
    void aMissingPrerequisiteFailsUnderCi() {
        assertThatThrownBy(() -> Prerequisites.require(false, "shared data /nowhere", "clone it", Map.of("CI", "true")))
                .isInstanceOf(IllegalStateException.class)
                .isNotInstanceOf(TestAbortedException.class)
                .hasMessageContaining("/nowhere");
    }

    @Test
    void aMissingPrerequisiteSkipsOutsideCi() {
        assertThatThrownBy(() -> Prerequisites.require(false, "MLflow", "make deps-python", Map.of()))
                .isInstanceOf(TestAbortedException.class);
        assertThatThrownBy(() -> Prerequisites.require(false, "MLflow", "make deps-python", Map.of("CI", "false")))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void aPresentPrerequisiteNeitherSkipsNorFails() {
        assertThatCode(() -> Prerequisites.require(true, "MLflow", "make deps-python", Map.of("CI", "true")))
                .doesNotThrowAnyException();
    }
}
