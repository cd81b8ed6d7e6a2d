package io.hilbridge.app;

import io.hilbridge.api.ApiService;
import io.hilbridge.emulator.Esp32c3Board;
import io.hilbridge.emulator.Esp32c3Setup;
import io.hilbridge.emulator.QemuBoard;
import io.hilbridge.http.HttpServer;
import io.hilbridge.http.HttpServerConfig;
import io.hilbridge.http.WebSocketAccess;
import io.hilbridge.link.BoardLink;
import io.hilbridge.link.LinkConfig;
import io.hilbridge.link.LinkSession;
import io.hilbridge.scenes.SceneStore;
import io.hilbridge.serial.JSerialCommTransport;
import io.hilbridge.serial.PortInfo;
import io.hilbridge.serial.SerialPorts;
import io.hilbridge.serial.SerialTransport;
import io.hilbridge.serial.WithBoardReset;
import io.hilbridge.sim.Faults;
import io.hilbridge.sim.LoopbackTransport;
import io.hilbridge.sim.SimulatedBoard;
import io.hilbridge.trace.LinkTrace;
import io.hilbridge.ws.ConnectionLimit;
import io.hilbridge.ws.WebSocketConfig;
import io.hilbridge.ws.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A running hilbridge: one {@link BoardLink} per {@code --serial} entry, the API over them, and the HTTP server
 * (page, REST, metrics, WebSocket). This is the one place where the layers are wired together; the CLI and the
 * end-to-end tests both start the bridge through it.
 *
 * <p>Thread-safety: {@link #start} and {@link #close} from one thread; the accessors from any.
 */
public final class Bridge implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Bridge.class);
    /** The {@code --serial} value that boots the ESP-IDF firmware on an emulated ESP32-C3. */
    public static final String QEMU_ESP32C3 = "qemu-esp32c3";

    private final List<BoardLink> boards;
    private final Map<String, SimulatedBoard> simulated;
    private final Map<String, QemuBoard> emulated;
    private final Map<String, Esp32c3Board> esp32c3;
    private final ApiService api;
    private final HttpServer http;
    private final WebSocketUpgradeHandler webSockets;
    private LinkTrace trace; // set once by start(), before the bridge is shared
    private volatile boolean closed;

    private Bridge(
            List<BoardLink> boards,
            Map<String, SimulatedBoard> simulated,
            Map<String, QemuBoard> emulated,
            Map<String, Esp32c3Board> esp32c3,
            ApiService api,
            WebSocketUpgradeHandler webSockets,
            HttpServer http) {
        this.boards = boards;
        this.simulated = simulated;
        this.emulated = emulated;
        this.esp32c3 = esp32c3;
        this.api = api;
        this.webSockets = webSockets;
        this.http = http;
    }

    /** Starts a bridge, logging the board choices. */
    public static Bridge start(BridgeConfig config) {
        return start(config, line -> log.info("{}", line));
    }

    /**
     * Starts a bridge. {@code announce} receives the lines a person should see at start-up (which board is used,
     * and why); the CLI prints them on stdout.
     */
    public static Bridge start(BridgeConfig config, Consumer<String> announce) {
        return start(config, announce, null);
    }

    /**
     * Starts a bridge whose links are recorded into {@code trace} (null: none). The bridge owns the trace from here:
     * its {@link #close} closes it, after the links, so the file holds everything up to the end.
     */
    public static Bridge start(BridgeConfig config, Consumer<String> announce, LinkTrace trace) {
        List<BoardLink> boards = new ArrayList<>();
        Map<String, SimulatedBoard> simulated = new LinkedHashMap<>();
        Map<String, QemuBoard> emulated = new LinkedHashMap<>();
        Map<String, Esp32c3Board> esp32c3 = new LinkedHashMap<>();
        ApiService api = null;
        try {
            for (int i = 0; i < config.serial().size(); i++) {
                String deviceId = "board" + i;
                SerialTransport transport =
                        transportFor(deviceId, config.serial().get(i), config, simulated, emulated, esp32c3, announce);
                if (trace != null) transport = trace.tap(deviceId, transport);
                BoardLink board = LinkSession.start(
                        deviceId,
                        transport,
                        LinkConfig.defaults().toBuilder()
                                .resetOnOpen(config.resetOnOpen())
                                .build());
                boards.add(board);
                if (trace != null) trace.watch(board);
            }
            SceneStore scenes;
            if (config.dataDir() == null) {
                scenes = SceneStore.inMemory();
            } else {
                scenes = SceneStore.inDataDir(config.dataDir());
                announce.accept("Scenes are kept in " + scenes.folder().orElseThrow());
            }
            api = new ApiService(boards, Version.get(), ApiService.DEFAULT_COMMAND_TIMEOUT, scenes);
            HttpServerConfig httpConfig = HttpServerConfig.defaults()
                    .withBind(config.bind())
                    .withPort(config.httpPort())
                    .withToken(config.token())
                    .withAllowedOrigins(config.allowedOrigins());
            // The handshake asks the same access policy as the page, REST and metrics.
            WebSocketConfig wsConfig = WebSocketConfig.builder()
                    .access(new WebSocketAccess(httpConfig.accessPolicy()))
                    .maxConnections(ConnectionLimit.decide(config.maxClients()))
                    .build();
            if (config.maxClients() == 0) {
                announce.accept("WebSocket clients: at most " + wsConfig.maxConnections()
                        + " (from the file-descriptor limit; --max-clients changes it)");
            }
            WebSocketUpgradeHandler webSockets = new WebSocketUpgradeHandler(wsConfig, api);
            HttpServer http = HttpServer.start(httpConfig, api, webSockets);
            Bridge bridge = new Bridge(
                    List.copyOf(boards),
                    Map.copyOf(simulated),
                    Map.copyOf(emulated),
                    Map.copyOf(esp32c3),
                    api,
                    webSockets,
                    http);
            bridge.trace = trace;
            return bridge;
        } catch (RuntimeException e) {
            if (api != null) api.close();
            boards.forEach(BoardLink::close);
            simulated.values().forEach(SimulatedBoard::close);
            emulated.values().forEach(QemuBoard::closeQuietly);
            esp32c3.values().forEach(Esp32c3Board::closeQuietly);
            if (trace != null) trace.close();
            throw e;
        }
    }

    private static SerialTransport transportFor(
            String deviceId,
            String spec,
            BridgeConfig config,
            Map<String, SimulatedBoard> simulated,
            Map<String, QemuBoard> emulated,
            Map<String, Esp32c3Board> esp32c3,
            Consumer<String> announce) {
        if (spec.equals("auto")) {
            Optional<PortInfo> port = SerialPorts.findEsp32();
            if (port.isPresent()) {
                announce.accept(deviceId + ": ESP32 board found on " + port.get());
                return new JSerialCommTransport(port.get(), config.baud());
            }
            announce.accept(deviceId + ": no ESP32 board found on USB; using the simulated board (loopback)");
            return simulatedTransport(deviceId, config, simulated);
        }
        if (spec.equals("qemu")) {
            QemuBoard qemu = startEmulator(deviceId);
            emulated.put(deviceId, qemu);
            announce.accept(deviceId + ": emulated board (firmware core on QEMU RISC-V virt) on " + qemu.pty());
            return new JSerialCommTransport(qemu.link().toString(), config.baud());
        }
        if (spec.equals(QEMU_ESP32C3)) {
            Esp32c3Board board = startEsp32c3(deviceId);
            esp32c3.put(deviceId, board);
            announce.accept(
                    deviceId + ": emulated ESP32-C3 (ESP-IDF firmware image on QEMU esp32c3) on " + board.link());
            // The chip's reset is the emulator's (its UART has no lines): the reset command reaches it through this.
            return new WithBoardReset(
                    new JSerialCommTransport(board.link().toString(), config.baud()),
                    "QEMU system reset",
                    board::reset);
        }
        if (spec.equals("loopback")) {
            announce.accept(deviceId + ": using the simulated board (loopback)");
            return simulatedTransport(deviceId, config, simulated);
        }
        announce.accept(deviceId + ": serial port " + spec + " at " + config.baud() + " baud");
        return new JSerialCommTransport(spec, config.baud());
    }

    private static QemuBoard startEmulator(String deviceId) {
        Logger console = LoggerFactory.getLogger("io.hilbridge.emulator.console");
        try {
            return QemuBoard.startFromRepository(Path.of(""), line -> console.info("{}: {}", deviceId, line));
        } catch (IOException e) {
            throw new UncheckedIOException(deviceId + ": cannot start the emulated board: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(deviceId + ": interrupted while starting the emulated board", e);
        }
    }

    private static Esp32c3Board startEsp32c3(String deviceId) {
        Logger console = LoggerFactory.getLogger("io.hilbridge.emulator.console");
        try {
            return Esp32c3Setup.start(Path.of(""), line -> console.info("{}: {}", deviceId, line));
        } catch (IOException e) {
            throw new UncheckedIOException(deviceId + ": cannot start the emulated ESP32-C3: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(deviceId + ": interrupted while starting the emulated ESP32-C3", e);
        }
    }

    private static SerialTransport simulatedTransport(
            String deviceId, BridgeConfig config, Map<String, SimulatedBoard> simulated) {
        SimulatedBoard board = SimulatedBoard.builder()
                .name(deviceId)
                .baud(config.simBaud())
                .faults(Faults.parse(config.simFaults()))
                .build();
        simulated.put(deviceId, board);
        return new LoopbackTransport(board);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080/}. */
    public URI url() {
        return URI.create(http.url());
    }

    public int httpPort() {
        return http.port();
    }

    public List<BoardLink> boards() {
        return boards;
    }

    public ApiService api() {
        return api;
    }

    /** The emulated board ({@code --serial qemu}) behind {@code deviceId}, if that device is emulated. */
    public Optional<QemuBoard> emulatedBoard(String deviceId) {
        return Optional.ofNullable(emulated.get(deviceId));
    }

    /**
     * The emulated ESP32-C3 ({@code --serial qemu-esp32c3}) behind {@code deviceId}, if that device is one: its
     * {@link Esp32c3Board#reset()} resets the chip, {@link Esp32c3Board#restart()} restarts QEMU.
     */
    public Optional<Esp32c3Board> emulatedEsp32c3(String deviceId) {
        return Optional.ofNullable(esp32c3.get(deviceId));
    }

    /** The in-process simulated board behind {@code deviceId}, if that device is simulated (for tests and demos). */
    public Optional<SimulatedBoard> simulatedBoard(String deviceId) {
        return Optional.ofNullable(simulated.get(deviceId));
    }

    /** Open WebSocket connections. */
    public int webSocketConnections() {
        return webSockets.openConnections();
    }

    /** Stops the HTTP server, the links and the simulated boards. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        api.close(); // first: each client gets its 1001 "going away" while the HTTP server still carries it
        http.close();
        boards.forEach(BoardLink::close);
        simulated.values().forEach(SimulatedBoard::close);
        emulated.values().forEach(QemuBoard::closeQuietly);
        esp32c3.values().forEach(Esp32c3Board::closeQuietly);
        if (trace != null) trace.close();
    }
}
