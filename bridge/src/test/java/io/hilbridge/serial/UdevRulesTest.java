package io.hilbridge.serial;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code packaging/udev/99-hilbridge.rules}: every line is well-formed udev syntax (keys, operators, quoting, GOTO
 * targets), and the USB ids it matches are exactly the bridge's auto-detection table and the chip names, so the three
 * cannot drift apart. The rule sets what the doctor's fixes promise: group dialout, uaccess, ModemManager off, the FTDI
 * latency timer to {@link PortChecks#GOOD_LATENCY_MS}. With systemd 253 or later, {@code udevadm verify} also checks it.
 */
class UdevRulesTest {
    private static final Pattern PAIR =
            Pattern.compile("\\s*([A-Z_]+(?:\\{[A-Za-z0-9_/]+\\})?)\\s*(==|!=|\\+=|-=|:=|=)\\s*\"([^\"]*)\"\\s*(,|$)");
    private static final Set<String> MATCH_KEYS = Set.of(
            "ACTION",
            "SUBSYSTEM",
            "SUBSYSTEMS",
            "DRIVER",
            "DRIVERS",
            "ATTR",
            "ATTRS",
            "ENV",
            "KERNEL",
            "KERNELS",
            "TAG");
    private static final Set<String> ASSIGN_KEYS =
            Set.of("MODE", "GROUP", "OWNER", "TAG", "SYMLINK", "ENV", "ATTR", "GOTO", "LABEL");

    static Path rulesFile() {
        String root = System.getProperty("maven.multiModuleProjectDirectory");
        Path base = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        Path p = base.resolve("packaging/udev/99-hilbridge.rules");
        return Files.exists(p)
                ? p
                : Path.of("").toAbsolutePath().getParent().resolve("packaging/udev/99-hilbridge.rules");
    }

    /** One rule: its key/operator/value triples in order. */
    record Rule(int line, List<String[]> pairs) {
        boolean has(String key, String op, String value) {
            return pairs.stream().anyMatch(p -> p[0].equals(key) && p[1].equals(op) && p[2].equals(value));
        }

        String value(String key) {
            return pairs.stream()
                    .filter(p -> p[0].equals(key))
                    .map(p -> p[2])
                    .findFirst()
                    .orElse(null);
        }
    }

    static List<Rule> parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            List<String[]> pairs = new ArrayList<>();
            Matcher m = PAIR.matcher(l);
            int at = 0;
            while (at < l.length()) {
                assertThat(m.find(at) && m.start() == at)
                        .as("line %d: malformed at column %d: %s", i + 1, at, l)
                        .isTrue();
                String key = m.group(1).replaceAll("\\{.*", "");
                String op = m.group(2);
                boolean match = op.equals("==") || op.equals("!=");
                assertThat(match ? MATCH_KEYS : ASSIGN_KEYS)
                        .as("line %d: key %s with %s", i + 1, key, op)
                        .contains(key);
                pairs.add(new String[] {m.group(1), op, m.group(3)});
                at = m.end();
            }
            rules.add(new Rule(i + 1, pairs));
        }
        return rules;
    }

    @Test
    void everyLineIsWellFormedAndEveryGotoHasItsLabel() throws IOException {
        List<Rule> rules = parse(Files.readAllLines(rulesFile()));
        Set<String> labels = new HashSet<>();
        rules.forEach(r -> {
            if (r.value("LABEL") != null) labels.add(r.value("LABEL"));
        });
        for (Rule r : rules) {
            String target = r.value("GOTO");
            if (target != null)
                assertThat(labels).as("GOTO on line %d", r.line()).contains(target);
        }
        assertThat(rules).isNotEmpty();
    }

    @Test
    void theRulesMatchExactlyTheBridgesTableOfEsp32UsbBridges() throws IOException {
        Map<String, Integer> matched = new LinkedHashMap<>();
        for (Rule r : parse(Files.readAllLines(rulesFile()))) {
            String vid = r.value("ATTRS{idVendor}");
            if (vid == null) continue;
            assertThat(r.has("GOTO", "=", "hilbridge_port"))
                    .as("line %d leads to the port rules", r.line())
                    .isTrue();
            String pid = r.value("ATTRS{idProduct}");
            matched.merge(vid + ":" + (pid == null ? "*" : pid), 1, Integer::sum);
        }
        Set<String> table = new HashSet<>();
        for (int[] k : SerialPorts.known()) {
            table.add(String.format("%04x:%s", k[0], k[1] == -1 ? "*" : String.format("%04x", k[1])));
        }
        assertThat(matched.keySet()).containsExactlyInAnyOrderElementsOf(table);
        assertThat(matched.values()).as("each id once").allMatch(n -> n == 1);
        for (UsbBridgeChips.Chip c : UsbBridgeChips.all()) {
            assertThat(SerialPorts.esp32Rank(c.vid(), c.pid() == -1 ? 0x1234 : c.pid()))
                    .as(c.name())
                    .isNotNegative();
        }
        for (int[] k : SerialPorts.known()) {
            assertThat(UsbBridgeChips.name(k[0], k[1] == -1 ? 0x1234 : k[1]))
                    .as("a name for %04X", k[0])
                    .isNotEmpty();
        }
    }

    @Test
    void thePortRulesDoWhatTheDoctorsFixesPromise() throws IOException {
        List<Rule> rules = parse(Files.readAllLines(rulesFile()));
        assertThat(rules)
                .anyMatch(r ->
                        r.has("GROUP", "=", "dialout") && r.has("MODE", "=", "0660") && r.has("TAG", "+=", "uaccess"));
        assertThat(rules).anyMatch(r -> r.has("ENV{ID_MM_DEVICE_IGNORE}", "=", "1"));
        assertThat(rules)
                .anyMatch(r -> r.has("DRIVER", "==", "ftdi_sio")
                        && r.has("ATTR{latency_timer}", "=", Integer.toString(PortChecks.GOOD_LATENCY_MS)));
        assertThat(rules).anyMatch(r -> r.has("SYMLINK", "+=", "hilbridge-$env{ID_SERIAL_SHORT}"));
    }

    @Test
    void udevadmVerifyAcceptsItWhereAvailable() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("udevadm", "verify", "--help")
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return; // no udevadm (Debian 12's udev 252 has no verify either): the checks above stand alone
        }
        p.getInputStream().readAllBytes();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return; // udevadm older than systemd 253
        Process v = new ProcessBuilder("udevadm", "verify", rulesFile().toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(v.getInputStream().readAllBytes());
        assertThat(v.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(v.exitValue()).as("udevadm verify: %s", out).isZero();
    }
}
