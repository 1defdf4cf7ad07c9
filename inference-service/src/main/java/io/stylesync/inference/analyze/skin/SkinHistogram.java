package io.stylesync.inference.analyze.skin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * Counts of skin and non-skin training pixels per cell of an RGB histogram with {@code bins} cells per channel: a
 * histogram Bayes classifier (Jones &amp; Rehg 1999). A pixel is skin when its cell's smoothed posterior
 * P(skin | cell) = (skin + prior) / (skin + nonSkin + 1) reaches {@code threshold}; an empty cell gets the prior,
 * the share of skin in the training pixels, which is below 0.5, so colours never seen are not skin.
 */
public final class SkinHistogram {

    public static final String FORMAT = "stylesync-skin-histogram/1";

    private final int bins;
    private final int[] skin;
    private final int[] nonSkin;
    private final double prior;
    private final double threshold;
    private final boolean[] isSkin;
    private final int shift;

    public SkinHistogram(int bins, int[] skin, int[] nonSkin, double threshold) {
        if (Integer.bitCount(bins) != 1 || bins > 256) {
            throw new IllegalArgumentException("bins must be a power of two up to 256: " + bins);
        }
        int cells = bins * bins * bins;
        if (skin.length != cells || nonSkin.length != cells) {
            throw new IllegalArgumentException("expected " + cells + " cells");
        }
        this.bins = bins;
        this.skin = skin.clone();
        this.nonSkin = nonSkin.clone();
        this.threshold = threshold;
        this.shift = Integer.numberOfTrailingZeros(256 / bins);
        long s = Arrays.stream(skin).asLongStream().sum();
        long n = Arrays.stream(nonSkin).asLongStream().sum();
        this.prior = s + n == 0 ? 0 : s / (double) (s + n);
        this.isSkin = new boolean[cells];
        for (int c = 0; c < cells; c++) {
            isSkin[c] = posterior(c) >= threshold;
        }
    }

    public int bins() {
        return bins;
    }

    public double threshold() {
        return threshold;
    }

    public int cell(int r, int g, int b) {
        return ((r >> shift) * bins + (g >> shift)) * bins + (b >> shift);
    }

    public double posterior(int cell) {
        return (skin[cell] + prior) / (skin[cell] + nonSkin[cell] + 1.0);
    }

    public boolean isSkin(int r, int g, int b) {
        return isSkin[cell(r, g, b)];
    }

    /** The text form committed as a resource: a header, then one line "cell skin nonSkin" per non-empty cell. */
    public String toText(String provenance) {
        StringBuilder sb = new StringBuilder();
        sb.append(FORMAT).append('\n');
        sb.append("# ").append(provenance).append('\n');
        sb.append("bins ").append(bins).append('\n');
        sb.append("threshold ").append(threshold).append('\n');
        for (int c = 0; c < skin.length; c++) {
            if (skin[c] + nonSkin[c] > 0) {
                sb.append(c)
                        .append(' ')
                        .append(skin[c])
                        .append(' ')
                        .append(nonSkin[c])
                        .append('\n');
            }
        }
        return sb.toString();
    }

    public static SkinHistogram parse(Reader text) throws IOException {
        BufferedReader in = new BufferedReader(text);
        String first = in.readLine();
        if (!FORMAT.equals(first)) {
            throw new IOException("not a " + FORMAT + " file: " + first);
        }
        int bins = -1;
        double threshold = Double.NaN;
        int[] skin = null;
        int[] nonSkin = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split(" ");
            if (parts[0].equals("bins")) {
                bins = Integer.parseInt(parts[1]);
                skin = new int[bins * bins * bins];
                nonSkin = new int[skin.length];
            } else if (parts[0].equals("threshold")) {
                threshold = Double.parseDouble(parts[1]);
            } else {
                if (skin == null) {
                    throw new IOException("cell line before 'bins': " + line);
                }
                int c = Integer.parseInt(parts[0]);
                skin[c] = Integer.parseInt(parts[1]);
                nonSkin[c] = Integer.parseInt(parts[2]);
            }
        }
        if (skin == null || Double.isNaN(threshold)) {
            throw new IOException("skin histogram lacks 'bins' or 'threshold'");
        }
        return new SkinHistogram(bins, skin, nonSkin, threshold);
    }
}
