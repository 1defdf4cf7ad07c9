package io.stylesync.ingest;

import io.stylesync.common.testing.EmbeddedS3Extension;
import io.stylesync.common.testing.ServiceSmokeTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The shared smoke test: probes, Prometheus, problem+json for an unknown path, no actuator beyond those. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestApplicationTest extends ServiceSmokeTest {

    static final EmbeddedS3Extension s3 = EmbeddedS3Extension.shared();

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        s3.springProperties().forEach((k, v) -> registry.add(k, () -> v));
    }

    IngestApplicationTest() {
        super("ingest-service");
    }
}
