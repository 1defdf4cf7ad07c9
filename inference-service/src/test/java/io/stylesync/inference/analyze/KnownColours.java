package io.stylesync.inference.analyze;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.RgbImage;
import io.stylesync.common.testing.SharedData;
import io.stylesync.inference.analyze.colour.ColourSpace;
import io.stylesync.inference.analyze.colour.Lab;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Issue 16 point 4b: skin of known CIELAB painted over the forehead and cheeks of real portraits (the zones the
 * analyser samples, grown by a margin so a slightly different detection still lands on paint), rendered neutral and
 * under each {@link Relighting}, and the analyser's ITA compared with the painted colour's. The tones run from
 * light to deep, Monk-scale-like (Lab values chosen along the skin locus, not the Monk scale's own).
 */
public final class KnownColours {

    public static final List<Lab> TONES = List.of(
            new Lab(80, 8, 16),
            new Lab(70, 11, 20),
            new Lab(60, 13, 22),
            new Lab(50, 14, 21),
            new Lab(40, 13, 17),
            new Lab(30, 10, 12));

    public static final List<String> PORTRAITS = List.of("biden.jpg", "obama.jpg", "grace_hopper.bmp", "32bit.png");

    /** Median and largest |ITA error| in the neutral rendering and under the re-renderings, and the pairs counted. */
    public record Figures(double neutralMedian, double relitMedian, double relitMax, int answers, int attempts) {

        public String summary() {
            return String.format(
                    "known colours (%d tones x %d portraits, neutral + %d re-renderings): |ITA error| median %.1f deg"
                            + " neutral, %.1f deg re-rendered (max %.1f); %d/%d renderings answered",
                    TONES.size(),
                    PORTRAITS.size(),
                    Relighting.ALL.size(),
                    neutralMedian,
                    relitMedian,
                    relitMax,
                    answers,
                    attempts);
        }
    }

    private KnownColours() {}

    public static Figures measure(ColourAnalyzer analyzer) throws Exception {
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        List<Double> neutral = new ArrayList<>();
        List<Double> relit = new ArrayList<>();
        int attempts = 0;
        for (String name : PORTRAITS) {
            RgbImage photo = decoder.decode(Files.readAllBytes(SharedData.require("datasets/faces/portraits/" + name)));
            ColourAnalysis.Box face = analyzer.analyze(photo).faceBox();
            for (Lab tone : TONES) {
                RgbImage painted = paint(photo, face, tone);
                double truth = ColourSpace.ita(tone);
                attempts++;
                ita(analyzer, painted).ifPresent(ita -> neutral.add(Math.abs(ita - truth)));
                for (Relighting r : Relighting.ALL) {
                    attempts++;
                    ita(analyzer, r.apply(painted)).ifPresent(ita -> relit.add(Math.abs(ita - truth)));
                }
            }
        }
        return new Figures(
                median(neutral),
                median(relit),
                relit.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                neutral.size() + relit.size(),
                attempts);
    }

    private static java.util.Optional<Double> ita(ColourAnalyzer analyzer, RgbImage image) {
        try {
            return java.util.Optional.of(analyzer.analyze(image).skinTone().ita());
        } catch (NoFaceFoundException e) {
            return java.util.Optional.empty();
        }
    }

    /** Forehead 0.25–0.75 × 0.08–0.28 and cheeks 0.12–0.40 / 0.60–0.88 × 0.48–0.74 of the box, in {@code tone}. */
    static RgbImage paint(RgbImage photo, ColourAnalysis.Box face, Lab tone) {
        int[] rgb = ColourSpace.labToRgb(tone);
        byte[] out = photo.rgb().clone();
        double[][] zones = {{0.25, 0.08, 0.75, 0.28}, {0.12, 0.48, 0.40, 0.74}, {0.60, 0.48, 0.88, 0.74}};
        for (double[] z : zones) {
            int x0 = Math.max(0, face.x() + (int) (z[0] * face.width()));
            int x1 = Math.min(photo.width(), face.x() + (int) (z[2] * face.width()));
            int y0 = Math.max(0, face.y() + (int) (z[1] * face.height()));
            int y1 = Math.min(photo.height(), face.y() + (int) (z[3] * face.height()));
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    int i = (y * photo.width() + x) * 3;
                    out[i] = (byte) rgb[0];
                    out[i + 1] = (byte) rgb[1];
                    out[i + 2] = (byte) rgb[2];
                }
            }
        }
        return new RgbImage(photo.width(), photo.height(), out);
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    static String describe(List<Lab> tones) {
        return Arrays.toString(tones.stream().mapToDouble(ColourSpace::ita).toArray());
    }
}
