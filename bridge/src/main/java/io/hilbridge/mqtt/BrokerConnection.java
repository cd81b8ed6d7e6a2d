package io.hilbridge.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one connection to the broker: MQTT 5, clean start, the bridge's {@code status} topic as will, a bounded
 * receive window and packet size, and reconnects with backoff (1 s doubling to 30 s) for as long as the bridge runs,
 * except when the broker refuses the credentials. It logs one line when the broker goes away (not one per attempt)
 * and one when it is back.
 *
 * <p>Thread-safety: every method may be called from any thread; callbacks run on the MQTT client's threads and
 * must not block.
 */
final class BrokerConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerConnection.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LAST_RETRY = Duration.ofSeconds(30);
    /** Commands the broker may have in flight towards the bridge (QoS 1). */
    static final int RECEIVE_MAXIMUM = 64;
    /** Larger packets the broker must not send us (MQTT 5); commands above {@link HaLightJson#MAX_COMMAND_BYTES}
     * that still fit are answered too_large. */
    static final int MAX_PACKET_BYTES = 1024 * 1024 + 64 * 1024;

    static final byte[] ONLINE = "online".getBytes(StandardCharsets.US_ASCII);
    static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.US_ASCII);

    private final MqttConfig config;
    private final Mqtt5AsyncClient client;
    private final Runnable onConnected;
    private final Consumer<Mqtt5Publish> onMessage;
    /** Counts connections; a message callback of an older connection stays silent. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    private volatile boolean connected;
    private volatile boolean closed;
    private volatile boolean saidDown;
    private final java.util.concurrent.atomic.AtomicLong failedAttempts = new java.util.concurrent.atomic.AtomicLong();

    BrokerConnection(MqttConfig config, Runnable onConnected, Consumer<Mqtt5Publish> onMessage) {
        this.config = config;
        this.onConnected = onConnected;
        this.onMessage = onMessage;
        Mqtt5ClientBuilder b = MqttClient.builder()
                .useMqttVersion5()
                .identifier("hilbridge-" + config.bridgeId())
                .serverHost(config.broker().getHost())
                .serverPort(config.port())
                .addConnectedListener(ctx -> onConnect())
                .addDisconnectedListener(this::disconnected);
        if (config.tls()) {
            b = config.caFile() == null
                    ? b.sslWithDefaultConfig()
                    : b.sslConfig()
                            .trustManagerFactory(CaTrust.fromPem(config.caFile()))
                            .applySslConfig();
        }
        client = b.buildAsync();
    }

    /** Starts connecting; returns at once. A broker that is down is retried in the background. */
    void start() {
        Mqtt5ConnectBuilder.Send<CompletableFuture<com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck>>
                connect = client.connectWith()
                        .cleanStart(true)
                        .sessionExpiryInterval(0)
                        .keepAlive((int) config.keepAlive().toSeconds())
                        .willPublish()
                        .topic(new MqttTopics(config).status())
                        .payload(OFFLINE)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .retain(true)
                        .applyWillPublish()
                        .restrictions()
                        .receiveMaximum(RECEIVE_MAXIMUM)
                        .maximumPacketSize(MAX_PACKET_BYTES)
                        .applyRestrictions();
        if (config.user() != null) {
            var auth = connect.simpleAuth().username(config.user());
            if (config.password() != null) auth = auth.password(config.password());
            connect = auth.applySimpleAuth();
        }
        connect.send(); // the outcome arrives through the connected/disconnected listeners
    }

    boolean connected() {
        return connected;
    }

    Mqtt5AsyncClient client() {
        return client;
    }

    /** Publishes a retained QoS 1 message; fails at once while not connected (nothing is queued for later). */
    CompletableFuture<?> publishRetained(String topic, byte[] payload) {
        if (!connected) return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        return client.publishWith()
                .topic(topic)
                .payload(payload)
                .qos(MqttQos.AT_LEAST_ONCE)
                .retain(true)
                .send();
    }

    /** Publishes a reply (QoS 1, not retained) with the command's correlation data. */
    CompletableFuture<?> publishReply(String topic, ByteBuffer correlation, byte[] payload) {
        if (!connected) return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        var p = client.publishWith().topic(topic).payload(payload).qos(MqttQos.AT_LEAST_ONCE);
        if (correlation != null) p = p.correlationData(correlation);
        return p.send();
    }

    private void onConnect() {
        // The client ends its message callbacks with the session (clean start, no expiry): register one per
        // connection, before subscribing. Should an old one survive, the generation keeps it silent.
        long g = generation.incrementAndGet();
        client.publishes(MqttGlobalPublishFilter.SUBSCRIBED, p -> {
            if (generation.get() == g) onMessage.accept(p);
        });
        connected = true;
        if (saidDown) {
            saidDown = false;
            log.info("MQTT broker {} is back; publishing state again", config.broker());
        } else {
            log.info("MQTT connected to {} as bridge {}", config.broker(), config.bridgeId());
        }
        onConnected.run();
    }

    /** Connection attempts that failed or connections lost, since start. */
    long failedAttempts() {
        return failedAttempts.get();
    }

    private void disconnected(MqttClientDisconnectedContext ctx) {
        connected = false;
        failedAttempts.incrementAndGet();
        if (closed) {
            ctx.getReconnector().reconnect(false);
            return;
        }
        Throwable cause = ctx.getCause();
        if (cause instanceof Mqtt5ConnAckException refused && refusedCredentials(refused)) {
            log.error(
                    "MQTT broker {} refused the bridge's credentials ({}): no more attempts; the bridge runs on "
                            + "without MQTT. Check --mqtt-user and HILBRIDGE_MQTT_PASSWORD / --mqtt-password-file",
                    config.broker(),
                    refused.getMqttMessage().getReasonCode());
            ctx.getReconnector().reconnect(false);
            return;
        }
        if (!saidDown) {
            saidDown = true;
            log.warn(
                    "MQTT broker {} unreachable ({}); the bridge runs on and retries with backoff up to {} s",
                    config.broker(),
                    cause.getMessage(),
                    LAST_RETRY.toSeconds());
        }
        int attempt = ctx.getReconnector().getAttempts();
        long delay = Math.min(LAST_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(attempt, 5));
        ctx.getReconnector()
                .reconnect(true)
                .resubscribeIfSessionExpired(false) // the bridge subscribes itself on every connect
                .republishIfSessionExpired(false) // and publishes the current state, not old messages
                .delay(delay, TimeUnit.MILLISECONDS);
    }

    private static boolean refusedCredentials(Mqtt5ConnAckException e) {
        Mqtt5ConnAckReasonCode code = e.getMqttMessage().getReasonCode();
        return code == Mqtt5ConnAckReasonCode.NOT_AUTHORIZED
                || code == Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD
                || code == Mqtt5ConnAckReasonCode.BAD_AUTHENTICATION_METHOD;
    }

    /** Publishes {@code offline} (the will is only for a bridge that vanished), then disconnects. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (!connected) {
            client.disconnect(); // stops the reconnect loop
            return;
        }
        try {
            client.publishWith()
                    .topic(new MqttTopics(config).status())
                    .payload(OFFLINE)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .retain(true)
                    .send()
                    .get(2, TimeUnit.SECONDS);
            client.disconnect().get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.debug("MQTT: interrupted while disconnecting; the broker will send the will");
        } catch (Exception e) {
            log.debug("MQTT: clean disconnect failed ({}); the broker will send the will", e.toString());
        }
    }
}
