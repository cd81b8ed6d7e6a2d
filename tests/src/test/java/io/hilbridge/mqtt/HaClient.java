package io.hilbridge.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * An MQTT 5 client playing Home Assistant (or any user of the broker): remembers the newest payload per topic and
 * every message, and sends commands with a response topic and correlation data, returning the reply.
 * Thread-safe.
 */
public final class HaClient implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(15);

    /** One delivered message. */
    public record Received(String topic, String payload, boolean retained) {}

    private final Mqtt5AsyncClient client;
    private final String replyTopic = "test-replies/" + UUID.randomUUID();
    private final Map<String, Received> latest = new ConcurrentHashMap<>();
    public final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
    private final List<java.util.function.Consumer<Received>> watchers = new CopyOnWriteArrayList<>();

    private HaClient(int port, String user, String password) {
        client = MqttClient.builder()
                .useMqttVersion5()
                .identifier("test-" + UUID.randomUUID())
                .serverHost("127.0.0.1")
                .serverPort(port)
                .buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, this::onMessage);
        var connect = client.connectWith().cleanStart(true);
        if (user != null) {
            connect = connect.simpleAuth()
                    .username(user)
                    .password(password.getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth();
        }
        join(connect.send());
        join(client.subscribeWith()
                .topicFilter(replyTopic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .send());
    }

    public static HaClient connect(int port, String... filters) {
        return connectAs(port, null, null, filters);
    }

    public static HaClient connectAs(int port, String user, String password, String... filters) {
        HaClient c = new HaClient(port, user, password);
        for (String f : filters) c.subscribe(f);
        return c;
    }

    public HaClient subscribe(String filter) {
        join(client.subscribeWith()
                .topicFilter(filter)
                .qos(MqttQos.AT_LEAST_ONCE)
                .send());
        return this;
    }

    private void onMessage(Mqtt5Publish p) {
        String topic = p.getTopic().toString();
        String payload = new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
        if (topic.equals(replyTopic)) {
            String id = p.getCorrelationData()
                    .map(b -> StandardCharsets.UTF_8.decode(b).toString())
                    .orElse("");
            CompletableFuture<JsonNode> f = replies.remove(id);
            if (f != null) f.complete(parse(payload));
            return;
        }
        Received r = new Received(topic, payload, p.isRetain());
        received.add(r);
        latest.put(topic, r);
        for (var w : watchers) w.accept(r);
    }

    /** Also hands every later message to {@code watcher} (on the client's thread; must not block). */
    public void watch(java.util.function.Consumer<Received> watcher) {
        watchers.add(watcher);
    }

    /** The newest payload on {@code topic}, or null. */
    public String payload(String topic) {
        Received r = latest.get(topic);
        return r == null ? null : r.payload();
    }

    /** Waits until {@code topic}'s newest payload matches. */
    public String awaitPayload(String topic, Predicate<String> p, String what) {
        await(what + " on " + topic).atMost(WAIT).until(() -> payload(topic) != null && p.test(payload(topic)));
        return payload(topic);
    }

    /** Waits until {@code topic}'s newest payload is JSON matching {@code p}. */
    public JsonNode awaitJson(String topic, Predicate<JsonNode> p, String what) {
        return parse(awaitPayload(topic, s -> !s.isEmpty() && p.test(parse(s)), what));
    }

    public long count(String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).count();
    }

    public void publish(String topic, String payload, boolean retain) {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), retain);
    }

    public void publish(String topic, byte[] payload, boolean retain) {
        join(client.publishWith()
                .topic(topic)
                .payload(payload)
                .qos(MqttQos.AT_LEAST_ONCE)
                .retain(retain)
                .send());
    }

    /** Publishes (QoS 1, not retained) without waiting for the broker's PUBACK. */
    public void publishAsync(String topic, String payload) {
        client.publishWith()
                .topic(topic)
                .payload(payload.getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.AT_LEAST_ONCE)
                .send();
    }

    /** Sends a command with a response topic; completes with the bridge's reply. */
    public CompletableFuture<JsonNode> command(String topic, byte[] payload) {
        String id = UUID.randomUUID().toString();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        join(client.publishWith()
                .topic(topic)
                .payload(payload)
                .qos(MqttQos.AT_LEAST_ONCE)
                .responseTopic(replyTopic)
                .correlationData(ByteBuffer.wrap(id.getBytes(StandardCharsets.UTF_8)))
                .send());
        return reply;
    }

    public JsonNode commandAndWait(String topic, String payload) {
        try {
            return command(topic, payload.getBytes(StandardCharsets.UTF_8)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(
                    "no reply on the response topic within " + WAIT + " for " + topic + " " + payload, e);
        }
    }

    static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("MQTT test client: the broker did not answer within " + WAIT, e);
        }
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
