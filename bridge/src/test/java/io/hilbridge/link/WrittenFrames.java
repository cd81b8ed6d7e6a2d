package io.hilbridge.link;

import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: decodes the bytes one side writes to a wire (the host to a fake transport, or a board to a test's
 * listener) back into frames, so a fake board can answer them or a test can record them. The one decoder of written
 * frames for the bridge's tests (and, through the test-jar, the tests module). By default decoding errors are
 * ignored (the link under test only writes valid frames; the codec's own tests cover bad input); {@link #strict()}
 * fails the test on one instead.
 *
 * <p>Thread-safety: {@link #feed} is synchronized, so writers on several threads each see the frames their own bytes
 * completed.
 */
public final class WrittenFrames {
    private final List<Frame> completed = new ArrayList<>();
    private final boolean strict;
    private final FrameDecoder decoder = new FrameDecoder(new FrameDecoder.Listener() {
        @Override
        public void onFrame(Frame f) {
            completed.add(f);
        }

        @Override
        public void onError(DecodeError error) {
            if (strict) throw new AssertionError("a bad frame was written: " + error);
        }
    });

    /** Ignores decoding errors. */
    public WrittenFrames() {
        this(false);
    }

    private WrittenFrames(boolean strict) {
        this.strict = strict;
    }

    /** Throws AssertionError from {@link #feed} when the bytes hold a bad frame (the writer's bug). */
    public static WrittenFrames strict() {
        return new WrittenFrames(true);
    }

    /** The frames {@code data} completes, in order (a frame split across writes completes with its last byte). */
    public List<Frame> feed(byte[] data) {
        return feed(data, 0, data.length);
    }

    /** The frames {@code length} bytes of {@code data} from {@code offset} complete, in order. */
    public synchronized List<Frame> feed(byte[] data, int offset, int length) {
        completed.clear();
        decoder.feed(data, offset, length);
        return List.copyOf(completed);
    }
}
