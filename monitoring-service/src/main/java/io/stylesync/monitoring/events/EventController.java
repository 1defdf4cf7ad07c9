package io.stylesync.monitoring.events;

import io.stylesync.common.error.ProblemException;
import io.stylesync.common.events.FeatureEventBatch;
import io.stylesync.monitoring.config.MonitoringProperties;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Batches of feature events from inference-service ({@code FeatureEventBatch}). */
@RestController
@RequestMapping("/api/v1/events")
public class EventController {

    private final ModelMonitors monitors;
    private final MonitoringProperties properties;

    public EventController(ModelMonitors monitors, MonitoringProperties properties) {
        this.monitors = monitors;
        this.properties = properties;
    }

    /**
     * 202 with how many events were monitored and how many belong to a model version without a loadable
     * reference (counted, not an error). A batch with any invalid event is refused whole (400, every bad field
     * listed in {@code errors}); an oversized batch is a 413.
     */
    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    public ModelMonitors.Outcome post(@RequestBody FeatureEventBatch batch) {
        try {
            EventValidator.validate(batch, properties.maxBatchEvents());
        } catch (ProblemException e) {
            monitors.countRejected(
                    batch == null || batch.events() == null ? 0 : batch.events().size());
            throw e;
        }
        return monitors.accept(batch.events());
    }
}
