package io.stylesync.common.web;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * Who may call what, per deployment.
 *
 * @param apiKeys   keys accepted on mutating requests (POST, PUT, PATCH, DELETE) in {@code X-API-Key} or
 *                  {@code Authorization: Bearer}; 401 without credentials, 403 with an unknown key
 * @param jwt       OAuth2 bearer tokens (JWTs) from an identity provider, accepted beside the keys; with neither
 *                  keys nor an issuer configured, everything is open (local runs)
 * @param openPaths mutating paths anyone may call even when credentials are required (Ant patterns, e.g.
 *                  {@code /api/v1/predict/**})
 * @param rateLimit per-client request budget on {@code rateLimit.paths}
 */
@ConfigurationProperties("stylesync.access")
public record AccessProperties(
        @DefaultValue List<String> apiKeys,
        @DefaultValue Jwt jwt,
        @DefaultValue List<String> openPaths,
        @DefaultValue RateLimit rateLimit) {

    public AccessProperties {
        apiKeys = withoutBlanks(apiKeys);
    }

    /** True when mutating requests need credentials. */
    public boolean credentialsRequired() {
        return !apiKeys.isEmpty() || jwt.enabled();
    }

    /** An empty environment variable binds as {@code [""]}: it means none. */
    private static List<String> withoutBlanks(List<String> values) {
        return values.stream().filter(StringUtils::hasText).toList();
    }

    /**
     * Bearer tokens as a Spring resource server would take them ({@code spring.security.oauth2.resourceserver.jwt.*}):
     * signed by a key in the provider's JWK set, not expired, issued by {@code issuerUri}.
     *
     * @param issuerUri the provider's issuer, e.g. {@code https://cognito-idp.eu-west-1.amazonaws.com/<pool-id>} or
     *                  {@code https://keycloak.example.com/realms/stylesync}; empty = no tokens. The {@code iss} claim
     *                  must equal it, and its OpenID discovery document names the key set unless {@code jwkSetUri} does
     * @param jwkSetUri the key set's address, for providers without discovery
     * @param audiences accepted {@code aud} values (any one); empty = not checked
     * @param scopes    a token needs one of these in its {@code scope} or {@code scp} claim to call mutating
     *                  endpoints (403 otherwise); empty = any valid token may
     */
    public record Jwt(
            String issuerUri,
            String jwkSetUri,
            @DefaultValue List<String> audiences,
            @DefaultValue("stylesync.write") List<String> scopes) {

        public Jwt {
            audiences = withoutBlanks(audiences);
            scopes = withoutBlanks(scopes);
        }

        public boolean enabled() {
            return StringUtils.hasText(issuerUri) || StringUtils.hasText(jwkSetUri);
        }
    }

    /**
     * A token bucket per client (the key or token subject it authenticated with, else its address): {@code burst}
     * requests at once, refilled at
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
            @DefaultValue("stylesync.http.rejected") String metric) {}
}
