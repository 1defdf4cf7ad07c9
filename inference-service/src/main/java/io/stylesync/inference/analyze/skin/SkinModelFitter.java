package io.stylesync.inference.analyze.skin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits the skin histogram from the UCI Skin Segmentation data ({@code b,g,r,label}; label 1 = skin, 2 = not) and
 * writes the resource the service loads, so that the service never needs the CSV. Also reports held-out accuracy
 * by 5-fold cross-validation with folds split by colour (every pixel of one RGB value in the same fold): the data
 * holds many repeated colours, and a plain random split would test on colours already seen in training.
 *
 * Run by {@code make skin-model}; prints the cross-validated accuracy of 8, 16, 32 and 64 bins per channel (16 is
 * committed: as accurate as 32 on unseen colours, with coarser cells that cover more of real photos' colours).
 */
public final class SkinModelFitter {

    public static final int BINS = 16;
    public static final double THRESHOLD = 0.5;
    public static final int FOLDS = 5;

    /** One labelled pixel. */
    public record Pixel(int r, int g, int b, boolean skin) {}

    /** Held-out results of the cross-validation, summed over folds. */
    public record CrossValidation(
            long pixels, long correct, long skinPixels, long skinFound, long nonSkinPixels, long nonSkinRejected) {

        public double accuracy() {
            return correct / (double) pixels;
        }

        public double truePositiveRate() {
            return skinFound / (double) skinPixels;
        }

        public double trueNegativeRate() {
            return nonSkinRejected / (double) nonSkinPixels;
        }
    }

    private SkinModelFitter() {}

    public static List<Pixel> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.US_ASCII);
        if (lines.isEmpty() || !lines.getFirst().trim().equals("b,g,r,label")) {
            throw new IOException(csv + ": expected the header b,g,r,label");
        }
        List<Pixel> pixels = new ArrayList<>(lines.size());
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",");
            int label = Integer.parseInt(f[3].trim());
            if (label != 1 && label != 2) {
                throw new IOException(csv + " line " + (i + 1) + ": label must be 1 (skin) or 2 (not): " + line);
            }
            pixels.add(new Pixel(
                    Integer.parseInt(f[2].trim()),
                    Integer.parseInt(f[1].trim()),
                    Integer.parseInt(f[0].trim()),
                    label == 1));
        }
        return pixels;
    }

    public static SkinHistogram fit(List<Pixel> pixels, int bins, double threshold) {
        int cells = bins * bins * bins;
        int[] skin = new int[cells];
        int[] nonSkin = new int[cells];
        int shift = Integer.numberOfTrailingZeros(256 / bins);
        for (Pixel p : pixels) {
            int c = ((p.r() >> shift) * bins + (p.g() >> shift)) * bins + (p.b() >> shift);
            if (p.skin()) {
                skin[c]++;
            } else {
                nonSkin[c]++;
            }
        }
        return new SkinHistogram(bins, skin, nonSkin, threshold);
    }

    /** The fold of a pixel: a fixed hash of its colour. */
    static int fold(Pixel p) {
        int key = (p.r() << 16) | (p.g() << 8) | p.b();
        int h = key * 0x9E3779B1;
        return Math.floorMod(h ^ (h >>> 15), FOLDS);
    }

    public static CrossValidation crossValidate(List<Pixel> pixels, int bins, double threshold) {
        long correct = 0;
        long skinPixels = 0;
        long skinFound = 0;
        long nonSkinPixels = 0;
        long nonSkinRejected = 0;
        for (int k = 0; k < FOLDS; k++) {
            int fold = k;
            SkinHistogram model =
                    fit(pixels.stream().filter(p -> fold(p) != fold).toList(), bins, threshold);
            for (Pixel p : pixels) {
                if (fold(p) != fold) {
                    continue;
                }
                boolean predicted = model.isSkin(p.r(), p.g(), p.b());
                if (predicted == p.skin()) {
                    correct++;
                }
                if (p.skin()) {
                    skinPixels++;
                    skinFound += predicted ? 1 : 0;
                } else {
                    nonSkinPixels++;
                    nonSkinRejected += predicted ? 0 : 1;
                }
            }
        }
        return new CrossValidation(pixels.size(), correct, skinPixels, skinFound, nonSkinPixels, nonSkinRejected);
    }

    public static String provenance(List<Pixel> pixels) {
        long skin = pixels.stream().filter(Pixel::skin).count();
        return "RGB histogram Bayes fitted by SkinModelFitter on UCI Skin Segmentation (uci-skin-segmentation-bgr.csv): "
                + pixels.size() + " pixels, " + skin + " skin";
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: SkinModelFitter <uci-skin-segmentation-bgr.csv> <output skin-histogram.txt>");
            System.exit(2);
        }
        List<Pixel> pixels = read(Path.of(args[0]));
        for (int bins : new int[] {8, 16, 32, 64}) {
            CrossValidation cv = crossValidate(pixels, bins, THRESHOLD);
            System.out.printf(
                    "bins %d: colour-disjoint %d-fold accuracy %.4f (skin recall %.4f, non-skin %.4f)%n",
                    bins, FOLDS, cv.accuracy(), cv.truePositiveRate(), cv.trueNegativeRate());
        }
        SkinHistogram model = fit(pixels, BINS, THRESHOLD);
        Files.writeString(Path.of(args[1]), model.toText(provenance(pixels)), StandardCharsets.US_ASCII);
        System.out.println("wrote " + args[1] + " (bins " + BINS + ", threshold " + THRESHOLD + ")");
    }
}
