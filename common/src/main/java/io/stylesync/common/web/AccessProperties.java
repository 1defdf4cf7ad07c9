package io.stylesync.common.web;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may call what, per deployment.
 *
 * @param apiKeys   keys accepted on mutating requests (POST, PUT, PATCH, DELETE) in {@code X-API-Key} or
 *                  {@code Authorization: Bearer}; empty = no key required (local runs), otherwise 401 without
 *                  a key and 403 with a wrong one
 * @param openPaths mutating paths anyone may call even when keys are set (Ant patterns, e.g. {@code /api/v1/predict/**})
 * @param rateLimit per-client request budget on {@code rateLimit.paths}
 */
@ConfigurationProperties("stylesync.access")
public record AccessProperties(
        @DefaultValue List<String> apiKeys,
        @DefaultValue List<String> openPaths,
        @DefaultValue RateLimit rateLimit) {

    /**
     * A token bucket per client (its API key, else its address): {@code burst} requests at once, refilled at
     * {@code requestsPerSecond}. Beyond it: 429 with Retry-After.
     *
     * @param metric counter incremented per refused request, tagged {@code reason=rate_limited}
     */
    public record RateLimit(
            @DefaultValue List<String> paths,
            @DefaultValue("50") double requestsPerSecond,
            @DefaultValue("100") int burst,
            @DefaultValue("100000") int maxClients,
            @DefaultValue("PT10M") Duration idleExpiry,
            @DefaultValue("stylesync.http.rejected") String metric) {
    }
}
