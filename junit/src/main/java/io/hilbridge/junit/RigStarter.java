package io.hilbridge.junit;

import io.hilbridge.app.Bridge;
import io.hilbridge.app.BridgeConfig;
import io.hilbridge.client.DeviceStatus;
import io.hilbridge.client.ErrorCode;
import io.hilbridge.client.HilbridgeClient;
import io.hilbridge.client.HilbridgeException;
import io.hilbridge.emulator.Esp32c3Setup;
import io.hilbridge.serial.PortInfo;
import io.hilbridge.serial.SerialPorts;
import io.hilbridge.sim.Faults;
import io.hilbridge.trace.LinkTrace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Starts the board a {@link BoardSpec} names and a bridge in this JVM on a free port of 127.0.0.1 (or connects to the
 * running bridge of {@code url:}), and returns once the board is online as the client sees it. Every check that a
 * board is there comes first and goes through {@link Presence}; every wait has a deadline named in its failure.
 *
 * <p>Stateless; each call builds its own rig, so classes can start boards in parallel.
 */
final class RigStarter {
    private RigStarter() {}

    /** @param trace what the bridge records its links into (null: none); the bridge closes it */
    static BoardRig start(BoardSpec spec, Path workDir, LinkTrace trace) {
        return start(spec, workDir, trace, System.getenv());
    }

    /** @param env the environment the board's tools, image and token are looked up in */
    static BoardRig start(BoardSpec spec, Path workDir, LinkTrace trace, Map<String, String> env) {
        return switch (spec.kind()) {
            case SIM -> inProcess(spec, "loopback", null, Duration.ofSeconds(15), new RecentEvents(), trace);
            case HOST_SIM -> hostSim(spec, workDir, trace, env);
            case QEMU -> {
                checkQemuTools(spec, env);
                yield inProcess(spec, "qemu", null, Duration.ofSeconds(90), new RecentEvents(), trace);
            }
            case QEMU_ESP32C3 -> {
                checkEsp32c3(spec, env);
                yield inProcess(spec, Bridge.QEMU_ESP32C3, null, Duration.ofSeconds(90), new RecentEvents(), trace);
            }
            case SERIAL -> {
                if (!Files.exists(Path.of(spec.argument()))) {
                    throw Presence.missing(spec, "no serial port " + spec.argument() + " (is the board plugged in?)");
                }
                yield inProcess(spec, spec.argument(), null, Duration.ofSeconds(20), new RecentEvents(), trace);
            }
            case AUTO -> {
                Optional<PortInfo> port = SerialPorts.findEsp32();
                if (port.isEmpty()) {
                    throw Presence.missing(spec, "no ESP32 board found on USB (hilbridge --list-ports)");
                }
                yield inProcess(spec, port.get().path(), null, Duration.ofSeconds(20), new RecentEvents(), trace);
            }
            case URL -> remote(spec, env);
        };
    }

    private static BoardRig hostSim(BoardSpec spec, Path workDir, LinkTrace trace, Map<String, String> env) {
        Path binary = HostSimProcess.findBinary(env);
        if (binary == null) {
            throw Presence.missing(spec, HostSimProcess.NOT_BUILT);
        }
        RecentEvents events = new RecentEvents();
        Path link;
        try {
            link = Files.createTempDirectory(workDir, "host-sim").resolve("board");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for the hilbridge-sim pty under " + workDir, e);
        }
        HostSimProcess sim = HostSimProcess.start(binary, link, line -> events.add("hilbridge-sim", line));
        try {
            return inProcess(spec, link.toString(), sim, Duration.ofSeconds(15), events, trace);
        } catch (RuntimeException | Error e) {
            sim.close();
            throw e;
        }
    }

    private static BoardRig inProcess(
            BoardSpec spec, String serial, HostSimProcess sim, Duration online, RecentEvents events, LinkTrace trace) {
        String faults = spec.kind() == BoardSpec.Kind.SIM ? spec.argument() : null;
        if (faults != null) {
            try {
                Faults.parse(faults);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("hilbridge board " + spec + ": " + e.getMessage(), e);
            }
        }
        BridgeConfig base = BridgeConfig.loopback();
        BridgeConfig config = new BridgeConfig(
                List.of(serial),
                base.baud(),
                "127.0.0.1",
                0,
                base.allowedOrigins(),
                null,
                base.simBaud(),
                faults,
                false);
        List<String> announced = new ArrayList<>();
        Bridge bridge;
        try {
            bridge = Bridge.start(config, announced::add, trace);
        } catch (RuntimeException e) {
            throw Presence.missing(spec, "the bridge could not start it: " + e.getMessage());
        }
        announced.forEach(line -> events.add("bridge", line));
        LinkWatch watch = new LinkWatch(events);
        bridge.boards().forEach(watch::watch);
        URI ws = URI.create("ws://127.0.0.1:" + bridge.httpPort() + "/ws");
        BoardRig rig = new BoardRig(spec, bridge, sim, watch, events, ws, null);
        try {
            rig.attach(HilbridgeClient.connect(ws, null));
            awaitOnline(rig, online);
            return rig;
        } catch (RuntimeException | Error e) {
            rig.close();
            throw e;
        }
    }

    private static BoardRig remote(BoardSpec spec, Map<String, String> env) {
        String token = Settings.token(env);
        URI ws = URI.create(spec.argument());
        BoardRig rig = new BoardRig(spec, null, null, null, new RecentEvents(), ws, token);
        HilbridgeClient client;
        try {
            client = HilbridgeClient.connect(ws, token);
        } catch (HilbridgeException e) {
            if (e.errorCode() == ErrorCode.REFUSED) {
                throw new IllegalStateException("hilbridge board " + spec + " refused the connection ("
                        + (token == null ? "no token given" : "the token in HILBRIDGE_TOKEN was refused")
                        + "; accepted: the bridge's --token, in HILBRIDGE_TOKEN): " + e.getMessage());
            }
            throw Presence.missing(spec, "no bridge answers at " + ws + " (" + BoardRig.describe(e) + ")");
        }
        rig.attach(client);
        try {
            awaitOnline(rig, Duration.ofSeconds(15));
            return rig;
        } catch (RuntimeException | Error e) {
            rig.close();
            throw e;
        }
    }

    private static void awaitOnline(BoardRig rig, Duration timeout) {
        try {
            rig.client().awaitStatus(BoardRig.DEVICE, DeviceStatus.ONLINE, timeout);
        } catch (HilbridgeException e) {
            throw new AssertionError(
                    "hilbridge board " + rig.spec + " did not come online within " + timeout + ": " + e.getMessage()
                            + "." + notOnlineHint(rig.spec.kind()) + "\nrecent link events:\n"
                            + rig.events.render("  "),
                    e);
        }
    }

    /** What to check when a board on a port stays offline (its own sentence, or none for the other boards). */
    static String notOnlineHint(BoardSpec.Kind kind) {
        return kind == BoardSpec.Kind.SERIAL || kind == BoardSpec.Kind.AUTO
                ? " Is the port busy (another program has it open) or is other firmware running on the board?"
                : "";
    }

    private static void checkQemuTools(BoardSpec spec, Map<String, String> env) {
        List<String> missing = missingQemuPackages(env, Executables::onPath, Files::exists);
        if (!missing.isEmpty()) throw Presence.missing(spec, "apt-get install " + String.join(" ", missing));
    }

    /**
     * The Debian packages the {@code qemu} board lacks: QEMU ({@code HILBRIDGE_QEMU}, else qemu-system-riscv32 on the
     * PATH), and unless {@code HILBRIDGE_QEMU_IMAGE} names a built image, the RISC-V compiler and picolibc that build
     * one. The rule itself, with the environment and the look-ups as arguments.
     */
    static List<String> missingQemuPackages(Map<String, String> env, Predicate<String> onPath, Predicate<Path> exists) {
        List<String> missing = new ArrayList<>();
        if (!onPath.test(env.getOrDefault("HILBRIDGE_QEMU", "qemu-system-riscv32"))) missing.add("qemu-system-misc");
        String image = env.get("HILBRIDGE_QEMU_IMAGE");
        if (image == null || image.isBlank()) {
            if (!onPath.test("riscv64-unknown-elf-gcc")) missing.add("gcc-riscv64-unknown-elf");
            if (!exists.test(Path.of("/usr/lib/picolibc/riscv64-unknown-elf/picolibc.specs"))) {
                missing.add("picolibc-riscv64-unknown-elf");
            }
        }
        return missing;
    }

    private static void checkEsp32c3(BoardSpec spec, Map<String, String> env) {
        try {
            Esp32c3Setup.qemu(env);
            // Never builds here: the ESP-IDF build is minutes long and not a test's job.
            Esp32c3Setup.image(env, Path.of(""));
        } catch (IOException e) {
            throw Presence.missing(spec, e.getMessage());
        }
    }
}
