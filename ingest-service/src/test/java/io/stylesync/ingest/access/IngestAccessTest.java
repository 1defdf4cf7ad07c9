package io.stylesync.ingest.access;

import io.stylesync.common.testing.AccessControlTest;
import io.stylesync.common.testing.EmbeddedS3Extension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Keys and tokens on ingest's writes; an ingest of a bucket that does not exist gets 422 once let through. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {AccessControlTest.KEYS, AccessControlTest.AUDIENCE})
class IngestAccessTest extends AccessControlTest {

    static final EmbeddedS3Extension s3 = EmbeddedS3Extension.shared();

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        s3.springProperties().forEach((k, v) -> registry.add(k, () -> v));
    }

    IngestAccessTest() {
        super("/api/v1/datasets", "{\"source\":\"s3://no-such-bucket/x\",\"layout\":\"kaggle-styles\"}", 422);
    }
}
