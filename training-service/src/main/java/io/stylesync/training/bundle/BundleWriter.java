package io.stylesync.training.bundle;

import io.stylesync.common.model.BundleManifest;
import io.stylesync.common.model.EmbeddingStatistics;
import io.stylesync.common.model.ModelBundle;
import io.stylesync.common.search.HashingTokenizer;
import io.stylesync.common.search.TextEncoder;
import io.stylesync.training.data.LabelSpace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lays a {@link BundleContents} out as a model bundle directory ({@code bundle.json}, {@code backbone.pt},
 * {@code heads.bin}, reference and embedding statistics, metrics; the evaluation files are already there) and
 * reads it back with {@link ModelBundle#read}: what is published must load.
 */
@Component
public class BundleWriter {

    static final String BACKBONE = "backbone.pt";
    static final String REFERENCE_STATISTICS = "reference-stats.json";
    static final String METRICS = "metrics.json";

    private final JsonMapper json;

    public BundleWriter(JsonMapper json) {
        this.json = json;
    }

    public ModelBundle write(Path dir, BundleContents c) {
        try {
            Files.createDirectories(dir);
            if (!c.backboneFile().equals(dir.resolve(BACKBONE))) {
                Files.copy(c.backboneFile(), dir.resolve(BACKBONE), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.write(dir.resolve(REFERENCE_STATISTICS), c.referenceStatistics());
            Files.write(
                    dir.resolve(EmbeddingStatistics.FILE),
                    json.writerWithDefaultPrettyPrinter().writeValueAsBytes(EmbeddingStatistics.of(c.trainFeatures())));
            if (c.textEncoder() != null) {
                Files.write(dir.resolve(TextEncoder.FILE), c.textEncoder().toSafetensors());
            }
            Files.write(
                    dir.resolve(METRICS),
                    json.writerWithDefaultPrettyPrinter().writeValueAsBytes(new TreeMap<>(c.metrics())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<BundleManifest.Head> heads = new ArrayList<>();
        for (int h = 0; h < c.heads().size(); h++) {
            LabelSpace s = c.labelSpaces().get(h);
            heads.add(new BundleManifest.Head(
                    s.attribute(),
                    s.classes(),
                    s.hasOther() ? s.classes().getLast() : null,
                    c.heads().get(h).temperature(),
                    c.heads().get(h).hiddenUnits() > 0 ? c.heads().get(h).hiddenUnits() : null));
        }
        Map<String, String> files = new LinkedHashMap<>();
        files.put("heads", ModelBundle.HEADS_FILE);
        files.put("referenceStatistics", REFERENCE_STATISTICS);
        files.put("embeddingStatistics", EmbeddingStatistics.FILE);
        files.put("metrics", METRICS);
        files.put("evaluation", "evaluation/");
        var manifest = new BundleManifest(
                BundleManifest.SCHEMA_VERSION,
                c.name(),
                Instant.now(),
                new BundleManifest.Backbone(BACKBONE, c.backboneSha256(), c.featureDim(), c.backboneDescription()),
                ModelBundle.describe(c.preprocessing()),
                heads,
                files,
                new TreeMap<>(c.lineage()),
                new TreeMap<>(c.metrics()));
        if (c.textEncoder() != null) {
            TextEncoder e = c.textEncoder();
            manifest = manifest.withTextEncoder(new BundleManifest.TextEncoder(
                    TextEncoder.FILE,
                    ModelBundle.sha256(dir.resolve(TextEncoder.FILE)),
                    HashingTokenizer.SCHEME,
                    e.tokenizer().buckets(),
                    e.embeddingDim(),
                    e.hiddenDim(),
                    e.outputDim(),
                    c.textTemperature()));
        }
        ModelBundle.write(dir, manifest, c.heads(), json);
        return ModelBundle.read(dir, json);
    }
}
