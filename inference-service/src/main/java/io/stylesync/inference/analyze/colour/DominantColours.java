package io.stylesync.inference.analyze.colour;

import io.stylesync.common.image.RgbImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The dominant colours of a rectangle of an image: k-means in CIELAB over at most {@code maxSamples} of its pixels
 * (an evenly strided subset, so the result is deterministic), each cluster reported as its centre, its share of
 * the pixels and the nearest catalogue {@link BaseColour}. Largest share first; empty clusters are dropped.
 */
public final class DominantColours {

    /** One cluster. */
    public record Colour(String hex, Lab lab, double share, String baseColour) {}

    /**
     * @param k           clusters
     * @param seed        k-means++ seed
     * @param maxSamples  pixels clustered at most
     */
    public record Settings(int k, long seed, int maxSamples, int maxIterations) {

        public Settings {
            if (k < 1 || k > 16) {
                throw new IllegalArgumentException("k must be between 1 and 16: " + k);
            }
            if (maxSamples < k) {
                throw new IllegalArgumentException("maxSamples must be at least k");
            }
        }

        public static Settings defaults() {
            return new Settings(5, 42, 20_000, 30);
        }
    }

    private final Settings settings;

    public DominantColours(Settings settings) {
        this.settings = settings;
    }

    /** Dominant colours of the pixels in [x, x+width) × [y, y+height); empty when the rectangle is empty. */
    public List<Colour> of(RgbImage image, int x, int y, int width, int height) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(image.width(), x + width);
        int y1 = Math.min(image.height(), y + height);
        long total = (long) Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
        if (total == 0) {
            return List.of();
        }
        long step = Math.max(1, (total + settings.maxSamples() - 1) / settings.maxSamples());
        int w = x1 - x0;
        double[][] points = new double[(int) ((total + step - 1) / step)][];
        byte[] rgb = image.rgb();
        int n = 0;
        for (long p = 0; p < total; p += step) {
            int px = x0 + (int) (p % w);
            int py = y0 + (int) (p / w);
            int i = (py * image.width() + px) * 3;
            Lab lab = ColourSpace.rgbToLab(rgb[i] & 0xff, rgb[i + 1] & 0xff, rgb[i + 2] & 0xff);
            points[n++] = new double[] {lab.l(), lab.a(), lab.b()};
        }
        KMeans.Result result =
                KMeans.cluster(points, Math.min(settings.k(), n), settings.seed(), settings.maxIterations());
        List<Colour> colours = new ArrayList<>();
        for (int c = 0; c < result.centres().length; c++) {
            if (result.sizes()[c] == 0) {
                continue;
            }
            double[] centre = result.centres()[c];
            Lab lab = new Lab(centre[0], centre[1], centre[2]);
            double share = Math.round(result.sizes()[c] * 10_000.0 / n) / 10_000.0;
            colours.add(new Colour(
                    ColourSpace.labToHex(lab),
                    lab.rounded(),
                    share,
                    BaseColour.nearest(lab).label()));
        }
        colours.sort(Comparator.comparingDouble(Colour::share).reversed().thenComparing(Colour::hex));
        return List.copyOf(colours);
    }

    public List<Colour> of(RgbImage image) {
        return of(image, 0, 0, image.width(), image.height());
    }
}
