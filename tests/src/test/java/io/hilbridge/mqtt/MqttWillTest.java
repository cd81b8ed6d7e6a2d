package io.hilbridge.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge as a user runs it (a child JVM through the command line, {@code --mqtt-password-file}, against a
 * broker that requires the password) killed with SIGKILL: no shutdown hook runs, so only the will can tell Home
 * Assistant that the bridge is gone.
 */
class MqttWillTest {

    @Test
    void aKilledBridgeIsReportedOfflineByItsWill() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.withPassword("bridge", "s3cret-pw");
                HaClient ha =
                        HaClient.connectAs(broker.port(), "bridge", "s3cret-pw", "hilbridge/#", "homeassistant/#")) {
            Path dir = Files.createTempDirectory("mqtt-will-");
            Path password = dir.resolve("password");
            Files.writeString(password, "s3cret-pw\n");
            Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
            List<String> cmd = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "io.hilbridge.cli.Main",
                    "--serial",
                    "loopback",
                    "--http-port",
                    "0",
                    "--mqtt",
                    broker.tcpUrl(),
                    "--mqtt-user",
                    "bridge",
                    "--mqtt-password-file",
                    password.toString(),
                    "--bridge-id",
                    "victim"));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("bridge.log").toFile());
            pb.environment().remove("HILBRIDGE_MQTT_PASSWORD"); // only the file gives the password
            Process bridge = pb.start();
            try {
                ha.awaitPayload("hilbridge/victim/status", "online"::equals, "the child bridge online");
                JsonNode doc =
                        ha.awaitJson("homeassistant/device/victim_board0/config", d -> d.has("cmps"), "discovery");
                assertThat(doc.path("cmps").size()).isEqualTo(4);
                assertThat(cmd).as("the password is not on the command line").noneMatch(a -> a.contains("s3cret"));

                bridge.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no clean DISCONNECT
                assertThat(bridge.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(bridge.exitValue()).as("killed by SIGKILL").isEqualTo(137);
                ha.awaitPayload(
                        "hilbridge/victim/status",
                        "offline"::equals,
                        "the will (keep-alive " + MqttConfig.DEFAULT_KEEP_ALIVE.toSeconds() + " s)");
            } finally {
                bridge.destroyForcibly();
            }
        }
    }
}
