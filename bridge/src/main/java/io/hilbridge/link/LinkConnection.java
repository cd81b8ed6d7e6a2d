package io.hilbridge.link;

import io.hilbridge.command.CommandErrors;
import io.hilbridge.concurrent.SerialExecutor;
import io.hilbridge.concurrent.SerialExecutor.Timer;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.serial.SerialTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static io.hilbridge.concurrent.SerialExecutor.cancel;

/**
 * The connection to the board's port (uart-link.md section 5): opening it, the handshake (HELLO_REQ with backoff
 * until a HELLO), the heartbeat, the loss of contact, reconnecting with backoff, and closing. Each opening of the
 * port is a new generation: bytes and disconnects reported by an older one are ignored.
 *
 * <p>Thread-safety: confined to the tasks of its {@link LinkSession} (see there). The port's reader thread reaches
 * it only through {@link PortEvents}, which hands every event to the link's executor; opening and closing the port,
 * which may block, run on the link's own thread.
 */
final class LinkConnection {
    private static final Logger log = LoggerFactory.getLogger(LinkSession.class);

    private final LinkSession link;
    private final String deviceId;
    private final SerialTransport transport;
    private final LinkConfig config;
    private final SerialExecutor exec;
    private final LinkCounters counters;
    private final FrameDecoder decoder;
    /** Says once per connection why a handshake is stuck (download mode, no HELLO): see {@link HandshakeWatch}. */
    private final HandshakeWatch handshakeWatch;
    /** Text between frames, at any time (a board that crash-loops prints its boot banner again and again). */
    private final ConsoleText consoleText;

    private int generation; // of the port's opening; events of older ones are ignored
    private boolean open;
    private boolean closed;
    private boolean handshaking;
    private long helloDelayMs;
    private long reconnectDelayMs;
    private long lastRxNanos;
    private long lastPingNanos;
    private int missedPings;
    private Timer helloTimer;
    private Timer reconnectTimer;
    private Timer heartbeatTimer;

    LinkConnection(
            LinkSession link,
            String deviceId,
            SerialTransport transport,
            LinkConfig config,
            SerialExecutor exec,
            LinkCounters counters,
            FrameDecoder decoder) {
        this.link = link;
        this.deviceId = deviceId;
        this.transport = transport;
        this.config = config;
        this.exec = exec;
        this.counters = counters;
        this.decoder = decoder;
        this.handshakeWatch = new HandshakeWatch(transport.path(), config.helloWarnAfter());
        this.consoleText =
                new ConsoleText(line -> link.notifyListeners("onConsoleText", l -> l.onConsoleText(link, line)));
    }

    boolean isOpen() {
        return open;
    }

    boolean closed() {
        return closed;
    }

    boolean handshaking() {
        return handshaking;
    }

    /** Opens the port at once and checks the heartbeat from now on (called once, from {@link LinkSession#start}). */
    void start() {
        exec.executeAtHome(this::connect);
        long hb = Math.max(1, config.heartbeatInterval().toMillis() / 4);
        heartbeatTimer = exec.scheduleWithFixedDelay(this::heartbeat, hb, TimeUnit.MILLISECONDS);
    }

    /** The port's events, of one generation, handed to the link's executor. */
    private final class PortEvents implements SerialTransport.Listener {
        private final int gen;

        PortEvents(int gen) {
            this.gen = gen;
        }

        @Override
        public void onBytes(byte[] data, int offset, int length) {
            byte[] copy = Arrays.copyOfRange(data, offset, offset + length);
            exec.execute(() -> bytesArrived(gen, copy));
        }

        @Override
        public void onDisconnect(String reason) {
            exec.execute(() -> portLost(gen, reason));
        }
    }

    private void bytesArrived(int gen, byte[] bytes) {
        if (gen != generation || !open) return;
        counters.bytesReceived.addAndGet(bytes.length);
        if (handshaking) handshakeWatch.feed(bytes); // boot text the decoder drops
        consoleText.feed(bytes);
        decoder.feed(bytes);
    }

    private void portLost(int gen, String reason) {
        if (gen == generation && open) lost(reason);
    }

    /** A frame arrived: the board is alive. */
    void frameArrived() {
        lastRxNanos = exec.nanoTime();
        missedPings = 0;
    }

    private void connect() {
        if (closed) return;
        reconnectTimer = null;
        int gen = ++generation;
        try {
            transport.open(new PortEvents(gen));
        } catch (IOException | RuntimeException e) {
            log.debug("{}: cannot open {}: {}", deviceId, transport.describe(), e.toString());
            if (link.status() == DeviceStatus.CONNECTING) {
                log.warn("{}: cannot open {}: {} (retrying)", deviceId, transport.describe(), e.getMessage());
                link.setStatus(DeviceStatus.OFFLINE);
            }
            scheduleReconnect();
            return;
        }
        open = true;
        link.window.pacing.opened(transport.baud());
        if (gen > 1) counters.reconnects.incrementAndGet();
        reconnectDelayMs = 0;
        decoder.reset();
        consoleText.reset();
        lastRxNanos = exec.nanoTime();
        missedPings = 0;
        log.info("{}: opened {}, waiting for the board's HELLO", deviceId, transport.describe());
        handshakeWatch.opened(exec.nanoTime());
        if (config.resetOnOpen() && !link.resets.running()) {
            link.resets.start(false);
        } else {
            startHandshake();
        }
    }

    /** After a failed open or a loss of contact: neither happens once closed, nor while a reconnect waits. */
    private void scheduleReconnect() {
        long base = config.reconnectBackoff().toMillis();
        reconnectDelayMs = reconnectDelayMs == 0
                ? base
                : Math.min(reconnectDelayMs * 2, config.maxReconnectBackoff().toMillis());
        // Opening a port may block: on the link's own thread, never on a caller's.
        reconnectTimer =
                exec.schedule(() -> exec.executeAtHome(this::connect), reconnectDelayMs, TimeUnit.MILLISECONDS);
    }

    void startHandshake() {
        handshaking = true;
        link.startSequence(ThreadLocalRandom.current().nextInt(0x10000));
        helloDelayMs = config.helloInterval().toMillis();
        sendHelloRequest();
    }

    /** Its timer is cancelled wherever the handshake ends: HELLO, loss of contact, close. */
    private void sendHelloRequest() {
        link.sendHelloReqFrame();
        handshakeWatch.check(exec.nanoTime()).ifPresent(p -> log.warn("{}: {}", deviceId, p.oneLine()));
        helloTimer = exec.schedule(this::sendHelloRequest, helloDelayMs, TimeUnit.MILLISECONDS);
        helloDelayMs = Math.min(helloDelayMs * 2, config.maxHelloInterval().toMillis());
    }

    /** A HELLO ended the handshake. */
    void helloArrived() {
        if (handshaking) {
            handshaking = false;
            cancel(helloTimer);
            helloTimer = null;
        }
    }

    /** After a failed reset: starts a handshake unless one is already waiting for a HELLO or the board is online. */
    void lookForBoardIfNobodyDoes() {
        DeviceStatus status = link.status();
        if (open
                && (handshaking
                        ? helloTimer == null
                        : status == DeviceStatus.CONNECTING || status == DeviceStatus.OFFLINE)) {
            startHandshake(); // no HELLO is being waited for: look for the board as after any open
        }
    }

    private void heartbeat() {
        if (!open || handshaking || closed) return;
        long now = exec.nanoTime();
        long interval = config.heartbeatInterval().toNanos();
        if (now - lastRxNanos < interval) return;
        if (now - lastPingNanos < interval) return;
        if (missedPings >= config.missedHeartbeats()) {
            lost("no answer to " + missedPings + " heartbeats");
            return;
        }
        missedPings++;
        lastPingNanos = now;
        link.sendFrame(Frame.PING, new byte[0]);
    }

    /** Contact lost: fail what is pending, close the transport, reconnect with backoff. */
    private void lost(String reason) {
        log.warn("{}: lost contact with the board: {}", deviceId, reason);
        open = false;
        handshaking = false;
        generation++;
        cancel(helloTimer);
        helloTimer = null;
        // Closing the port may wait for its threads: on the link's own thread, before any reconnect (also there).
        exec.executeAtHome(transport::close);
        // Status first: whoever hears about a failed command must already see the board offline.
        link.setStatus(DeviceStatus.OFFLINE);
        link.window.failAll(CommandErrors.wentOffline(deviceId, reason));
        scheduleReconnect();
    }

    /** The board is going away: clients see it offline, commands waiting for it fail, no SET or PING goes out. */
    void goneForReset() {
        handshaking = true;
        cancel(helloTimer);
        helloTimer = null;
        DeviceStatus status = link.status();
        if (status == DeviceStatus.ONLINE || status == DeviceStatus.RESYNCING) link.setStatus(DeviceStatus.OFFLINE);
        link.window.failAll(CommandErrors.beingReset(deviceId));
    }

    /** Closes the port for good (in a link task on the link's own thread; {@link LinkSession#close} calls it once). */
    void shutdown() {
        closed = true;
        open = false;
        generation++;
        cancel(helloTimer);
        cancel(reconnectTimer);
        cancel(heartbeatTimer);
        transport.close();
        link.setStatus(DeviceStatus.OFFLINE);
        link.resets.abort(CommandErrors.linkClosed(deviceId));
        link.window.failAll(CommandErrors.linkClosed(deviceId));
    }
}
