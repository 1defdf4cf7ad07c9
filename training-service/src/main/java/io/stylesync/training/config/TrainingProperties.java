package io.stylesync.training.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param workDir          local scratch: downloaded backbones, the feature cache, bundles being written
 * @param defaultBackbone  TorchScript backbone used when a request names none (a file path or s3:// URI)
 * @param featureBatchSize images per backbone forward pass
 * @param maxQueuedRuns    runs waiting behind the running one; more are refused with 503
 */
@ConfigurationProperties("stylesync.training")
public record TrainingProperties(
        @DefaultValue(".stylesync/training") Path workDir,
        String defaultBackbone,
        @DefaultValue("16") int featureBatchSize,
        @DefaultValue("8") int maxQueuedRuns) {}
