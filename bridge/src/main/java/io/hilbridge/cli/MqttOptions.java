package io.hilbridge.cli;

import io.hilbridge.mqtt.MqttConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The MQTT options of the command line (protocol-spec/mqtt.md). The password never comes from argv, where
 * {@code ps} shows it: from {@code HILBRIDGE_MQTT_PASSWORD} or a file. Not thread-safe (picocli fills it once).
 */
final class MqttOptions {
    static final String PASSWORD_ENV = "HILBRIDGE_MQTT_PASSWORD";

    @Option(
            names = "--mqtt",
            paramLabel = "URL",
            description = "Also serve the lights over MQTT: tcp://host[:1883] or ssl://host[:8883] "
                    + "(Home Assistant discovers them). Default: no MQTT.")
    String url;

    @Option(
            names = "--mqtt-user",
            paramLabel = "USER",
            description = "MQTT user name; the password comes from $" + PASSWORD_ENV + " or --mqtt-password-file.")
    String user;

    @Option(
            names = "--mqtt-password-file",
            paramLabel = "FILE",
            description = "File holding the MQTT password (first line); overrides $" + PASSWORD_ENV + ".")
    Path passwordFile;

    @Option(
            names = "--mqtt-ca",
            paramLabel = "FILE",
            description = "PEM CA certificate the ssl:// broker's certificate must chain to (default: the JDK's).")
    Path caFile;

    @Option(
            names = "--mqtt-prefix",
            paramLabel = "PREFIX",
            defaultValue = MqttConfig.DEFAULT_PREFIX,
            description = "First level of the bridge's MQTT topics (default: ${DEFAULT-VALUE}).")
    String prefix;

    @Option(
            names = "--bridge-id",
            paramLabel = "ID",
            description = "This bridge's id in MQTT topics and Home Assistant: a-z A-Z 0-9 _ - (default: from the "
                    + "host name). Give each bridge on one broker its own.")
    String bridgeId;

    @Option(
            names = "--ha-discovery",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "Announce the boards to Home Assistant (MQTT discovery under homeassistant/); on by "
                    + "default with --mqtt.")
    boolean haDiscovery;

    /** The MQTT configuration, or null without {@code --mqtt}; a bad value is a ParameterException naming it. */
    MqttConfig toConfig(CommandLine cl, String passwordFromEnv) {
        if (url == null) {
            if (user != null || passwordFile != null || caFile != null || bridgeId != null) {
                throw new CommandLine.ParameterException(cl, "MQTT options need --mqtt URL");
            }
            return null;
        }
        URI broker;
        try {
            broker = new URI(url);
        } catch (URISyntaxException e) {
            throw new CommandLine.ParameterException(cl, "--mqtt: not a URL: " + url);
        }
        byte[] password = passwordFile != null
                ? readPassword(cl)
                : passwordFromEnv == null || passwordFromEnv.isEmpty()
                        ? null
                        : passwordFromEnv.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (caFile != null && !Files.isReadable(caFile)) {
            throw new CommandLine.ParameterException(cl, "--mqtt-ca: cannot read " + caFile);
        }
        try {
            return new MqttConfig(
                    broker,
                    user,
                    password,
                    caFile,
                    prefix,
                    bridgeId != null ? bridgeId : MqttConfig.defaultBridgeId(),
                    haDiscovery,
                    MqttConfig.DEFAULT_DISCOVERY_PREFIX,
                    MqttConfig.DEFAULT_KEEP_ALIVE);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
    }

    private byte[] readPassword(CommandLine cl) {
        try {
            byte[] all = Files.readAllBytes(passwordFile);
            int end = 0;
            while (end < all.length && all[end] != '\n' && all[end] != '\r') end++;
            if (end == 0)
                throw new CommandLine.ParameterException(cl, "--mqtt-password-file " + passwordFile + " is empty");
            byte[] first = Arrays.copyOf(all, end);
            Arrays.fill(all, (byte) 0);
            return first;
        } catch (IOException e) {
            throw new CommandLine.ParameterException(cl, "--mqtt-password-file: cannot read " + passwordFile);
        }
    }
}
