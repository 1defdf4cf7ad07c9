package io.stylesync.common.image;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import io.stylesync.common.image.InvalidImageException.Reason;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Encoded bytes to an upright 8-bit {@link RgbImage}, for training and inference alike.
 *
 * <p>Format comes from magic bytes; size limits are checked from the header before pixels are decoded;
 * truncated and corrupt files are rejected rather than decoded to grey; the EXIF orientation is applied;
 * GIFs yield their first frame (its own rectangle, not composited onto the logical screen). No exception other than {@link InvalidImageException} escapes
 * {@link #decode}, whatever the input. Thread-safe: each call uses its own ImageReader.
 */
public final class ImageDecoder {

    private final DecodeLimits limits;

    public ImageDecoder(DecodeLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public DecodeLimits limits() {
        return limits;
    }

    /** Format and size from the header alone, with every limit checked. */
    public ImageProbe probe(byte[] encoded) throws InvalidImageException {
        return withReader(encoded, this::readHeader);
    }

    /** Probe, decode the pixels (first frame), reject truncation, apply EXIF orientation, convert to RGB. */
    public RgbImage decode(byte[] encoded) throws InvalidImageException {
        return decodeDetailed(encoded).image();
    }

    /** {@link #decode}, also telling whether the source is a plain, upright three-channel JPEG. */
    public DecodedImage decodeDetailed(byte[] encoded) throws InvalidImageException {
        return withReader(encoded, (format, reader) -> {
            readHeader(format, reader);
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            ImageTypeSpecifier raw = format == ImageFormat.JPEG ? reader.getRawImageType(0) : null;
            BufferedImage image = reader.read(0);
            rejectDamagedJpeg(format, encoded, warnings);
            RgbImage rgb = RgbImage.from(image);
            int orientation = ExifOrientation.read(format, encoded);
            boolean plainJpeg = raw != null && raw.getNumBands() == 3 && orientation == ExifOrientation.NORMAL;
            return new DecodedImage(ExifOrientation.apply(rgb, orientation), format, plainJpeg);
        });
    }

    /** What {@link #probe} and {@link #decode} do with a reader set to the bytes. */
    @FunctionalInterface
    private interface ReaderStep<T> {
        T apply(ImageFormat format, ImageReader reader) throws IOException, InvalidImageException;
    }

    /**
     * Checks the bytes, detects the format, runs {@code step} on a fresh reader for it and disposes of the
     * reader; whatever else the reader throws comes out as an {@link InvalidImageException}.
     */
    private <T> T withReader(byte[] encoded, ReaderStep<T> step) throws InvalidImageException {
        ImageFormat format = checkBytesAndDetect(encoded);
        ImageReader reader = null;
        try (ImageInputStream in = new ByteArrayImageInputStream(encoded)) {
            reader = ImageReaders.create(format);
            reader.setInput(in, true, false);
            return step.apply(format, reader);
        } catch (InvalidImageException e) {
            throw e;
        } catch (IOException | RuntimeException | Error e) {
            // Readers throw IndexOutOfBounds, NegativeArraySize, OutOfMemoryError... on hostile input.
            throw failure(format, encoded, e);
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    private ImageFormat checkBytesAndDetect(byte[] encoded) throws InvalidImageException {
        if (encoded == null || encoded.length == 0) {
            throw new InvalidImageException(Reason.EMPTY, "The image is empty (0 bytes)");
        }
        if (encoded.length > limits.maxBytes()) {
            throw new InvalidImageException(
                    Reason.TOO_LARGE_BYTES,
                    "The image is " + encoded.length + " bytes; the limit is " + limits.maxBytes() + " bytes");
        }
        return ImageFormatSniffer.detect(encoded);
    }

    private ImageProbe readHeader(ImageFormat format, ImageReader reader) throws IOException, InvalidImageException {
        if (reader.getNumImages(false) == 0) {
            throw new InvalidImageException(Reason.CORRUPT, "The " + format + " file contains no image");
        }
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
            throw new InvalidImageException(
                    Reason.CORRUPT, "The " + format + " header gives an impossible size " + width + "x" + height);
        }
        if (width > limits.maxDimension() || height > limits.maxDimension()) {
            throw new InvalidImageException(
                    Reason.TOO_MANY_PIXELS,
                    "The image is " + width + "x" + height + " px; each side may be at most " + limits.maxDimension()
                            + " px");
        }
        long pixels = (long) width * height;
        if (pixels > limits.maxPixels()) {
            throw new InvalidImageException(
                    Reason.TOO_MANY_PIXELS,
                    "The image is " + width + "x" + height + " = " + pixels + " px; the limit is " + limits.maxPixels()
                            + " px");
        }
        return new ImageProbe(format, width, height);
    }

    /**
     * libjpeg decodes a cut-off or damaged JPEG "successfully", filling the rest with grey, and only warns;
     * such an image must not reach a model. The marker structure tells a file that simply stops (truncated)
     * from one that turns into garbage; warnings about missing or undecodable data reject the rest. Benign
     * warnings (a few extraneous bytes before a marker in an otherwise complete file) pass.
     */
    private static void rejectDamagedJpeg(ImageFormat format, byte[] encoded, List<String> warnings)
            throws InvalidImageException {
        if (format != ImageFormat.JPEG) {
            return;
        }
        switch (JpegMarkers.check(encoded)) {
            case GARBLED -> throw corruptJpeg(warnings);
            case TRUNCATED ->
                throw new InvalidImageException(
                        Reason.TRUNCATED, "The JPEG is truncated: the data ends before the end-of-image marker");
            case COMPLETE -> {
                boolean pixelsMissing = warnings.stream()
                        .map(w -> w.toLowerCase(Locale.ROOT))
                        .anyMatch(w -> w.contains("premature end") || w.contains("huffman"));
                if (pixelsMissing) {
                    throw corruptJpeg(warnings);
                }
            }
        }
    }

    private static InvalidImageException corruptJpeg(List<String> warnings) {
        return new InvalidImageException(
                Reason.CORRUPT,
                "The JPEG data is corrupt"
                        + (warnings.isEmpty()
                                ? ": unexpected bytes where a marker should be"
                                : ": " + String.join("; ", warnings)));
    }

    private static InvalidImageException failure(ImageFormat format, byte[] encoded, Throwable e) {
        if (looksTruncated(format, encoded, e)) {
            return new InvalidImageException(
                    Reason.TRUNCATED, "The " + format + " file is truncated: the data ends early", e);
        }
        String detail = e instanceof OutOfMemoryError
                ? "it needs more memory to decode than is available"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new InvalidImageException(Reason.CORRUPT, "The " + format + " data is corrupt: " + detail, e);
    }

    /**
     * JPEG, PNG and WebP structure says reliably whether the data just stops; readers' EOFExceptions do not
     * (TwelveMonkeys hits EOF inside a damaged table segment). GIF and BMP headers are too weak to rely on alone.
     */
    private static boolean looksTruncated(ImageFormat format, byte[] encoded, Throwable e) {
        boolean structure;
        try {
            structure = TruncationDetector.isTruncated(format, encoded);
        } catch (RuntimeException ignored) {
            structure = false;
        }
        return switch (format) {
            case JPEG, PNG, WEBP -> structure;
            case GIF, BMP -> structure || hasCause(e, EOFException.class);
        };
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
