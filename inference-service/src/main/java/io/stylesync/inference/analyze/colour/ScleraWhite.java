package io.stylesync.inference.analyze.colour;

import io.stylesync.common.image.RgbImage;
import io.stylesync.inference.analyze.face.Eyes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whites of the eyes as a reference lit like the face (a scene statistic measures the room, not the light on
 * the face): inside the central part of each eye box, the brightest of the low-chroma pixels, judged on the image
 * already corrected with the scene estimate (so that a cast does not make the sclera look coloured), and averaged
 * in linear RGB on the image as uploaded. Found only when enough such pixels exist and their mean is close to grey;
 * a squint, a shadow or a detection on an eyebrow leaves too few.
 */
public final class ScleraWhite {

    /**
     * @param minPixels   fewest sclera pixels over both eyes
     * @param maxChroma   C*ab a pixel may have (scene-corrected) to be a sclera candidate
     * @param brightShare the share of the candidates, brightest first, kept
     * @param minAboveSkin how much lighter (L*) than the skin the kept pixels must be on average: the whites of the
     *                    eyes are, dull skin and eyelids are not
     */
    public record Settings(int minPixels, double maxChroma, double brightShare, double minAboveSkin) {

        public static Settings defaults() {
            return new Settings(20, 15, 0.3, 5);
        }
    }

    /** The sclera's mean linear RGB as uploaded, how many pixels it rests on, and their mean L* (scene-corrected). */
    public record Estimate(double[] linearRgb, int pixels, double lightness) {}

    /**
     * The linear luminance the sclera is brought to: the level of the one sclera that passes the checks on the
     * neutral photos of {@code ../shared/datasets/faces} (astronaut.png, 0.55), rounded down.
     */
    public static final double TARGET = 0.5;

    private final Settings settings;

    public ScleraWhite(Settings settings) {
        this.settings = settings;
    }

    /** @param skin the skin's median Lab on {@code sceneCorrected} */
    public Optional<Estimate> estimate(RgbImage uploaded, RgbImage sceneCorrected, Eyes eyes, Lab skin) {
        List<int[]> candidates = new ArrayList<>(); // {pixel index, L* x 100}
        for (Eyes.Box eye : List.of(eyes.left(), eyes.right())) {
            int x0 = Math.max(0, eye.x() + (int) Math.round(0.15 * eye.width()));
            int x1 = Math.min(uploaded.width(), eye.x() + (int) Math.round(0.85 * eye.width()));
            int y0 = Math.max(0, eye.y() + (int) Math.round(0.3 * eye.height()));
            int y1 = Math.min(uploaded.height(), eye.y() + (int) Math.round(0.75 * eye.height()));
            byte[] in = uploaded.rgb();
            byte[] corrected = sceneCorrected.rgb();
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    int i = (y * uploaded.width() + x) * 3;
                    if (Math.max(in[i] & 0xff, Math.max(in[i + 1] & 0xff, in[i + 2] & 0xff)) >= 250) {
                        continue; // a catch-light or a clipped sclera: its level is lost
                    }
                    Lab lab =
                            ColourSpace.rgbToLab(corrected[i] & 0xff, corrected[i + 1] & 0xff, corrected[i + 2] & 0xff);
                    if (lab.chroma() <= settings.maxChroma()) {
                        candidates.add(new int[] {i, (int) Math.round(lab.l() * 100)});
                    }
                }
            }
        }
        candidates.sort((p, q) -> Integer.compare(q[1], p[1]));
        int keep = (int) Math.round(settings.brightShare() * candidates.size());
        if (keep < settings.minPixels()) {
            return Optional.empty();
        }
        double[] sum = new double[3];
        double lightness = 0;
        byte[] in = uploaded.rgb();
        for (int k = 0; k < keep; k++) {
            int i = candidates.get(k)[0];
            for (int c = 0; c < 3; c++) {
                sum[c] += ColourSpace.linear(in[i + c] & 0xff);
            }
            lightness += candidates.get(k)[1] / 100.0;
        }
        for (int c = 0; c < 3; c++) {
            sum[c] /= keep;
        }
        lightness /= keep;
        if (lightness < skin.l() + settings.minAboveSkin()) {
            return Optional.empty();
        }
        return Optional.of(new Estimate(sum, keep, lightness));
    }
}
