package io.stylesync.common.features;

import java.util.Locale;

/**
 * The per-image statistics whose distributions the monitoring service compares between the training
 * reference and live traffic. Each has a fixed histogram range so that histograms built anywhere line up;
 * values outside it (possible only for file size and aspect ratio) belong in the edge bins.
 * Definitions: {@link ImageFeatureExtractor}.
 */
public enum ImageFeature {
    /** Mean Rec.601 luma, 0..255. */
    BRIGHTNESS(0, 255),
    /** Standard deviation of luma (RMS contrast); 127.5 is the largest possible. */
    CONTRAST(0, 127.5),
    /** Mean HSV saturation, 0..1. */
    SATURATION(0, 1),
    /** Hasler and Suesstrunk's M; about 298 is the largest possible, photos rarely pass 150. */
    COLOURFULNESS(0, 300),
    /**
     * Centre (5, 15, ... 355 degrees) of the most populated 10-degree hue bin, or -1 when no pixel is
     * saturated and bright enough; with the range starting at -10, 37 bins of 10 give -1 a bin of its own.
     */
    DOMINANT_HUE(-10, 360),
    /** Width / height of the upright image. */
    ASPECT_RATIO(0, 4),
    /** Encoded size in KiB; the decoder accepts up to 20 MiB, but more than 2 MiB is rare enough to clamp. */
    FILE_SIZE_KB(0, 2048);

    private final double rangeMin;
    private final double rangeMax;

    ImageFeature(double rangeMin, double rangeMax) {
        this.rangeMin = rangeMin;
        this.rangeMax = rangeMax;
    }

    /** snake_case name used in JSON, metrics and stored reference statistics, e.g. {@code file_size_kb}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public double rangeMin() {
        return rangeMin;
    }

    public double rangeMax() {
        return rangeMax;
    }

    public static ImageFeature fromWireName(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}
