package io.stylesync.inference.analyze;

import io.stylesync.common.image.RgbImage;
import java.util.List;

/**
 * The fixed set of re-renderings the lighting evaluation applies to every photo: colour casts (tungsten, warm, cool,
 * shade, fluorescent green, magenta), under- and over-exposure, and combinations. Each multiplies the 8-bit sRGB
 * channels by a gain and adds an offset, then clips, as a camera's white balance and exposure errors do; the first
 * four are the casts issue 16 measured by hand.
 */
public record Relighting(String name, double red, double green, double blue, double offset) {

    public static final List<Relighting> ALL = List.of(
            new Relighting("warm", 1.12, 1.0, 0.85, 0),
            new Relighting("cool", 0.88, 1.0, 1.15, 0),
            new Relighting("darker", 0.6, 0.6, 0.6, 0),
            new Relighting("brighter", 1.3, 1.3, 1.3, 10),
            new Relighting("tungsten", 1.25, 1.0, 0.7, 0),
            new Relighting("shade", 0.85, 1.0, 1.25, 0),
            new Relighting("fluorescent", 0.92, 1.06, 0.9, 0),
            new Relighting("magenta", 1.08, 0.9, 1.06, 0),
            new Relighting("warm_darker", 0.67, 0.6, 0.51, 0),
            new Relighting("cool_darker", 0.53, 0.6, 0.69, 0),
            new Relighting("warm_brighter", 1.46, 1.3, 1.1, 10),
            new Relighting("much_darker", 0.45, 0.45, 0.45, 0));

    public RgbImage apply(RgbImage image) {
        byte[] in = image.rgb();
        byte[] out = new byte[in.length];
        double[] gain = {red, green, blue};
        for (int i = 0; i < in.length; i++) {
            double v = (in[i] & 0xff) * gain[i % 3] + offset;
            out[i] = (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
        }
        return new RgbImage(image.width(), image.height(), out);
    }
}
