package io.stylesync.ingest.config;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits and tuning of ingest jobs.
 *
 * @param parallelism      images downloaded and processed at once
 * @param maxImageBytes    larger source images are rejected without being downloaded
 * @param maxImagePixels   decompression-bomb guard, checked from the image header before decoding
 * @param maxMetadataRows  a larger styles.csv fails the job instead of filling the heap
 * @param maxQueuedJobs    jobs waiting behind the running one; more are refused with 503
 * @param orphanGrace      a version folder without manifest older than this is a crashed job's leftover
 */
@Validated
@ConfigurationProperties("stylesync.ingest")
public record IngestProperties(
        @DefaultValue("8") @Min(1) int parallelism,
        @DefaultValue("20MB") DataSize maxImageBytes,
        @DefaultValue("40000000") long maxImagePixels,
        @DefaultValue("12000") int maxImageDimension,

        @DefaultValue("0.92") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1")
        float jpegQuality,

        @DefaultValue("5000000") long maxMetadataRows,
        @DefaultValue("16") int maxQueuedJobs,
        @DefaultValue("PT1H") Duration orphanGrace) {}
