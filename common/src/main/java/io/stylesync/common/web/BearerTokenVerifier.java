package io.stylesync.common.web;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.util.StringUtils;

/**
 * Verifies OAuth2 bearer tokens (signed JWTs) with Spring Security's {@link NimbusJwtDecoder}: signature against
 * the provider's published keys (Nimbus's JWK source: fetched on first use, cached, refetched for an unknown key
 * id), expiry and not-before with 60 s of clock skew, issuer, audience, and {@code typ} {@code JWT} or
 * {@code at+jwt} (RFC 9068).
 */
final class BearerTokenVerifier {

    /** What a presented token turned out to be. */
    sealed interface Outcome permits Valid, Invalid, Unavailable {}

    /** A token the provider issued: {@code id} names the caller (issuer and subject) for per-client state. */
    record Valid(String id, Set<String> scopes) implements Outcome {}

    /** Expired, badly signed, for another issuer or audience, or not a JWT: the client's problem. */
    record Invalid(String reason) implements Outcome {}

    /** The provider's keys could not be fetched: nobody's token can be checked until it is back. */
    record Unavailable(String reason) implements Outcome {}

    private final JwtDecoder decoder;

    BearerTokenVerifier(JwtDecoder decoder) {
        this.decoder = decoder;
    }

    /** The verifier {@code config} asks for, or null when bearer tokens are off. */
    static BearerTokenVerifier from(AccessProperties.Jwt config) {
        if (!config.enabled()) {
            return null;
        }
        // Built on first use and rebuilt after a failure, so a provider that is down at start-up delays nothing.
        return new BearerTokenVerifier(new SupplierJwtDecoder(() -> decoder(config)));
    }

    private static JwtDecoder decoder(AccessProperties.Jwt config) {
        boolean hasIssuer = StringUtils.hasText(config.issuerUri());
        String keySetUri = StringUtils.hasText(config.jwkSetUri())
                ? config.jwkSetUri()
                : ProviderDiscovery.keySetUri(config.issuerUri());
        JWKSource<SecurityContext> keys;
        try {
            // Keys cached for 5 min; an unknown key id refetches at most every 30 s (a flood of made-up key ids
            // cannot hammer the provider); while the provider is down, the last keys keep working for an hour.
            keys = JWKSourceBuilder.<SecurityContext>create(
                            URI.create(keySetUri).toURL())
                    .retrying(true)
                    .outageTolerant(Duration.ofHours(1).toMillis())
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException(
                    "stylesync.access.jwt: the key set address " + keySetUri + " is not a URL", e);
        }
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys)
                .jwsAlgorithms(algorithms -> algorithms.addAll(List.of(
                        SignatureAlgorithm.RS256,
                        SignatureAlgorithm.RS384,
                        SignatureAlgorithm.RS512,
                        SignatureAlgorithm.ES256,
                        SignatureAlgorithm.ES384,
                        SignatureAlgorithm.ES512,
                        SignatureAlgorithm.PS256,
                        SignatureAlgorithm.PS384,
                        SignatureAlgorithm.PS512)))
                .build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        JwtTypeValidator type = new JwtTypeValidator("JWT", "at+jwt");
        type.setAllowEmpty(true);
        validators.add(type);
        if (hasIssuer) {
            validators.add(new JwtIssuerValidator(config.issuerUri()));
        }
        if (!config.audiences().isEmpty()) {
            validators.add(new JwtClaimValidator<List<String>>(
                    JwtClaimNames.AUD, aud -> aud != null && !Collections.disjoint(aud, config.audiences())));
        }
        decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(validators));
        return decoder;
    }

    Outcome verify(String token) {
        try {
            Jwt jwt = decoder.decode(token);
            return new Valid("token:" + jwt.getIssuer() + "|" + jwt.getSubject(), scopes(jwt));
        } catch (JwtValidationException e) {
            return new Invalid(
                    e.getErrors().stream().map(OAuth2Error::getDescription).collect(Collectors.joining("; ")));
        } catch (BadJwtException e) {
            return new Invalid(e.getMessage());
        } catch (JwtException e) {
            // An unknown key id inside the refetch interval is the token's fault, not the provider's.
            return e.getCause() instanceof RateLimitReachedException
                    ? new Invalid("signed with a key the identity provider does not publish")
                    : new Unavailable(e.getMessage());
        } catch (JwtDecoderInitializationException e) {
            return new Unavailable(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        }
    }

    /** OAuth2's space-separated {@code scope}, or the {@code scp} list some providers send instead. */
    static Set<String> scopes(Jwt jwt) {
        Set<String> scopes = new LinkedHashSet<>();
        for (String claim : List.of("scope", "scp")) {
            Object value = jwt.getClaims().get(claim);
            if (value instanceof String s) {
                scopes.addAll(List.of(s.trim().split("\\s+")));
            } else if (value instanceof Collection<?> c) {
                c.forEach(v -> scopes.add(String.valueOf(v)));
            }
        }
        scopes.remove("");
        return scopes;
    }
}
