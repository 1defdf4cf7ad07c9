package io.stylesync.inference.model;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Part of readiness: DOWN until the champion is loaded and warmed. */
@Component("model")
public class ModelHealthIndicator implements HealthIndicator {

    private final ModelSlots slots;
    private final AliasWatcher watcher;

    public ModelHealthIndicator(ModelSlots slots, AliasWatcher watcher) {
        this.slots = slots;
        this.watcher = watcher;
    }

    @Override
    public Health health() {
        return slots.current(ModelRole.CHAMPION)
                .map(m -> Health.up()
                        .withDetail("model", m.name())
                        .withDetail("version", m.version())
                        .build())
                .orElseGet(() -> Health.outOfService()
                        .withDetail("reason", watcher.lastError() == null ? "loading" : watcher.lastError())
                        .build());
    }
}
