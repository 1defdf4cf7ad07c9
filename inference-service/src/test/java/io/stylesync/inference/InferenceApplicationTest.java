package io.stylesync.inference;

import io.stylesync.common.testing.ServiceSmokeTest;
import org.springframework.boot.test.context.SpringBootTest;

/** Without MLflow and a champion the service boots, is live, and stays out of service (not ready). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InferenceApplicationTest extends ServiceSmokeTest {

    InferenceApplicationTest() {
        super("inference-service", false);
    }
}
