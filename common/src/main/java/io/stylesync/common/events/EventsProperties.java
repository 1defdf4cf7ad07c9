package io.stylesync.common.events;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How feature events travel from inference-service to monitoring-service; both services read the same settings.
 *
 * @param transport  {@code http} (inference POSTs batches to monitoring, single host) or {@code kafka} (inference
 *                   produces to {@code topic}, monitoring replicas consume it in the consumer group {@code group})
 * @param topic      the Kafka topic; records are keyed by model name and carry one {@link FeatureEvent} as JSON
 * @param group      monitoring-service's consumer group
 * @param recentIds  prediction ids a monitoring instance remembers to drop redelivered events
 */
@Validated
@ConfigurationProperties("stylesync.events")
public record EventsProperties(
        @DefaultValue("http") @NotNull Transport transport,
        @DefaultValue("stylesync.feature-events") @NotBlank String topic,
        @DefaultValue("stylesync-monitoring") @NotBlank String group,
        @DefaultValue("100000") @Min(1) int recentIds) {

    public enum Transport {
        HTTP,
        KAFKA
    }
}
