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
 * every event it receives, so tests see exactly what inference put on the wire.
 */
public final class MonitoringStandIn implements AutoCloseable {

    private final HttpServer server;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    public MonitoringStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        JsonMapper json = JsonMapper.builder().build();
        server.createContext("/api/v1/events", exchange -> {
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            body.get("events").forEach(events::add);
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.start();
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
