package io.stylesync.inference.advise;

/** Current conditions: air temperature in degrees Celsius and precipitation in millimetres (last hour). */
public record Weather(double temperatureC, double precipitationMm, String source) {}
