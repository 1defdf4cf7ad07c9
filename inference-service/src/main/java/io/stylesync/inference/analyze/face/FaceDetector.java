package io.stylesync.inference.analyze.face;

import io.stylesync.common.image.RgbImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * Frontal faces with OpenCV's Viola–Jones Haar cascade ({@code haarcascade_frontalface_alt.xml}, Intel licence
 * (BSD-style), read from the {@code org.bytedeco:opencv} natives jar; chosen over {@code _default}, {@code _alt2} and
 * the LBP cascades by recall on the annotated photos of training.xml), on a grey, histogram-equalised copy of the image scaled down
 * to at most {@link Settings#maxSide()} pixels. The native library and the cascade both load from the classpath
 * ({@link HaarCascade}).
 */
public final class FaceDetector {

    static final String CASCADE = "haarcascade_frontalface_alt.xml";

    /**
     * @param maxSide       images are scaled down so that their longer side is at most this before detection
     * @param scaleFactor   pyramid step of {@code detectMultiScale}
     * @param minNeighbors  overlapping raw detections a face needs (higher: fewer false positives, fewer faces)
     * @param minFaceShare  smallest face side as a share of the shorter image side (and never under 24 px)
     */
    public record Settings(int maxSide, double scaleFactor, int minNeighbors, double minFaceShare) {

        public static Settings defaults() {
            return new Settings(800, 1.1, 2, 0.05);
        }
    }

    /** The cascade's own window: nothing smaller can be detected. */
    public static final int MIN_WINDOW = 24;

    private final Settings settings;
    private final HaarCascade cascade;

    public FaceDetector(Settings settings) {
        this.settings = settings;
        this.cascade = new HaarCascade(CASCADE);
    }

    /** Every detected face, largest first, in the coordinates of {@code image}. */
    public List<FaceBox> detect(RgbImage image) {
        int w = image.width();
        int h = image.height();
        double scale = Math.min(1.0, settings.maxSide() / (double) Math.max(w, h));
        if (Math.min(w, h) * scale < MIN_WINDOW) {
            // a sliver (1x4000) holds no face, and OpenCV's resize asserts on a zero-sized target
            return List.of();
        }
        // before the scope: a classifier created inside it would be freed when it closes
        CascadeClassifier classifier = cascade.classifier();
        try (PointerScope scope = new PointerScope()) {
            Mat grey = greyMat(image);
            if (scale < 1.0) {
                Mat small = new Mat();
                opencv_imgproc.resize(
                        grey,
                        small,
                        new Size((int) Math.round(w * scale), (int) Math.round(h * scale)),
                        0,
                        0,
                        opencv_imgproc.INTER_AREA);
                grey = small;
            }
            opencv_imgproc.equalizeHist(grey, grey);
            int minSide = Math.max(
                    MIN_WINDOW, (int) Math.round(settings.minFaceShare() * Math.min(grey.cols(), grey.rows())));
            RectVector found = new RectVector();
            classifier.detectMultiScale(
                    grey,
                    found,
                    settings.scaleFactor(),
                    settings.minNeighbors(),
                    0,
                    new Size(minSide, minSide),
                    new Size());
            List<FaceBox> faces = new ArrayList<>();
            for (long i = 0; i < found.size(); i++) {
                Rect r = found.get(i);
                int x = clamp((int) Math.round(r.x() / scale), w - 1);
                int y = clamp((int) Math.round(r.y() / scale), h - 1);
                int bw = Math.min(w - x, (int) Math.round(r.width() / scale));
                int bh = Math.min(h - y, (int) Math.round(r.height() / scale));
                faces.add(new FaceBox(x, y, bw, bh));
            }
            faces.sort(Comparator.comparingLong(FaceBox::area).reversed());
            return faces;
        }
    }

    private static Mat greyMat(RgbImage image) {
        byte[] rgb = image.rgb();
        byte[] grey = new byte[image.width() * image.height()];
        for (int i = 0, p = 0; p < grey.length; i += 3, p++) {
            // Rec.601 luma, as cv::cvtColor(RGB2GRAY) computes it
            int luma = (299 * (rgb[i] & 0xff) + 587 * (rgb[i + 1] & 0xff) + 114 * (rgb[i + 2] & 0xff) + 500) / 1000;
            grey[p] = (byte) luma;
        }
        Mat mat = new Mat(image.height(), image.width(), opencv_core.CV_8UC1);
        mat.data().put(grey);
        return mat;
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}
