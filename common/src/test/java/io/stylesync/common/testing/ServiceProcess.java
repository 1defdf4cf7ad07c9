package io.stylesync.common.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A service started as a child JVM from the test class path, so that a test can {@code kill -9} a real process
 * (in-JVM contexts cannot be killed that way). Its output goes to a log the failure messages quote.
 */
public final class ServiceProcess {

    private ServiceProcess() {}

    /** Starts {@code main} with {@code --key=value} arguments for {@code properties}. */
    public static Process start(Class<?> main, Map<String, ?> properties, Path log, String... jvmOptions)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", classpath, main.getName()));
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** Polls {@code condition} until it holds; fails with the log's tail if the process exits or time runs out. */
    public static void await(BooleanSupplier condition, Process process, Path log, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the service exited (" + process.exitValue() + "):\n" + tail(log));
            }
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("condition not met within " + timeout + "; service log:\n" + tail(log));
    }

    public static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
