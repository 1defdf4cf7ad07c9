package io.stylesync.common.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * StyleSync's view of S3: the few operations the services need, over AWS SDK v2, identical
 * against AWS S3, MinIO and the embedded server. Large objects stream (multipart upload in
 * {@code partSize} chunks, streaming GET); only {@link #readAllBytes} buffers, and it refuses
 * objects above the caller's limit. Retries with backoff happen inside the SDK client; what
 * still fails surfaces as {@link StorageUnavailableException} or {@link ObjectNotFoundException}.
 */
public class ObjectStore {

    private final S3Client s3;
    private final long multipartThreshold;
    private final int partSize;

    public ObjectStore(S3Client s3, StorageProperties props) {
        this.s3 = s3;
        this.multipartThreshold = props.multipartThreshold().toBytes();
        this.partSize = Math.toIntExact(props.partSize().toBytes());
    }

    public boolean bucketExists(String bucket) {
        return call("check bucket " + bucket, () -> {
            try {
                s3.headBucket(b -> b.bucket(bucket));
                return true;
            } catch (NoSuchBucketException e) {
                return false;
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return false;
                }
                throw e;
            }
        });
    }

    public void ensureBucket(String bucket) {
        if (!bucketExists(bucket)) {
            call("create bucket " + bucket, () -> {
                try {
                    return s3.createBucket(b -> b.bucket(bucket));
                } catch (BucketAlreadyOwnedByYouException e) {
                    return null; // created concurrently by another caller
                }
            });
        }
    }

    /**
     * All objects under a prefix, lazily paginated, in key order. Each page is fetched through the
     * same error mapping as every other call, so a failure mid-listing surfaces as a
     * {@link StorageUnavailableException} too.
     */
    public Stream<StoredObject> list(S3Location prefix) {
        Iterator<StoredObject> pages = new Iterator<>() {
            private Iterator<S3Object> page = java.util.Collections.emptyIterator();
            private String continuation;
            private boolean more = true;

            @Override
            public boolean hasNext() {
                while (!page.hasNext() && more) {
                    var response = call(
                            "list " + prefix,
                            () -> s3.listObjectsV2(b -> b.bucket(prefix.bucket())
                                    .prefix(prefix.key())
                                    .continuationToken(continuation)));
                    page = response.contents().iterator();
                    continuation = response.nextContinuationToken();
                    more = Boolean.TRUE.equals(response.isTruncated()) && continuation != null;
                }
                return page.hasNext();
            }

            @Override
            public StoredObject next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return toStored(prefix.bucket(), page.next());
            }
        };
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** Keys one level below a prefix ("folders"), as full prefixes ending in '/'. */
    public List<S3Location> listFolders(S3Location prefix) {
        S3Location p = prefix.asPrefix();
        return call(
                "list " + p,
                () -> s3
                        .listObjectsV2Paginator(
                                b -> b.bucket(p.bucket()).prefix(p.key()).delimiter("/"))
                        .commonPrefixes()
                        .stream()
                        .map(cp -> new S3Location(p.bucket(), cp.prefix()))
                        .toList());
    }

    /** True when at least one object exists under the prefix. */
    public boolean hasAnyUnder(S3Location prefix) {
        return call(
                "list " + prefix,
                () -> s3.listObjectsV2(b -> b.bucket(prefix.bucket())
                                        .prefix(prefix.key())
                                        .maxKeys(1))
                                .keyCount()
                        > 0);
    }

    public Optional<StoredObject> head(S3Location location) {
        return call("head " + location, () -> {
            try {
                var r = s3.headObject(b -> b.bucket(location.bucket()).key(location.key()));
                return Optional.of(new StoredObject(location, r.contentLength(), unquote(r.eTag()), r.lastModified()));
            } catch (NoSuchKeyException e) {
                return Optional.empty();
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    public boolean exists(S3Location location) {
        return head(location).isPresent();
    }

    /** Opens a streaming GET; the caller closes the stream. */
    public InputStream open(S3Location location) {
        return call("get " + location, () -> {
            try {
                return s3.getObject(b -> b.bucket(location.bucket()).key(location.key()));
            } catch (NoSuchKeyException | NoSuchBucketException e) {
                throw new ObjectNotFoundException("no object at " + location);
            }
        });
    }

    /**
     * Reads a small object whole. Refuses (without reading the body) objects larger than
     * {@code maxBytes}, so a huge object cannot exhaust the heap.
     */
    public byte[] readAllBytes(S3Location location, long maxBytes) {
        return call("get " + location, () -> {
            try (ResponseInputStream<GetObjectResponse> in =
                    s3.getObject(b -> b.bucket(location.bucket()).key(location.key()))) {
                long length = in.response().contentLength() == null
                        ? -1
                        : in.response().contentLength();
                if (length > maxBytes) {
                    in.abort();
                    throw new ObjectTooLargeException(location, length, maxBytes);
                }
                byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
                if (bytes.length > maxBytes) {
                    in.abort();
                    throw new ObjectTooLargeException(location, bytes.length, maxBytes);
                }
                return bytes;
            } catch (NoSuchKeyException | NoSuchBucketException e) {
                throw new ObjectNotFoundException("no object at " + location);
            } catch (IOException e) {
                throw SdkClientException.create("reading " + location + " failed", e);
            }
        });
    }

    public void put(S3Location location, byte[] bytes, String contentType) {
        call(
                "put " + location,
                () -> s3.putObject(
                        b -> b.bucket(location.bucket()).key(location.key()).contentType(contentType),
                        RequestBody.fromBytes(bytes)));
    }

    /**
     * Writes an object only if no object exists at that key ({@code If-None-Match: *}, a conditional write that
     * AWS S3, MinIO and S3Proxy evaluate atomically); false when one already exists.
     */
    public boolean putIfAbsent(S3Location location, byte[] bytes, String contentType) {
        try {
            s3.putObject(
                    b -> b.bucket(location.bucket())
                            .key(location.key())
                            .contentType(contentType)
                            .ifNoneMatch("*"),
                    RequestBody.fromBytes(bytes));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false; // 412 PreconditionFailed; AWS answers 409 to a concurrent conditional write
            }
            return call("put-if-absent " + location, () -> {
                throw e;
            });
        } catch (SdkException e) {
            return call("put-if-absent " + location, () -> {
                throw e;
            });
        }
    }

    /** Uploads a file, as one PUT below the multipart threshold and in parts above it. */
    public void upload(S3Location location, Path file, String contentType) {
        try {
            long size = Files.size(file);
            if (size < multipartThreshold) {
                call(
                        "put " + location,
                        () -> s3.putObject(
                                b -> b.bucket(location.bucket())
                                        .key(location.key())
                                        .contentType(contentType),
                                RequestBody.fromFile(file)));
            } else {
                try (InputStream in = Files.newInputStream(file)) {
                    uploadMultipart(location, in, contentType);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Uploads a stream of unknown length with bounded memory: one part buffer of {@code partSize}.
     * A failed upload is aborted so no parts are left behind.
     */
    public void upload(S3Location location, InputStream in, String contentType) {
        try {
            byte[] first = in.readNBytes((int) Math.min(multipartThreshold, partSize));
            if (first.length < partSize) {
                put(location, first, contentType);
                return;
            }
            uploadMultipart(
                    location,
                    new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(first), in),
                    contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read upload stream for " + location, e);
        }
    }

    private void uploadMultipart(S3Location location, InputStream in, String contentType) throws IOException {
        String uploadId = call(
                "start multipart upload " + location,
                () -> s3.createMultipartUpload(b ->
                                b.bucket(location.bucket()).key(location.key()).contentType(contentType))
                        .uploadId());
        List<CompletedPart> parts = new ArrayList<>();
        try {
            byte[] buffer = new byte[partSize];
            int partNumber = 1;
            int read;
            while ((read = in.readNBytes(buffer, 0, partSize)) > 0) {
                int number = partNumber++;
                int length = read;
                String etag = call(
                        "upload part " + number + " of " + location,
                        () -> s3.uploadPart(
                                        b -> b.bucket(location.bucket())
                                                .key(location.key())
                                                .uploadId(uploadId)
                                                .partNumber(number),
                                        RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, length)))
                                .eTag());
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            call(
                    "complete multipart upload " + location,
                    () -> s3.completeMultipartUpload(b -> b.bucket(location.bucket())
                            .key(location.key())
                            .uploadId(uploadId)
                            .multipartUpload(CompletedMultipartUpload.builder()
                                    .parts(parts)
                                    .build())));
        } catch (RuntimeException | IOException e) {
            try {
                s3.abortMultipartUpload(
                        b -> b.bucket(location.bucket()).key(location.key()).uploadId(uploadId));
            } catch (SdkException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
    }

    /** Streams an object to a file; the file appears only when complete. */
    public void download(S3Location location, Path target) {
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        try (InputStream in = open(location)) {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StorageUnavailableException("downloading " + location + " failed: " + e.getMessage(), e);
        }
    }

    /** Server-side copy: the bytes never pass through this process. */
    public void copy(S3Location from, S3Location to) {
        call(
                "copy " + from + " to " + to,
                () -> s3.copyObject(b -> b.sourceBucket(from.bucket())
                        .sourceKey(from.key())
                        .destinationBucket(to.bucket())
                        .destinationKey(to.key())));
    }

    public void delete(S3Location location) {
        call(
                "delete " + location,
                () -> s3.deleteObject(b -> b.bucket(location.bucket()).key(location.key())));
    }

    /** Deletes every object under a prefix in batches of 1000; returns how many. */
    public int deleteAll(S3Location prefix) {
        List<ObjectIdentifier> batch = new ArrayList<>();
        int[] deleted = {0};
        try (Stream<StoredObject> objects = list(prefix)) {
            objects.forEach(o -> {
                batch.add(ObjectIdentifier.builder().key(o.key()).build());
                if (batch.size() == 1000) {
                    deleted[0] += deleteBatch(prefix.bucket(), batch);
                }
            });
        }
        if (!batch.isEmpty()) {
            deleted[0] += deleteBatch(prefix.bucket(), batch);
        }
        return deleted[0];
    }

    private int deleteBatch(String bucket, List<ObjectIdentifier> batch) {
        List<ObjectIdentifier> ids = List.copyOf(batch);
        batch.clear();
        call(
                "delete " + ids.size() + " objects in " + bucket,
                () -> s3.deleteObjects(b -> b.bucket(bucket)
                        .delete(Delete.builder().objects(ids).quiet(true).build())));
        return ids.size();
    }

    private static StoredObject toStored(String bucket, S3Object o) {
        return new StoredObject(new S3Location(bucket, o.key()), o.size(), unquote(o.eTag()), o.lastModified());
    }

    private static String unquote(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }

    private static <T> T call(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (NoSuchBucketException e) {
            throw new ObjectNotFoundException("bucket does not exist (" + what + ")");
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new ObjectNotFoundException("not found: " + what);
            }
            if (e.statusCode() == 403) {
                throw new StorageUnavailableException("access denied by object storage: " + what, e);
            }
            throw new StorageUnavailableException(
                    what + " failed: " + e.awsErrorDetails().errorMessage(), e);
        } catch (SdkException e) {
            throw new StorageUnavailableException(what + " failed after retries: " + e.getMessage(), e);
        }
    }
}
