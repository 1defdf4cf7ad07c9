package io.stylesync.inference.model;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stylesync.common.mlflow.MlflowException;
import io.stylesync.common.mlflow.ModelVersion;
import io.stylesync.inference.config.InferenceProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the served models in step with their MLflow aliases: loads the champion at start (from the
 * local cache when MLflow is down), then polls; a new version is loaded and warmed beside the old one,
 * swapped in atomically, and the old one drained and closed. A version that fails to load (a corrupt
 * artifact, say) is refused and the old one keeps serving; it is retried only when the alias moves again.
 */
@Component
public class AliasWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AliasWatcher.class);

    private final ModelLoader loader;
    private final ModelSlots slots;
    private final InferenceProperties props;
    private final MeterRegistry registry;
    private final List<Consumer<ServingModel>> loadListeners = new ArrayList<>();
    private final Map<ModelRole, String> refused = new EnumMap<>(ModelRole.class);
    private final Map<ModelRole, Gauge> infoGauges = new EnumMap<>(ModelRole.class);
    private volatile ScheduledExecutorService executor;
    private volatile Instant lastCheck;
    private volatile String lastError;

    public AliasWatcher(ModelLoader loader, ModelSlots slots, InferenceProperties props, MeterRegistry registry) {
        this.loader = loader;
        this.slots = slots;
        this.props = props;
        this.registry = registry;
        Gauge.builder(
                        "stylesync.inference.model.age",
                        slots,
                        s -> s.current(ModelRole.CHAMPION)
                                .map(m -> Duration.between(m.loadedAt(), Instant.now())
                                                .toMillis()
                                        / 1000.0)
                                .orElse(Double.NaN))
                .baseUnit("seconds")
                .description("Seconds since the served champion was loaded")
                .register(registry);
    }

    /** Called with every model that starts serving (after the swap), e.g. to build its catalogue index. */
    public void onLoad(Consumer<ServingModel> listener) {
        loadListeners.add(listener);
    }

    /** Checks the aliases now (the scheduler does this every poll interval). */
    public synchronized void refresh() {
        lastCheck = Instant.now();
        refresh(ModelRole.CHAMPION, props.alias());
        if (props.canary().challengerPercent() > 0 || props.canary().shadow()) {
            refresh(ModelRole.CHALLENGER, props.canary().alias());
        }
    }

    private void refresh(ModelRole role, String alias) {
        Optional<ServingModel> current = slots.current(role);
        Optional<ModelVersion> target;
        try {
            target = loader.resolve(alias);
        } catch (MlflowException e) {
            if (!e.isUnreachable()) {
                throw e;
            }
            lastError = "MLflow unreachable: " + e.getMessage();
            if (current.isEmpty() && role == ModelRole.CHAMPION) {
                loadFromCache(role, alias);
            }
            return;
        }
        if (target.isEmpty()) {
            lastError = "alias '" + alias + "' of model " + loader.modelName() + " is not set";
            if (role == ModelRole.CHALLENGER) {
                slots.clear(role);
            }
            return;
        }
        String version = target.get().version();
        if (current.map(m -> m.version().equals(version)).orElse(false) || version.equals(refused.get(role))) {
            return;
        }
        try {
            ServingModel next =
                    loader.load(target.get(), alias, props.batching().maxBatchSize());
            install(role, next);
            refused.remove(role);
            lastError = null;
        } catch (MlflowException e) {
            lastError = "cannot download " + loader.modelName() + " v" + version + ": " + e.getMessage();
            log.warn("{}", lastError);
            registry.counter("stylesync.inference.model.loads", "outcome", "unreachable")
                    .increment();
        } catch (RuntimeException e) {
            refused.put(role, version);
            lastError = "refused " + loader.modelName() + " v" + version + ": " + e.getMessage();
            log.error(
                    "{}; still serving {}",
                    lastError,
                    current.map(Object::toString).orElse("nothing"),
                    e);
            registry.counter("stylesync.inference.model.loads", "outcome", "refused")
                    .increment();
        }
    }

    private void loadFromCache(ModelRole role, String alias) {
        try {
            loader.loadCached(alias, props.batching().maxBatchSize()).ifPresent(m -> {
                log.warn("MLflow is unreachable; serving cached {} until it returns", m);
                install(role, m);
            });
        } catch (RuntimeException e) {
            log.error("cannot load the cached model for alias {}", alias, e);
        }
    }

    private void install(ModelRole role, ServingModel next) {
        slots.swap(role, next);
        Gauge old = infoGauges.put(
                role,
                Gauge.builder("stylesync.inference.model.info", () -> 1)
                        .description("1 for the model version being served")
                        .tags("model", next.name(), "version", next.version(), "role", role.wireName())
                        .register(registry));
        if (old != null && !old.getId().equals(infoGauges.get(role).getId())) {
            registry.remove(old);
        }
        registry.counter("stylesync.inference.model.loads", "outcome", "loaded").increment();
        log.info("Serving {} as {} (engine {}, device {})", next, role.wireName(), next.engine(), next.device());
        for (Consumer<ServingModel> listener : loadListeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                log.warn("load listener failed for {}", next, e);
            }
        }
    }

    public Instant lastCheck() {
        return lastCheck;
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "alias-watcher");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(
                () -> {
                    try {
                        refresh();
                    } catch (RuntimeException e) {
                        lastError = e.getMessage();
                        log.warn("alias check failed", e);
                    }
                },
                0,
                props.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService e = executor;
        if (e != null) {
            e.shutdownNow();
            try {
                e.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        for (ModelRole role : ModelRole.values()) {
            slots.clear(role);
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null && !executor.isShutdown();
    }

    /** Stops after the web server has drained (graceful shutdown runs in a later phase). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 3072;
    }
}
