package io.stylesync.common.job;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Binds {@link JobProperties} for the services that keep job records. */
@AutoConfiguration
@EnableConfigurationProperties(JobProperties.class)
public class JobAutoConfiguration {}
