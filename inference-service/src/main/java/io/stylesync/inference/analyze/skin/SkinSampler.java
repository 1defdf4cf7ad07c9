package io.stylesync.inference.analyze.skin;

import io.stylesync.common.image.RgbImage;
import io.stylesync.inference.analyze.colour.ColourSpace;
import io.stylesync.inference.analyze.colour.Lab;
import io.stylesync.inference.analyze.face.Eyes;
import io.stylesync.inference.analyze.face.FaceBox;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Collects the skin pixels of a face: those inside the {@link SkinRegion} zones that the classifier accepts, less,
 * in each zone, those outside the zone's {@link LightnessTrim} percentiles of L* (specular highlights, shadows in
 * the folds), which look like skin to the classifier but are not its colour under the light.
 */
public final class SkinSampler {

    /**
     * The share of each zone's skin pixels dropped from the measurement at either end of its L* distribution:
     * {@code lower} 0.1 drops the darkest tenth, {@code upper} 0.9 keeps up to the 90th percentile. {@code (0, 1)}
     * keeps every skin pixel.
     */
    public record LightnessTrim(double lower, double upper) {

        public LightnessTrim {
            if (!(lower >= 0 && lower < upper && upper <= 1)) {
                throw new IllegalArgumentException(
                        "skin lightness percentiles must satisfy 0 <= lower < upper <= 1: " + lower + ", " + upper);
            }
        }

        public static LightnessTrim none() {
            return new LightnessTrim(0, 1);
        }
    }

    /**
     * What was sampled: the zones in image pixels, how many pixels they hold, how many of those are skin and how
     * many skin pixels were kept after the L* trim, the kept pixels' median Lab, the median L* of each zone's kept
     * pixels (NaN for a zone without any), whose spread tells uneven light, and how many of the zones' pixels are
     * clipped (a channel at 250 or more: overexposed, their colour is lost).
     */
    public record Sample(
            List<SkinRegion.Rectangle> zones,
            int regionPixels,
            int skinPixels,
            int keptPixels,
            Lab medianLab,
            double[] zoneLightness,
            int clippedPixels) {

        public double clippedShare() {
            return regionPixels == 0 ? 0 : clippedPixels / (double) regionPixels;
        }

        /** Largest minus smallest median L* of the zones that hold skin; 0 with fewer than two such zones. */
        public double zoneLightnessSpread() {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            int zonesWithSkin = 0;
            for (double l : zoneLightness) {
                if (!Double.isNaN(l)) {
                    min = Math.min(min, l);
                    max = Math.max(max, l);
                    zonesWithSkin++;
                }
            }
            return zonesWithSkin < 2 ? 0 : max - min;
        }

        public double skinShare() {
            return regionPixels == 0 ? 0 : skinPixels / (double) regionPixels;
        }
    }

    private final SkinClassifier classifier;
    private final LightnessTrim trim;

    public SkinSampler(SkinClassifier classifier, LightnessTrim trim) {
        this.classifier = classifier;
        this.trim = trim;
    }

    /** The skin of the box-relative zones. */
    public Sample sample(RgbImage image, FaceBox face) {
        return sample(image, face, Optional.empty());
    }

    /** The skin of the zones placed from the eyes when they were found, else from the box. */
    public Sample sample(RgbImage image, FaceBox face, Optional<Eyes> eyes) {
        List<SkinRegion.Rectangle> zones =
                SkinRegion.zones(face, eyes).stream().map(z -> clip(z, image)).toList();
        int capacity = zones.stream().mapToInt(r -> r.width() * r.height()).sum();
        double[] l = new double[capacity];
        double[] a = new double[capacity];
        double[] b = new double[capacity];
        int n = 0;
        int skin = 0;
        int clipped = 0;
        double[] zoneLightness = new double[zones.size()];
        byte[] rgb = image.rgb();
        for (int z = 0; z < zones.size(); z++) {
            SkinRegion.Rectangle zone = zones.get(z);
            int zoneStart = n;
            for (int y = zone.y(); y < zone.y() + zone.height(); y++) {
                int i = (y * image.width() + zone.x()) * 3;
                for (int x = 0; x < zone.width(); x++, i += 3) {
                    int r = rgb[i] & 0xff;
                    int g = rgb[i + 1] & 0xff;
                    int bl = rgb[i + 2] & 0xff;
                    if (Math.max(r, Math.max(g, bl)) >= 250) {
                        clipped++;
                    }
                    if (classifier.isSkin(r, g, bl)) {
                        Lab lab = ColourSpace.rgbToLab(r, g, bl);
                        l[n] = lab.l();
                        a[n] = lab.a();
                        b[n] = lab.b();
                        n++;
                    }
                }
            }
            skin += n - zoneStart;
            n = zoneStart + trim(l, a, b, zoneStart, n);
            zoneLightness[z] = n == zoneStart ? Double.NaN : median(Arrays.copyOfRange(l, zoneStart, n), n - zoneStart);
        }
        Lab median = n == 0 ? null : new Lab(median(l, n), median(a, n), median(b, n));
        return new Sample(zones, capacity, skin, n, median, zoneLightness, clipped);
    }

    /** Keeps, moved to the front of [from, to), the pixels within the trim's L* percentiles; returns how many. */
    private int trim(double[] l, double[] a, double[] b, int from, int to) {
        int count = to - from;
        if (count < 10 || (trim.lower() == 0 && trim.upper() == 1)) {
            return count;
        }
        double[] sorted = Arrays.copyOfRange(l, from, to);
        Arrays.sort(sorted);
        double low = sorted[(int) Math.floor(trim.lower() * (count - 1))];
        double high = sorted[(int) Math.ceil(trim.upper() * (count - 1))];
        int kept = 0;
        for (int i = from; i < to; i++) {
            if (l[i] >= low && l[i] <= high) {
                l[from + kept] = l[i];
                a[from + kept] = a[i];
                b[from + kept] = b[i];
                kept++;
            }
        }
        return kept;
    }

    /**
     * L* of the pixels of a rectangle whose colour differs from {@code skin} by more than {@code minDeltaE} (ΔE*ab):
     * in a band above the forehead, the hair. (The skin classifier is no use there: dark hair falls in cells that
     * are skin for darker complexions.)
     */
    public static double[] lightnessUnlike(RgbImage image, SkinRegion.Rectangle area, Lab skin, double minDeltaE) {
        SkinRegion.Rectangle r = clip(area, image);
        double[] values = new double[r.width() * r.height()];
        int n = 0;
        byte[] rgb = image.rgb();
        for (int y = r.y(); y < r.y() + r.height(); y++) {
            int i = (y * image.width() + r.x()) * 3;
            for (int x = 0; x < r.width(); x++, i += 3) {
                Lab lab = ColourSpace.rgbToLab(rgb[i] & 0xff, rgb[i + 1] & 0xff, rgb[i + 2] & 0xff);
                if (lab.deltaE(skin) > minDeltaE) {
                    values[n++] = lab.l();
                }
            }
        }
        return Arrays.copyOf(values, n);
    }

    public static double median(double[] values, int n) {
        double[] sorted = Arrays.copyOf(values, n);
        Arrays.sort(sorted);
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    public static SkinRegion.Rectangle clip(SkinRegion.Rectangle r, RgbImage image) {
        int x0 = Math.max(0, r.x());
        int y0 = Math.max(0, r.y());
        int x1 = Math.min(image.width(), r.x() + r.width());
        int y1 = Math.min(image.height(), r.y() + r.height());
        return new SkinRegion.Rectangle(r.name(), x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }
}
