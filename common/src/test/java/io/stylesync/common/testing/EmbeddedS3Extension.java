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

    private EmbeddedS3Server server;
    private S3Client client;
    private ObjectStore store;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = EmbeddedS3Server.startInMemory();
        client = S3ClientFactory.create(server.clientProperties());
        store = new ObjectStore(client, server.clientProperties());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        server.close();
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
