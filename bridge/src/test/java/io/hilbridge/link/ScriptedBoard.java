package io.hilbridge.link;

import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;
import io.hilbridge.serial.SerialTransport;

import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Test double: a board at the end of a wire that answers HELLO_REQ with a HELLO and every SET with whatever the test
 * says ({@link #onSet}; null sends nothing), to reach the answers a well-behaved simulated board never gives (every
 * NACK code, lost answers). It answers on its own thread, like a real board; PINGs go unanswered. Thread-safe: the
 * link may write from any thread; {@link #onSet} and {@link #lights} are read on the board's thread.
 */
final class ScriptedBoard implements SerialTransport {
    static final List<LightInfo> ONE_LAMP = List.of(
            new LightInfo(0, "Lamp", LightKind.DIMMABLE, 1, EnumSet.of(Effect.BLINK)));

    private final ExecutorService board = Executors.newSingleThreadExecutor();
    private volatile Listener host;
    volatile Function<Frame, byte[]> onSet = f -> FrameEncoder.encode(Frame.ACK, 0, new Messages.Ack(f.seq(), 0).encode());
    volatile List<LightInfo> lights = ONE_LAMP;
    /** Types of the frames the host wrote, in order, recorded as they are written. */
    final List<Integer> written = new CopyOnWriteArrayList<>();
    private final WrittenFrames writtenFrames = new WrittenFrames();
    private final WrittenFrames received = new WrittenFrames();

    @Override
    public void open(Listener listener) {
        host = listener;
    }

    @Override
    public boolean write(byte[] data) {
        byte[] copy = data.clone();
        synchronized (writtenFrames) {
            for (Frame f : writtenFrames.feed(copy)) written.add(f.type());
        }
        board.execute(() -> {
            for (Frame f : received.feed(copy)) answer(f);
        });
        return true;
    }

    private void answer(Frame f) {
        byte[] answer = switch (f.type()) {
            case Frame.HELLO_REQ -> FrameEncoder.encode(Frame.HELLO, 0, new Messages.Hello(1, "script", 42, lights).encode());
            case Frame.SET -> onSet.apply(f);
            default -> null;
        };
        Listener h = host;
        if (answer != null && h != null) h.onBytes(answer, 0, answer.length);
    }

    @Override
    public void close() {
        host = null;
    }

    @Override
    public String describe() {
        return "scripted";
    }

    /** Stops the board's thread (the test's teardown). */
    void shutdown() {
        board.shutdownNow();
    }
}
