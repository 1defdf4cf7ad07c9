package io.stylesync.common.testing;

import io.stylesync.common.storage.EmbeddedS3Server;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3ClientFactory;
import io.stylesync.common.storage.StorageProperties;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 endpoint for tests: S3Proxy in memory on a loopback port, reached over HTTP by the
 * same AWS SDK client production uses. Register as a static {@code @RegisterExtension} field.
 */
public final class EmbeddedS3Extension implements BeforeAllCallback, AfterAllCallback {

    private static EmbeddedS3Extension shared;

    private final boolean perClass;
    private EmbeddedS3Server server;
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
        server = EmbeddedS3Server.startInMemory();
        client = S3ClientFactory.create(server.clientProperties());
        store = new ObjectStore(client, server.clientProperties());
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
            server.close();
        }
    }

    public EmbeddedS3Server server() {
        return server;
    }

    public ObjectStore store() {
        return store;
    }

    public S3Client client() {
        return client;
    }

    /** Settings a service under test needs to reach this server. */
    public StorageProperties properties() {
        return server.clientProperties();
    }

    /** Spring properties pointing a service at this server (for DynamicPropertySource). */
    public java.util.Map<String, Object> springProperties() {
        return java.util.Map.of(
                "stylesync.storage.endpoint", server.endpoint().toString(),
                "stylesync.storage.access-key", server.accessKey(),
                "stylesync.storage.secret-key", server.secretKey(),
                "stylesync.storage.embedded.enabled", "false");
    }
}
