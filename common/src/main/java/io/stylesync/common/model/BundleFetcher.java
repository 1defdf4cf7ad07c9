package io.stylesync.common.model;

import io.stylesync.common.mlflow.MlflowClient;
import io.stylesync.common.mlflow.ModelVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * Downloads a registered model version's bundle from MLflow's artifact proxy into a local
 * directory ({@code <cacheDir>/<name>/<version>/}) and loads it. A complete, verified download is
 * reused; a partial one is replaced (files are written to a temporary directory and moved at the end).
 */
public final class BundleFetcher {

    private final MlflowClient mlflow;
    private final JsonMapper json;
    private final Path cacheDir;

    public BundleFetcher(MlflowClient mlflow, JsonMapper json, Path cacheDir) {
        this.mlflow = mlflow;
        this.json = json;
        this.cacheDir = cacheDir;
    }

    public ModelBundle fetch(ModelVersion version) {
        Path target = cacheDir.resolve(version.name()).resolve(version.version());
        if (Files.isRegularFile(target.resolve(BundleManifest.FILE))) {
            try {
                return ModelBundle.read(target, json);
            } catch (InvalidModelBundleException corrupt) {
                deleteRecursively(target);
            }
        }
        try {
            Path tmp = Files.createDirectories(cacheDir)
                    .resolve(".download-" + version.name() + "-" + version.version() + "-" + System.nanoTime());
            Files.createDirectories(tmp);
            byte[] manifestBytes = mlflow.downloadArtifact(version.source(), BundleManifest.FILE);
            Files.write(tmp.resolve(BundleManifest.FILE), manifestBytes);
            BundleManifest manifest = json.readValue(manifestBytes, BundleManifest.class);
            Set<String> files = new LinkedHashSet<>();
            files.add(manifest.backbone().file());
            manifest.backbone().exportsOrEmpty().values().forEach(e -> files.add(e.file()));
            files.addAll(manifest.files().values());
            if (manifest.textEncoder() != null) {
                files.add(manifest.textEncoder().file());
            }
            for (String file : files) {
                if (file.endsWith("/")) {
                    continue; // folders of reports are not needed to serve
                }
                Path dest = tmp.resolve(file);
                Files.createDirectories(dest.getParent());
                Files.write(dest, mlflow.downloadArtifact(version.source(), file));
            }
            ModelBundle.read(tmp, json); // refuse a corrupt artifact before it replaces anything
            Files.createDirectories(target.getParent());
            deleteRecursively(target);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return ModelBundle.read(target, json);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot store model " + version.name() + " v" + version.version() + " under " + cacheDir, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
