package io.stylesync.monitoring.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.common.testing.Prerequisites;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The drift alert rules ({@code prometheus/rules/drift.yml}) are valid and fire as their unit tests
 * ({@code prometheus/tests/drift_test.yml}) expect, by Debian's promtool. Without promtool the test skips
 * locally and fails under CI ({@code CI=true}).
 */
class DriftAlertRulesTest {

    private static final Path PROMETHEUS = Path.of(System.getProperty("stylesync.prometheus.dir", "../prometheus"));

    @Test
    void rulesAreValidAndTheirUnitTestsPass() throws Exception {
        assertThat(run("check", "rules", PROMETHEUS.resolve("rules/drift.yml").toString()))
                .contains("SUCCESS: 3 rules found");
        assertThat(run(
                        "test",
                        "rules",
                        PROMETHEUS.resolve("tests/drift_test.yml").toString()))
                .contains("SUCCESS");
    }

    private static String run(String... args) throws Exception {
        String promtool = System.getProperty("stylesync.promtool", "promtool");
        String[] command = new String[args.length + 1];
        command[0] = promtool;
        System.arraycopy(args, 0, command, 1, args.length);
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException missing) {
            Prerequisites.require(false, "promtool", "Debian package 'prometheus'; .ci/run installs it");
            return "";
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
