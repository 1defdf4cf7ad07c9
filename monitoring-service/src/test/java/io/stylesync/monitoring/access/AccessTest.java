package io.stylesync.monitoring.access;

import io.stylesync.common.testing.AccessControlTest;
import org.springframework.boot.test.context.SpringBootTest;

/** Keys and tokens on monitoring's writes; a feedback for an unknown prediction gets 404 once let through. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            AccessControlTest.KEYS,
            AccessControlTest.AUDIENCE,
            "stylesync.mlflow.tracking-uri=http://127.0.0.1:1"
        })
class AccessTest extends AccessControlTest {

    AccessTest() {
        super("/api/v1/feedback", "{\"predictionId\":\"nope\",\"labels\":{\"articleType\":\"Tshirts\"}}", 404);
    }
}
