package io.stylesync.common.image;

/**
 * Upper bounds checked before any pixel is decoded, so a hostile or broken upload cannot exhaust memory.
 *
 * @param maxBytes     largest accepted encoded size
 * @param maxPixels    largest accepted width * height, read from the header
 * @param maxDimension largest accepted width or height
 */
public record DecodeLimits(long maxBytes, long maxPixels, int maxDimension) {

    public static final long DEFAULT_MAX_BYTES = 20L * 1024 * 1024;
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    public static final int DEFAULT_MAX_DIMENSION = 12_000;

    public DecodeLimits {
        if (maxBytes <= 0 || maxPixels <= 0 || maxDimension <= 0) {
            throw new IllegalArgumentException("decode limits must be positive: " + maxBytes + " bytes, " + maxPixels
                    + " pixels, " + maxDimension + " px per side");
        }
    }

    /** 20 MiB, 40 million pixels, 12,000 px per side. */
    public static DecodeLimits defaults() {
        return new DecodeLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_PIXELS, DEFAULT_MAX_DIMENSION);
    }
}
