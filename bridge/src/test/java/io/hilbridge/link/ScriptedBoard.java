package io.hilbridge.link;

import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;
import io.hilbridge.serial.SerialTransport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Test double: a board at the end of a wire that answers HELLO_REQ with a HELLO and every SET with whatever the test
 * says ({@link #onSet}; null sends nothing), to reach the answers a well-behaved simulated board never gives (every
 * NACK code, lost answers, SETs left unanswered until the test answers them with {@link #toHost}). It records every
 * write with its time ({@link #writes}). PINGs go unanswered unless {@link #answerPings} is set.
 *
 * <p>By default it answers on its own thread, like a real board. {@link #answeringInline()} makes one that answers
 * inside {@code write()}, on the writer's thread: then, once the link has done all it can (a barrier command), every
 * answer is in, and a test's assertions do not depend on timing.
 *
 * <p>Thread-safety: the link may write from any thread and the test may call {@link #toHost} from any thread;
 * {@link #onSet} and {@link #lights} are read where the board answers.
 */
final class ScriptedBoard implements SerialTransport {
    static final List<LightInfo> ONE_LAMP =
            List.of(new LightInfo(0, "Lamp", LightKind.DIMMABLE, 1, EnumSet.of(Effect.BLINK)));

    /** One write of the host: when (inside write()), how many bytes, and the frame it completed (or null). */
    record Write(long nanos, int length, Frame frame) {}

    /** Null: answers inside write(), on the writer's thread. */
    private final ExecutorService board;

    private volatile Listener host;
    volatile Function<Frame, byte[]> onSet =
            f -> FrameEncoder.encode(Frame.ACK, 0, new Messages.Ack(f.seq(), 0).encode());
    volatile List<LightInfo> lights = ONE_LAMP;
    /** The answer to any other frame (PIXELS_SUB, STATE_REQ, ...); null sends nothing. */
    volatile Function<Frame, byte[]> onOther = f -> null;
    /** Answer PING with PONG (state_gen 0, uptime 1 ms). */
    volatile boolean answerPings;
    /** Answer HELLO_REQ with a HELLO (false: a board that stays silent, as in its ROM's download mode). */
    volatile boolean answerHellos = true;
    /** Answer REBOOT_REQ with an ACK (and then restart with nothing: no new HELLO unless the test sends one). */
    volatile boolean ackReboots;
    /** Refuse {@link #open} (a port that is unplugged). */
    volatile boolean unplugged;
    /** The clock {@link #writes} and {@link #openAttempts} are stamped with (a test's virtual one). */
    volatile LongSupplier clock = System::nanoTime;
    /** When {@link #open} was called, in order, refused or not. */
    final List<Long> openAttempts = new CopyOnWriteArrayList<>();
    /** What {@link #baud()} reports (0: unknown), for tests of pacing to the wire. */
    volatile int baud;
    /** Types of the frames the host wrote, in order, recorded as they are written. */
    final List<Integer> written = new CopyOnWriteArrayList<>();
    /** Every write, in order, recorded as it is written. */
    final List<Write> writes = new CopyOnWriteArrayList<>();

    private final WrittenFrames writtenFrames = new WrittenFrames();
    private final WrittenFrames received = new WrittenFrames();

    /** A board that answers on its own thread. */
    ScriptedBoard() {
        this(Executors.newSingleThreadExecutor());
    }

    private ScriptedBoard(ExecutorService board) {
        this.board = board;
    }

    /** A board that answers inside write(), on the writer's thread (see the class comment). */
    static ScriptedBoard answeringInline() {
        return new ScriptedBoard(null);
    }

    @Override
    public void open(Listener listener) throws IOException {
        openAttempts.add(clock.getAsLong());
        if (unplugged) throw new IOException("scripted: unplugged");
        host = listener;
    }

    @Override
    public boolean write(byte[] data) {
        long now = clock.getAsLong();
        byte[] copy = data.clone();
        synchronized (writtenFrames) {
            List<Frame> frames = writtenFrames.feed(copy);
            for (Frame f : frames) written.add(f.type());
            writes.add(new Write(now, copy.length, frames.isEmpty() ? null : frames.get(frames.size() - 1)));
            if (board == null) {
                for (Frame f : received.feed(copy)) answer(f); // under the lock: answers in write order
                return true;
            }
        }
        board.execute(() -> {
            for (Frame f : received.feed(copy)) answer(f);
        });
        return true;
    }

    private void answer(Frame f) {
        byte[] answer = switch (f.type()) {
            case Frame.HELLO_REQ ->
                answerHellos
                        ? FrameEncoder.encode(Frame.HELLO, 0, new Messages.Hello(1, "script", 42, lights).encode())
                        : null;
            case Frame.REBOOT_REQ ->
                ackReboots ? FrameEncoder.encode(Frame.ACK, 0, new Messages.Ack(f.seq(), 0).encode()) : null;
            case Frame.SET -> onSet.apply(f);
            case Frame.PING ->
                answerPings ? FrameEncoder.encode(Frame.PONG, 0, new Messages.Pong(f.seq(), 0, 1).encode()) : null;
            default -> onOther.apply(f);
        };
        if (answer != null) toHost(answer);
    }

    /** Sends bytes to the host now, from the caller's thread (nothing when the link has closed the transport). */
    void toHost(byte[] wire) {
        Listener h = host;
        if (h != null) h.onBytes(wire, 0, wire.length);
    }

    /** The port's listener now (null while closed): a test keeps it to speak as an older opening of the port. */
    Listener listener() {
        return host;
    }

    /** The port goes away (a cable pulled), as the transport reports it. */
    void disconnect(String reason) {
        Listener h = host;
        if (h != null) h.onDisconnect(reason);
    }

    /** Every SET transmission, retransmissions included, in write order. */
    List<Frame> sets() {
        return writes.stream()
                .map(Write::frame)
                .filter(f -> f != null && f.type() == Frame.SET)
                .toList();
    }

    /** Distinct SETs (first transmissions), in write order. */
    List<Frame> newSets() {
        List<Frame> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (Frame f : sets()) {
            if (seen.add(f.seq())) out.add(f);
        }
        return out;
    }

    /** How often the SET with this seq was written. */
    long transmissions(int seq) {
        return sets().stream().filter(f -> f.seq() == seq).count();
    }

    @Override
    public void close() {
        host = null;
    }

    @Override
    public String describe() {
        return "scripted";
    }

    @Override
    public int baud() {
        return baud;
    }

    /** Stops the board's thread (the test's teardown). */
    void shutdown() {
        if (board != null) board.shutdownNow();
    }
}
