package io.stylesync.ingest.source;

import io.stylesync.common.error.ProblemException;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3Location;
import io.stylesync.common.storage.StoredObject;
import io.stylesync.ingest.metadata.StylesCsvReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/** Lists a source prefix and sorts its objects into images, metadata and the rest. */
@Component
public class SourceScanner {

    public static final String STYLES_CSV = "styles.csv";
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "webp", "gif");
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]{0,200}");

    private final ObjectStore store;

    public SourceScanner(ObjectStore store) {
        this.store = store;
    }

    /**
     * Checks, before a job is accepted, that the source exists and looks like the layout; throws
     * a 4xx problem naming what is missing.
     */
    public void checkReachable(S3Location source, SourceLayout layout, List<String> attributes) {
        if (!store.bucketExists(source.bucket())) {
            throw ProblemException.unprocessable("source-not-found", "bucket '" + source.bucket() + "' does not exist")
                    .with("field", "source");
        }
        if (!store.hasAnyUnder(source.asPrefix())) {
            throw ProblemException.unprocessable("source-empty", "no objects under " + source.asPrefix())
                    .with("field", "source");
        }
        if (layout == SourceLayout.KAGGLE_STYLES) {
            S3Location styles = source.asPrefix().resolve(STYLES_CSV);
            if (!store.exists(styles)) {
                throw ProblemException.unprocessable(
                                "metadata-missing", "layout kaggle-styles needs " + styles + ", which does not exist")
                        .with("field", "layout");
            }
            try (InputStream in = store.open(styles)) {
                StylesCsvReader.requireColumns(StylesCsvReader.header(in), attributes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public SourceScan scan(S3Location source, SourceLayout layout) {
        S3Location prefix = source.asPrefix();
        List<SourceImage> images = new ArrayList<>();
        List<SourceImage> duplicates = new ArrayList<>();
        List<StoredObject> ignored = new ArrayList<>();
        Map<String, SourceImage> byId = new HashMap<>();
        StoredObject metadata = null;
        long count = 0;
        try (Stream<StoredObject> objects = store.list(prefix)) {
            for (StoredObject o : (Iterable<StoredObject>) objects::iterator) {
                count++;
                String relative = o.location().relativeTo(prefix);
                if (layout == SourceLayout.KAGGLE_STYLES && relative.equals(STYLES_CSV)) {
                    metadata = o;
                    continue;
                }
                Optional<String> id = imageId(relative, layout);
                if (id.isEmpty()) {
                    ignored.add(o);
                    continue;
                }
                SourceImage image = new SourceImage(id.get(), o);
                if (byId.putIfAbsent(image.id(), image) == null) {
                    images.add(image);
                } else {
                    duplicates.add(image);
                }
            }
        }
        return new SourceScan(images, Optional.ofNullable(metadata), ignored, duplicates, count);
    }

    /** Kaggle: {@code images/<id>.<ext>}; image folder: {@code <class>/<name>.<ext>} gives id {@code <class>/<name>}. */
    static Optional<String> imageId(String relative, SourceLayout layout) {
        int dot = relative.lastIndexOf('.');
        if (dot < 0 || !IMAGE_EXTENSIONS.contains(relative.substring(dot + 1).toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        String stem = relative.substring(0, dot);
        String[] parts = stem.split("/");
        return switch (layout) {
            case KAGGLE_STYLES ->
                parts.length == 2
                                && parts[0].equals("images")
                                && SAFE_ID.matcher(parts[1]).matches()
                        ? Optional.of(parts[1])
                        : Optional.empty();
            case IMAGE_FOLDER ->
                parts.length == 2
                                && SAFE_ID.matcher(parts[0]).matches()
                                && SAFE_ID.matcher(parts[1]).matches()
                        ? Optional.of(parts[0] + "/" + parts[1])
                        : Optional.empty();
        };
    }

    /** The class of an image-folder id. */
    public static String folderClass(String id) {
        return id.substring(0, id.indexOf('/'));
    }
}
