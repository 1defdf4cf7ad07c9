package io.stylesync.common.testing;

import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The one rule for a missing test prerequisite (../shared data, MLflow, Chromium, Evidently, promtool): a local
 * run skips the test and says how to install it; under CI ({@code CI=true}) the test FAILS, so a CI run that
 * lacks something can never pass by skipping.
 */
public final class Prerequisites {

    private Prerequisites() {}

    /**
     * @param present whether the prerequisite is there
     * @param what    what is missing, e.g. "shared data /work/shared/datasets/faces"
     * @param install how to get it, e.g. "make deps-python installs it"
     */
    public static void require(boolean present, String what, String install) {
        require(present, what, install, System.getenv());
    }

    static void require(boolean present, String what, String install, Map<String, String> env) {
        if (present) {
            return;
        }
        if ("true".equalsIgnoreCase(env.get("CI"))) {
            throw new IllegalStateException(what + " is missing, and CI=true does not skip (" + install + ")");
        }
        Assumptions.abort(what + " is missing; skipped outside CI (" + install + ")");
    }
}
