package io.stylesync.monitoring.feedback;

import io.stylesync.monitoring.config.MonitoringProperties;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The predicted labels of the most recent predictions by id, bounded (least recently used are evicted). */
@Component
public class PredictionLog {

    private final Map<String, Map<String, String>> recent;

    public PredictionLog(MonitoringProperties properties) {
        int capacity = properties.predictionLogSize();
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Map<String, String>> eldest) {
                return size() > capacity;
            }
        };
    }

    public synchronized void remember(String predictionId, Map<String, String> labels) {
        recent.put(predictionId, Map.copyOf(labels));
    }

    /** The predicted labels, or null when the id is unknown or was evicted. */
    public synchronized Map<String, String> labels(String predictionId) {
        return recent.get(predictionId);
    }

    /** The remembered predictions, least recently used first, for a checkpoint. */
    public synchronized Map<String, Map<String, String>> entries() {
        return new LinkedHashMap<>(recent);
    }

    /** Adds a checkpoint's predictions, in their order, under what is remembered since the start. */
    public synchronized void restore(Map<String, Map<String, String>> entries) {
        Map<String, Map<String, String>> since = new LinkedHashMap<>(recent);
        recent.clear();
        entries.forEach((id, labels) -> recent.put(id, Map.copyOf(labels)));
        recent.putAll(since);
    }

    public synchronized int size() {
        return recent.size();
    }
}
