package io.stylesync.inference.advise;

/** Where the advisor gets the weather for a place when the caller does not say it. */
public interface WeatherProvider {

    /**
     * @throws io.stylesync.common.error.ProblemException 503 when the provider cannot be reached, 400 when it is off
     */
    Weather current(double latitude, double longitude);
}
