package io.stylesync.common.storage;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A bucket plus a key (or key prefix). Keys that users supply are validated here so that no
 * request can climb out of its prefix ({@code ..}), smuggle control characters, or address
 * another bucket through an absolute path.
 */
public record S3Location(String bucket, String key) {

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final int MAX_KEY_BYTES = 1024;

    public S3Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new InvalidLocationException(
                    "invalid bucket name '" + bucket + "': 3-63 characters of lower-case letters, digits, '.' and '-'");
        }
        validateKey(key);
    }

    /** Parses {@code s3://bucket/prefix}; the prefix may be empty. */
    public static S3Location parse(String uri) {
        if (uri == null || !uri.startsWith("s3://")) {
            throw new InvalidLocationException("expected an s3://bucket/prefix URI, got '" + uri + "'");
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        return slash < 0
                ? new S3Location(rest, "")
                : new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    public static S3Location of(String bucket, String key) {
        return new S3Location(bucket, key);
    }

    /** This location treated as a folder: the key ends with '/' unless it is the bucket root. */
    public S3Location asPrefix() {
        return key.isEmpty() || key.endsWith("/") ? this : new S3Location(bucket, key + "/");
    }

    /** Appends a relative path below this location, validating it like any user key. */
    public S3Location resolve(String relative) {
        validateKey(relative);
        return new S3Location(bucket, asPrefix().key + relative);
    }

    /** The key relative to the given prefix location, which must contain this one. */
    public String relativeTo(S3Location prefix) {
        String p = prefix.asPrefix().key;
        if (!bucket.equals(prefix.bucket) || !key.startsWith(p)) {
            throw new IllegalArgumentException(this + " is not under " + prefix);
        }
        return key.substring(p.length());
    }

    /** The last path segment of the key. */
    public String fileName() {
        String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        return k.substring(k.lastIndexOf('/') + 1);
    }

    private static void validateKey(String key) {
        if (key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new InvalidLocationException("object key longer than " + MAX_KEY_BYTES + " bytes");
        }
        if (key.startsWith("/")) {
            throw new InvalidLocationException("object key must be relative, got '" + key + "'");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new InvalidLocationException("object key contains a control character or backslash");
            }
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new InvalidLocationException("object key must not contain '.' or '..' segments: '" + key + "'");
            }
        }
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
