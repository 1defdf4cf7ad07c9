package io.stylesync.training.backbone;

import io.stylesync.common.error.ProblemException;
import io.stylesync.common.model.ModelBundle;
import io.stylesync.common.storage.ObjectStore;
import io.stylesync.common.storage.S3Location;
import io.stylesync.training.config.TrainingProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.stereotype.Component;

/**
 * Turns a backbone reference into a local TorchScript file: a path as it is, an {@code s3://}
 * URI downloaded once into the work directory. (Model-zoo URLs need internet, which offline DJL
 * does not reach: export them to TorchScript with tools/export_backbone.py instead.)
 */
@Component
public class BackboneResolver {

    private final ObjectStore store;
    private final Path cache;

    public BackboneResolver(ObjectStore store, TrainingProperties props) {
        this.store = store;
        this.cache = props.workDir().resolve("backbones");
    }

    public record Backbone(Path file, String sha256, String reference) {}

    public Backbone resolve(String reference) {
        if (reference == null || reference.isBlank()) {
            throw ProblemException.badRequest("no backbone given and stylesync.training.default-backbone is not set")
                    .with("field", "backbone");
        }
        Path file;
        if (reference.startsWith("s3://")) {
            S3Location location = S3Location.parse(reference);
            file = cache.resolve(location.bucket() + "/" + location.key());
            if (!Files.isRegularFile(file)) {
                if (!store.exists(location)) {
                    throw ProblemException.unprocessable("backbone-not-found", "no backbone at " + reference)
                            .with("field", "backbone");
                }
                store.download(location, file);
            }
        } else if (reference.contains("://")) {
            throw ProblemException.unprocessable(
                            "backbone-unsupported",
                            "backbone must be a TorchScript file path or an s3:// URI; "
                                    + "model-zoo URLs need internet (export them with tools/export_backbone.py)")
                    .with("field", "backbone");
        } else {
            // A local reference names a TorchScript file, nothing else on the server's disk.
            if (!reference.endsWith(".pt") || reference.chars().anyMatch(Character::isISOControl)) {
                throw ProblemException.unprocessable(
                                "backbone-unsupported",
                                "a local backbone is a TorchScript file path ending in .pt: " + reference)
                        .with("field", "backbone");
            }
            file = Path.of(reference);
            if (!Files.isRegularFile(file)) {
                throw ProblemException.unprocessable("backbone-not-found", "no TorchScript file at " + reference)
                        .with("field", "backbone");
            }
        }
        return new Backbone(file, ModelBundle.sha256(file), reference);
    }
}
