package io.hilbridge.link;

import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: decodes the bytes a host writes to a fake transport back into frames, so a fake board can answer them
 * or a tap can record them. Decoding errors are ignored (the link under test only writes valid frames; the codec's
 * own tests cover bad input). Thread-safe: {@link #feed} is synchronized, so writers on several threads each see the
 * frames their own bytes completed.
 */
final class WrittenFrames {
    private final List<Frame> completed = new ArrayList<>();
    private final FrameDecoder decoder = new FrameDecoder(new FrameDecoder.Listener() {
        @Override
        public void onFrame(Frame f) {
            completed.add(f);
        }

        @Override
        public void onError(DecodeError error) {}
    });

    /** The frames {@code data} completes, in order (a frame split across writes completes with its last byte). */
    synchronized List<Frame> feed(byte[] data) {
        completed.clear();
        decoder.feed(data);
        return List.copyOf(completed);
    }
}
