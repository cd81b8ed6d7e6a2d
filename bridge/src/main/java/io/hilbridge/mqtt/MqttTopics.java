package io.hilbridge.mqtt;

import java.util.Optional;

/**
 * The topic names of protocol-spec/mqtt.md section 1, for one bridge. The only place that builds or splits a topic.
 * Immutable and thread-safe.
 */
public final class MqttTopics {
    private final String base;
    private final String discoveryPrefix;
    private final String bridgeId;

    public MqttTopics(MqttConfig config) {
        this(config.prefix(), config.bridgeId(), config.discoveryPrefix());
    }

    public MqttTopics(String prefix, String bridgeId, String discoveryPrefix) {
        this.base = prefix + "/" + bridgeId;
        this.bridgeId = bridgeId;
        this.discoveryPrefix = discoveryPrefix;
    }

    /** {@code <prefix>/<bridge>/status}: online/offline, the will. */
    public String status() {
        return base + "/status";
    }

    /** {@code <prefix>/<bridge>/devices}: the devices last announced to Home Assistant. */
    public String devices() {
        return base + "/devices";
    }

    public String availability(String device) {
        return base + "/" + device + "/availability";
    }

    public String state(String device, int light) {
        return base + "/" + device + "/" + light + "/state";
    }

    public String set(String device, int light) {
        return base + "/" + device + "/" + light + "/set";
    }

    /** The filter matching every command topic of this bridge. */
    public String setFilter() {
        return base + "/+/+/set";
    }

    /** Home Assistant's birth and last-will topic. */
    public String haStatus() {
        return discoveryPrefix + "/status";
    }

    /** Device-based discovery topic of one board. */
    public String discovery(String device) {
        return discoveryPrefix + "/device/" + discoveryId(device) + "/config";
    }

    /** {@code <bridge>_<device>}: the board's id in Home Assistant. */
    public String discoveryId(String device) {
        return bridgeId + "_" + device;
    }

    /** A command topic's device and light segments (as given, unchecked), or empty for any other topic. */
    public Optional<SetTopic> parseSet(String topic) {
        String head = base + "/";
        if (!topic.startsWith(head) || !topic.endsWith("/set")) return Optional.empty();
        String[] middle =
                topic.substring(head.length(), topic.length() - "/set".length()).split("/", -1);
        if (middle.length != 2) return Optional.empty();
        return Optional.of(new SetTopic(middle[0], middle[1]));
    }

    /** The addressed device and light of a command topic, as the topic spelt them. */
    public record SetTopic(String device, String light) {}
}
