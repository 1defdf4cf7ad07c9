package io.stylesync.common.image;

/**
 * A decoded image and what its source was.
 *
 * @param plainJpeg the source is a three-channel (YCbCr/RGB) JPEG needing no EXIF rotation: any
 *                  JPEG decoder gives these pixels from its bytes, so they can be kept as they are
 *                  instead of being re-encoded (which would only lose quality)
 */
public record DecodedImage(RgbImage image, ImageFormat format, boolean plainJpeg) {}
