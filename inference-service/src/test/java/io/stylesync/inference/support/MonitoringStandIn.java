package io.stylesync.inference.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP endpoint standing in for monitoring-service's {@code POST /api/v1/events}: it records
 * every event it receives, so tests see exactly what inference put on the wire. It also answers
 * {@code GET /api/v1/drift} with whatever {@link #answerDrift} was given (404 problem until then).
 */
public final class MonitoringStandIn implements AutoCloseable {

    private final HttpServer server;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private volatile int driftStatus = 404;
    private volatile String driftBody = "{\"status\":404,\"title\":\"Not Found\","
            + "\"detail\":\"no model version is monitored yet: no events received and no reference loaded at start\"}";

    public MonitoringStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        JsonMapper json = JsonMapper.builder().build();
        server.createContext("/api/v1/events", exchange -> {
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            body.get("events").forEach(events::add);
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.createContext("/api/v1/drift", exchange -> {
            byte[] body = driftBody.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders()
                    .add("Content-Type", driftStatus == 200 ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(driftStatus, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** What {@code GET /api/v1/drift} answers from now on. */
    public void answerDrift(int status, String body) {
        this.driftBody = body;
        this.driftStatus = status;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<JsonNode> events() {
        return events;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
