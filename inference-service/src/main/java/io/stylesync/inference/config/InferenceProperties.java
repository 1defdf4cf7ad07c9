package io.stylesync.inference.config;

import io.stylesync.common.model.BackboneEngine;
import io.stylesync.common.model.BackboneLoader;
import jakarta.validation.Valid;
import jakarta.validation.constraints.PositiveOrZero;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param alias          the registered model's alias to serve (MLflow {@code stylesync.mlflow.model-name})
 * @param pollInterval   how often the alias is checked for a new version
 * @param cacheDir       downloaded bundles; what is served when MLflow is unreachable at start
 * @param bundleDir      serve this local bundle directory instead of MLflow (offline use, benchmarks)
 * @param topK           labels per head in a prediction, unless the request asks otherwise
 * @param maxBatchImages images one {@code /predict/batch} request may carry
 * @param engine         which engine runs the backbone
 */
@Validated
@ConfigurationProperties("stylesync.inference")
public record InferenceProperties(
        @DefaultValue("champion") String alias,
        @DefaultValue("PT30S") Duration pollInterval,
        @DefaultValue(".stylesync/inference/models") Path cacheDir,
        Path bundleDir,
        @DefaultValue("3") int topK,
        @DefaultValue("32") int maxBatchImages,
        @DefaultValue Batching batching,
        @DefaultValue Events events,
        @DefaultValue Canary canary,
        @DefaultValue Similar similar,
        @DefaultValue Weather weather,
        @DefaultValue @Valid Engine engine) {

    /**
     * The engine the backbone runs on. {@code onnxruntime} and {@code onnxruntime-int8} need the bundle to carry
     * that export ({@code make bundle-onnx}); otherwise the TorchScript file is served on {@code pytorch}, with a log
     * line saying why.
     *
     * @param name                {@code pytorch}, {@code onnxruntime} or {@code onnxruntime-int8}
     * @param intraOpThreads      ONNX Runtime threads per forward pass; 0: one per physical core
     * @param cuda                ONNX Runtime on the GPU when {@code onnxruntime_gpu} and a CUDA device are present
     * @param int8MaxAccuracyDrop the most test-split accuracy, in points, any head may lose for INT8 to be served
     */
    public record Engine(
            @DefaultValue("onnxruntime") BackboneEngine name,
            @DefaultValue("0") @PositiveOrZero int intraOpThreads,
            @DefaultValue("true") boolean cuda,
            @DefaultValue("0.5") @PositiveOrZero double int8MaxAccuracyDrop) {

        public BackboneLoader.Settings settings() {
            return new BackboneLoader.Settings(name, intraOpThreads, cuda, int8MaxAccuracyDrop);
        }
    }

    /**
     * Dynamic batching: requests wait at most {@code maxDelay} for others to share a forward pass.
     *
     * @param queueCapacity images waiting for the model; more are refused with 503 and Retry-After
     * @param timeout       the longest a request waits for its forward pass before failing with 503
     */
    public record Batching(
            @DefaultValue("16") int maxBatchSize,
            @DefaultValue("PT0.004S") Duration maxDelay,
            @DefaultValue("128") int queueCapacity,
            @DefaultValue("PT30S") Duration timeout) {}

    /**
     * Feature events to monitoring-service; off when {@code monitoringUrl} is empty.
     *
     * @param bufferSize events held while monitoring is slow or down; beyond it they are dropped and counted
     * @param apiKey     sent as {@code X-API-Key} when monitoring-service requires keys
     */
    public record Events(
            URI monitoringUrl,
            String apiKey,
            @DefaultValue("10000") int bufferSize,
            @DefaultValue("200") int batchSize,
            @DefaultValue("PT1S") Duration flushInterval,
            @DefaultValue("PT2S") Duration timeout) {}

    /**
     * @param challengerPercent share (0-100) of {@code /predict} requests answered by the {@code challenger} alias
     * @param shadow            also run the challenger on every request, unseen by the caller, and count agreement
     */
    public record Canary(
            @DefaultValue("challenger") String alias,
            @DefaultValue("0") int challengerPercent,
            @DefaultValue("false") boolean shadow) {}

    /**
     * @param maxItems catalogue items embedded for similar-item search (the model's training dataset version)
     * @param splits   which splits of that dataset make up the catalogue
     */
    public record Similar(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("20000") int maxItems,
            @DefaultValue({"train", "val", "test"}) List<String> splits,
            @DefaultValue("10") int defaultTopK) {}

    /**
     * The style advisor's weather lookup (Open-Meteo's forecast API format); off by default, when
     * callers pass the temperature themselves.
     *
     * @param forecastTtl how long a place's daily forecast is reused before it is asked for again
     * @param cacheSize   places whose forecast is kept
     */
    public record Weather(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("https://api.open-meteo.com") URI baseUrl,
            @DefaultValue("PT3S") Duration timeout,
            @DefaultValue("PT30M") Duration forecastTtl,
            @DefaultValue("1000") int cacheSize) {}
}
