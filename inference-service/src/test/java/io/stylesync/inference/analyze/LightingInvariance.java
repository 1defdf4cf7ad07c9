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
            int orderPairs,
            int[][] perRelighting,
            int flagged,
            int itaWithinOrFlagged,
            int categorySameOrFlagged) {

        /** Share of pairs whose ITA held within the tolerance or whose answer said {@code reliable: false}. */
        public double itaHonestShare() {
            return itaWithinOrFlagged / (double) pairs;
        }

        public double categoryHonestShare() {
            return categorySameOrFlagged / (double) pairs;
        }

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
                                    + " renderings (neutral and re-rendered, same lighting for both)%n"
                                    + "  answers flagged reliable=false %d/%d; ITA within or flagged %.3f (%d), category"
                                    + " unchanged or flagged %.3f (%d)",
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
                            orderPairs,
                            flagged,
                            faceFound,
                            itaHonestShare(),
                            itaWithinOrFlagged,
                            categoryHonestShare(),
                            categorySameOrFlagged)
                    + perRelightingTable();
        }

        /** Per re-rendering: found, ITA within, category, undertone, out of the photos. */
        private String perRelightingTable() {
            StringBuilder sb = new StringBuilder(String.format(
                    "%n  per re-rendering (of %d photos): found / ITA within / category / undertone", photos));
            for (int v = 0; v < Relighting.ALL.size(); v++) {
                int[] c = perRelighting[v];
                sb.append(String.format(
                        "%n    %-14s %3d %3d %3d %3d", Relighting.ALL.get(v).name(), c[0], c[1], c[2], c[3]));
            }
            return sb.toString();
        }
    }

    private LightingInvariance() {}

    /** The portraits and annotated photos (the annotation XML files excluded), sorted by name. */
    public static List<Path> photos() throws Exception {
        return Stream.concat(photos("portraits").stream(), photos("annotated").stream())
                .sorted()
                .toList();
    }

    /** The photos of one folder of {@code ../shared/datasets/faces} (portraits or annotated), sorted by name. */
    public static List<Path> photos(String folder) throws Exception {
        try (Stream<Path> files = Files.list(SharedData.require("datasets/faces/" + folder))) {
            return files.filter(p -> !p.toString().endsWith(".xml")).sorted().toList();
        }
    }

    /** One photo's neutral answer and its answers under each {@link Relighting} (empty: no face found). */
    private record PhotoAnswers(String name, ColourAnalysis neutral, List<Optional<ColourAnalysis>> relit) {}

    /** Photos are analysed in parallel (the analyser is thread-safe); the figures do not depend on the order. */
    public static Figures measure(ColourAnalyzer analyzer, List<Path> photos) {
        ImageDecoder decoder = new ImageDecoder(DecodeLimits.defaults());
        List<PhotoAnswers> answers = photos.parallelStream()
                .map(photo -> answers(analyzer, decoder, photo))
                .flatMap(Optional::stream)
                .toList();
        int pairs = 0;
        int found = 0;
        int within = 0;
        int category = 0;
        int undertone = 0;
        List<Double> shifts = new ArrayList<>();
        int[][] perRelighting = new int[Relighting.ALL.size()][4];
        int flagged = 0;
        int itaHonest = 0;
        int categoryHonest = 0;
        double[] bidenIta = new double[Relighting.ALL.size() + 1];
        double[] obamaIta = new double[Relighting.ALL.size() + 1];
        java.util.Arrays.fill(bidenIta, Double.NaN);
        java.util.Arrays.fill(obamaIta, Double.NaN);
        for (PhotoAnswers photo : answers) {
            ColourAnalysis n = photo.neutral();
            double[] order =
                    photo.name().equals("biden.jpg") ? bidenIta : photo.name().equals("obama.jpg") ? obamaIta : null;
            if (order != null) {
                order[0] = n.skinTone().ita();
            }
            for (int v = 0; v < photo.relit().size(); v++) {
                pairs++;
                if (photo.relit().get(v).isEmpty()) {
                    continue;
                }
                ColourAnalysis r = photo.relit().get(v).get();
                found++;
                double shift = Math.abs(r.skinTone().ita() - n.skinTone().ita());
                shifts.add(shift);
                boolean[] same = {
                    true,
                    shift <= ITA_TOLERANCE,
                    r.skinTone().category().equals(n.skinTone().category()),
                    r.undertone().label().equals(n.undertone().label())
                };
                for (int k = 0; k < same.length; k++) {
                    perRelighting[v][k] += same[k] ? 1 : 0;
                }
                boolean unreliable = !r.reliability().reliable();
                flagged += unreliable ? 1 : 0;
                itaHonest += same[1] || unreliable ? 1 : 0;
                categoryHonest += same[2] || unreliable ? 1 : 0;
                within += same[1] ? 1 : 0;
                category += same[2] ? 1 : 0;
                undertone += same[3] ? 1 : 0;
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
                answers.size(),
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
                bidenIta.length,
                perRelighting,
                flagged,
                itaHonest,
                categoryHonest);
    }

    private static Optional<PhotoAnswers> answers(ColourAnalyzer analyzer, ImageDecoder decoder, Path photo) {
        RgbImage neutralImage;
        try {
            neutralImage = decoder.decode(Files.readAllBytes(photo));
        } catch (java.io.IOException | io.stylesync.common.image.InvalidImageException e) {
            throw new IllegalStateException("cannot read " + photo, e);
        }
        Optional<ColourAnalysis> neutral = analyze(analyzer, neutralImage);
        if (neutral.isEmpty()) {
            return Optional.empty();
        }
        List<Optional<ColourAnalysis>> relit = Relighting.ALL.stream()
                .map(r -> analyze(analyzer, r.apply(neutralImage)))
                .toList();
        return Optional.of(new PhotoAnswers(photo.getFileName().toString(), neutral.get(), relit));
    }

    private static Optional<ColourAnalysis> analyze(ColourAnalyzer analyzer, RgbImage image) {
        try {
            return Optional.of(analyzer.analyze(image));
        } catch (NoFaceFoundException e) {
            return Optional.empty();
        }
    }
}
