package io.stylesync.training.augment;

/**
 * Training-time image augmentation; inference never augments.
 *
 * @param horizontalFlip mirror left-right with probability 1/2
 * @param minCropScale   random crop: a square-ish window covering a uniformly drawn fraction in
 *                       {@code [minCropScale, 1]} of the image's area (aspect 3/4..4/3), resized back to the input size;
 *                       1 = no crop
 * @param colourJitter   brightness, contrast and saturation each scaled by a factor drawn from
 *                       {@code [1 - colourJitter, 1 + colourJitter]}; 0 = none
 */
public record Augmentation(boolean horizontalFlip, float minCropScale, float colourJitter) {

    public Augmentation {
        if (!(minCropScale > 0 && minCropScale <= 1)) {
            throw new IllegalArgumentException("minCropScale must be in (0, 1]: " + minCropScale);
        }
        if (!(colourJitter >= 0 && colourJitter < 1)) {
            throw new IllegalArgumentException("colourJitter must be in [0, 1): " + colourJitter);
        }
    }

    public static Augmentation none() {
        return new Augmentation(false, 1f, 0f);
    }

    public boolean isNone() {
        return !horizontalFlip && minCropScale == 1f && colourJitter == 0f;
    }
}
