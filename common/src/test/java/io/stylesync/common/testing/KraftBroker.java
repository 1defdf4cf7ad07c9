package io.stylesync.common.testing;

import java.util.List;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka (KRaft, combined broker and controller) in this JVM, from Kafka's own test kit:
 * spring-kafka-test's {@code EmbeddedKafkaKraftBroker} 4.1.2 calls test-kit methods that Kafka 4.3 no longer has.
 */
public final class KraftBroker implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    public KraftBroker() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    public void createTopic(String name, int partitions) throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get();
        }
    }

    /**
     * Stops the broker while its controller keeps running: clients see connections refused, as in an outage. The
     * test kit binds the listener's port once up front, so {@link #startBroker} comes back on the same address.
     */
    public void stopBroker() {
        for (BrokerServer broker : cluster.brokers().values()) {
            broker.shutdown();
            broker.awaitShutdown();
        }
    }

    public void startBroker() throws Exception {
        for (BrokerServer broker : cluster.brokers().values()) {
            broker.startup();
        }
        cluster.waitForReadyBrokers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
