package io.stylesync.common.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates the read-only {@code ../shared} folder of real data; tests that need it skip without it. */
public final class SharedData {

    private SharedData() {}

    public static Path root() {
        String configured = System.getProperty("stylesync.shared.dir");
        Path p = configured != null ? Path.of(configured) : Path.of("../../shared");
        if (!Files.isDirectory(p)) {
            p = Path.of("../shared");
        }
        return p.toAbsolutePath().normalize();
    }

    /** A path under shared/, skipping the calling test when it is absent. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), "shared data not available: " + p);
        return p;
    }
}
