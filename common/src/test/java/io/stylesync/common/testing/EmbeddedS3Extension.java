package io.stylesync.common.testing;

import io.stylesync.common.storage.EmbeddedS3Server;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3ClientFactory;
import io.stylesync.common.storage.StorageProperties;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 endpoint for tests: S3Proxy in memory on a loopback port, or a MinIO container where
 * Docker exists ({@link TestInfrastructure}), reached over HTTP by the same AWS SDK client production
 * uses. Register as a static {@code @RegisterExtension} field.
 */
public final class EmbeddedS3Extension implements BeforeAllCallback, AfterAllCallback {

    private static EmbeddedS3Extension shared;

    private final boolean perClass;
    private EmbeddedS3Server server;
    private GenericContainer<?> minio;
    private StorageProperties clientProperties;
    private S3Client client;
    private ObjectStore store;

    /** A server of its own for each test class that registers it. */
    public EmbeddedS3Extension() {
        this(true);
    }

    private EmbeddedS3Extension(boolean perClass) {
        this.perClass = perClass;
    }

    /**
     * One server for the whole test JVM, for test classes that share a cached Spring context
     * pointing at it; it stops when the JVM exits.
     */
    public static synchronized EmbeddedS3Extension shared() {
        if (shared == null) {
            shared = new EmbeddedS3Extension(false);
            shared.start();
        }
        return shared;
    }

    private void start() {
        if (TestInfrastructure.containers()) {
            String user = "stylesync";
            String password = "stylesync-test-secret";
            minio = new GenericContainer<>(DockerImageName.parse(TestInfrastructure.MINIO_IMAGE))
                    .withCommand("server", "/data")
                    .withEnv("MINIO_ROOT_USER", user)
                    .withEnv("MINIO_ROOT_PASSWORD", password)
                    .withExposedPorts(9000)
                    // MinIO answers 503 here until it is ready; an S3 server without MinIO's health API
                    // (the stand-in make test-compose tags under this name) answers 4xx once it serves
                    .waitingFor(Wait.forHttp("/minio/health/ready")
                            .forPort(9000)
                            .forStatusCodeMatching(status -> status < 500));
            minio.start();
            clientProperties = StorageProperties.forEndpoint(
                    java.net.URI.create("http://" + minio.getHost() + ":" + minio.getMappedPort(9000)), user, password);
        } else {
            server = EmbeddedS3Server.startInMemory();
            clientProperties = server.clientProperties();
        }
        client = S3ClientFactory.create(clientProperties);
        store = new ObjectStore(client, clientProperties);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (perClass) {
            start();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (perClass) {
            client.close();
            if (server != null) {
                server.close();
            }
            if (minio != null) {
                minio.stop();
            }
        }
    }

    /** The in-process server, for tests that stop it on purpose; not available with containers. */
    public EmbeddedS3Server server() {
        if (server == null) {
            throw new IllegalStateException("S3 runs in a container here; use endpoint(), accessKey() and secretKey()");
        }
        return server;
    }

    public java.net.URI endpoint() {
        return clientProperties.endpoint();
    }

    public String accessKey() {
        return clientProperties.accessKey();
    }

    public String secretKey() {
        return clientProperties.secretKey();
    }

    public ObjectStore store() {
        return store;
    }

    public S3Client client() {
        return client;
    }

    /** Settings a service under test needs to reach this server. */
    public StorageProperties properties() {
        return clientProperties;
    }

    /** Spring properties pointing a service at this server (for DynamicPropertySource). */
    public java.util.Map<String, Object> springProperties() {
        return java.util.Map.of(
                "stylesync.storage.endpoint", endpoint().toString(),
                "stylesync.storage.access-key", accessKey(),
                "stylesync.storage.secret-key", secretKey(),
                "stylesync.storage.embedded.enabled", "false");
    }
}
