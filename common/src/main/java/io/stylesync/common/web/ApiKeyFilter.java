package io.stylesync.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Mutating requests need one of the configured API keys ({@code X-API-Key}, or {@code Authorization: Bearer <key>});
 * reads and the configured open paths do not. No keys configured: everything is open (local runs).
 * Keys are compared in constant time; neither they nor what was sent are logged or echoed.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final List<byte[]> keys;
    private final List<String> openPaths;
    private final AntPathMatcher paths = new AntPathMatcher();

    public ApiKeyFilter(AccessProperties props) {
        this.keys = props.apiKeys().stream().filter(k -> !k.isBlank()).map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        this.openPaths = props.openPaths();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return keys.isEmpty() || READS.contains(request.getMethod()) || openPaths.stream().anyMatch(p -> paths.match(p, path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String sent = presented(request);
        if (sent == null) {
            Problems.write(response, 401, "unauthenticated", "Unauthenticated",
                    request.getMethod() + " " + request.getRequestURI() + " needs an API key (header X-API-Key or Authorization: Bearer)",
                    null);
            response.setHeader("WWW-Authenticate", "Bearer");
            return;
        }
        byte[] candidate = sent.getBytes(StandardCharsets.UTF_8);
        boolean known = false;
        for (byte[] key : keys) {
            known |= MessageDigest.isEqual(key, candidate);
        }
        if (!known) {
            Problems.write(response, 403, "forbidden", "Forbidden", "the API key is not valid for this service", null);
            return;
        }
        chain.doFilter(request, response);
    }

    /** The key the client sent, for keying other per-client state (rate limits); null when none. */
    static String presented(HttpServletRequest request) {
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
