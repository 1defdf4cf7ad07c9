package io.stylesync.training.augment;

import io.stylesync.common.image.ImageResizer;
import io.stylesync.common.image.ResizePolicy;
import io.stylesync.common.image.RgbImage;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Applies an {@link Augmentation} to an already resized RGB image, before it becomes a tensor: crop (then resize
 * back with common's resampler), flip, colour jitter, in that order. Each draw comes from a generator seeded
 * with (seed, epoch, example index), so an example is augmented the same way in every run with the same seed,
 * whatever the batch size or the order of the batches. Thread-safe (stateless).
 */
public final class ImageAugmenter {

    private final Augmentation augmentation;
    private final long seed;

    public ImageAugmenter(Augmentation augmentation, long seed) {
        this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
        this.seed = seed;
    }

    public Augmentation augmentation() {
        return augmentation;
    }

    /** The augmented image, the same size as {@code image}; {@code image} itself when there is nothing to do. */
    public RgbImage apply(RgbImage image, int epoch, int example) {
        if (augmentation.isNone()) {
            return image;
        }
        SplittableRandom random = new SplittableRandom(mix(seed, epoch, example));
        RgbImage out = image;
        if (augmentation.minCropScale() < 1f) {
            out = randomCrop(out, random);
        }
        if (augmentation.horizontalFlip() && random.nextBoolean()) {
            out = flip(out);
        }
        if (augmentation.colourJitter() > 0f) {
            out = jitter(out, random);
        }
        return out;
    }

    private RgbImage randomCrop(RgbImage image, SplittableRandom random) {
        int w = image.width();
        int h = image.height();
        double area = w
                * (double) h
                * (augmentation.minCropScale() + random.nextDouble() * (1 - augmentation.minCropScale()));
        double aspect = Math.exp(Math.log(3.0 / 4) + random.nextDouble() * (Math.log(4.0 / 3) - Math.log(3.0 / 4)));
        int cw = (int) Math.min(w, Math.max(1, Math.round(Math.sqrt(area * aspect))));
        int ch = (int) Math.min(h, Math.max(1, Math.round(Math.sqrt(area / aspect))));
        int x0 = random.nextInt(w - cw + 1);
        int y0 = random.nextInt(h - ch + 1);
        byte[] src = image.rgb();
        byte[] crop = new byte[cw * ch * 3];
        for (int y = 0; y < ch; y++) {
            System.arraycopy(src, ((y0 + y) * w + x0) * 3, crop, y * cw * 3, cw * 3);
        }
        RgbImage cropped = new RgbImage(cw, ch, crop);
        return cw == w && ch == h ? cropped : ImageResizer.resize(cropped, w, h, ResizePolicy.STRETCH);
    }

    static RgbImage flip(RgbImage image) {
        int w = image.width();
        byte[] src = image.rgb();
        byte[] dst = new byte[src.length];
        for (int y = 0; y < image.height(); y++) {
            int row = y * w * 3;
            for (int x = 0; x < w; x++) {
                int s = row + x * 3;
                int d = row + (w - 1 - x) * 3;
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }
        return new RgbImage(w, image.height(), dst);
    }

    /** torchvision's ColorJitter order brightness, contrast, saturation; contrast pivots on the mean luma. */
    private RgbImage jitter(RgbImage image, SplittableRandom random) {
        float j = augmentation.colourJitter();
        float brightness = (float) (1 - j + random.nextDouble() * 2 * j);
        float contrast = (float) (1 - j + random.nextDouble() * 2 * j);
        float saturation = (float) (1 - j + random.nextDouble() * 2 * j);
        byte[] src = image.rgb();
        int pixels = src.length / 3;
        float[] px = new float[src.length];
        double lumaSum = 0;
        for (int i = 0; i < src.length; i += 3) {
            float r = (src[i] & 0xFF) * brightness;
            float g = (src[i + 1] & 0xFF) * brightness;
            float b = (src[i + 2] & 0xFF) * brightness;
            px[i] = clamp(r);
            px[i + 1] = clamp(g);
            px[i + 2] = clamp(b);
            lumaSum += luma(px[i], px[i + 1], px[i + 2]);
        }
        float meanLuma = (float) (lumaSum / pixels);
        byte[] dst = new byte[src.length];
        for (int i = 0; i < src.length; i += 3) {
            float r = clamp(meanLuma + (px[i] - meanLuma) * contrast);
            float g = clamp(meanLuma + (px[i + 1] - meanLuma) * contrast);
            float b = clamp(meanLuma + (px[i + 2] - meanLuma) * contrast);
            float grey = luma(r, g, b);
            dst[i] = (byte) Math.round(clamp(grey + (r - grey) * saturation));
            dst[i + 1] = (byte) Math.round(clamp(grey + (g - grey) * saturation));
            dst[i + 2] = (byte) Math.round(clamp(grey + (b - grey) * saturation));
        }
        return new RgbImage(image.width(), image.height(), dst);
    }

    private static float luma(float r, float g, float b) {
        return 0.299f * r + 0.587f * g + 0.114f * b;
    }

    private static float clamp(float v) {
        return v < 0 ? 0 : Math.min(v, 255f);
    }

    private static long mix(long seed, int epoch, int example) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + example * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
