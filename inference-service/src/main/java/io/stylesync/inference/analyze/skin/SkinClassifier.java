package io.stylesync.inference.analyze.skin;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Skin or not, per 8-bit RGB pixel, from the committed histogram {@value #RESOURCE} (see {@link SkinModelFitter}). */
public final class SkinClassifier {

    public static final String RESOURCE = "/analyze/skin-histogram.txt";

    private final SkinHistogram histogram;

    public SkinClassifier(SkinHistogram histogram) {
        this.histogram = histogram;
    }

    public static SkinClassifier fromClasspath() {
        try (InputStream in = SkinClassifier.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("skin model not on the classpath: " + RESOURCE);
            }
            return new SkinClassifier(SkinHistogram.parse(new InputStreamReader(in, StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the skin model " + RESOURCE, e);
        }
    }

    public boolean isSkin(int r, int g, int b) {
        return histogram.isSkin(r, g, b);
    }

    public SkinHistogram histogram() {
        return histogram;
    }
}
