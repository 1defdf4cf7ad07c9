package io.stylesync.monitoring.support;

import io.stylesync.common.testing.Prerequisites;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs {@code tools/evidently_drift.py} with the Evidently venv ({@code make deps-evidently}) on columns
 * written as CSV. Without the venv, tests skip locally and fail under CI ({@code CI=true}).
 */
public final class EvidentlyRunner {

    private final Path python;
    private final Path script;

    public EvidentlyRunner(Path python, Path script) {
        this.python = python;
        this.script = script;
    }

    /** From the system properties surefire and the bench profile set, skipping the test when the venv is missing. */
    public static EvidentlyRunner fromSystemProperties() {
        Path python = Path.of(System.getProperty("stylesync.evidently.python", "../.venv-evidently/bin/python"));
        Path script = Path.of(System.getProperty("stylesync.evidently.script", "../tools/evidently_drift.py"));
        Prerequisites.require(
                Files.isExecutable(python), "the Evidently venv at " + python, "make deps-evidently creates it");
        return new EvidentlyRunner(python, script);
    }

    /** A named column of values (Double, or String for categorical columns). */
    public record Column(String name, boolean categorical, Object[] reference, Object[] current) {}

    public static void writeCsv(Path file, List<String> names, List<Object[]> columns) throws IOException {
        int rows = columns.get(0).length;
        StringBuilder sb = new StringBuilder(rows * names.size() * 12);
        sb.append(String.join(",", names)).append('\n');
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns.size(); c++) {
                if (c > 0) {
                    sb.append(',');
                }
                Object v = columns.get(c)[r];
                sb.append(v == null ? "" : v.toString());
            }
            sb.append('\n');
            if (sb.length() > 1 << 24) {
                Files.writeString(
                        file,
                        sb,
                        StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                sb.setLength(0);
            }
        }
        Files.writeString(
                file,
                sb,
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    public static void writeColumnsJson(Path dir, List<String> numerical, List<String> categorical) throws IOException {
        Files.writeString(
                dir.resolve("columns.json"),
                JsonMapper.builder()
                        .build()
                        .writeValueAsString(Map.of("numerical", numerical, "categorical", categorical)));
    }

    public void write(Path dir, List<Column> columns) throws IOException {
        List<String> names = columns.stream().map(Column::name).toList();
        Files.deleteIfExists(dir.resolve("reference.csv"));
        Files.deleteIfExists(dir.resolve("current.csv"));
        writeCsv(
                dir.resolve("reference.csv"),
                names,
                columns.stream().map(Column::reference).toList());
        writeCsv(
                dir.resolve("current.csv"),
                names,
                columns.stream().map(Column::current).toList());
        writeColumnsJson(
                dir,
                columns.stream().filter(c -> !c.categorical()).map(Column::name).toList(),
                columns.stream().filter(Column::categorical).map(Column::name).toList());
    }

    /** Runs the script on a directory holding reference.csv, current.csv and columns.json. */
    public JsonNode run(Path dir, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(), dir.toString()));
        command.addAll(List.of(options));
        Path out = dir.resolve("evidently.json");
        Path err = dir.resolve("evidently.err");
        Process p = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("Evidently did not finish in 30 minutes");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("Evidently failed (" + p.exitValue() + "): " + Files.readString(err));
        }
        return JsonMapper.builder().build().readTree(Files.readString(out));
    }
}
