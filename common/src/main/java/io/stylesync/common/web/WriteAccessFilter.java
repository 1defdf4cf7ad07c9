package io.stylesync.common.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Mutating requests need credentials ({@link Credentials}): 401 without any or with an invalid bearer token, 403
 * with an unknown API key or a token lacking the required scope. Reads and the configured open paths need none;
 * with neither keys nor a token issuer configured, nothing does (local runs).
 */
public class WriteAccessFilter extends OncePerRequestFilter {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final boolean required;
    private final Credentials credentials;
    private final List<String> openPaths;
    private final List<String> scopes;
    private final AntPathMatcher paths = new AntPathMatcher();

    WriteAccessFilter(AccessProperties props, Credentials credentials) {
        this.required = props.credentialsRequired();
        this.credentials = credentials;
        this.openPaths = props.openPaths();
        this.scopes = props.jwt().scopes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !required
                || READS.contains(request.getMethod())
                || openPaths.stream().anyMatch(p -> paths.match(p, path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        switch (credentials.identify(request)) {
            case Credentials.Anonymous none -> {
                response.setHeader("WWW-Authenticate", "Bearer");
                Problems.write(
                        response,
                        401,
                        "unauthenticated",
                        "Unauthenticated",
                        request.getMethod() + " "
                                + request.getRequestURI()
                                + " needs credentials: an API key (header X-API-Key) or a bearer token"
                                + " (Authorization: Bearer)",
                        null);
            }
            case Credentials.Refused refused -> {
                if (refused.challenge() != null) {
                    response.setHeader("WWW-Authenticate", refused.challenge());
                }
                Problems.write(
                        response,
                        refused.status(),
                        refused.type(),
                        refused.title(),
                        refused.detail(),
                        refused.retryAfterSeconds());
            }
            case Credentials.Authenticated caller
            when caller.apiKey() || scopes.isEmpty() || !Collections.disjoint(caller.scopes(), scopes) ->
                chain.doFilter(request, response);
            case Credentials.Authenticated caller -> {
                response.setHeader(
                        "WWW-Authenticate",
                        "Bearer error=\"insufficient_scope\", scope=\"" + String.join(" ", scopes) + "\"");
                Problems.write(
                        response,
                        403,
                        "insufficient-scope",
                        "Forbidden",
                        request.getMethod() + " " + request.getRequestURI() + " needs a token with one of the scopes "
                                + scopes,
                        null);
            }
        }
    }
}
