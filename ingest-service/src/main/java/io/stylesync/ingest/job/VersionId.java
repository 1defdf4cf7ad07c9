package io.stylesync.ingest.job;

import io.stylesync.common.storage.StoredObject;
import io.stylesync.ingest.source.SourceImage;
import io.stylesync.ingest.source.SourceScan;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * A dataset version id: the SHA-256 of everything that determines the output, namely each input
 * object's key (relative to the source), ETag and size as S3 lists them, and every setting of
 * the job. The same inputs and settings give the same id, so re-ingesting is a no-op.
 */
final class VersionId {

    private VersionId() {}

    static String compute(IngestSpec spec, SourceScan scan, String preprocessingFingerprint) {
        List<StoredObject> inputs = new ArrayList<>();
        scan.metadata().ifPresent(inputs::add);
        scan.images().stream().map(SourceImage::object).forEach(inputs::add);
        scan.duplicateImages().stream().map(SourceImage::object).forEach(inputs::add);
        inputs.sort(Comparator.comparing(StoredObject::key));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            line(sha, "schema=2"); // 2: records carry the text columns; re-ingesting writes a version with them
            line(sha, "dataset=" + spec.dataset());
            line(sha, "layout=" + spec.layout().wireName());
            line(sha, "attributes=" + String.join(",", spec.targetAttributes()));
            line(sha, "stratifyBy=" + spec.stratifyBy());
            line(
                    sha,
                    "split=" + spec.splitRatios().train() + ","
                            + spec.splitRatios().val() + ","
                            + spec.splitRatios().test());
            line(sha, "seed=" + spec.seed());
            line(sha, "minClassCount=" + spec.minClassCount());
            line(sha, "preprocessing=" + preprocessingFingerprint);
            for (StoredObject o : inputs) {
                line(sha, o.location().relativeTo(spec.source()) + "\t" + o.etag() + "\t" + o.size());
            }
            return "v" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void line(MessageDigest sha, String s) {
        sha.update(s.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
    }
}
