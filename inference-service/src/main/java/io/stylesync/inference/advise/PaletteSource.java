package io.stylesync.inference.advise;

/** Turns a selfie into the person's {@link Palette}; the colour analysis implements it. */
public interface PaletteSource {

    /**
     * @throws io.stylesync.common.error.ProblemException 4xx when the photo cannot be analysed (not an image, no face)
     */
    Palette paletteOf(byte[] image, String what);
}
