package io.hilbridge.mqtt;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the bridge reaches its broker, as the CLI (or a test) decided it. Immutable; the constructor checks every
 * rule and names it in its {@link IllegalArgumentException}.
 *
 * @param broker          {@code tcp://host[:1883]} or {@code ssl://host[:8883]}
 * @param user            user name, or null
 * @param password        password (from the environment or a file, never argv), or null
 * @param caFile          PEM file of the CA that signed the broker's certificate (ssl only), or null for the JDK's
 * @param prefix          first topic level, {@code hilbridge} by default
 * @param bridgeId        this bridge's id in topics and Home Assistant ids
 * @param haDiscovery     announce the boards to Home Assistant
 * @param discoveryPrefix Home Assistant's discovery prefix, {@code homeassistant}
 * @param keepAlive       MQTT keep-alive: the broker sends the will this long (x1.5) after the bridge vanished
 */
public record MqttConfig(
        URI broker,
        String user,
        byte[] password,
        Path caFile,
        String prefix,
        String bridgeId,
        boolean haDiscovery,
        String discoveryPrefix,
        Duration keepAlive) {
    /** What Home Assistant allows in a discovery node id / object id, and MQTT in one topic level. */
    public static final Pattern ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    public static final String DEFAULT_PREFIX = "hilbridge";
    public static final String DEFAULT_DISCOVERY_PREFIX = "homeassistant";
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);

    public MqttConfig {
        Objects.requireNonNull(broker, "broker");
        String scheme = broker.getScheme();
        if (!"tcp".equals(scheme) && !"ssl".equals(scheme)) {
            throw new IllegalArgumentException("--mqtt must be tcp://host[:port] or ssl://host[:port], got " + broker);
        }
        if (broker.getHost() == null) throw new IllegalArgumentException("--mqtt names no host: " + broker);
        if (caFile != null && !"ssl".equals(scheme)) {
            throw new IllegalArgumentException("--mqtt-ca needs an ssl:// broker URL");
        }
        if (password != null && user == null) {
            throw new IllegalArgumentException("an MQTT password needs --mqtt-user");
        }
        checkTopicLevels("--mqtt-prefix", prefix);
        if (!ID.matcher(bridgeId).matches()) {
            throw new IllegalArgumentException("--bridge-id may hold only a-z A-Z 0-9 _ - (1..64), got " + bridgeId);
        }
        checkTopicLevels("the discovery prefix", discoveryPrefix);
        if (keepAlive.isNegative() || keepAlive.toSeconds() < 1 || keepAlive.toSeconds() > 65535) {
            throw new IllegalArgumentException("keep-alive must be 1..65535 s, got " + keepAlive);
        }
    }

    /** A plain configuration for {@code broker} with the defaults (tests, demos). */
    public static MqttConfig of(URI broker, String bridgeId) {
        return new MqttConfig(
                broker, null, null, null, DEFAULT_PREFIX, bridgeId, true, DEFAULT_DISCOVERY_PREFIX, DEFAULT_KEEP_ALIVE);
    }

    public MqttConfig withCredentials(String u, byte[] p) {
        return new MqttConfig(broker, u, p, caFile, prefix, bridgeId, haDiscovery, discoveryPrefix, keepAlive);
    }

    public MqttConfig withCaFile(Path ca) {
        return new MqttConfig(broker, user, password, ca, prefix, bridgeId, haDiscovery, discoveryPrefix, keepAlive);
    }

    public MqttConfig withKeepAlive(Duration k) {
        return new MqttConfig(broker, user, password, caFile, prefix, bridgeId, haDiscovery, discoveryPrefix, k);
    }

    public boolean tls() {
        return "ssl".equals(broker.getScheme());
    }

    public int port() {
        return broker.getPort() > 0 ? broker.getPort() : tls() ? 8883 : 1883;
    }

    /** The default bridge id: this host's name in lower case, other characters than a-z 0-9 _ - as {@code _}. */
    public static String defaultBridgeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "hilbridge");
        }
        return bridgeIdFrom(host);
    }

    static String bridgeIdFrom(String host) {
        String id = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
        if (id.isEmpty()) return "hilbridge";
        return id.length() > 64 ? id.substring(0, 64) : id;
    }

    private static void checkTopicLevels(String what, String topic) {
        if (topic == null
                || topic.isEmpty()
                || topic.startsWith("/")
                || topic.endsWith("/")
                || topic.contains("//")
                || topic.matches(".*[+#\\x00].*")
                || topic.startsWith("$")) {
            throw new IllegalArgumentException(what + " must be topic levels without wildcards, got " + topic);
        }
    }

    @Override
    public String toString() {
        // Never the password.
        return "MqttConfig[" + broker + ", user=" + user + ", prefix=" + prefix + ", bridgeId=" + bridgeId
                + ", haDiscovery=" + haDiscovery + "]";
    }
}
