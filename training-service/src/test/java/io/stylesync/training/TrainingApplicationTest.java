package io.stylesync.training;

import io.stylesync.common.testing.ServiceSmokeTest;
import org.springframework.boot.test.context.SpringBootTest;

/** Until its issue lands the service boots with health, metrics and Swagger UI only. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrainingApplicationTest extends ServiceSmokeTest {

    TrainingApplicationTest() {
        super("training-service");
    }
}
