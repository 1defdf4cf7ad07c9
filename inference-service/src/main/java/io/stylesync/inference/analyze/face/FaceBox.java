package io.stylesync.inference.analyze.face;

/** An axis-aligned face rectangle in image pixels (origin top left). */
public record FaceBox(int x, int y, int width, int height) {

    public FaceBox {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("face box must have a positive size: " + width + "x" + height);
        }
    }

    public long area() {
        return (long) width * height;
    }

    /** Intersection over union with another box. */
    public double iou(FaceBox other) {
        int ix = Math.max(0, Math.min(x + width, other.x + other.width) - Math.max(x, other.x));
        int iy = Math.max(0, Math.min(y + height, other.y + other.height) - Math.max(y, other.y));
        double intersection = (double) ix * iy;
        return intersection / (area() + other.area() - intersection);
    }
}
