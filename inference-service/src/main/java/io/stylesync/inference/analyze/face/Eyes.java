package io.stylesync.inference.analyze.face;

/** The two eyes found inside a face box, in image pixels; {@code left} is the one on the image's left. */
public record Eyes(Box left, Box right) {

    /** An eye's rectangle in image pixels. */
    public record Box(int x, int y, int width, int height) {

        public double centreX() {
            return x + width / 2.0;
        }

        public double centreY() {
            return y + height / 2.0;
        }
    }

    /** Distance between the eye centres, in pixels. */
    public double distance() {
        return Math.hypot(right.centreX() - left.centreX(), right.centreY() - left.centreY());
    }
}
