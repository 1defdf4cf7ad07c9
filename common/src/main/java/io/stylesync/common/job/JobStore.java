package io.stylesync.common.job;

import io.stylesync.common.storage.ObjectNotFoundException;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.storage.StoredObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Job records as JSON objects in S3, {@code jobs/<service>/<id>.json}, one PUT per write (S3 replaces an object
 * atomically: a reader sees the old record or the new one, never half). A claim object {@code <id>.claim}, written
 * with {@code If-None-Match: *}, lets exactly one instance run a job.
 */
public final class JobStore<V extends JobSnapshot<V>> {

    private static final Logger log = LoggerFactory.getLogger(JobStore.class);
    private static final long MAX_RECORD_BYTES = 1024 * 1024;

    private final ObjectStore store;
    private final S3Location prefix;
    private final Class<V> type;
    private final JsonMapper json;
    /** Records already read, by key, with the ETag read: a listing re-reads only the records that changed. */
    private final Map<String, Read<V>> reads = new ConcurrentHashMap<>();

    private record Read<V>(String etag, V record) {}

    public JobStore(ObjectStore store, String bucket, String service, Class<V> type, JsonMapper json) {
        this.store = store;
        this.prefix = S3Location.of(bucket, "jobs/" + service + "/");
        this.type = type;
        this.json = json;
    }

    public void save(V record) {
        store.put(record(record.id()), json.writeValueAsBytes(record), "application/json");
    }

    /** Writes a new record; false (and nothing written) when a record with that id exists. */
    public boolean create(V record) {
        return store.putIfAbsent(record(record.id()), json.writeValueAsBytes(record), "application/json");
    }

    public Optional<V> load(String id) {
        try {
            return Optional.ofNullable(read(record(id)));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Every readable record with the time it was last written; an unreadable one is logged and left out. */
    public List<Stored<V>> all() {
        List<Stored<V>> records = new ArrayList<>();
        try (Stream<StoredObject> objects = store.list(prefix)) {
            objects.filter(o -> o.key().endsWith(".json")).forEach(o -> {
                Read<V> known = reads.get(o.key());
                if (known != null && known.etag().equals(o.etag())) {
                    records.add(new Stored<>(known.record(), o.lastModified()));
                    return;
                }
                try {
                    V v = read(o.location());
                    if (v != null) {
                        reads.put(o.key(), new Read<>(o.etag(), v));
                        records.add(new Stored<>(v, o.lastModified()));
                    }
                } catch (ObjectNotFoundException e) {
                    // deleted between listing and reading
                }
            });
        }
        return records;
    }

    /** Deletes a record and its claim. */
    public void delete(String id) {
        store.delete(record(id));
        store.delete(prefix.resolve(id + ".claim"));
        reads.remove(record(id).key());
    }

    /** True for the one caller that creates the claim; false when another instance already holds it. */
    public boolean claim(String id, String owner) {
        return store.putIfAbsent(prefix.resolve(id + ".claim"), owner.getBytes(StandardCharsets.UTF_8), "text/plain");
    }

    private V read(S3Location location) {
        byte[] bytes = store.readAllBytes(location, MAX_RECORD_BYTES);
        try {
            return json.readValue(bytes, type);
        } catch (JacksonException e) {
            log.warn("Ignoring unreadable job record {}: {}", location, e.getOriginalMessage());
            return null;
        }
    }

    private S3Location record(String id) {
        if (!id.matches("[A-Za-z0-9-]{1,64}")) {
            throw new IllegalArgumentException("not a job id: " + id);
        }
        return prefix.resolve(id + ".json");
    }

    /** A record and when it was last written (its heartbeat). */
    public record Stored<V>(V record, Instant writtenAt) {}
}
