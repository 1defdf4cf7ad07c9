package io.stylesync.monitoring.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stylesync.common.events.FeatureEvent;
import io.stylesync.common.mlflow.MlflowProperties;
import io.stylesync.common.mlflow.ModelVersion;
import io.stylesync.monitoring.config.MonitoringProperties;
import io.stylesync.monitoring.feedback.PredictionLog;
import io.stylesync.monitoring.reference.ModelReference;
import io.stylesync.monitoring.reference.ReferenceLoader;
import io.stylesync.monitoring.reference.ReferenceUnavailableException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The monitored model versions: a {@link ModelMonitor} per (model, version) seen in events, created when its
 * reference loads; events of a version whose reference cannot be loaded are counted
 * ({@code outcome="no_reference"}) and dropped, and the load is retried after {@code reference.retry-after}.
 * At start the {@code reference.start-alias} version (the champion) is loaded, so the page has a reference
 * before the first event.
 */
@Component
public class ModelMonitors {

    private static final Logger log = LoggerFactory.getLogger(ModelMonitors.class);

    private final ReferenceLoader loader;
    private final PredictionLog predictions;
    private final MonitoringProperties properties;
    private final MlflowProperties mlflow;
    private final LongSupplier clock = System::currentTimeMillis;
    private final Map<String, ModelMonitor> monitors = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Failure> failures = new HashMap<>();
    /** Checkpointed windows of versions whose reference has not been loaded again since the restart. */
    private final Map<String, ModelMonitor.State> restored = new HashMap<>();

    private final Counter accepted;
    private final Counter noReference;
    private final Counter rejected;
    private volatile ModelMonitor latest;

    record Failure(long at, String message) {}

    /** What happened to a batch. */
    public record Outcome(int accepted, int noReference, List<String> unmonitoredVersions) {}

    public ModelMonitors(
            ReferenceLoader loader,
            PredictionLog predictions,
            MonitoringProperties properties,
            MlflowProperties mlflow,
            MeterRegistry registry) {
        this.loader = loader;
        this.predictions = predictions;
        this.properties = properties;
        this.mlflow = mlflow;
        this.accepted = counter(registry, "accepted");
        this.noReference = counter(registry, "no_reference");
        this.rejected = counter(registry, "rejected");
        Gauge.builder(
                        "stylesync.monitoring.window.events",
                        this,
                        m -> m.latest().map(x -> (double) x.windowEvents()).orElse(0.0))
                .description("Events in the current drift window of the latest model version")
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("stylesync.monitoring.events")
                .description("Feature events received, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }

    void countRejected(int events) {
        rejected.increment(events);
    }

    public Outcome accept(List<FeatureEvent> events) {
        int ok = 0;
        int missing = 0;
        java.util.Set<String> unmonitored = new java.util.TreeSet<>();
        Map<ModelMonitor, List<FeatureEvent>> byMonitor = new LinkedHashMap<>();
        for (FeatureEvent e : events) {
            ModelMonitor monitor = monitorFor(e.modelName(), e.modelVersion());
            Map<String, String> labels = new LinkedHashMap<>();
            if (e.predictions() != null) {
                e.predictions().forEach((head, p) -> labels.put(head, p.label()));
            }
            predictions.remember(e.predictionId(), labels);
            if (monitor == null) {
                missing++;
                unmonitored.add(e.modelName() + "/" + e.modelVersion());
            } else {
                byMonitor
                        .computeIfAbsent(monitor, m -> new java.util.ArrayList<>())
                        .add(e);
                ok++;
            }
        }
        byMonitor.forEach((monitor, batch) -> {
            monitor.recordAll(batch);
            latest = monitor;
        });
        accepted.increment(ok);
        noReference.increment(missing);
        return new Outcome(ok, missing, List.copyOf(unmonitored));
    }

    private ModelMonitor monitorFor(String model, String version) {
        String key = model + "/" + version;
        synchronized (monitors) {
            ModelMonitor m = monitors.get(key);
            if (m != null) {
                return m;
            }
            Failure f = failures.get(key);
            if (f != null
                    && clock.getAsLong() - f.at()
                            < properties.reference().retryAfter().toMillis()) {
                return null;
            }
            try {
                return add(loader.load(model, version));
            } catch (ReferenceUnavailableException | IllegalArgumentException e) {
                log.warn("Events of {} are not monitored: {}", key, e.getMessage());
                failures.put(key, new Failure(clock.getAsLong(), e.getMessage()));
                return null;
            }
        }
    }

    private ModelMonitor add(ModelReference reference) {
        String key = reference.modelName() + "/" + reference.modelVersion();
        ModelMonitor m = new ModelMonitor(reference, properties.window(), clock);
        ModelMonitor.State saved;
        synchronized (monitors) {
            saved = restored.remove(key);
        }
        if (saved != null) {
            try {
                m.restore(saved);
                log.info("Restored the drift window of {} from the checkpoint ({} events)", key, m.windowEvents());
            } catch (IllegalArgumentException | NullPointerException e) {
                log.warn("Checkpointed window of {} refused, starting empty: {}", key, e.getMessage());
                m = new ModelMonitor(reference, properties.window(), clock);
            }
        }
        synchronized (monitors) {
            monitors.put(key, m);
            failures.remove(key);
            while (monitors.size() > properties.maxModelVersions()) {
                String eldest = monitors.keySet().iterator().next();
                monitors.remove(eldest);
            }
        }
        return m;
    }

    /** Every monitored version's state, and the checkpointed ones not loaded again yet, by "model/version". */
    public Map<String, ModelMonitor.State> checkpoint() {
        Map<String, ModelMonitor> current;
        Map<String, ModelMonitor.State> out;
        synchronized (monitors) {
            current = new LinkedHashMap<>(monitors);
            out = new LinkedHashMap<>(restored);
        }
        current.forEach((key, m) -> out.put(key, m.state()));
        return out;
    }

    /**
     * Keeps a checkpoint's windows until each version's reference is loaded again (then they are checked against
     * its columns and loaded, or refused), and starts loading those references now.
     */
    public void restore(Map<String, ModelMonitor.State> states, String latestKey) {
        synchronized (monitors) {
            states.forEach((key, state) -> {
                if (!monitors.containsKey(key)) {
                    restored.put(key, state);
                }
            });
        }
        Thread.ofVirtual()
                .name("reference-restore")
                .start(() -> states.keySet().forEach(key -> {
                    int slash = key.lastIndexOf('/');
                    ModelMonitor m = monitorFor(key.substring(0, slash), key.substring(slash + 1));
                    if (m != null && (key.equals(latestKey) || latest == null)) {
                        latest = m;
                    }
                }));
    }

    /** Every monitored version. */
    public List<ModelMonitor> all() {
        synchronized (monitors) {
            return List.copyOf(monitors.values());
        }
    }

    /** The key of {@link #latest()}, for a checkpoint. */
    public Optional<String> latestKey() {
        return latest().map(m -> m.reference().modelName() + "/" + m.reference().modelVersion());
    }

    /** The version that received events last, else the one loaded at start. */
    public Optional<ModelMonitor> latest() {
        return Optional.ofNullable(latest);
    }

    public Optional<ModelMonitor> get(String model, String version) {
        synchronized (monitors) {
            return Optional.ofNullable(monitors.get(model + "/" + version));
        }
    }

    /** Why a version is not monitored, if it failed to load. */
    public Optional<String> failure(String model, String version) {
        synchronized (monitors) {
            return Optional.ofNullable(failures.get(model + "/" + version)).map(Failure::message);
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    public void loadStartAlias() {
        String alias = properties.reference().startAlias();
        if (alias == null || alias.isBlank()) {
            return;
        }
        Thread.ofVirtual().name("reference-at-start").start(() -> {
            try {
                ModelVersion v = loader.versionByAlias(mlflow.modelName(), alias);
                if (v == null) {
                    log.info(
                            "No '{}' version of {} yet: drift starts with the first events", alias, mlflow.modelName());
                    return;
                }
                ModelMonitor m = monitorFor(v.name(), v.version());
                if (m != null && latest == null) {
                    latest = m;
                }
            } catch (RuntimeException e) {
                log.warn("Could not load the '{}' reference at start: {}", alias, e.getMessage());
            }
        });
    }
}
