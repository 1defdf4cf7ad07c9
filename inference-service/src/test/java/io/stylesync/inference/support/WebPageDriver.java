package io.stylesync.inference.support;

import io.stylesync.common.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Runs {@code src/test/web/page.mjs} (playwright-core in Debian's headless Chromium) against the page of
 * a running service and returns what the page showed. Without node, playwright-core or Chromium the
 * calling test is skipped locally; under CI ({@code CI=true}) it fails.
 */
public final class WebPageDriver {

    private static final Path WEB = Path.of("src/test/web");

    private WebPageDriver() {}

    public static JsonNode upload(String baseUrl, Path photo, Path screenshot) throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        boolean ready = Files.isDirectory(WEB.resolve("node_modules/playwright-core")) && Files.isExecutable(chromium);
        Prerequisites.require(ready, "chromium or playwright-core", "make deps-web installs them");
        Files.createDirectories(screenshot.getParent());
        Path out = Files.createTempFile("page", ".json");
        Process p = new ProcessBuilder(
                        "node",
                        "page.mjs",
                        baseUrl,
                        photo.toAbsolutePath().toString(),
                        screenshot.toAbsolutePath().toString())
                .directory(WEB.toFile())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the browser test did not finish in 3 minutes");
        }
        String printed = Files.readString(out);
        if (p.exitValue() != 0) {
            throw new AssertionError("page.mjs failed (" + p.exitValue() + "): " + printed);
        }
        return ModelFixture.JSON.readTree(printed.lines().reduce((a, b) -> b).orElseThrow());
    }
}
