package io.hilbridge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hilbridge.boardlog.BoardLogs;
import io.hilbridge.boardlog.LogLine;
import io.hilbridge.command.LightCommand;
import io.hilbridge.engine.CommandEngine;
import io.hilbridge.health.HealthJson;
import io.hilbridge.health.LinkHealth;
import io.hilbridge.health.LinkHealthSampler;
import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightFault;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.StateCause;
import io.hilbridge.link.BoardLink;
import io.hilbridge.link.BoardListener;
import io.hilbridge.link.Messages;
import io.hilbridge.scenes.SceneService;
import io.hilbridge.scenes.SceneStore;
import io.hilbridge.ws.OutboundFrame;
import io.hilbridge.ws.WebSocket;
import io.hilbridge.ws.WebSocketListener;
import io.hilbridge.ws.WebSocketProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lights API of protocol-spec/websocket-api.md: routes client messages to the {@link CommandEngine} (which
 * checks and sends commands and owns their deadline) and board reports into broadcasts. REST comes through here too
 * ({@link #execute}, {@link #reset}, {@link #devices()}), so both front doors apply the engine's rules and errors.
 * Every message it sends is built by {@link ApiJson}.
 *
 * <p>Rules it keeps: a client sees only what the board confirmed (snapshots and {@code state} come from the link's
 * reported state, never from what a client asked); every {@code set} gets exactly one {@code ack} or {@code error}
 * (the engine's future always completes, at the latest at its deadline); a bad message is answered with
 * an {@code error} and never closes the connection; each broadcast is encoded once ({@link OutboundFrame}) and
 * state messages carry a per-light coalescing key, so a slow client's queue holds at most one state per light.
 *
 * <p>Thread-safety: WebSocket callbacks arrive on IO threads, board callbacks in link tasks (on the thread that read
 * the board's bytes, or the link's own thread); neither blocks here.
 * Nothing is called on a board while holding a lock of this class, so the links' locks and ours cannot deadlock.
 */
public final class ApiService implements WebSocketListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiService.class);

    public static final int API_VERSION = 1;
    /** Longest text message handled; longer ones get {@code too_large} (the WebSocket layer's own limit is higher). */
    public static final int MAX_MESSAGE_CHARS = 8192;
    /** Commands one client may have waiting for the board; more get {@code busy}. */
    public static final int MAX_OUTSTANDING_PER_CLIENT = 32;

    public static final Duration DEFAULT_COMMAND_TIMEOUT = CommandEngine.DEFAULT_COMMAND_TIMEOUT;

    private final CommandEngine engine;
    private final String bridgeVersion;
    /**
     * Connected clients. A concurrent set, not a copy-on-write list: with thousands of clients every connect and
     * disconnect would copy the whole array (10,000 leaving at once: 10,000 copies of 10,000 references).
     * Iteration is weakly consistent, as the list's snapshot was: a client that joins during a broadcast may miss
     * it, and its hello snapshot, read after it joined, already contains that change.
     */
    private final Set<ClientSession> clients = ConcurrentHashMap.newKeySet();

    private final BoardListener events = new BoardEvents();
    private final LinkHealth health;
    private final SceneService scenes;
    private final SceneRequests sceneRequests;
    private final BoardLogs logs;
    private final PixelViewers pixelViewers = new PixelViewers();
    private volatile boolean closed;

    public ApiService(List<BoardLink> boards, String bridgeVersion) {
        this(boards, bridgeVersion, DEFAULT_COMMAND_TIMEOUT);
    }

    /** {@code commandTimeout}: the longest a command waits for its board before the client gets {@code timeout}. */
    public ApiService(List<BoardLink> boards, String bridgeVersion, Duration commandTimeout) {
        this(boards, bridgeVersion, commandTimeout, SceneStore.inMemory());
    }

    /** {@code sceneStore}: where the boards' scenes are kept (the data folder, or memory only). */
    public ApiService(List<BoardLink> boards, String bridgeVersion, Duration commandTimeout, SceneStore sceneStore) {
        this.engine = new CommandEngine(boards, commandTimeout);
        this.bridgeVersion = bridgeVersion;
        this.logs = new BoardLogs(engine.boards(), Clock.systemUTC(), this::broadcastLog);
        for (BoardLink b : engine.boards()) b.addListener(events);
        this.health = new LinkHealth(engine.boards());
        this.scenes = new SceneService(
                engine, sceneStore, d -> broadcast(SceneMessages.listMessage(null, d), "scenes:" + d.device()));
        this.sceneRequests = new SceneRequests(scenes);
    }

    /** Scenes of every board (REST comes through here, as the WebSocket's scene.* messages do). */
    public SceneService scenes() {
        return scenes;
    }

    public String bridgeVersion() {
        return bridgeVersion;
    }

    /** The boards in the order they were given (the first is the default device). */
    public List<BoardLink> boards() {
        return engine.boards();
    }

    public int clientCount() {
        return clients.size();
    }

    // ---------------------------------------------------------------- snapshots (WebSocket and REST)

    /** Every device's snapshot, as in {@code hello}. */
    public ArrayNode devices() {
        return ApiJson.devices(engine.boards());
    }

    /** One device's snapshot, or empty for an unknown id. */
    public Optional<ObjectNode> device(String id) {
        for (BoardLink b : engine.boards()) {
            if (b.deviceId().equals(id)) return Optional.of(ApiJson.device(b, b.status()));
        }
        return Optional.empty();
    }

    /** The reply to {@code stats}: link statistics per device. */
    public ObjectNode stats(String deviceOrNull) {
        List<BoardLink> shown = new ArrayList<>();
        for (BoardLink b : engine.boards()) {
            if (deviceOrNull == null || deviceOrNull.equals(b.deviceId())) shown.add(b);
        }
        return ApiJson.stats(clients.size(), shown);
    }

    /** A board's link health over the last minutes (WebSocket {@code health} and REST); unknown_device otherwise. */
    public ObjectNode health(HealthRequest req) {
        String device = board(req.device()).deviceId();
        LinkHealthSampler sampler = health.sampler(device).orElseThrow();
        return HealthJson.body(device, health.interval(), sampler, req.sinceMillis());
    }

    /** The answer to {@code GET /api/devices/{device}/log} (see {@link LogQuery}); unknown_device first. */
    public ObjectNode log(String device, String since, String limit) {
        String id = board(device).deviceId();
        return LogQuery.answer(id, logs.ring(id).orElseThrow(), since, limit);
    }

    // ---------------------------------------------------------------- commands (routed to the engine)

    /** The board with this id (null: the first), or a {@link CommandException} {@code unknown_device}. */
    public BoardLink board(String idOrNull) {
        return engine.board(idOrNull);
    }

    /**
     * Checks the request with the engine's rules and sends it. The future completes when the board has acknowledged
     * every addressed light, or exceptionally with a {@link CommandException} (never another exception type). It
     * always completes, at the latest after the command timeout.
     */
    public CompletableFuture<Void> execute(SetRequest req) {
        return engine.execute(req.device(), req.target().all(), req.target().ids(), req.change());
    }

    /**
     * Resets a device (null: the first) and waits until it is back with a new boot id and its desired state replayed
     * (see {@link CommandEngine#reset}); REST and WebSocket both come here. The future completes with the new boot
     * id, or exceptionally with a {@link CommandException}; it always completes.
     */
    public CompletableFuture<Long> reset(String deviceOrNull) {
        return engine.reset(deviceOrNull);
    }

    // ---------------------------------------------------------------- WebSocket

    @Override
    public void onOpen(WebSocket socket) {
        if (closed) {
            socket.close(WebSocketProtocol.CLOSE_GOING_AWAY, "bridge shutting down");
            return;
        }
        ClientSession session = new ClientSession(socket);
        socket.attach(session);
        clients.add(session); // before the snapshot: see ClientSession
        while (!session.finishHello(ApiJson.write(ApiJson.helloMessage(bridgeVersion, devices())))) {
            log.debug("broadcasts overflowed during hello; taking the snapshot again");
        }
    }

    @Override
    public void onText(WebSocket socket, String message) {
        if (!(socket.attachment() instanceof ClientSession session)) return;
        JsonNode id = null;
        try {
            if (message.length() > MAX_MESSAGE_CHARS) {
                throw new CommandException(
                        ErrorCode.TOO_LARGE,
                        "message has " + message.length() + " characters, at most " + MAX_MESSAGE_CHARS + " allowed");
            }
            JsonNode node;
            try {
                node = ApiJson.MAPPER.readTree(message);
            } catch (JsonProcessingException e) {
                throw RequestParser.bad("not valid JSON: " + RequestParser.abbreviate(e.getOriginalMessage(), 160));
            }
            if (!(node instanceof ObjectNode msg)) throw RequestParser.bad("a message must be a JSON object");
            id = validId(msg.get("id"));
            JsonNode type = msg.get("type");
            if (type == null || !type.isTextual()) {
                throw RequestParser.bad("type is required (set, get, stats, reset or health)");
            }
            switch (type.asText()) {
                case "set" -> handleSet(session, id, msg);
                case "get" -> {
                    RequestParser.checkKnownFields(msg, Set.of("type", "id"));
                    session.reply(ApiJson.write(ApiJson.snapshotMessage(id, devices())));
                }
                case "stats" -> {
                    RequestParser.checkKnownFields(msg, Set.of("type", "id", "device"));
                    JsonNode d = msg.get("device");
                    String device = null;
                    if (d != null && !d.isNull()) {
                        if (!d.isTextual()) throw RequestParser.bad("device must be a string");
                        device = board(d.asText()).deviceId();
                    }
                    session.reply(ApiJson.write(ApiJson.statsMessage(id, stats(device))));
                }
                case "reset" -> handleReset(session, id, msg);
                case "health" ->
                    session.reply(ApiJson.write(ApiJson.healthMessage(id, health(HealthRequest.parse(msg)))));
                case "scene.list", "scene.save", "scene.apply", "scene.rename", "scene.delete", "scene.powerOn" ->
                    sceneRequests.handle(session, id, type.asText(), msg);
                case "pixels.subscribe" ->
                    session.reply(ApiJson.write(
                            ApiJson.pixelsWatchingMessage(id, pixelViewers.subscribe(session, pixelBoards(msg)))));
                case "pixels.unsubscribe" ->
                    session.reply(ApiJson.write(
                            ApiJson.pixelsWatchingMessage(id, pixelViewers.unsubscribe(session, pixelBoards(msg)))));
                default ->
                    throw RequestParser.bad("unknown message type \"" + RequestParser.abbreviate(type.asText())
                            + "\" (known: set, get, stats, reset, health, pixels.subscribe, pixels.unsubscribe,"
                            + " scene.list, scene.save, scene.apply, scene.rename, scene.delete, scene.powerOn)");
            }
        } catch (CommandException e) {
            session.reply(ApiJson.write(ApiJson.errorMessage(id, e.apiCode(), e.getMessage())));
        } catch (RuntimeException e) {
            // A bug of ours must not cost the client its connection (nor be mistaken for the client's fault silently).
            log.error("unexpected failure handling a client message", e);
            session.reply(ApiJson.write(ApiJson.errorMessage(
                    id,
                    ErrorCode.BAD_REQUEST.apiName(),
                    "the bridge could not handle this message (" + e.getClass().getSimpleName() + "); see its log")));
        }
    }

    /** A client id is echoed back as given: a string of at most 64 characters or an integer. */
    private static JsonNode validId(JsonNode id) {
        if (id == null || id.isNull()) return null;
        if (id.isTextual() && id.asText().length() <= 64) return id;
        if (id.isIntegralNumber() && id.canConvertToLong()) return id;
        throw RequestParser.bad("id must be a string of at most 64 characters or an integer");
    }

    /** Checked before it takes one of the client's slots: a command that breaks a rule never waits. */
    private void handleSet(ClientSession session, JsonNode id, ObjectNode msg) {
        SetRequest req = RequestParser.parseSetMessage(msg);
        LightCommand command =
                engine.validate(req.device(), req.target().all(), req.target().ids(), req.change());
        takeSlot(session, "acks");
        engine.submit(command).whenComplete((v, e) -> {
            session.release();
            if (e == null) {
                session.reply(ApiJson.write(ApiJson.ackMessage(id, command.deviceId(), req.target())));
            } else {
                CommandException ce = (CommandException) e;
                session.reply(ApiJson.write(ApiJson.errorMessage(id, ce.apiCode(), ce.getMessage())));
            }
        });
    }

    /** The boards a {@code pixels.*} message names: its device, or every board when it names none. */
    private List<BoardLink> pixelBoards(ObjectNode msg) {
        String device = RequestParser.parseDeviceOnlyMessage(msg);
        return device == null ? engine.boards() : List.of(board(device));
    }

    private void handleReset(ClientSession session, JsonNode id, ObjectNode msg) {
        String device = board(RequestParser.parseResetMessage(msg)).deviceId();
        takeSlot(session, "answers");
        reset(device).whenComplete((bootId, e) -> {
            session.release();
            if (e == null) {
                session.reply(ApiJson.write(ApiJson.resetMessage(id, device, bootId)));
            } else {
                CommandException ce = (CommandException) e;
                session.reply(ApiJson.write(ApiJson.errorMessage(id, ce.apiCode(), ce.getMessage())));
            }
        });
    }

    /** The per-client limit of commands waiting for a board ({@code busy} past it); released when one is answered. */
    static void takeSlot(ClientSession session, String answers) {
        if (!session.tryAcquire(MAX_OUTSTANDING_PER_CLIENT)) {
            throw new CommandException(
                    ErrorCode.BUSY,
                    "this client already has " + MAX_OUTSTANDING_PER_CLIENT
                            + " commands waiting for the board; wait for their " + answers);
        }
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason) {
        if (socket.attachment() instanceof ClientSession session) {
            session.markClosed();
            clients.remove(session);
            pixelViewers.clientGone(session, engine.boards());
        }
    }

    // ---------------------------------------------------------------- broadcasts

    private void broadcast(ObjectNode message, String coalesceKey) {
        OutboundFrame frame = OutboundFrame.text(ApiJson.write(message), coalesceKey);
        for (ClientSession s : clients) s.deliver(frame);
    }

    /**
     * A board's log line goes to every client (websocket-api.md, "log"): encoded once; a client whose queue is
     * backed up skips it and is told how many it missed with its next line (see {@link ClientSession#deliverLog}).
     */
    private void broadcastLog(BoardLink board, LogLine line) {
        String device = board.deviceId();
        OutboundFrame frame = OutboundFrame.text(ApiJson.write(LogJson.logMessage(device, line, 0)));
        for (ClientSession s : clients) {
            s.deliverLog(
                    device,
                    frame,
                    dropped -> OutboundFrame.text(ApiJson.write(LogJson.logMessage(device, line, dropped))));
        }
    }

    /** Board events become broadcasts. Runs in link tasks; encodes once, queues without blocking. */
    private final class BoardEvents implements BoardListener {
        @Override
        public void onHello(BoardLink board, BoardInfo info) {
            broadcast(ApiJson.deviceMessage(board, board.status()), "device:" + board.deviceId());
        }

        @Override
        public void onStatus(BoardLink board, DeviceStatus status) {
            broadcast(ApiJson.deviceMessage(board, status), "device:" + board.deviceId());
        }

        @Override
        public void onState(BoardLink board, int light, LightState state, StateCause cause) {
            broadcast(
                    ApiJson.stateMessage(board.deviceId(), light, state, cause),
                    "state:" + board.deviceId() + ":" + light);
        }

        @Override
        public void onFault(BoardLink board, int light, Optional<LightFault> fault) {
            broadcast(ApiJson.faultMessage(board.deviceId(), light, fault), "fault:" + board.deviceId() + ":" + light);
        }

        @Override
        public void onLog(BoardLink board, int level, String text) {
            logs.onLog(board, level, text);
        }

        @Override
        public void onConsoleText(BoardLink board, String line) {
            logs.onConsoleText(board, line);
        }

        @Override
        public void onPixels(BoardLink board, Messages.Pixels pixels) {
            pixelViewers.onPixels(board, pixels); // to the clients that watch this board only
        }
    }

    /** Stops listening to the boards and closes every client with 1001 (going away). Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (BoardLink b : engine.boards()) b.removeListener(events);
        health.close();
        scenes.close();
        for (ClientSession s : clients) s.socket().close(WebSocketProtocol.CLOSE_GOING_AWAY, "bridge shutting down");
        clients.clear();
    }
}
