package io.stylesync.inference.model;

import io.stylesync.common.image.ImageDecoder;
import io.stylesync.common.image.ImagePreprocessor;
import io.stylesync.common.model.BackboneEngine;
import io.stylesync.common.model.BackboneNetwork;
import io.stylesync.common.model.ClassifierHead;
import io.stylesync.common.model.EmbeddingStatistics;
import io.stylesync.common.model.ModelBundle;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model version: the bundle's network, heads and preprocessing. Requests {@link #acquire()}
 * it before use and {@link #release()} it after; once {@link #retire() retired} (replaced by a newer
 * version) it refuses new users and closes its native model when the last in-flight request releases it.
 */
public final class ServingModel {

    private static final Logger log = LoggerFactory.getLogger(ServingModel.class);

    private final String name;
    private final String version;
    private final ModelBundle bundle;
    private final BackboneNetwork network;
    private final ImagePreprocessor preprocessor;
    private final EmbeddingStatistics embeddingStatistics;
    private final Instant loadedAt = Instant.now();
    /** Users in flight; -1 once closed. */
    private final AtomicInteger inFlight = new AtomicInteger();

    private volatile boolean retired;

    public ServingModel(
            String name,
            String version,
            ModelBundle bundle,
            BackboneNetwork network,
            ImageDecoder decoder,
            EmbeddingStatistics embeddingStatistics) {
        this.name = name;
        this.version = version;
        this.bundle = bundle;
        this.network = network;
        this.preprocessor = new ImagePreprocessor(bundle.preprocessConfig(), decoder);
        this.embeddingStatistics = embeddingStatistics;
    }

    /** @return false when the model is retired: take the current one instead */
    public boolean acquire() {
        while (true) {
            int n = inFlight.get();
            if (n < 0 || retired) {
                return false;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    public void release() {
        if (inFlight.decrementAndGet() == 0 && retired) {
            closeIfIdle();
        }
    }

    /** No new users; closes now if idle, else when the last in-flight user releases. */
    public void retire() {
        retired = true;
        closeIfIdle();
    }

    private void closeIfIdle() {
        if (inFlight.compareAndSet(0, -1)) {
            network.close();
            log.info("Closed model {} v{} after draining", name, version);
        }
    }

    public boolean isClosed() {
        return inFlight.get() < 0;
    }

    public int inFlight() {
        return Math.max(0, inFlight.get());
    }

    /** The backbone's output for a batch of preprocessed images; the caller holds an {@link #acquire() acquisition}. */
    public float[] embed(float[] batch, int n) {
        var c = preprocessor.config();
        return network.forward(batch, n, c.height(), c.width());
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public ModelBundle bundle() {
        return bundle;
    }

    public List<ClassifierHead> heads() {
        return bundle.heads();
    }

    public int featureDim() {
        return bundle.manifest().backbone().featureDim();
    }

    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    /** Null for bundles without {@code embedding-stats.json}. */
    public EmbeddingStatistics embeddingStatistics() {
        return embeddingStatistics;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public String device() {
        return network.device();
    }

    public BackboneEngine engine() {
        return network.engine();
    }

    @Override
    public String toString() {
        return name + " v" + version;
    }
}
