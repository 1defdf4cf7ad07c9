package io.stylesync.inference.analyze;

import io.stylesync.inference.analyze.colour.DominantColours;
import io.stylesync.inference.analyze.colour.Lab;
import io.stylesync.inference.analyze.palette.Palette;
import java.util.List;

/**
 * The colour analysis of a portrait: where the face is, which pixels were sampled as skin, the skin tone,
 * undertone and season derived from them, the palette recommended for that season and the outfit's dominant
 * colours. All coordinates are pixels of the upright image, origin top left.
 */
public record ColourAnalysis(
        ImageSize image,
        Box faceBox,
        int facesDetected,
        SampledRegion sampledRegion,
        int skinPixels,
        SkinTone skinTone,
        UndertoneResult undertone,
        Uncorrected uncorrected,
        Lighting lighting,
        Reliability reliability,
        Double contrast,
        String season,
        Palette palette,
        OutfitColours outfit,
        Timings timingsMs) {

    public record ImageSize(int width, int height) {}

    public record Box(int x, int y, int width, int height) {}

    /** A sampled zone ({@code forehead}, {@code left_cheek}, {@code right_cheek}) in image pixels. */
    public record Zone(String name, int x, int y, int width, int height) {}

    /**
     * The zones searched for skin, what placed them ({@code eyes} when both eyes were found, else {@code face_box}),
     * their pixel count, and how many of those pixels the classifier kept.
     */
    public record SampledRegion(
            List<Zone> zones, String placedBy, int regionPixels, int skinPixels, double skinShare) {}

    /** ITA° and its category on the median skin colour, which is also given as Lab and hex. */
    public record SkinTone(double ita, String category, Lab lab, String hex) {}

    /** warm / cool / neutral and the Lab hue angle it was read from. */
    public record UndertoneResult(String label, double hue) {}

    /** Dominant colours of {@code region} ({@code source}: {@code below_face} or {@code whole_image}). */
    public record OutfitColours(String source, Box region, List<DominantColours.Colour> dominantColours) {}

    /** The skin measured on the photo as uploaded, before the lighting correction; null when it shows no skin. */
    public record Uncorrected(double ita, String category, String undertone, Lab lab) {}

    /**
     * The lighting correction applied before measuring: the method, the gain on each linear R, G, B channel, how
     * coloured the estimated light was (max/min of its channels, 1 = grey) and the overall exposure gain.
     */
    public record Lighting(String method, double[] gains, double cast, double exposure) {}

    /**
     * How far the answer can be trusted: {@code confidence} 0–1, and {@code reliable} false with the reasons when
     * the light was too coloured, too dark or too uneven, the face too small or the skin sample too thin.
     */
    public record Reliability(double confidence, boolean reliable, List<Reason> reasons) {}

    /** Why an answer is unreliable: a stable code and a sentence for the user. */
    public record Reason(String code, String detail) {}

    public record Timings(double detect, double skin, double colours, double total) {}
}
