package io.stylesync.common.embedding;

import io.stylesync.common.embedding.EmbeddingFile.CorruptEmbeddingFileException;
import io.stylesync.common.storage.ObjectNotFoundException;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.storage.StorageUnavailableException;
import io.stylesync.common.storage.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Backbone embeddings of dataset versions, computed once per {@link EmbeddingKey} and then read: a local
 * directory, and the bucket every service reaches ({@code embeddings/<dataset-version>/<backbone>-<prep>.bin}),
 * where training shares what it computed so inference's catalogue need not compute it again. Both tiers hold the
 * same {@link EmbeddingFile} bytes. It is a cache: a missing, damaged or unreachable copy is a miss (logged), never
 * an error, and the next save replaces it.
 */
public final class EmbeddingCache {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingCache.class);

    private final Path dir;
    private final ObjectStore store;
    private final String bucket;

    /** A local cache only. */
    public EmbeddingCache(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.store = null;
        this.bucket = null;
    }

    /** A local cache in front of the shared copies in {@code bucket}. */
    public EmbeddingCache(Path dir, ObjectStore store, String bucket) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.store = Objects.requireNonNull(store, "store");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
    }

    /** The local copy, else the shared one (kept locally for next time), else empty. */
    public Optional<Embeddings> load(EmbeddingKey key) {
        Optional<Embeddings> local = readLocal(key);
        if (local.isPresent() || store == null) {
            return local;
        }
        return readShared(key);
    }

    /** Writes the local copy. */
    public void save(EmbeddingKey key, Embeddings embeddings) {
        try {
            EmbeddingFile.write(file(key), key, embeddings);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write embedding cache file " + file(key), e);
        }
    }

    /**
     * Writes the local copy and uploads it for the other services.
     *
     * @return whether the shared copy was written (an unreachable store is logged, not thrown: the embeddings
     *     are still cached locally)
     */
    public boolean share(EmbeddingKey key, Embeddings embeddings) {
        save(key, embeddings);
        if (store == null) {
            return false;
        }
        try {
            store.upload(S3Location.of(bucket, key.objectKey()), file(key), "application/octet-stream");
            return true;
        } catch (StorageUnavailableException | SdkException e) {
            log.warn("embeddings {} not shared ({}): other services will compute them again", key, e.getMessage());
            return false;
        }
    }

    /**
     * Uploads the local copy unless the bucket already holds one: embeddings cached while the store was
     * unreachable, or before they were shared at all, still reach the other services.
     */
    public boolean ensureShared(EmbeddingKey key) {
        if (store == null || !Files.isRegularFile(file(key))) {
            return false;
        }
        S3Location location = S3Location.of(bucket, key.objectKey());
        try {
            if (!store.exists(location)) {
                store.upload(location, file(key), "application/octet-stream");
            }
            return true;
        } catch (StorageUnavailableException | SdkException e) {
            log.warn("embeddings {} not shared ({}): other services will compute them again", key, e.getMessage());
            return false;
        }
    }

    public Path file(EmbeddingKey key) {
        return dir.resolve(key.relativePath());
    }

    /** Where the shared copy of {@code key} lives; empty for a local-only cache. */
    public Optional<S3Location> location(EmbeddingKey key) {
        return store == null ? Optional.empty() : Optional.of(S3Location.of(bucket, key.objectKey()));
    }

    private Optional<Embeddings> readLocal(EmbeddingKey key) {
        Path file = file(key);
        try {
            return Optional.of(EmbeddingFile.read(file, key));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (CorruptEmbeddingFileException e) {
            log.warn("ignoring embedding cache file {}: {}", file, e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read embedding cache file " + file, e);
        }
    }

    private Optional<Embeddings> readShared(EmbeddingKey key) {
        S3Location location = S3Location.of(bucket, key.objectKey());
        Embeddings embeddings;
        try {
            Optional<StoredObject> object = store.head(location);
            if (object.isEmpty()) {
                return Optional.empty();
            }
            try (InputStream in = store.open(location)) {
                embeddings = EmbeddingFile.read(in, key, object.get().size());
            }
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        } catch (CorruptEmbeddingFileException e) {
            log.warn("ignoring shared embeddings {}: {}", location, e.getMessage());
            return Optional.empty();
        } catch (IOException | StorageUnavailableException | SdkException e) {
            log.warn("shared embeddings {} unreadable ({}): computing them", location, e.getMessage());
            return Optional.empty();
        }
        save(key, embeddings);
        return Optional.of(embeddings);
    }
}
