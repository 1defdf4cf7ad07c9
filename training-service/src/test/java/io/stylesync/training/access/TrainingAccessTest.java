package io.stylesync.training.access;

import io.stylesync.common.testing.AccessControlTest;
import io.stylesync.common.testing.EmbeddedS3Extension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Keys and tokens on training's writes; a run on a dataset version that does not exist gets 422 once let through. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            AccessControlTest.KEYS,
            AccessControlTest.AUDIENCE,
            "stylesync.mlflow.tracking-uri=http://127.0.0.1:1"
        })
class TrainingAccessTest extends AccessControlTest {

    static final EmbeddedS3Extension s3 = EmbeddedS3Extension.shared();

    @DynamicPropertySource
    static void storage(DynamicPropertyRegistry registry) {
        s3.springProperties().forEach((k, v) -> registry.add(k, () -> v));
        s3.store().ensureBucket("stylesync");
    }

    TrainingAccessTest() {
        super("/api/v1/training-runs", "{\"datasetVersion\":\"v0000000000000000\"}", 422);
    }
}
