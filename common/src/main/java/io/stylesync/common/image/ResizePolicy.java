package io.stylesync.common.image;

/** How a decoded image is brought to the model's input size. */
public enum ResizePolicy {
    /** Scale each axis independently to the target; the aspect ratio is not kept. */
    STRETCH,
    /**
     * Scale so the target is covered and cut the overflow equally from both sides; the same as
     * {@code PIL.ImageOps.fit(img, size, BILINEAR)} (resampling straight from a fractional centred box).
     */
    CENTER_CROP,
    /**
     * Scale to fit inside the target and fill the rest with white; the same as
     * {@code PIL.ImageOps.pad(img, size, BILINEAR, color="white")}.
     */
    PAD
}
