package io.stylesync.common.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * An OpenID Connect provider over real HTTP, as far as a resource server sees one: a discovery document at
 * {@code <issuer>/.well-known/openid-configuration} and an RSA key set at its {@code jwks_uri} (laid out like
 * Keycloak's). It signs tokens with that key, or with any other key a test hands it.
 */
public final class TestIdentityProvider implements AutoCloseable {

    public static final String AUDIENCE = "stylesync-api";

    private final HttpServer server;
    private final RSAKey signingKey;
    private final AtomicInteger keySetFetches = new AtomicInteger();

    private TestIdentityProvider(HttpServer server, RSAKey signingKey) {
        this.server = server;
        this.signingKey = signingKey;
    }

    public static TestIdentityProvider start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            TestIdentityProvider idp = new TestIdentityProvider(server, newKey("signing-key-1"));
            server.createContext(
                    "/realms/stylesync/.well-known/openid-configuration",
                    exchange -> idp.reply(
                            exchange,
                            "{\"issuer\":\"" + idp.issuer() + "\",\"jwks_uri\":\"" + idp.issuer()
                                    + "/protocol/openid-connect/certs\"}"));
            server.createContext("/realms/stylesync/protocol/openid-connect/certs", exchange -> {
                idp.keySetFetches.incrementAndGet();
                idp.reply(exchange, new JWKSet(idp.signingKey.toPublicJWK()).toString());
            });
            server.start();
            return idp;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RSAKey newKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/stylesync";
    }

    public int keySetFetches() {
        return keySetFetches.get();
    }

    /** A token as the provider issues it for {@link #AUDIENCE}, valid for 5 minutes, with {@code scope}; then {@code edit}. */
    public String token(String scope, UnaryOperator<JWTClaimsSet.Builder> edit) {
        return sign(signingKey, claims(scope, edit));
    }

    public String token(String scope) {
        return token(scope, c -> c);
    }

    public JWTClaimsSet claims(String scope, UnaryOperator<JWTClaimsSet.Builder> edit) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject("ci-pipeline")
                .audience(List.of(AUDIENCE))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
        if (scope != null) {
            claims.claim("scope", scope);
        }
        return edit.apply(claims).build();
    }

    /** An RFC 9068 access token ({@code typ: at+jwt}), as Keycloak and others can issue. */
    public String accessToken(String scope) {
        return sign(signingKey, claims(scope, c -> c), new JOSEObjectType("at+jwt"));
    }

    public static String sign(RSAKey key, JWTClaimsSet claims) {
        return sign(key, claims, JOSEObjectType.JWT);
    }

    private static String sign(RSAKey key, JWTClaimsSet claims, JOSEObjectType type) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .type(type)
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void reply(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
