package io.stylesync.common.testing;

import java.util.Locale;
import org.testcontainers.DockerClientFactory;

/**
 * Where the test extensions get S3 and MLflow: in-process S3Proxy and MLflow from the project's
 * {@code .venv} (here and in CI), or MinIO and MLflow containers through Testcontainers where Docker
 * exists (a laptop, an EC2 host, another CI). The same test bodies run either way.
 *
 * <p>{@code STYLESYNC_TESTCONTAINERS=true} demands containers (and fails without Docker), {@code false}
 * forbids them, unset or {@code auto} uses them when a Docker engine answers.
 */
public final class TestInfrastructure {

    public static final String SWITCH = "STYLESYNC_TESTCONTAINERS";
    /** The images compose runs (.env.example), so tests and deployments meet the same servers. */
    public static final String MINIO_IMAGE = "quay.io/minio/minio:RELEASE.2025-04-22T22-12-26Z";

    public static final String MLFLOW_IMAGE = "ghcr.io/mlflow/mlflow:v3.17.2";

    private static Boolean containers;

    private TestInfrastructure() {}

    public static synchronized boolean containers() {
        if (containers == null) {
            String wanted = System.getenv().getOrDefault(SWITCH, "auto").trim().toLowerCase(Locale.ROOT);
            containers = switch (wanted) {
                case "true" -> {
                    try {
                        DockerClientFactory.instance().client(); // throws with the reason the engine is unusable
                    } catch (RuntimeException e) {
                        throw new IllegalStateException(SWITCH + "=true but no Docker engine answers", e);
                    }
                    yield true;
                }
                case "false" -> false;
                default -> dockerAvailable();
            };
        }
        return containers;
    }

    private static boolean dockerAvailable() {
        boolean engineConfigured = System.getenv("DOCKER_HOST") != null
                || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
                || java.nio.file.Files.exists(
                        java.nio.file.Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        if (!engineConfigured) {
            return false; // no engine to ask: don't make Testcontainers probe every strategy
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | java.util.ServiceConfigurationError | LinkageError e) {
            return false;
        }
    }
}
