package io.stylesync.common.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-client token buckets on the configured paths: a client (the API key or token subject it authenticated
 * with, else its address: an unverified key must not buy a fresh budget) may burst {@code burst} requests and
 * then {@code requestsPerSecond}; beyond that 429 with {@code Retry-After}. Buckets idle longer than
 * {@code idleExpiry} are forgotten, and at most {@code maxClients} are kept, so memory stays bounded under many
 * clients.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }
    }

    private final AccessProperties.RateLimit config;
    private final List<String> paths;
    private final AntPathMatcher matcher = new AntPathMatcher();
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Counter refused;

    private final Credentials credentials;

    RateLimitFilter(AccessProperties props, Credentials credentials, MeterRegistry registry) {
        this.config = props.rateLimit();
        this.credentials = credentials;
        this.paths = config.paths();
        this.refused = Counter.builder(config.metric())
                .tag("reason", "rate_limited")
                .description("Requests refused with 503 or 429 before they were served")
                .register(registry);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return paths.isEmpty()
                || "OPTIONS".equals(request.getMethod())
                || paths.stream().noneMatch(p -> matcher.match(p, path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = credentials.identify(request) instanceof Credentials.Authenticated caller
                ? caller.id()
                : "addr:" + request.getRemoteAddr();
        long now = System.nanoTime();
        double waitSeconds = take(client, now);
        if (waitSeconds > 0) {
            refused.increment();
            Problems.write(
                    response,
                    429,
                    "rate-limited",
                    "Too many requests",
                    "more than " + config.requestsPerSecond() + " requests per second (bursts of " + config.burst()
                            + ") from this client; retry after the delay given",
                    (long) Math.ceil(waitSeconds));
            return;
        }
        chain.doFilter(request, response);
    }

    /** Takes one token; returns 0 when granted, else the seconds until a token is available. */
    double take(String client, long now) {
        if (buckets.size() > config.maxClients()) {
            long idle = config.idleExpiry().toNanos();
            buckets.entrySet().removeIf(e -> now - e.getValue().updated > idle);
            if (buckets.size() > config.maxClients()) {
                buckets.clear(); // a flood of distinct clients: forget them all rather than grow
            }
        }
        Bucket b = buckets.computeIfAbsent(client, c -> new Bucket(config.burst(), now));
        synchronized (b) {
            b.tokens = Math.min(config.burst(), b.tokens + (now - b.updated) / 1e9 * config.requestsPerSecond());
            b.updated = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return (1 - b.tokens) / config.requestsPerSecond();
        }
    }
}
