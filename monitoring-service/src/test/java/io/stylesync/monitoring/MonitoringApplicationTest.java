package io.stylesync.monitoring;

import io.stylesync.common.testing.ServiceSmokeTest;
import org.springframework.boot.test.context.SpringBootTest;

/** Until its issue lands the service boots with health, metrics and Swagger UI only. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MonitoringApplicationTest extends ServiceSmokeTest {

    MonitoringApplicationTest() {
        super("monitoring-service");
    }
}
