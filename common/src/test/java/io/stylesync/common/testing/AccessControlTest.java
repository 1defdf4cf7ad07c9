package io.stylesync.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Credentials on a service's mutating requests over real HTTP: API keys (401 without, 403 with a wrong one; reads
 * stay open), and OAuth2 bearer tokens from an OpenID provider found by discovery: a token with the write scope
 * passes, one without gets 403 insufficient_scope, an expired or forged one 401 invalid_token, each as problem+json
 * with RFC 6750's WWW-Authenticate; no token or key reaches an answer or the log. A subclass carries
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} with the properties {@link #KEYS} and {@link #AUDIENCE}.
 */
@ExtendWith(OutputCaptureExtension.class)
public abstract class AccessControlTest {

    /** {@code stylesync.access.api-keys}: the two keys the test uses. */
    public static final String KEYS = "stylesync.access.api-keys=first-key,second-key";
    /** {@code stylesync.access.jwt.audiences}: the audience the test's tokens carry. */
    public static final String AUDIENCE = "stylesync.access.jwt.audiences=" + TestIdentityProvider.AUDIENCE;

    static final TestIdentityProvider IDP = TestIdentityProvider.start();

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("stylesync.access.jwt.issuer-uri", IDP::issuer);
    }

    @AfterAll
    static void stop() {
        IDP.close();
    }

    @Value("${local.server.port}")
    private int port;

    private final String writePath;
    private final String writeBody;
    private final int pastTheFilter;

    /**
     * @param writePath     a mutating endpoint of the service (POST, JSON)
     * @param writeBody     a request to it that the service itself refuses (so nothing is written)
     * @param pastTheFilter the status the service answers {@code writeBody} with once credentials let it through
     */
    protected AccessControlTest(String writePath, String writeBody, int pastTheFilter) {
        this.writePath = writePath;
        this.writeBody = writeBody;
        this.pastTheFilter = pastTheFilter;
    }

    private HttpResponse<String> write(String header, String value) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + writePath))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(writeBody));
        if (header != null) {
            b.header(header, value);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void mutatingRequestsNeedAKeyOrAToken() throws Exception {
        HttpResponse<String> none = write(null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        HttpResponse<String> wrong = write("X-API-Key", "first-key-but-longer");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).doesNotContain("first-key");
        assertThat(write("X-API-Key", "second-key").statusCode())
                .as("past the filter")
                .isEqualTo(pastTheFilter);
        assertThat(write("Authorization", "Bearer first-key").statusCode()).isEqualTo(pastTheFilter);
        HttpResponse<String> read = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
    }

    @Test
    void bearerTokensAreCheckedBesideKeys(CapturedOutput output) throws Exception {
        String writer = IDP.token("openid stylesync.write");
        assertThat(write("Authorization", "Bearer " + writer).statusCode())
                .as("past the filter")
                .isEqualTo(pastTheFilter);

        String reader = IDP.token("openid profile");
        HttpResponse<String> noScope = write("Authorization", "Bearer " + reader);
        assertThat(noScope.statusCode()).isEqualTo(403);
        assertThat(noScope.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(noScope.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer error=\"insufficient_scope\", scope=\"stylesync.write\"");
        assertThat(noScope.body()).contains("insufficient-scope", "stylesync.write");

        String expired = IDP.token(
                "stylesync.write",
                c -> c.issueTime(Date.from(Instant.now().minusSeconds(900)))
                        .expirationTime(Date.from(Instant.now().minusSeconds(600))));
        HttpResponse<String> late = write("Authorization", "Bearer " + expired);
        assertThat(late.statusCode()).isEqualTo(401);
        assertThat(late.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        assertThat(late.body()).contains("invalid-token", "expired");

        String forged = TestIdentityProvider.sign(
                TestIdentityProvider.newKey("signing-key-1"), IDP.claims("stylesync.write", c -> c));
        assertThat(write("Authorization", "Bearer " + forged).statusCode()).isEqualTo(401);

        assertThat(write("X-API-Key", "second-key").statusCode())
                .as("keys still work beside tokens")
                .isEqualTo(pastTheFilter);
        assertThat(write("Authorization", "Bearer second-key").statusCode()).isEqualTo(pastTheFilter);
        assertThat(write("X-API-Key", "not-a-key").statusCode()).isEqualTo(403);
        assertThat(write(null, null).statusCode()).isEqualTo(401);

        for (HttpResponse<String> answer : java.util.List.of(noScope, late)) {
            assertThat(answer.body()).doesNotContain(reader, expired, writer);
        }
        assertThat(output.getAll()).doesNotContain(writer, reader, expired, forged, "second-key");
    }
}
