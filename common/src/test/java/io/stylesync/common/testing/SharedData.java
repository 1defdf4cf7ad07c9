package io.stylesync.common.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the read-only {@code ../shared} folder of real data; tests that need it skip without it locally and fail
 * under CI ({@link Prerequisites}).
 */
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

    /** A path under shared/; when it is absent the calling test is skipped, or fails under CI. */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        Prerequisites.require(
                Files.exists(p),
                "shared data " + p,
                "CI clones the project with ../shared beside it; -Dstylesync.shared.dir=<dir> points elsewhere");
        return p;
    }
}
