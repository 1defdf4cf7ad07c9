package io.stylesync.common.image;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

/**
 * Picks one ImageIO reader per format, deterministically: TwelveMonkeys for JPEG (CMYK/YCCK, broken
 * ICC profiles) and WebP, the JDK's own reader for PNG, GIF and BMP. ImageReaders are not thread-safe,
 * so every decode gets a fresh instance; the providers are shared.
 */
final class ImageReaders {

    private static final Map<ImageFormat, ImageReaderSpi> PROVIDERS = choose();

    private ImageReaders() {}

    static ImageReader create(ImageFormat format) throws IOException {
        return PROVIDERS.get(format).createReaderInstance();
    }

    static ImageReaderSpi provider(ImageFormat format) {
        return PROVIDERS.get(format);
    }

    private static Map<ImageFormat, ImageReaderSpi> choose() {
        IIORegistry registry = IIORegistry.getDefaultInstance();
        // The registry scans the class path of whichever context class loader touched ImageIO first; in a
        // repackaged Spring Boot jar that may miss TwelveMonkeys, so make sure it is there.
        registerIfMissing(registry, JPEGImageReaderSpi.class, JPEGImageReaderSpi::new);
        registerIfMissing(registry, WebPImageReaderSpi.class, WebPImageReaderSpi::new);

        Map<ImageFormat, ImageReaderSpi> chosen = new EnumMap<>(ImageFormat.class);
        for (ImageFormat format : ImageFormat.values()) {
            String preferredPackage = switch (format) {
                case JPEG, WEBP -> "com.twelvemonkeys.imageio.plugins.";
                case PNG, GIF, BMP -> "com.sun.imageio.plugins.";
            };
            chosen.put(format, find(registry, format, preferredPackage));
        }
        return chosen;
    }

    private static ImageReaderSpi find(IIORegistry registry, ImageFormat format, String preferredPackage) {
        ImageReaderSpi fallback = null;
        Iterator<ImageReaderSpi> providers = registry.getServiceProviders(
                ImageReaderSpi.class, spi -> supports((ImageReaderSpi) spi, format.imageIoName()), true);
        while (providers.hasNext()) {
            ImageReaderSpi spi = providers.next();
            if (spi.getPluginClassName().startsWith(preferredPackage)) {
                return spi;
            }
            if (fallback == null) {
                fallback = spi;
            }
        }
        if (fallback == null) {
            throw new IllegalStateException("no ImageIO reader for " + format + " on the class path");
        }
        return fallback;
    }

    private static boolean supports(ImageReaderSpi spi, String formatName) {
        for (String name : spi.getFormatNames()) {
            if (name.equalsIgnoreCase(formatName)) {
                return true;
            }
        }
        return false;
    }

    private static <T extends ImageReaderSpi> void registerIfMissing(
            IIORegistry registry, Class<T> type, java.util.function.Supplier<T> factory) {
        if (registry.getServiceProviderByClass(type) == null) {
            registry.registerServiceProvider(factory.get(), ImageReaderSpi.class);
        }
    }
}
