package io.stylesync.inference.analyze;

import io.stylesync.inference.analyze.colour.LightingCorrection;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of {@code POST /api/v1/analyze}.
 *
 * @param colours           dominant colours reported for the outfit (k of k-means)
 * @param seed              k-means++ seed: the same image always gives the same colours
 * @param colourSamples     pixels clustered at most (an even subset of the outfit area)
 * @param detectMaxSide     the image is scaled down to this longer side for face detection
 * @param minNeighbors      Haar detections a face needs; fewer finds more faces and more false positives
 * @param minSkinShare      share of the sampled zones that must be skin for a detection to count as a face
 * @param minSkinPixels     fewest skin pixels a face must yield
 * @param maxImagePixels    decompression-bomb guard, from the image header before decoding
 * @param illuminant        how the light's colour is estimated before measuring skin (none, grey_world,
 *                          shades_of_grey, grey_edge)
 * @param zonesFromEyes     place the forehead and cheek zones from the eyes (OpenCV's eye cascades) when both are
 *                          found, else from the face box
 * @param skinTrimLower     share of each zone's skin pixels, darkest first, left out of the measurement (shadows)
 * @param skinTrimUpper     L* percentile (0–1) of each zone's skin pixels above which they are left out (highlights)
 */
@ConfigurationProperties("stylesync.analyze")
public record AnalyzeProperties(
        @DefaultValue("5") int colours,
        @DefaultValue("42") long seed,
        @DefaultValue("20000") int colourSamples,
        @DefaultValue("800") int detectMaxSide,
        @DefaultValue("2") int minNeighbors,
        @DefaultValue("0.3") double minSkinShare,
        @DefaultValue("50") int minSkinPixels,
        @DefaultValue("40000000") long maxImagePixels,
        @DefaultValue("SHADES_OF_GREY") LightingCorrection.Method illuminant,
        @DefaultValue("true") boolean zonesFromEyes,
        @DefaultValue("0.05") double skinTrimLower,
        @DefaultValue("0.95") double skinTrimUpper) {

    public AnalyzeProperties {
        if (colours < 1 || colours > 16) {
            throw new IllegalArgumentException("stylesync.analyze.colours must be between 1 and 16: " + colours);
        }
        if (illuminant == null) {
            throw new IllegalArgumentException("stylesync.analyze.illuminant must be set");
        }
        if (minSkinShare < 0 || minSkinShare > 1) {
            throw new IllegalArgumentException("stylesync.analyze.min-skin-share must be in [0, 1]: " + minSkinShare);
        }
        if (!(skinTrimLower >= 0 && skinTrimLower < skinTrimUpper && skinTrimUpper <= 1)) {
            throw new IllegalArgumentException("stylesync.analyze.skin-trim-lower and -upper must satisfy"
                    + " 0 <= lower < upper <= 1: " + skinTrimLower + ", " + skinTrimUpper);
        }
    }

    /** The same values as the {@code @DefaultValue}s, for code outside Spring (tests, benchmarks). */
    public static AnalyzeProperties defaults() {
        return new AnalyzeProperties(
                5,
                42,
                20_000,
                800,
                2,
                0.3,
                50,
                40_000_000L,
                LightingCorrection.Method.SHADES_OF_GREY,
                true,
                0.05,
                0.95);
    }
}
