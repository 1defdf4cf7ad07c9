package io.stylesync.inference.analyze;

import io.stylesync.common.image.DecodeLimits;
import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.RgbImage;
import io.stylesync.common.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The lighting evaluation of issue 16: every portrait and annotated photo of {@code ../shared/datasets/faces} whose
 * neutral rendering yields a face, re-rendered under each {@link Relighting}, through the real analyser. Compared
 * with the same photo's neutral answer: face found, ITA within ±{@value #ITA_TOLERANCE}°, category and undertone
 * unchanged. Also the documented order of skin tones: biden.jpg lighter (higher ITA) than obama.jpg.
 */
public final class LightingInvariance {

    public static final double ITA_TOLERANCE = 6;

    /** One photo under one lighting: its answer, or empty when no face was found. */
    public record Answer(String photo, String lighting, Optional<ColourAnalysis> analysis) {}

    /** The shares over all (photo, re-rendering) pairs whose neutral rendering has a face. */
    public record Figures(
            int photos,
            int pairs,
            int faceFound,
            int itaWithin,
            int categorySame,
            int undertoneSame,
            double medianItaShift,
            double maxItaShift,
            double bidenIta,
            double obamaIta,
            int orderHeld,
            int orderPairs) {

        public double faceFoundShare() {
            return faceFound / (double) pairs;
        }

        public double itaWithinShare() {
            return itaWithin / (double) pairs;
        }

        public double categoryShare() {
            return categorySame / (double) pairs;
        }

        public double undertoneShare() {
            return undertoneSame / (double) pairs;
        }

        public boolean bidenLighterThanObama() {
            return bidenIta > obamaIta;
        }

        public String summary() {
            return String.format(
                    "lighting invariance over %d photos x %d re-renderings (%d pairs):%n"
                            + "  face found          %.3f (%d/%d)%n"
                            + "  ITA within +-%.0f deg  %.3f (%d/%d); |ITA shift| median %.1f deg, max %.1f deg%n"
                            + "  category unchanged  %.3f (%d/%d)%n"
                            + "  undertone unchanged %.3f (%d/%d)%n"
                            + "  order: biden.jpg ITA %.1f vs obama.jpg ITA %.1f (neutral): %s; held in %d/%d"
                            + " renderings (neutral and re-rendered, same lighting for both)",
                    photos,
                    Relighting.ALL.size(),
                    pairs,
                    faceFoundShare(),
                    faceFound,
                    pairs,
                    ITA_TOLERANCE,
                    itaWithinShare(),
                    itaWithin,
                    pairs,
                    medianItaShift,
                    maxItaShift,
                    categoryShare(),
                    categorySame,
                    pairs,
                    undertoneShare(),
                    undertoneSame,
                    pairs,
                    bidenIta,
                    obamaIta,
                    bidenLighterThanObama() ? "biden lighter (right)" : "obama lighter (WRONG)",
                    orderHeld,
                    orderPairs);
        }
    }

    private LightingInvariance() {}

    /** The portraits and annotated photos (the annotation XML files excluded), sorted by name. */
    public static List<Path> photos() throws Exception {
        Path faces = SharedData.require("datasets/faces");
        try (Stream<Path> a = Files.list(faces.resolve("portraits"));
                Stream<Path> b = Files.list(faces.resolve("annotated"))) {
            return Stream.concat(a, b)
                    .filter(p -> !p.toString().endsWith(".xml"))
                    .sorted()
                    .toList();
        }
    }

    public static Figures measure(ColourAnalyzer analyzer, List<Path> photos) throws Exception {
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        int photosWithFace = 0;
        int pairs = 0;
        int found = 0;
        int within = 0;
        int category = 0;
        int undertone = 0;
        List<Double> shifts = new ArrayList<>();
        double[] bidenIta = new double[Relighting.ALL.size() + 1];
        double[] obamaIta = new double[Relighting.ALL.size() + 1];
        java.util.Arrays.fill(bidenIta, Double.NaN);
        java.util.Arrays.fill(obamaIta, Double.NaN);
        for (Path photo : photos) {
            RgbImage neutralImage = decoder.decode(Files.readAllBytes(photo));
            Optional<ColourAnalysis> neutral = analyze(analyzer, neutralImage);
            String name = photo.getFileName().toString();
            double[] order = name.equals("biden.jpg") ? bidenIta : name.equals("obama.jpg") ? obamaIta : null;
            if (neutral.isEmpty()) {
                continue;
            }
            photosWithFace++;
            ColourAnalysis n = neutral.get();
            if (order != null) {
                order[0] = n.skinTone().ita();
            }
            for (int v = 0; v < Relighting.ALL.size(); v++) {
                Optional<ColourAnalysis> relit =
                        analyze(analyzer, Relighting.ALL.get(v).apply(neutralImage));
                pairs++;
                if (relit.isEmpty()) {
                    continue;
                }
                ColourAnalysis r = relit.get();
                found++;
                double shift = Math.abs(r.skinTone().ita() - n.skinTone().ita());
                shifts.add(shift);
                within += shift <= ITA_TOLERANCE ? 1 : 0;
                category += r.skinTone().category().equals(n.skinTone().category()) ? 1 : 0;
                undertone += r.undertone().label().equals(n.undertone().label()) ? 1 : 0;
                if (order != null) {
                    order[v + 1] = r.skinTone().ita();
                }
            }
        }
        int held = 0;
        for (int v = 0; v < bidenIta.length; v++) {
            held += bidenIta[v] > obamaIta[v] ? 1 : 0;
        }
        double[] s = shifts.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Figures(
                photosWithFace,
                pairs,
                found,
                within,
                category,
                undertone,
                s.length == 0 ? Double.NaN : s[s.length / 2],
                s.length == 0 ? Double.NaN : s[s.length - 1],
                bidenIta[0],
                obamaIta[0],
                held,
                bidenIta.length);
    }

    private static Optional<ColourAnalysis> analyze(ColourAnalyzer analyzer, RgbImage image) {
        try {
            return Optional.of(analyzer.analyze(image));
        } catch (NoFaceFoundException e) {
            return Optional.empty();
        }
    }
}
