package io.stylesync.inference.analyze.face;

import io.stylesync.common.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Both eyes inside a detected face, with OpenCV's eye cascades ({@link #CASCADES}, same jar and licence as the face
 * cascade), searched in the upper part of the face box only, on a grey, equalised copy scaled to
 * {@value #SEARCH_WIDTH} px wide (small faces are scaled up: the cascade's window is 20 px). Of the detections, the
 * one nearest each eye's usual place in a Haar face box is kept; the pair must look like a pair of eyes (distance and
 * level), or none is returned and the caller falls back to box-relative proportions.
 */
public final class EyeDetector {

    /**
     * Tried in order until one gives a plausible pair: the plain eye cascade misses narrowed (smiling, squinting)
     * and shaded eyes, which the eyeglasses and split-eye cascades often find.
     */
    static final List<String> CASCADES = List.of(
            "haarcascade_eye.xml",
            "haarcascade_eye_tree_eyeglasses.xml",
            "haarcascade_lefteye_2splits.xml",
            "haarcascade_righteye_2splits.xml");

    /** Width the face box is scaled to before the search. */
    static final int SEARCH_WIDTH = 240;

    /** The band of the face box searched, as fractions of its height: eyes sit at about 0.35–0.45. */
    static final double BAND_TOP = 0.15;

    static final double BAND_BOTTOM = 0.6;

    /** Where each eye's centre usually is in a frontal Haar face box (fractions of the box). */
    static final double USUAL_LEFT_X = 0.3;

    static final double USUAL_RIGHT_X = 0.7;
    static final double USUAL_Y = 0.38;

    /** Overlapping raw detections an eye needs with the first cascade, and with the fallbacks (weaker alone). */
    static final int MIN_NEIGHBORS = 3;

    static final int FALLBACK_MIN_NEIGHBORS = 2;

    private final List<HaarCascade> cascades;

    public EyeDetector() {
        this.cascades = CASCADES.stream().map(HaarCascade::new).toList();
    }

    public Optional<Eyes> find(RgbImage image, FaceBox face) {
        for (HaarCascade cascade : cascades) {
            int neighbours = cascade == cascades.getFirst() ? MIN_NEIGHBORS : FALLBACK_MIN_NEIGHBORS;
            Optional<Eyes> eyes = pair(candidates(cascade, neighbours, image, face), face);
            if (eyes.isPresent()) {
                return eyes;
            }
        }
        return Optional.empty();
    }

    /** Every eye the first cascade finds in the face's eye band, in image pixels. */
    public List<Eyes.Box> candidates(RgbImage image, FaceBox face) {
        return candidates(cascades.getFirst(), MIN_NEIGHBORS, image, face);
    }

    private static List<Eyes.Box> candidates(HaarCascade cascade, int neighbours, RgbImage image, FaceBox face) {
        double scale = SEARCH_WIDTH / (double) face.width();
        int bandTop = face.y() + (int) Math.round(BAND_TOP * face.height());
        int bandBottom = Math.min(image.height(), face.y() + (int) Math.round(BAND_BOTTOM * face.height()));
        int x0 = Math.max(0, face.x());
        int x1 = Math.min(image.width(), face.x() + face.width());
        if (bandBottom - bandTop < 8 || x1 - x0 < 8) {
            return List.of();
        }
        CascadeClassifier classifier = cascade.classifier();
        List<Eyes.Box> found = new ArrayList<>();
        try (PointerScope scope = new PointerScope()) {
            Mat grey = greyCrop(image, x0, bandTop, x1 - x0, bandBottom - bandTop);
            Mat scaled = new Mat();
            opencv_imgproc.resize(
                    grey,
                    scaled,
                    new Size(Math.max(1, (int) Math.round((x1 - x0) * scale)), Math.max(1, (int)
                            Math.round((bandBottom - bandTop) * scale))),
                    0,
                    0,
                    opencv_imgproc.INTER_LINEAR);
            opencv_imgproc.equalizeHist(scaled, scaled);
            int minSide = (int) Math.round(0.12 * SEARCH_WIDTH);
            int maxSide = (int) Math.round(0.4 * SEARCH_WIDTH);
            RectVector rects = new RectVector();
            classifier.detectMultiScale(
                    scaled, rects, 1.1, neighbours, 0, new Size(minSide, minSide), new Size(maxSide, maxSide));
            for (long i = 0; i < rects.size(); i++) {
                Rect r = rects.get(i);
                found.add(new Eyes.Box(
                        x0 + (int) Math.round(r.x() / scale),
                        bandTop + (int) Math.round(r.y() / scale),
                        (int) Math.round(r.width() / scale),
                        (int) Math.round(r.height() / scale)));
            }
        }
        return found;
    }

    /** The detections nearest each eye's usual place, when they look like a pair of eyes. */
    static Optional<Eyes> pair(List<Eyes.Box> found, FaceBox face) {
        double midX = face.x() + face.width() / 2.0;
        Eyes.Box left = nearest(found, face, USUAL_LEFT_X, c -> c.centreX() < midX);
        Eyes.Box right = nearest(found, face, USUAL_RIGHT_X, c -> c.centreX() >= midX);
        if (left == null || right == null) {
            return Optional.empty();
        }
        Eyes eyes = new Eyes(left, right);
        double distance = eyes.distance() / face.width();
        double level = Math.abs(left.centreY() - right.centreY()) / face.height();
        boolean plausible = distance >= 0.25 && distance <= 0.6 && level <= 0.12;
        return plausible ? Optional.of(eyes) : Optional.empty();
    }

    private static Eyes.Box nearest(
            List<Eyes.Box> found, FaceBox face, double usualX, java.util.function.Predicate<Eyes.Box> side) {
        double ux = face.x() + usualX * face.width();
        double uy = face.y() + USUAL_Y * face.height();
        Eyes.Box best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (Eyes.Box c : found) {
            double d = Math.hypot(c.centreX() - ux, c.centreY() - uy);
            if (side.test(c) && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    private static Mat greyCrop(RgbImage image, int x0, int y0, int width, int height) {
        byte[] rgb = image.rgb();
        byte[] grey = new byte[width * height];
        for (int y = 0, p = 0; y < height; y++) {
            int i = ((y0 + y) * image.width() + x0) * 3;
            for (int x = 0; x < width; x++, i += 3, p++) {
                // Rec.601 luma, as in FaceDetector
                grey[p] = (byte)
                        ((299 * (rgb[i] & 0xff) + 587 * (rgb[i + 1] & 0xff) + 114 * (rgb[i + 2] & 0xff) + 500) / 1000);
            }
        }
        Mat mat = new Mat(height, width, opencv_core.CV_8UC1);
        mat.data().put(grey);
        return mat;
    }
}
