package io.stylesync.inference.analyze.skin;

import io.stylesync.common.image.RgbImage;
import io.stylesync.inference.analyze.colour.ColourSpace;
import io.stylesync.inference.analyze.colour.Lab;
import io.stylesync.inference.analyze.face.FaceBox;
import java.util.Arrays;
import java.util.List;

/** Collects the skin pixels of a face: those inside the {@link SkinRegion} zones that the classifier accepts. */
public final class SkinSampler {

    /**
     * What was sampled: the zones in image pixels, how many pixels they hold, the skin pixels' median Lab, and the
     * median L* of each zone's skin pixels (NaN for a zone without any), whose spread tells uneven light, and how
     * many of the zones' pixels are clipped (a channel at 250 or more: overexposed, their colour is lost).
     */
    public record Sample(
            List<SkinRegion.Rectangle> zones,
            int regionPixels,
            int skinPixels,
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

    public SkinSampler(SkinClassifier classifier) {
        this.classifier = classifier;
    }

    public Sample sample(RgbImage image, FaceBox face) {
        List<SkinRegion.Rectangle> zones =
                SkinRegion.ZONES.stream().map(z -> clip(z.in(face), image)).toList();
        int capacity = zones.stream().mapToInt(r -> r.width() * r.height()).sum();
        double[] l = new double[capacity];
        double[] a = new double[capacity];
        double[] b = new double[capacity];
        int n = 0;
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
            zoneLightness[z] = n == zoneStart ? Double.NaN : median(Arrays.copyOfRange(l, zoneStart, n), n - zoneStart);
        }
        Lab median = n == 0 ? null : new Lab(median(l, n), median(a, n), median(b, n));
        return new Sample(zones, capacity, n, median, zoneLightness, clipped);
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
