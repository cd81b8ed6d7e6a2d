package io.hilbridge.cli;

import io.hilbridge.app.Bridge;
import io.hilbridge.app.BridgeConfig;
import io.hilbridge.app.DataDir;
import io.hilbridge.app.Version;
import io.hilbridge.doctor.DoctorCommand;
import io.hilbridge.mqtt.MqttBridge;
import io.hilbridge.mqtt.MqttConfig;
import io.hilbridge.scenes.SceneNames;
import io.hilbridge.scenes.SceneStore;
import io.hilbridge.serial.PortInfo;
import io.hilbridge.serial.SerialPorts;
import io.hilbridge.sim.Faults;
import io.hilbridge.trace.LinkTrace;
import io.hilbridge.trace.TraceCommand;
import io.hilbridge.trace.TraceOptions;
import io.hilbridge.ws.ConnectionLimit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code hilbridge} command. Parses the command line (picocli), starts a {@link Bridge}, and waits until the
 * process is stopped. Exit codes: 0 normal, 1 could not start, 2 bad command line.
 */
@Command(
        name = "hilbridge",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        subcommands = {DoctorCommand.class, TraceCommand.class},
        description = "Bridge between a browser and the lights of an ESP32 board (or a simulated one).",
        footer = {
            "",
            "Examples:",
            "  hilbridge                                 first ESP32 on USB, else the simulated board",
            "  hilbridge --serial /dev/ttyUSB0           a given port",
            "  hilbridge --serial loopback --sim-faults bitflip=0.001   simulated board with line noise",
            "  hilbridge --serial qemu                   the firmware core on an emulated RISC-V CPU (QEMU)",
            "  hilbridge --serial qemu-esp32c3           the ESP-IDF firmware on an emulated ESP32-C3 (QEMU)",
            "  hilbridge --bind 0.0.0.0 --token s3cret   reachable from the LAN, clients need the token",
            "  hilbridge --mqtt tcp://localhost:1883      also over MQTT, announced to Home Assistant",
            "  hilbridge doctor                          what stands between each serial port and a working board",
            "  hilbridge --trace link.pcapng             record the UART link; read it with: hilbridge trace link.pcapng"
        })
public final class Main implements Callable<Integer> {

    @Option(
            names = "--serial",
            paramLabel = "auto|loopback|qemu|qemu-esp32c3|PATH",
            description = "Board to talk to; give once per board. auto: the first USB serial port of a known "
                    + "ESP32 board, else the simulated board. loopback: the simulated board. qemu: the firmware "
                    + "core on an emulated RISC-V CPU (built from this repository). qemu-esp32c3: the ESP-IDF "
                    + "firmware image on an emulated ESP32-C3 (needs socat, and QEMU with the esp32c3 machine: "
                    + "HILBRIDGE_ESP32C3_QEMU or HILBRIDGE_ESP_KIT). Default: auto.")
    List<String> serial = new ArrayList<>();

    @Option(
            names = "--baud",
            paramLabel = "N",
            defaultValue = "115200",
            description = "UART baud rate (default: ${DEFAULT-VALUE}).")
    int baud;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description =
                    "Address to listen on (default: ${DEFAULT-VALUE}). Any non-loopback address needs --token or --no-auth.")
    String bind;

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            defaultValue = "8080",
            description = "HTTP port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int httpPort;

    @Option(
            names = "--allow-origin",
            paramLabel = "ORIGIN",
            description = "Extra browser origin allowed to use the bridge (WebSocket, REST), e.g. "
                    + "http://localhost:3000. Repeatable.")
    List<String> allowOrigins = new ArrayList<>();

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            defaultValue = "${env:HILBRIDGE_TOKEN}",
            description = "Access token clients must present (Authorization: Bearer, or ?token= in the page URL). "
                    + "Default: $HILBRIDGE_TOKEN, else none.")
    String token;

    @Option(names = "--no-auth", description = "Allow a non-loopback --bind without a token (not recommended).")
    boolean noAuth;

    @Option(
            names = "--sim-baud",
            paramLabel = "N",
            defaultValue = "115200",
            description = "Simulated board: baud rate it simulates, 0 = unthrottled (default: ${DEFAULT-VALUE}).")
    int simBaud;

    @Option(
            names = "--sim-faults",
            paramLabel = "SPEC",
            description = "Simulated board: fault injection, e.g. bitflip=0.001,drop=0.0005,dup=0.0005; "
                    + "stuck-light=3 makes light 3's hardware stuck (the board reports a fault).")
    String simFaults;

    @Option(
            names = "--reset-on-open",
            description = "Reset each board whenever its port is opened (its reset line, or REBOOT_REQ where the "
                    + "port has none), so it starts from a fresh boot. Off by default: opening never resets.")
    boolean resetOnOpen;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Folder for the bridge's own data: scenes, in DIR/scenes/ (at most "
                    + SceneStore.MAX_SCENES_PER_BOARD + " per board, names of 1.." + SceneNames.MAX_NAME_CHARS
                    + " characters). Default: the user's data folder: $XDG_DATA_HOME/hilbridge or "
                    + "~/.local/share/hilbridge (Linux), ~/Library/Application Support/hilbridge (macOS), "
                    + "%APPDATA%\\hilbridge (Windows). A folder that cannot be written does not stop the bridge; "
                    + "saving a scene then reports why.")
    Path dataDir;

    @Option(names = "--list-ports", description = "List serial ports (marking likely ESP32 boards) and exit.")
    boolean listPorts;

    @Option(
            names = "--trace",
            paramLabel = "FILE",
            description =
                    "Record every UART frame of every board, both directions, with decode errors, retransmits and "
                            + "link events, into FILE (pcapng; read it with 'hilbridge trace FILE' or Wireshark and "
                            + "protocol-spec/wireshark/hilbridge.lua).")
    Path trace;

    @Option(
            names = "--trace-max-size",
            paramLabel = "SIZE",
            defaultValue = "100M",
            description =
                    "Stop tracing once the file would pass SIZE bytes (k, M, G suffixes; default: ${DEFAULT-VALUE}).")
    String traceMaxSize;

    @Option(
            names = "--max-clients",
            paramLabel = "N",
            defaultValue = "0",
            description = "Most WebSocket clients (browsers, scripts) connected at once; one more gets HTTP 503. "
                    + "Default 0: as many as the process's file-descriptor limit (ulimit -n) allows after "
                    + ConnectionLimit.RESERVED_DESCRIPTORS + " kept for ports and files, at most "
                    + ConnectionLimit.DEFAULT_CEILING + "; a larger N must fit in that limit.")
    int maxClients;

    @CommandLine.Mixin
    MqttOptions mqtt = new MqttOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        if (code != Integer.MIN_VALUE) System.exit(code);
    }

    /**
     * Runs the command and returns its exit code; a running bridge blocks here until the JVM is stopped. Kept
     * separate from {@link #main} so tests can check exit codes and messages.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("hilbridge: " + ex.getMessage() + " (see --help)");
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            err.println("hilbridge: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            err.flush();
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (listPorts) {
            return listPorts(out);
        }
        BridgeConfig config = validate();
        MqttConfig mqttConfig = mqtt.toConfig(spec.commandLine(), System.getenv(MqttOptions.PASSWORD_ENV));
        LinkTrace linkTrace = startTrace();
        Bridge bridge = Bridge.start(config, out::println, linkTrace);
        if (linkTrace != null) out.println("Tracing the link to " + linkTrace.file());
        // MQTT is a front door beside the page: a broker that is down never stops the bridge (it retries).
        MqttBridge mqttBridge = mqttConfig == null ? null : MqttBridge.start(mqttConfig, bridge.api());
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (mqttBridge != null) mqttBridge.close();
                            bridge.close();
                        },
                        "hilbridge-shutdown"));
        if (mqttConfig != null) out.println("MQTT: " + mqttConfig.broker() + " as bridge " + mqttConfig.bridgeId());
        out.println("Listening on " + bridge.url());
        out.flush();
        new CountDownLatch(1).await(); // until the process is stopped (Ctrl-C runs the shutdown hook)
        return 0;
    }

    private BridgeConfig validate() {
        CommandLine cl = spec.commandLine();
        if (serial.isEmpty()) serial.add("auto");
        if (baud <= 0) throw new CommandLine.ParameterException(cl, "--baud must be positive, got " + baud);
        if (httpPort < 0 || httpPort > 65535) {
            throw new CommandLine.ParameterException(cl, "--http-port must be 0..65535, got " + httpPort);
        }
        if (simBaud < 0)
            throw new CommandLine.ParameterException(cl, "--sim-baud must be 0 or positive, got " + simBaud);
        for (String o : allowOrigins) {
            if (!o.matches("https?://[^/\\s]+")) {
                throw new CommandLine.ParameterException(
                        cl, "--allow-origin must look like http://host[:port] (no path), got " + o);
            }
        }
        try {
            Faults.parse(simFaults);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--sim-faults: " + e.getMessage());
        }
        if (token != null && token.isBlank()) token = null;
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new CommandLine.ParameterException(cl, "--bind: unknown address " + bind);
        }
        if (!address.isLoopbackAddress() && token == null && !noAuth) {
            throw new CommandLine.ParameterException(
                    cl,
                    "--bind " + bind
                            + " exposes the board beyond this machine: give --token (or HILBRIDGE_TOKEN), or --no-auth");
        }
        try {
            ConnectionLimit.decide(maxClients);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        long loopbacks = serial.stream().filter(s -> s.equals("loopback")).count();
        if (new LinkedHashSet<>(serial).size() != serial.size() && loopbacks < 2) {
            throw new CommandLine.ParameterException(cl, "--serial: the same port given twice");
        }
        return new BridgeConfig(
                serial,
                baud,
                bind,
                httpPort,
                new LinkedHashSet<>(allowOrigins),
                token,
                simBaud,
                simFaults,
                resetOnOpen,
                maxClients,
                dataDir != null ? dataDir : DataDir.defaultDir());
    }

    /** The --trace file, or null without --trace; a wrong size is a command-line error, an unwritable file exit 1. */
    private LinkTrace startTrace() {
        if (trace == null) return null;
        TraceOptions options;
        try {
            options = TraceOptions.defaults().withMaxBytes(TraceOptions.parseSize(traceMaxSize));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--trace-max-size: " + e.getMessage());
        }
        return LinkTrace.start(trace, options);
    }

    private static int listPorts(PrintWriter out) {
        List<PortInfo> ports = SerialPorts.list();
        if (ports.isEmpty()) {
            out.println("No serial ports found.");
            return 0;
        }
        for (PortInfo p : ports) {
            out.println((SerialPorts.esp32Rank(p.vid(), p.pid()) >= 0 ? "* " : "  ") + p);
        }
        out.println("(* = USB id of a common ESP32 board)");
        return 0;
    }

    /** Supplies --version from the build. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"hilbridge " + Version.get()};
        }
    }
}
