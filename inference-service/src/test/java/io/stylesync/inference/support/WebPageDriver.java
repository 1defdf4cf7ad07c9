package io.stylesync.inference.support;

import io.stylesync.common.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Runs one flow of {@code src/test/web/flows.mjs} (playwright-core in Debian's headless Chromium) against the
 * page of a running service and returns what it printed: {@code shown} (what the page showed),
 * {@code consoleErrors} and {@code failedRequests}. Without node, playwright-core or Chromium the calling test is
 * skipped locally; under CI ({@code CI=true}) it fails.
 */
public final class WebPageDriver {

    private static final Path WEB = Path.of("src/test/web");

    private WebPageDriver() {}

    public static JsonNode run(String flow, String baseUrl, Path screenshot, Path file) throws Exception {
        return run(
                flow,
                baseUrl,
                screenshot,
                file == null ? null : file.toAbsolutePath().toString());
    }

    /** @param argument what the flow reads as its file argument (a path, or the addresses a flow opens) */
    public static JsonNode run(String flow, String baseUrl, Path screenshot, String argument) throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        boolean ready = Files.isDirectory(WEB.resolve("node_modules/playwright-core")) && Files.isExecutable(chromium);
        Prerequisites.require(ready, "chromium or playwright-core", "make deps-web installs them");
        Files.createDirectories(screenshot.toAbsolutePath().getParent());
        Path out = Files.createTempFile("page", ".json");
        List<String> command = new ArrayList<>(List.of(
                "node", "flows.mjs", flow, baseUrl, screenshot.toAbsolutePath().toString()));
        if (argument != null) {
            command.add(argument);
        }
        Process p = new ProcessBuilder(command)
                .directory(WEB.toFile())
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the browser flow '" + flow + "' did not finish in 3 minutes");
        }
        String printed = Files.readString(out);
        if (p.exitValue() != 0) {
            throw new AssertionError("flows.mjs " + flow + " failed (" + p.exitValue() + "): " + printed);
        }
        return ModelFixture.JSON.readTree(printed.lines().reduce((a, b) -> b).orElseThrow());
    }
}
