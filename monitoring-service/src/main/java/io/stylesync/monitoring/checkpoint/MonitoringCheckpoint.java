package io.stylesync.monitoring.checkpoint;

import io.stylesync.common.hash.Sha256;
import io.stylesync.common.storage.ObjectNotFoundException;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.storage.StorageProperties;
import io.stylesync.monitoring.config.MonitoringProperties;
import io.stylesync.monitoring.events.ModelMonitor;
import io.stylesync.monitoring.events.ModelMonitors;
import io.stylesync.monitoring.feedback.LiveAccuracy;
import io.stylesync.monitoring.feedback.PredictionLog;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Saves the drift windows, live accuracy and prediction log to S3 every {@code checkpoint.interval} and when the
 * service stops, and loads them when it starts, before the web server takes events (and saves last, after it stopped
 * taking them). The object is a header line (schema, version, SHA-256 and length of the body) and a JSON body,
 * written in one PUT, which S3 applies atomically: a reader sees the previous checkpoint or this one, never a mix.
 * A checkpoint whose header, checksum or schema does not match is refused whole, with the reason logged.
 */
@Component
public class MonitoringCheckpoint implements SmartLifecycle {

    public static final String SCHEMA = "stylesync.monitoring.checkpoint";
    public static final int VERSION = 1;
    private static final long MAX_BYTES = 512L * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(MonitoringCheckpoint.class);

    private final ModelMonitors monitors;
    private final LiveAccuracy accuracy;
    private final PredictionLog predictions;
    private final ObjectStore store;
    private final JsonMapper json;
    private final MonitoringProperties.Checkpoint settings;
    private final S3Location location;
    private ScheduledExecutorService schedule;
    private volatile boolean running;
    /** False while the last checkpoint could not be read: saving then would overwrite it with less. */
    private volatile boolean loaded;

    /** The first line of the object. */
    public record Header(String schema, int version, String sha256, long bytes, Instant writtenAt) {}

    /** The body. */
    public record State(
            Map<String, ModelMonitor.State> monitors,
            String latest,
            Map<String, long[]> liveAccuracy,
            Map<String, Map<String, String>> predictions) {}

    public MonitoringCheckpoint(
            ModelMonitors monitors,
            LiveAccuracy accuracy,
            PredictionLog predictions,
            ObjectStore store,
            StorageProperties storage,
            JsonMapper json,
            MonitoringProperties properties) {
        this.monitors = monitors;
        this.accuracy = accuracy;
        this.predictions = predictions;
        this.store = store;
        this.json = json;
        this.settings = properties.checkpoint();
        this.location = S3Location.of(storage.bucket(), settings.key());
    }

    /** Writes the current state; false (logged) when object storage refused it or the last one is not read yet. */
    public boolean save() {
        if (!loaded) {
            log.warn("Monitoring checkpoint not written: the previous one at {} has not been read yet", location);
            return false;
        }
        try {
            State state = new State(
                    monitors.checkpoint(), monitors.latestKey().orElse(null), accuracy.counts(), predictions.entries());
            byte[] body = json.writeValueAsBytes(state);
            byte[] header =
                    json.writeValueAsBytes(new Header(SCHEMA, VERSION, Sha256.hex(body), body.length, Instant.now()));
            byte[] object = new byte[header.length + 1 + body.length];
            System.arraycopy(header, 0, object, 0, header.length);
            object[header.length] = '\n';
            System.arraycopy(body, 0, object, header.length + 1, body.length);
            store.put(location, object, "application/x-ndjson");
            return true;
        } catch (RuntimeException e) {
            log.warn("Monitoring checkpoint not written to {}: {}", location, e.getMessage());
            return false;
        }
    }

    /**
     * Reads and checks the checkpoint, then loads it; a checkpoint that fails a check is refused whole (and kept
     * beside, as {@code <key>.refused-<epoch millis>}, for a look). When it cannot be read at all (storage down),
     * nothing is saved until a later try reads it.
     */
    public void load() {
        byte[] object;
        try {
            object = store.readAllBytes(location, MAX_BYTES);
        } catch (ObjectNotFoundException e) {
            log.info("No monitoring checkpoint at {}: starting empty", location);
            loaded = true;
            return;
        } catch (RuntimeException e) {
            log.warn("Monitoring checkpoint at {} not read, retried every interval: {}", location, e.getMessage());
            return;
        }
        State state;
        try {
            state = parse(object);
            accuracy.check(state.liveAccuracy() == null ? Map.of() : state.liveAccuracy());
        } catch (IllegalArgumentException e) {
            refuse(e.getMessage());
            return;
        }
        loaded = true;
        accuracy.restore(state.liveAccuracy() == null ? Map.of() : state.liveAccuracy());
        predictions.restore(state.predictions() == null ? Map.of() : state.predictions());
        monitors.restore(state.monitors() == null ? Map.of() : state.monitors(), state.latest());
        log.info(
                "Monitoring checkpoint loaded from {}: {} model versions, {} predictions, live accuracy of {} heads",
                location,
                state.monitors() == null ? 0 : state.monitors().size(),
                state.predictions() == null ? 0 : state.predictions().size(),
                state.liveAccuracy() == null ? 0 : state.liveAccuracy().size());
    }

    private void refuse(String reason) {
        S3Location kept = S3Location.of(location.bucket(), location.key() + ".refused-" + System.currentTimeMillis());
        try {
            store.copy(location, kept);
        } catch (RuntimeException e) {
            kept = null;
        }
        log.warn(
                "Monitoring checkpoint at {} refused, starting empty{}: {}",
                location,
                kept == null ? "" : " (kept as " + kept + ")",
                reason);
        loaded = true;
    }

    /** The body of a checkpoint object, or IllegalArgumentException saying why it is refused. */
    State parse(byte[] object) {
        int newline = -1;
        for (int i = 0; i < Math.min(object.length, 4096); i++) {
            if (object[i] == '\n') {
                newline = i;
                break;
            }
        }
        if (newline < 0) {
            throw new IllegalArgumentException("no header line: not a StyleSync monitoring checkpoint");
        }
        Header header;
        try {
            header = json.readValue(Arrays.copyOf(object, newline), Header.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("unreadable header: " + e.getOriginalMessage());
        }
        if (!SCHEMA.equals(header.schema())) {
            throw new IllegalArgumentException("foreign schema '" + header.schema() + "', expected " + SCHEMA);
        }
        if (header.version() != VERSION) {
            throw new IllegalArgumentException(
                    "schema version " + header.version() + ", this service reads version " + VERSION);
        }
        byte[] body = Arrays.copyOfRange(object, newline + 1, object.length);
        if (body.length != header.bytes() || !Sha256.hex(body).equals(header.sha256())) {
            throw new IllegalArgumentException("body does not match the header's length and SHA-256: corrupt");
        }
        try {
            return json.readValue(body, State.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("unreadable body: " + e.getOriginalMessage());
        }
    }

    @Override
    public void start() {
        running = true;
        if (!settings.enabled()) {
            return;
        }
        load();
        schedule = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("monitoring-checkpoint").daemon().factory());
        long every = settings.interval().toMillis();
        schedule.scheduleWithFixedDelay(
                () -> {
                    if (loaded) {
                        save();
                    } else {
                        load();
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        if (schedule == null) {
            return;
        }
        schedule.shutdown();
        try {
            schedule.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (save()) {
            log.info("Monitoring checkpoint written to {} on shutdown", location);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server starts (its phase is higher), so it stops first and the last save sees every event. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
