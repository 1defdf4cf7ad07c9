package io.stylesync.inference.advise;

import java.time.LocalDate;
import java.util.List;

/** The style advisor's answer for each day of a place's forecast. */
public record ForecastAdvice(double latitude, double longitude, String source, List<Day> days) {

    public record Day(
            LocalDate date, double temperatureMaxC, double temperatureMinC, double precipitationMm, Advice advice) {}
}
