package io.stylesync.inference.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stylesync.inference.config.InferenceProperties;
import io.stylesync.inference.support.MonitoringStandIn;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** The page's monitoring view over real HTTP: configured, refused, unreachable and absent monitoring-service. */
class MonitoringControllerTest {

    static MonitoringController controller(URI monitoring, URI publicUrl) {
        InferenceProperties inference = new Binder(new MapConfigurationPropertySource(Map.of(
                        "stylesync.inference.canary.challenger-percent", "10",
                        "stylesync.inference.canary.shadow", "true")))
                .bindOrCreate("stylesync.inference", InferenceProperties.class);
        return new MonitoringController(
                new WebProperties(monitoring, publicUrl, null, Duration.ofMillis(500)),
                inference,
                JsonMapper.builder().build());
    }

    @Test
    void passesMonitoringsDriftReportOnWithThePublicLinks() throws Exception {
        try (MonitoringStandIn monitoring = new MonitoringStandIn()) {
            monitoring.answerDrift(200, "{\"modelVersion\":\"3\",\"columns\":[{\"feature\":\"brightness\"}]}");
            var view = controller(monitoring.uri(), URI.create("http://monitoring.example:8084"))
                    .monitoring();
            assertThat(view.detail()).isNull();
            assertThat(view.drift().get("modelVersion").asString()).isEqualTo("3");
            assertThat(view.driftPageUrl()).hasToString("http://monitoring.example:8084/drift");
            assertThat(view.canary()).isEqualTo(new MonitoringController.Canary(10, true));

            monitoring.answerDrift(404, "{\"status\":404,\"detail\":\"no model version is monitored yet\"}");
            var refused = controller(monitoring.uri(), null).monitoring();
            assertThat(refused.drift()).isNull();
            assertThat(refused.detail()).isEqualTo("monitoring-service: no model version is monitored yet");
            assertThat(refused.driftPageUrl()).isEqualTo(monitoring.uri().resolve("/drift"));
        }
    }

    @Test
    void saysInWordsWhenMonitoringIsAbsentOrUnreachable() {
        var absent = controller(null, null).monitoring();
        assertThat(absent.drift()).isNull();
        assertThat(absent.driftPageUrl()).isNull();
        assertThat(absent.detail()).contains("No monitoring-service is configured");

        var unreachable = controller(URI.create("http://127.0.0.1:1"), null).monitoring();
        assertThat(unreachable.drift()).isNull();
        assertThat(unreachable.detail()).startsWith("monitoring-service at http://127.0.0.1:1 cannot be reached");
    }
}
