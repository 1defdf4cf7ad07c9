package io.stylesync.inference.web;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the web page's <i>Model and monitoring</i> view links to and reads.
 *
 * @param monitoringUrl       monitoring-service as this service reaches it (its drift report is read from here);
 *                            empty when there is none, which the page says in words
 * @param monitoringPublicUrl monitoring-service as a browser reaches it (the drift page link); defaults to
 *                            {@code monitoringUrl}, differs behind compose or Kubernetes service names
 * @param grafanaUrl          Grafana's dashboards for a link; none when empty
 * @param timeout             the longest the drift summary waits for monitoring-service
 */
@Validated
@ConfigurationProperties("stylesync.inference.web")
public record WebProperties(
        URI monitoringUrl,
        URI monitoringPublicUrl,
        URI grafanaUrl,
        @DefaultValue("PT2S") Duration timeout) {

    public URI monitoringLink() {
        return monitoringPublicUrl != null ? monitoringPublicUrl : monitoringUrl;
    }
}
