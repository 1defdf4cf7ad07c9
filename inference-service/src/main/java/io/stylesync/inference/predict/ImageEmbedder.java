package io.stylesync.inference.predict;

import io.stylesync.common.features.ImageFeatureExtractor;
import io.stylesync.common.features.ImageFeatures;
import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.DecodedImage;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.image.InvalidImageException;
import io.stylesync.common.image.RgbImage;
import io.stylesync.inference.batching.DynamicBatcher;
import io.stylesync.inference.batching.Embedding;
import io.stylesync.inference.model.ModelRole;
import io.stylesync.inference.model.ModelSlots;
import io.stylesync.inference.model.ServingModel;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Upload bytes to a backbone embedding: decode (common's decoder: EXIF-upright RGB, bomb and
 * truncation checks), the image features monitoring compares with the training reference, the
 * model's own preprocessing, then a place in a dynamic batch.
 */
@Component
public class ImageEmbedder {

    private final ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
    private final ModelSlots slots;
    private final DynamicBatcher batcher;

    public ImageEmbedder(ModelSlots slots, DynamicBatcher batcher) {
        this.slots = slots;
        this.batcher = batcher;
    }

    public DecodedImage decode(byte[] bytes, String what) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidImageException(InvalidImageException.Reason.EMPTY, "the upload is empty").toProblem(what);
        }
        try {
            return decoder.decodeDetailed(bytes);
        } catch (InvalidImageException e) {
            throw e.toProblem(what);
        }
    }

    /**
     * Embeds the upload with the model of {@code role} and hands the result to {@code use} while that
     * model is still held, so a concurrent swap cannot close it underneath.
     */
    public <T> T embed(byte[] bytes, String what, ModelRole role, Function<EmbeddedImage, T> use) {
        long t0 = System.nanoTime();
        DecodedImage decoded = decode(bytes, what);
        ImageFeatures features = ImageFeatureExtractor.extract(decoded.image(), bytes.length);
        long decodeNanos = System.nanoTime() - t0;
        ServingModel model = slots.acquire(role);
        try {
            long t1 = System.nanoTime();
            ImagePreprocessor pre = model.preprocessor();
            RgbImage resized = pre.resize(decoded.image());
            float[] tensor = pre.toTensor(resized);
            long preprocessNanos = System.nanoTime() - t1;
            Embedding embedding = batcher.embed(model, tensor);
            return use.apply(
                    new EmbeddedImage(decoded, bytes.length, features, model, embedding, decodeNanos, preprocessNanos));
        } finally {
            model.release();
        }
    }
}
