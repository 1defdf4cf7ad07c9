package io.stylesync.common.events;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Binds {@link EventsProperties} for inference-service and monitoring-service. */
@AutoConfiguration
@EnableConfigurationProperties(EventsProperties.class)
public class EventsAutoConfiguration {}
