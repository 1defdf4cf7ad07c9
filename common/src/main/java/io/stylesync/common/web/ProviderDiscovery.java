package io.stylesync.common.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds an identity provider's signing-key set from its issuer: the OpenID Connect discovery document
 * ({@code <issuer>/.well-known/openid-configuration}), else RFC 8414's authorization-server metadata. The
 * document must name the same issuer, as both specifications require.
 */
final class ProviderDiscovery {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProviderDiscovery() {}

    static String keySetUri(String issuer) {
        URI base = URI.create(issuer);
        String path = base.getPath() == null ? "" : base.getPath().replaceAll("/$", "");
        List<URI> candidates = List.of(
                base.resolve(path + "/.well-known/openid-configuration"),
                base.resolve("/.well-known/oauth-authorization-server" + path));
        String failures = "";
        for (URI candidate : candidates) {
            try {
                HttpResponse<String> response = HTTP.send(
                        HttpRequest.newBuilder(candidate)
                                .timeout(Duration.ofSeconds(10))
                                .header("Accept", "application/json")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    failures += " " + candidate + " answered " + response.statusCode() + ";";
                    continue;
                }
                JsonNode metadata = JSON.readTree(response.body());
                String named = metadata.path("issuer").asString("");
                if (!named.equals(issuer)) {
                    throw new IllegalStateException("the discovery document at " + candidate + " names issuer '" + named
                            + "', not the configured '" + issuer + "'");
                }
                String keys = metadata.path("jwks_uri").asString("");
                if (keys.isBlank()) {
                    throw new IllegalStateException("the discovery document at " + candidate + " has no jwks_uri");
                }
                return keys;
            } catch (IOException e) {
                failures += " " + candidate + ": " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while discovering " + issuer, e);
            }
        }
        throw new IllegalStateException("no discovery document for issuer " + issuer + ":" + failures);
    }
}
