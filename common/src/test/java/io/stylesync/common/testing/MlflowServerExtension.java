package io.stylesync.common.testing;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.stylesync.common.mlflow.MlflowClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A real MLflow tracking server (from PyPI, in the project's {@code .venv}) on a free loopback
 * port, with a SQLite backend and the artifact proxy on, for the test class that registers it; where
 * Docker exists ({@link TestInfrastructure}) the same server from MLflow's image, its port bound to the
 * same fixed host port across {@link #stop}/{@link #start} so an outage test sees it come back where it was.
 * Without an installed MLflow the tests are skipped locally; under CI ({@code CI=true}) they fail.
 */
public final class MlflowServerExtension implements BeforeAllCallback, AfterAllCallback {

    private Process process;
    private GenericContainer<?> container;
    private URI uri;
    private Path dir;
    private Path mlflow;
    private int port;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        mlflow = Path.of(System.getProperty("stylesync.mlflow.bin", ".venv/bin/mlflow"));
        if (TestInfrastructure.containers()) {
            port = freePort();
            // where this JVM reaches published ports: localhost, or the bridge's gateway when it runs in a container
            String host = DockerClientFactory.instance().dockerHostIpAddress();
            uri = URI.create("http://" + host + ":" + port);
            container = new GenericContainer<>(DockerImageName.parse(TestInfrastructure.MLFLOW_IMAGE))
                    .withCommand(
                            "mlflow",
                            "server",
                            "--host",
                            "0.0.0.0",
                            "--port",
                            "5000",
                            "--workers",
                            "1",
                            "--backend-store-uri",
                            "sqlite:////mlflow/mlflow.db",
                            "--artifacts-destination",
                            "/mlflow/artifacts",
                            "--allowed-hosts",
                            "localhost,localhost:*,127.0.0.1,127.0.0.1:*," + host + "," + host + ":*")
                    .withExposedPorts(5000)
                    .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                            .withPortBindings(new PortBinding(Ports.Binding.bindPort(port), ExposedPort.tcp(5000))))
                    .waitingFor(Wait.forHttp("/health").forPort(5000).withStartupTimeout(Duration.ofMinutes(3)));
            container.start();
            return;
        }
        Prerequisites.require(Files.isExecutable(mlflow), "MLflow at " + mlflow, "make deps-python installs it");
        port = freePort();
        dir = Files.createTempDirectory("mlflow-test");
        uri = URI.create("http://127.0.0.1:" + port);
        start();
    }

    /** (Re)starts the server on the same port with the same database and artifacts. */
    public void start() throws Exception {
        if (container != null) {
            container
                    .getDockerClient()
                    .startContainerCmd(container.getContainerId())
                    .exec();
            awaitHealthy(STARTUP);
            return;
        }
        process = new ProcessBuilder(
                        mlflow.toString(),
                        "server",
                        "--host",
                        "127.0.0.1",
                        "--port",
                        String.valueOf(port),
                        "--backend-store-uri",
                        "sqlite:///" + dir.resolve("mlflow.db"),
                        "--artifacts-destination",
                        dir.resolve("artifacts").toString(),
                        "--workers",
                        "1")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("server.log").toFile()))
                .start();
        awaitHealthy(STARTUP);
    }

    /** Stops the server (an MLflow outage); {@link #start} brings it back with its data. */
    public void stop() throws InterruptedException {
        if (container != null) {
            container
                    .getDockerClient()
                    .stopContainerCmd(container.getContainerId())
                    .exec();
            return;
        }
        java.util.List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        process.waitFor();
        children.forEach(h -> h.onExit().join());
    }

    // MLflow's Python start-up takes ~10 s on a quiet 2-core machine and over 90 s when other builds load it.
    private static final Duration STARTUP = Duration.ofMinutes(4);

    private void awaitHealthy(Duration max) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("MLflow server exited: " + Files.readString(dir.resolve("server.log")));
            }
            try {
                var r = client.send(
                        HttpRequest.newBuilder(uri.resolve("/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        Path log = dir.resolve("server.log");
        throw new IllegalStateException(
                "MLflow server not healthy after " + max + (Files.exists(log) ? ": " + Files.readString(log) : ""));
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        if (container != null) {
            container.stop();
        } else if (process != null && process.isAlive()) {
            stop();
        }
    }

    public URI uri() {
        return uri;
    }

    /**
     * Polls a run until its status is {@code status} and returns the last status seen (the expected one, or what
     * it still was after {@code timeout}). For statuses a job queue sets in a callback that runs just after the job
     * record a test waits on is written (an interrupted run is recorded first, then KILLED in MLflow).
     */
    public String awaitRunStatus(String runId, String status, Duration timeout) throws InterruptedException {
        MlflowClient client = new MlflowClient(uri, Duration.ofSeconds(20));
        long deadline = System.nanoTime() + timeout.toNanos();
        String seen = client.getRun(runId).status();
        while (!status.equals(seen) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            seen = client.getRun(runId).status();
        }
        return seen;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
