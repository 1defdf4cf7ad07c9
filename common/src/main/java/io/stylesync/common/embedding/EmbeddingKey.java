package io.stylesync.common.embedding;

import io.stylesync.common.hash.Sha256;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything a backbone embedding of a dataset image depends on: the dataset version (its images), the
 * backbone file's SHA-256 (a fine-tuned backbone has its own) and the preprocessing fingerprint. Training and
 * inference name the same embeddings with the same key, so one computes what the other reads.
 */
public record EmbeddingKey(String datasetVersion, String backboneSha256, String preprocessingFingerprint) {

    /** Prefix of the shared copies in the bucket: {@code embeddings/<dataset-version>/<backbone>-<prep>.bin}. */
    public static final String ROOT = "embeddings/";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public EmbeddingKey {
        requireSafe("dataset version", datasetVersion);
        requireSafe("backbone SHA-256", backboneSha256);
        Objects.requireNonNull(preprocessingFingerprint, "preprocessing fingerprint");
        if (preprocessingFingerprint.isBlank()) {
            throw new IllegalArgumentException("the preprocessing fingerprint is blank");
        }
    }

    /** The key relative to a cache root: {@code <dataset-version>/<backbone-sha256>-<16 hex of the fingerprint>.bin}. */
    public String relativePath() {
        return datasetVersion + "/" + backboneSha256 + "-" + preprocessingDigest() + ".bin";
    }

    /** The object key of the shared copy. */
    public String objectKey() {
        return ROOT + relativePath();
    }

    /** The fingerprint is free text ({@code ;}, {@code =}, {@code /}): names use the start of its SHA-256. */
    String preprocessingDigest() {
        return Sha256.hex(preprocessingFingerprint).substring(0, 16);
    }

    private static void requireSafe(String what, String value) {
        Objects.requireNonNull(value, what);
        if (!SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "a " + what + " in an embedding key is 1-128 characters of [A-Za-z0-9._-], not starting with"
                            + " '.', '_' or '-': " + value);
        }
    }
}
