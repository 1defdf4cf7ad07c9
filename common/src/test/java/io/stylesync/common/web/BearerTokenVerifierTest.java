package io.stylesync.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.stylesync.common.testing.TestIdentityProvider;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bearer tokens checked against an OpenID provider over real HTTP: what is accepted, what is refused, and why. */
class BearerTokenVerifierTest {

    TestIdentityProvider idp;
    BearerTokenVerifier verifier;

    @BeforeEach
    void start() {
        idp = TestIdentityProvider.start();
        verifier = BearerTokenVerifier.from(new AccessProperties.Jwt(
                idp.issuer(), null, List.of(TestIdentityProvider.AUDIENCE), List.of("stylesync.write")));
    }

    @AfterEach
    void stop() {
        idp.close();
    }

    @Test
    void acceptsTheProvidersTokensAndReadsTheirScopes() {
        var valid = verifier.verify(idp.token("openid stylesync.write"));
        assertThat(valid)
                .isEqualTo(new BearerTokenVerifier.Valid(
                        "token:" + idp.issuer() + "|ci-pipeline", Set.of("openid", "stylesync.write")));
        assertThat(verifier.verify(idp.token(null, c -> c.claim("scp", List.of("stylesync.write", "profile")))))
                .isInstanceOfSatisfying(
                        BearerTokenVerifier.Valid.class,
                        v -> assertThat(v.scopes()).containsExactlyInAnyOrder("stylesync.write", "profile"));
        assertThat(verifier.verify(idp.token("openid")))
                .as("valid, if without the write scope")
                .isInstanceOf(BearerTokenVerifier.Valid.class);
        for (int i = 0; i < 20; i++) {
            assertThat(verifier.verify(idp.token("stylesync.write"))).isInstanceOf(BearerTokenVerifier.Valid.class);
        }
        assertThat(idp.keySetFetches()).as("keys are fetched once, then cached").isEqualTo(1);
    }

    @Test
    void acceptsRfc9068AccessTokens() {
        assertThat(verifier.verify(idp.accessToken("stylesync.write"))).isInstanceOf(BearerTokenVerifier.Valid.class);
    }

    @Test
    void refusesExpiredEarlyForeignAndForgedTokens() throws Exception {
        Instant now = Instant.now();
        assertInvalid(
                idp.token(
                        "stylesync.write",
                        c -> c.issueTime(Date.from(now.minusSeconds(900)))
                                .expirationTime(Date.from(now.minusSeconds(600)))),
                "expired");
        assertInvalid(idp.token("stylesync.write", c -> c.notBeforeTime(Date.from(now.plusSeconds(600)))), "");
        assertInvalid(idp.token("stylesync.write", c -> c.issuer("https://elsewhere.example/realms/stylesync")), "iss");
        assertInvalid(idp.token("stylesync.write", c -> c.audience("another-api")), "aud");
        var claims = idp.claims("stylesync.write", c -> c);
        assertInvalid(TestIdentityProvider.sign(TestIdentityProvider.newKey("signing-key-1"), claims), "");
        assertInvalid(TestIdentityProvider.sign(TestIdentityProvider.newKey("made-up-key"), claims), "");
        assertInvalid(new PlainJWT(claims).serialize(), "");
        SignedJWT hmac = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("signing-key-1").build(), claims);
        hmac.sign(new MACSigner(new byte[32]));
        assertInvalid(hmac.serialize(), "");
        assertInvalid("a.b.c", "");
        assertThat(idp.keySetFetches())
                .as("the made-up key id may cost one refetch, no more")
                .isBetween(1, 2);
    }

    @Test
    void keepsAcceptingWithCachedKeysWhileTheProviderIsDown() {
        String token = idp.token("stylesync.write");
        assertThat(verifier.verify(token)).isInstanceOf(BearerTokenVerifier.Valid.class);
        idp.close();
        assertThat(verifier.verify(idp.token("stylesync.write"))).isInstanceOf(BearerTokenVerifier.Valid.class);
    }

    @Test
    void aProviderNeverReachedIsUnavailableNotTheClientsFault() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String issuer = "http://127.0.0.1:" + closedPort + "/realms/stylesync";
        var byDiscovery = BearerTokenVerifier.from(new AccessProperties.Jwt(issuer, null, List.of(), List.of()));
        assertThat(byDiscovery.verify(idp.token("stylesync.write")))
                .isInstanceOfSatisfying(
                        BearerTokenVerifier.Unavailable.class,
                        u -> assertThat(u.reason()).contains("no discovery document for issuer " + issuer));
        var byKeySet =
                BearerTokenVerifier.from(new AccessProperties.Jwt(null, issuer + "/certs", List.of(), List.of()));
        assertThat(byKeySet.verify(idp.token("stylesync.write"))).isInstanceOf(BearerTokenVerifier.Unavailable.class);
        assertThat(BearerTokenVerifier.from(new AccessProperties.Jwt(" ", null, List.of(), List.of())))
                .as("off")
                .isNull();
    }

    @Test
    void aDiscoveryDocumentForAnotherIssuerIsRefused() {
        var mismatched =
                BearerTokenVerifier.from(new AccessProperties.Jwt(idp.issuer() + "/", null, List.of(), List.of()));
        assertThat(mismatched.verify(idp.token("stylesync.write")))
                .isInstanceOfSatisfying(
                        BearerTokenVerifier.Unavailable.class,
                        u -> assertThat(u.reason()).contains("names issuer '" + idp.issuer() + "'"));
    }

    private void assertInvalid(String token, String reasonContains) {
        assertThat(verifier.verify(token))
                .as(token)
                .isInstanceOfSatisfying(
                        BearerTokenVerifier.Invalid.class,
                        invalid -> assertThat(invalid.reason()).contains(reasonContains));
    }
}
