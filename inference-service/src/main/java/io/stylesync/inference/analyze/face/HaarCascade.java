package io.stylesync.inference.analyze.face;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * One of the Haar cascades shipped in the {@code org.bytedeco:opencv} natives jar, extracted once to a temporary
 * file (OpenCV loads cascades from a path) and loaded once per thread, since a CascadeClassifier is not documented
 * as safe for concurrent detection. Nothing is downloaded at run time.
 */
final class HaarCascade {

    private static final String DIRECTORY = "/org/bytedeco/opencv/linux-x86_64/share/opencv4/haarcascades/";

    private final String name;
    private final Path file;
    private final ThreadLocal<CascadeClassifier> classifier;

    /** @param name the cascade's file name, e.g. {@code haarcascade_eye.xml} */
    HaarCascade(String name) {
        this.name = name;
        this.file = extract(DIRECTORY + name);
        this.classifier = ThreadLocal.withInitial(this::load);
        classifier.get();
    }

    /** This thread's classifier; get it before opening a PointerScope, which would otherwise free it. */
    CascadeClassifier classifier() {
        return classifier.get();
    }

    private CascadeClassifier load() {
        CascadeClassifier c = new CascadeClassifier();
        c.retainReference(); // lives as long as its thread, whatever PointerScope a caller has open
        if (!c.load(file.toString())) {
            throw new IllegalStateException("OpenCV could not load the cascade " + name + " from " + file);
        }
        return c;
    }

    private static Path extract(String resource) {
        try (InputStream in = HaarCascade.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("cascade not on the classpath: " + resource
                        + " (org.bytedeco:opencv:linux-x86_64 jar missing?)");
            }
            Path file = Files.createTempFile("stylesync-haar-", ".xml");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the cascade " + resource, e);
        }
    }
}
