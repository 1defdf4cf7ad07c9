package io.stylesync.ingest.processing;

import io.stylesync.common.dataset.DatasetPaths;
import io.stylesync.common.dataset.DatasetRecord;
import io.stylesync.common.features.ImageFeatureExtractor;
import io.stylesync.common.hash.Sha256;
import io.stylesync.common.image.DecodedImage;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImageEncoder;
import io.stylesync.common.image.ImageResizer;
import io.stylesync.common.image.InvalidImageException;
import io.stylesync.common.image.RgbImage;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.ObjectTooLargeException;
import io.stylesync.common.storage.StoredObject;
import io.stylesync.ingest.config.IngestProperties;
import org.springframework.stereotype.Component;

/**
 * One image: download, hash, decode and validate, measure its features, resize with the shared
 * resizer, re-encode as JPEG and upload. An image the previous version already processed from
 * the same bytes (same key, ETag and size) is copied server-side instead.
 */
@Component
public class ImageProcessor {

    private final ObjectStore store;
    private final ImageDecoder decoder;
    private final long maxImageBytes;

    public ImageProcessor(ObjectStore store, ImageDecoder decoder, IngestProperties props) {
        this.store = store;
        this.decoder = decoder;
        this.maxImageBytes = props.maxImageBytes().toBytes();
    }

    public ProcessingOutcome process(LabelledImage item, OutputSpec out) {
        StoredObject source = item.image().object();
        String outputKey = DatasetPaths.imageKey(item.id());
        DatasetRecord previous = out.previousBySourceKey().get(source.key());
        if (previous != null
                && previous.sourceEtag().equals(source.etag())
                && previous.sourceBytes() == source.size()) {
            store.copy(
                    out.previousVersionPrefix().resolve(previous.key()),
                    out.versionPrefix().resolve(outputKey));
            DatasetRecord reused = new DatasetRecord(
                    item.id(),
                    null,
                    item.labels(),
                    item.text(),
                    outputKey,
                    previous.sha256(),
                    source.key(),
                    source.etag(),
                    source.size(),
                    previous.width(),
                    previous.height(),
                    previous.features());
            return new ProcessingOutcome.Accepted(reused, true, 0, 0);
        }
        if (source.size() == 0) {
            return reject(item, RejectReason.EMPTY, "the object is empty (0 bytes)", 0);
        }
        if (source.size() > maxImageBytes) {
            return reject(
                    item,
                    RejectReason.TOO_LARGE_BYTES,
                    "the object is " + source.size() + " bytes; the limit is " + maxImageBytes,
                    0);
        }
        byte[] bytes;
        try {
            bytes = store.readAllBytes(source.location(), maxImageBytes);
        } catch (ObjectTooLargeException e) {
            return reject(item, RejectReason.TOO_LARGE_BYTES, e.getMessage(), 0);
        }
        DecodedImage decodedSource;
        try {
            decodedSource = decoder.decodeDetailed(bytes);
        } catch (InvalidImageException e) {
            return reject(item, RejectReason.of(e.reason()), e.getMessage(), bytes.length);
        }
        RgbImage decoded = decodedSource.image();
        var features = ImageFeatureExtractor.extract(decoded, bytes.length).asMap();
        byte[] jpeg = storedBytes(decodedSource, bytes, out);
        store.put(out.versionPrefix().resolve(outputKey), jpeg, "image/jpeg");
        DatasetRecord record = new DatasetRecord(
                item.id(),
                null,
                item.labels(),
                item.text(),
                outputKey,
                Sha256.hex(bytes),
                source.key(),
                source.etag(),
                source.size(),
                decoded.width(),
                decoded.height(),
                features);
        return new ProcessingOutcome.Accepted(record, false, bytes.length, jpeg.length);
    }

    /**
     * The processed image's bytes. A plain JPEG already at the target size is kept as it came:
     * resizing would be the identity, and re-encoding would only lose quality (and time).
     */
    private static byte[] storedBytes(DecodedImage source, byte[] original, OutputSpec out) {
        RgbImage image = source.image();
        if (source.plainJpeg() && image.width() == out.size() && image.height() == out.size()) {
            return original;
        }
        return ImageEncoder.jpeg(ImageResizer.resize(image, out.size(), out.size(), out.resize()), out.jpegQuality());
    }

    private static ProcessingOutcome reject(LabelledImage item, RejectReason reason, String detail, long bytesRead) {
        return new ProcessingOutcome.Rejected(
                new ImageRejection(item.id(), item.image().key(), reason, detail), bytesRead);
    }
}
