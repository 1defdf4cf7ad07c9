package io.stylesync.inference.analyze;

import io.stylesync.inference.analyze.colour.LightingCorrection;
import io.stylesync.inference.analyze.skin.SkinSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How far an answer can be trusted, from what made the lighting evaluation (docs/analyze.md) go wrong: a strongly
 * coloured light (the correction removes most of a cast but not all), a dark photo (brightening it magnifies noise
 * and JPEG quantisation), an overexposed face (clipped skin has lost its colour), uneven light across the face
 * (forehead and cheeks disagree), a small face and few skin pixels. The confidence is the product of one factor per cause, each 1 when that cause is absent; any cause past
 * its limit makes the answer unreliable, with a reason saying which.
 */
final class ReliabilityCheck {

    /** Faces narrower than this get {@code face_too_small} (issue 16: below 80 px the skin sample is a guess). */
    static final int MIN_FACE_WIDTH = 80;

    /** Estimated light this coloured (max/min of its linear channels) or more: {@code light_too_coloured}. */
    static final double MAX_CAST = 2.5;

    /** Exposure gain above this (the photo was brightened more than 3×, linear): {@code too_dark}. */
    static final double MAX_EXPOSURE_GAIN = 3;

    /** Median skin L* under this as uploaded: {@code too_dark}. */
    static final double MIN_SKIN_LIGHTNESS = 20;

    /** Forehead and cheeks differing by more L* than this: {@code too_uneven}. */
    static final double MAX_ZONE_SPREAD = 20;

    /** More of the skin zones clipped (a channel at 250 or more, as uploaded) than this: {@code too_bright}. */
    static final double MAX_CLIPPED_SHARE = 0.05;

    /** Fewer skin pixels than this: {@code too_few_skin_pixels}. */
    static final int MIN_SKIN_PIXELS = 300;

    private ReliabilityCheck() {}

    static ColourAnalysis.Reliability assess(
            int faceWidth,
            SkinSampler.Sample skin,
            SkinSampler.Sample uploaded,
            LightingCorrection.Result light,
            Double uncorrectedLightness) {
        List<ColourAnalysis.Reason> reasons = new ArrayList<>();
        double confidence = 1;

        confidence *= Math.min(1, faceWidth / (2.0 * MIN_FACE_WIDTH));
        if (faceWidth < MIN_FACE_WIDTH) {
            reasons.add(new ColourAnalysis.Reason(
                    "face_too_small",
                    "The face is " + faceWidth + " px wide, under " + MIN_FACE_WIDTH
                            + " px: too few pixels to read skin colour reliably; use a closer photo."));
        }

        confidence *= Math.min(1, 1.5 / light.cast());
        if (light.cast() >= MAX_CAST) {
            reasons.add(new ColourAnalysis.Reason(
                    "light_too_coloured",
                    String.format(
                            Locale.ROOT,
                            "The light is strongly coloured (channel ratio %.1f); the correction is approximate."
                                    + " Use daylight or white light.",
                            light.cast())));
        }

        double gain = light.exposure();
        confidence *= gain > 1.5 ? Math.min(1, 1.5 / gain) : 1;
        boolean dark =
                gain > MAX_EXPOSURE_GAIN || (uncorrectedLightness != null && uncorrectedLightness < MIN_SKIN_LIGHTNESS);
        if (dark) {
            reasons.add(new ColourAnalysis.Reason(
                    "too_dark",
                    String.format(
                            Locale.ROOT,
                            "The photo is dark (brightened %.1f times, skin L* %.0f as uploaded); use more light.",
                            gain,
                            uncorrectedLightness == null ? Double.NaN : uncorrectedLightness)));
        }

        double clipped = uploaded.clippedShare();
        confidence *= Math.max(0, 1 - 4 * clipped);
        if (clipped > MAX_CLIPPED_SHARE) {
            reasons.add(new ColourAnalysis.Reason(
                    "too_bright",
                    String.format(
                            Locale.ROOT,
                            "%.0f %% of the skin is overexposed (clipped), its colour is lost; use less light.",
                            100 * clipped)));
        }

        double spread = skin.zoneLightnessSpread();
        confidence *= Math.min(1, 10 / Math.max(10, spread));
        if (spread > MAX_ZONE_SPREAD) {
            reasons.add(new ColourAnalysis.Reason(
                    "too_uneven",
                    String.format(
                            Locale.ROOT,
                            "The light on the face is uneven (forehead and cheeks differ by %.0f L*); face the light.",
                            spread)));
        }

        confidence *= Math.min(1, skin.skinPixels() / (double) MIN_SKIN_PIXELS);
        if (skin.skinPixels() < MIN_SKIN_PIXELS) {
            reasons.add(new ColourAnalysis.Reason(
                    "too_few_skin_pixels",
                    "Only " + skin.skinPixels() + " skin pixels were sampled, under " + MIN_SKIN_PIXELS + "."));
        }
        return new ColourAnalysis.Reliability(Math.round(confidence * 100) / 100.0, reasons.isEmpty(), reasons);
    }
}
