package io.stylesync.inference.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.stylesync.common.events.EventsAutoConfiguration;
import io.stylesync.common.events.FeatureEvent;
import io.stylesync.common.testing.KraftBroker;
import io.stylesync.inference.config.InferenceProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.ProducerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Kafka publisher with the services' shared settings (stylesync-defaults.yml) against a real in-process KRaft
 * broker: the producer is idempotent with acks=all, records are keyed by model name and carry the event, predictionId
 * included, and each delivery is counted as sent.
 */
class KafkaFeatureEventPublisherTest {

    static final String TOPIC = "feature-events";

    @Configuration
    @ImportAutoConfiguration({
        JacksonAutoConfiguration.class,
        KafkaAutoConfiguration.class,
        EventsAutoConfiguration.class
    })
    @Import(KafkaFeatureEventPublisher.class)
    @EnableConfigurationProperties(InferenceProperties.class)
    static class Publisher {
        @Bean
        MeterRegistry registry() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void eventsGoToTheTopicKeyedByModelWithTheirPredictionId() throws Exception {
        try (KraftBroker broker = new KraftBroker();
                ConfigurableApplicationContext context = new SpringApplicationBuilder(Publisher.class)
                        .web(org.springframework.boot.WebApplicationType.NONE)
                        .run(
                                "--spring.config.import=classpath:stylesync-defaults.yml",
                                "--stylesync.events.transport=kafka",
                                "--stylesync.events.topic=" + TOPIC,
                                "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers())) {
            broker.createTopic(TOPIC, 2);
            Map<String, Object> producer =
                    context.getBean(ProducerFactory.class).getConfigurationProperties();
            assertThat(String.valueOf(producer.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)))
                    .isEqualTo("true");
            assertThat(String.valueOf(producer.get(ProducerConfig.ACKS_CONFIG))).isEqualTo("all");

            FeatureEventPublisher publisher = context.getBean(FeatureEventPublisher.class);
            assertThat(publisher).isInstanceOf(KafkaFeatureEventPublisher.class);
            assertThat(publisher.enabled()).isTrue();
            for (int i = 0; i < 30; i++) {
                publisher.publish(new FeatureEvent(
                        "p-" + i,
                        Instant.now(),
                        i % 3 == 0 ? "model-a" : "model-b",
                        "1",
                        Map.of("brightness", 0.5),
                        Map.of("masterCategory", new FeatureEvent.Prediction("Apparel", 0.9)),
                        Map.of()));
            }

            List<ConsumerRecord<String, byte[]>> received = consume(broker, 30);
            JsonMapper json = context.getBean(JsonMapper.class);
            assertThat(received).hasSize(30);
            for (ConsumerRecord<String, byte[]> r : received) {
                FeatureEvent e = json.readValue(r.value(), FeatureEvent.class);
                assertThat(r.key()).isEqualTo(e.modelName());
                int i = Integer.parseInt(e.predictionId().substring(2));
                assertThat(e.modelName()).isEqualTo(i % 3 == 0 ? "model-a" : "model-b");
            }
            // one key, one partition: each model's events stay in order
            assertThat(received.stream()
                            .filter(r -> r.key().equals("model-a"))
                            .map(ConsumerRecord::partition)
                            .distinct())
                    .hasSize(1);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (registry.get("stylesync.inference.events.sent").counter().count() < 30
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(registry.get("stylesync.inference.events.sent").counter().count())
                    .isEqualTo(30.0);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> consume(KraftBroker broker, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }
}
