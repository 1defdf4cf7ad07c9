package io.stylesync.common.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;

/**
 * Who sent a request, judged once per request from what it presents: one of the configured API keys
 * ({@code X-API-Key}, or {@code Authorization: Bearer <key>}), an OAuth2 bearer token (JWT) from the configured
 * provider, or nothing. Keys are compared in constant time; neither keys nor tokens are logged or echoed.
 */
final class Credentials {

    sealed interface Caller permits Anonymous, Authenticated, Refused {}

    /** Sent no credentials. */
    record Anonymous() implements Caller {}

    /** A configured key ({@code apiKey}: may do anything) or a valid token (may do what its scopes allow). */
    record Authenticated(String id, boolean apiKey, Set<String> scopes) implements Caller {}

    /** Sent credentials that cannot be accepted; the answer to give ({@code challenge}, {@code retryAfterSeconds}: null when none). */
    record Refused(int status, String type, String title, String detail, String challenge, Long retryAfterSeconds)
            implements Caller {}

    private static final String ATTRIBUTE = Credentials.class.getName();

    private final List<byte[]> keys;
    private final BearerTokenVerifier tokens;

    Credentials(AccessProperties props) {
        this.keys = props.apiKeys().stream()
                .map(k -> k.getBytes(StandardCharsets.UTF_8))
                .toList();
        this.tokens = BearerTokenVerifier.from(props.jwt());
    }

    Caller identify(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof Caller known) {
            return known;
        }
        Caller caller = judge(request);
        request.setAttribute(ATTRIBUTE, caller);
        return caller;
    }

    private Caller judge(HttpServletRequest request) {
        String sent = presented(request);
        if (sent == null) {
            return new Anonymous();
        }
        byte[] candidate = sent.getBytes(StandardCharsets.UTF_8);
        int match = -1;
        for (int i = 0; i < keys.size(); i++) {
            if (MessageDigest.isEqual(keys.get(i), candidate)) {
                match = i;
            }
        }
        if (match >= 0) {
            return new Authenticated("key:" + match, true, Set.of());
        }
        if (tokens == null || !looksLikeJwt(sent)) {
            return new Refused(403, "forbidden", "Forbidden", "the API key is not valid for this service", null, null);
        }
        return switch (tokens.verify(sent)) {
            case BearerTokenVerifier.Valid v -> new Authenticated(v.id(), false, v.scopes());
            case BearerTokenVerifier.Invalid i ->
                new Refused(
                        401,
                        "invalid-token",
                        "Invalid bearer token",
                        "the bearer token was refused: " + i.reason(),
                        "Bearer error=\"invalid_token\"",
                        null);
            case BearerTokenVerifier.Unavailable u ->
                new Refused(
                        503,
                        "token-verification-unavailable",
                        "Bearer tokens cannot be verified now",
                        "the identity provider's signing keys could not be fetched (" + u.reason()
                                + "); retry later or use an API key",
                        null,
                        30L);
        };
    }

    /** A compact JWS has three dot-separated parts; anything else is an unknown API key. */
    private static boolean looksLikeJwt(String value) {
        return value.chars().filter(c -> c == '.').count() == 2;
    }

    private static String presented(HttpServletRequest request) {
        String key = request.getHeader("X-API-Key");
        if (key != null && !key.isBlank()) {
            return key.trim();
        }
        String auth = request.getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && auth.length() > 7) {
            return auth.substring(7).trim();
        }
        return null;
    }
}
