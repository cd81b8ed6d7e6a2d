package io.hilbridge.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling;
import io.hilbridge.api.ApiJson;
import io.hilbridge.api.ApiService;
import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.StateCause;
import io.hilbridge.link.BoardLink;
import io.hilbridge.link.BoardListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bridge's MQTT side (protocol-spec/mqtt.md): publishes status, availability, each light's state and the Home
 * Assistant discovery documents, retained; takes commands from the {@code set} topics into the command engine.
 * It listens to the boards like the WebSocket side does ({@link BoardLink#addListener}) and so publishes every change
 * whoever caused it. Started beside a running {@link io.hilbridge.app.Bridge} from its {@link ApiService}.
 *
 * <p>Thread-safety: board callbacks and MQTT callbacks arrive on their own threads; nothing here blocks, and every
 * publish goes through {@link LatestPerTopic}, which is thread-safe.
 */
public final class MqttBridge implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttBridge.class);

    private final MqttConfig config;
    private final ApiService api;
    private final MqttTopics topics;
    private final HaDiscovery discovery;
    private final MqttCommands commands;
    private final BrokerConnection broker;
    private final LatestPerTopic retained;
    private final BoardListener events = new BoardEvents();

    private MqttBridge(MqttConfig config, ApiService api) {
        this.config = config;
        this.api = api;
        this.topics = new MqttTopics(config);
        this.discovery = new HaDiscovery(topics, config.bridgeId(), api.bridgeVersion());
        this.commands = new MqttCommands(api);
        this.broker = new BrokerConnection(config, this::onConnected, this::onMessage);
        this.retained = new LatestPerTopic(broker::publishRetained);
    }

    /** Starts the MQTT side of a running bridge; returns at once (a broker that is down is retried). */
    public static MqttBridge start(MqttConfig config, ApiService api) {
        MqttBridge m = new MqttBridge(config, api);
        for (BoardLink b : api.boards()) b.addListener(m.events);
        m.broker.start();
        return m;
    }

    public MqttTopics topics() {
        return topics;
    }

    public boolean connected() {
        return broker.connected();
    }

    /** Connection attempts that failed, or connections lost, since start. */
    public long failedConnects() {
        return broker.failedAttempts();
    }

    /** Retained messages handed to the broker client so far (status, availability, states, discovery). */
    public long retainedPublished() {
        return retained.published();
    }

    // ---------------------------------------------------------------- connection

    private void onConnected() {
        retained.forgetSent(); // a new connection: the broker may have lost everything (restart without persistence)
        var subscribe = broker.client()
                .subscribeWith()
                .addSubscription()
                .topicFilter(topics.setFilter())
                .qos(MqttQos.AT_LEAST_ONCE)
                .retainHandling(Mqtt5RetainHandling.DO_NOT_SEND)
                .applySubscription();
        if (config.haDiscovery()) {
            subscribe = subscribe
                    .addSubscription()
                    .topicFilter(topics.haStatus())
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .retainHandling(Mqtt5RetainHandling.DO_NOT_SEND)
                    .applySubscription()
                    .addSubscription()
                    .topicFilter(topics.devices())
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .noLocal(true)
                    .applySubscription();
        }
        subscribe.send().whenComplete((ack, e) -> {
            if (e != null) {
                log.warn(
                        "MQTT: subscribing failed ({}); commands will not arrive until the next connect", e.toString());
            }
            publishEverything();
        });
    }

    /** Status, then per board availability, discovery and every light's state; the device list last. */
    private void publishEverything() {
        retained.offer(topics.status(), BrokerConnection.ONLINE);
        List<String> devices = new ArrayList<>();
        for (BoardLink b : api.boards()) {
            devices.add(b.deviceId());
            publishAvailability(b, b.status());
            b.info().ifPresent(info -> publishBoard(b, info));
        }
        if (config.haDiscovery()) retained.offer(topics.devices(), HaDiscovery.deviceList(devices));
    }

    private void publishBoard(BoardLink board, BoardInfo info) {
        if (config.haDiscovery())
            retained.offer(topics.discovery(board.deviceId()), discovery.config(board.deviceId(), info));
        List<LightState> states = board.reportedStates();
        for (LightInfo light : info.lights()) {
            if (light.id() < states.size()) publishState(board, light, states.get(light.id()));
        }
    }

    private void publishAvailability(BoardLink board, DeviceStatus status) {
        boolean up = status == DeviceStatus.ONLINE || status == DeviceStatus.RESYNCING;
        retained.offer(topics.availability(board.deviceId()), up ? BrokerConnection.ONLINE : BrokerConnection.OFFLINE);
    }

    private void publishState(BoardLink board, LightInfo light, LightState state) {
        retained.offer(topics.state(board.deviceId(), light.id()), HaLightJson.state(light, state));
    }

    // ---------------------------------------------------------------- incoming

    private void onMessage(Mqtt5Publish p) {
        String topic = p.getTopic().toString();
        try {
            Optional<MqttTopics.SetTopic> set = topics.parseSet(topic);
            if (set.isPresent()) {
                MqttCommands.Replier replier = p.getResponseTopic()
                        .<MqttCommands.Replier>map(rt -> payload -> broker.publishReply(
                                rt.toString(), p.getCorrelationData().orElse(null), payload))
                        .orElse(null);
                commands.handle(topic, set.get(), p.getPayloadAsBytes(), p.isRetain(), replier);
            } else if (topic.equals(topics.haStatus())) {
                if ("online".equals(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))) {
                    log.info("MQTT: Home Assistant is online; announcing the boards again");
                    for (BoardLink b : api.boards()) {
                        retained.forgetSent(topics.discovery(b.deviceId()));
                        b.info().ifPresent(info -> publishBoard(b, info));
                    }
                }
            } else if (topic.equals(topics.devices()) && p.isRetain()) {
                removeBoardsConfiguredAway(p.getPayloadAsBytes());
            }
        } catch (RuntimeException e) {
            // Whatever arrives, the connection and the boards go on.
            log.error("MQTT: unexpected failure handling a message on {}", topic, e);
        }
    }

    /** The retained list of devices announced before: every device no longer configured loses its discovery. */
    private void removeBoardsConfiguredAway(byte[] payload) {
        JsonNode old;
        try {
            old = ApiJson.MAPPER.readTree(payload).get("devices");
        } catch (java.io.IOException e) {
            log.warn("MQTT: {} holds no device list; ignored", topics.devices());
            return;
        }
        if (old == null || !old.isArray()) return;
        List<String> current = api.boards().stream().map(BoardLink::deviceId).toList();
        for (JsonNode d : old) {
            if (d.isTextual()
                    && !current.contains(d.asText())
                    && MqttConfig.ID.matcher(d.asText()).matches()) {
                log.info("MQTT: {} is no longer configured; removing it from Home Assistant", d.asText());
                retained.offer(topics.discovery(d.asText()), new byte[0]);
                retained.offer(topics.availability(d.asText()), new byte[0]);
            }
        }
    }

    // ---------------------------------------------------------------- boards

    private final class BoardEvents implements BoardListener {
        @Override
        public void onHello(BoardLink board, BoardInfo info) {
            publishAvailability(board, board.status());
            publishBoard(board, info);
        }

        @Override
        public void onStatus(BoardLink board, DeviceStatus status) {
            publishAvailability(board, status);
        }

        @Override
        public void onState(BoardLink board, int light, LightState state, StateCause cause) {
            Optional<BoardInfo> info = board.info();
            if (info.isPresent() && light < info.get().lights().size()) {
                publishState(board, info.get().lights().get(light), state);
            }
        }
    }

    /** Stops listening to the boards, publishes {@code offline} and disconnects. Idempotent. */
    @Override
    public void close() {
        for (BoardLink b : api.boards()) b.removeListener(events);
        broker.close();
    }
}
