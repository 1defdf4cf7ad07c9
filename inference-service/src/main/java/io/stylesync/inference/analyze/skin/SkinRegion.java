package io.stylesync.inference.analyze.skin;

import io.stylesync.inference.analyze.face.Eyes;
import io.stylesync.inference.analyze.face.FaceBox;
import java.util.List;
import java.util.Optional;

/**
 * The zones of a face box sampled for skin colour, as fractions of the box (0–1 from its top left): the forehead
 * below the hairline and both cheeks below the eyes and beside the nose and mouth. Eyes, brows, nostrils, lips and
 * the box's edges (hair, ears, background) lie outside every zone; the skin classifier then drops whatever
 * non-skin pixels remain (a fringe, glasses, a beard). Proportions of a frontal Haar face box, where the eyes sit
 * at about 0.35–0.45 of the height and the mouth at 0.7–0.85. When both eyes were found the zones are placed from
 * them instead ({@link #fromEyes}), which follows a face that sits off-centre or tilted in its box.
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

    /**
     * The zones for a face: from its eyes when both were found, else the box-relative {@link #ZONES}. In units of
     * the distance d between the eye centres, measured from the eye line: the forehead spans the eye centres
     * horizontally and 0.45–0.8 d above (the brows end about 0.3 d above); each cheek is 0.3 d outside to 0.15 d
     * inside its eye's centre and 0.35–0.75 d below it (under the lower lid, above the nostrils).
     */
    public static List<Rectangle> zones(FaceBox face, Optional<Eyes> eyes) {
        return eyes.map(SkinRegion::fromEyes)
                .orElseGet(() -> ZONES.stream().map(z -> z.in(face)).toList());
    }

    static List<Rectangle> fromEyes(Eyes eyes) {
        double d = eyes.distance();
        Eyes.Box l = eyes.left();
        Eyes.Box r = eyes.right();
        double lineY = (l.centreY() + r.centreY()) / 2;
        return List.of(
                rectangle("forehead", l.centreX(), lineY - 0.8 * d, r.centreX(), lineY - 0.45 * d),
                rectangle(
                        "left_cheek",
                        l.centreX() - 0.3 * d,
                        l.centreY() + 0.35 * d,
                        l.centreX() + 0.15 * d,
                        l.centreY() + 0.75 * d),
                rectangle(
                        "right_cheek",
                        r.centreX() - 0.15 * d,
                        r.centreY() + 0.35 * d,
                        r.centreX() + 0.3 * d,
                        r.centreY() + 0.75 * d));
    }

    private static Rectangle rectangle(String name, double x0, double y0, double x1, double y1) {
        int left = (int) Math.round(x0);
        int top = (int) Math.round(y0);
        return new Rectangle(name, left, top, (int) Math.round(x1) - left, (int) Math.round(y1) - top);
    }

    private SkinRegion() {}
}
