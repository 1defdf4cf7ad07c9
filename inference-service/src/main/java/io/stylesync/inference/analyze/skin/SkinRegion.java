package io.stylesync.inference.analyze.skin;

import io.stylesync.inference.analyze.face.FaceBox;
import java.util.List;

/**
 * The zones of a face box sampled for skin colour, as fractions of the box (0–1 from its top left): the forehead
 * below the hairline and both cheeks below the eyes and beside the nose and mouth. Eyes, brows, nostrils, lips and
 * the box's edges (hair, ears, background) lie outside every zone; the skin classifier then drops whatever
 * non-skin pixels remain (a fringe, glasses, a beard). Proportions of a frontal Haar face box, where the eyes sit
 * at about 0.35–0.45 of the height and the mouth at 0.7–0.85.
 */
public final class SkinRegion {

    /** A rectangle in face-box fractions. */
    public record Zone(String name, double left, double top, double right, double bottom) {

        /** The zone in image pixels for {@code face}. */
        public Rectangle in(FaceBox face) {
            int x0 = face.x() + (int) Math.round(left * face.width());
            int y0 = face.y() + (int) Math.round(top * face.height());
            int x1 = face.x() + (int) Math.round(right * face.width());
            int y1 = face.y() + (int) Math.round(bottom * face.height());
            return new Rectangle(name, x0, y0, x1 - x0, y1 - y0);
        }
    }

    /** A named rectangle in image pixels. */
    public record Rectangle(String name, int x, int y, int width, int height) {}

    public static final List<Zone> ZONES = List.of(
            new Zone("forehead", 0.30, 0.12, 0.70, 0.24),
            new Zone("left_cheek", 0.18, 0.52, 0.36, 0.70),
            new Zone("right_cheek", 0.64, 0.52, 0.82, 0.70));

    private SkinRegion() {}
}
