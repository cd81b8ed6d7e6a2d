package io.hilbridge.cli;

import io.hilbridge.mqtt.MqttConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The MQTT command-line options: the password from a file or the environment, never argv; rules named. */
class MqttOptionsTest {
    @TempDir
    Path dir;

    private static MqttConfig parse(String env, String... args) {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.parseArgs(args);
        return main.mqtt.toConfig(cl, env);
    }

    @Test
    void thePasswordComesFromTheFileElseTheEnvironment() throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "from-file\nignored second line\n");
        MqttConfig c =
                parse("from-env", "--mqtt", "tcp://h", "--mqtt-user", "u", "--mqtt-password-file", file.toString());
        assertThat(new String(c.password(), StandardCharsets.UTF_8)).isEqualTo("from-file");
        c = parse("from-env", "--mqtt", "tcp://h", "--mqtt-user", "u");
        assertThat(new String(c.password(), StandardCharsets.UTF_8)).isEqualTo("from-env");
        assertThat(parse(null, "--mqtt", "tcp://h").password()).isNull();
    }

    @Test
    void defaultsAndSwitches() {
        MqttConfig c = parse(
                null,
                "--mqtt",
                "ssl://broker:8884",
                "--bridge-id",
                "lab_1",
                "--no-ha-discovery",
                "--mqtt-prefix",
                "labs/floor2");
        assertThat(c.haDiscovery()).isFalse();
        assertThat(c.tls()).isTrue();
        assertThat(c.port()).isEqualTo(8884);
        assertThat(c.prefix()).isEqualTo("labs/floor2");
        assertThat(parse(null, "--mqtt", "tcp://h").haDiscovery()).isTrue();
        assertThat(parse(null)).as("no --mqtt, no MQTT").isNull();
    }

    @Test
    void badValuesAreParameterErrorsNamingTheOption() {
        assertThatThrownBy(() -> parse(null, "--mqtt", "ftp://h"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--mqtt");
        assertThatThrownBy(() -> parse(null, "--mqtt-user", "u")).hasMessageContaining("need --mqtt");
        assertThatThrownBy(() -> parse(
                        null,
                        "--mqtt",
                        "tcp://h",
                        "--mqtt-password-file",
                        dir.resolve("none").toString()))
                .hasMessageContaining("--mqtt-password-file");
        assertThatThrownBy(() -> parse(null, "--mqtt", "tcp://h", "--bridge-id", "a/b"))
                .hasMessageContaining("--bridge-id");
    }
}
