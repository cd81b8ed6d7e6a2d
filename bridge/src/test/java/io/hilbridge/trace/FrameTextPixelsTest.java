package io.hilbridge.trace;

import io.hilbridge.link.Frame;
import io.hilbridge.link.Messages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hilbridge trace} names the live view's fields, and shows a bad PIXELS as malformed. */
class FrameTextPixelsTest {

    @Test
    void pixelsFramesAreSpelledOut() {
        assertThat(FrameText.fields(Frame.PIXELS_SUB, new Messages.PixelsSub(0xFF, 10).encode()))
                .isEqualTo("light=all rate=10");
        assertThat(FrameText.fields(Frame.PIXELS, new Messages.Pixels(3, 64, new byte[] {1, 2, 3}).encode()))
                .isEqualTo("light=3 first=64 count=1 rgb=010203");
        assertThat(FrameText.fields(Frame.PIXELS, new byte[] {3, 0, 0, 2, 1, 2, 3}))
                .startsWith("MALFORMED");
    }
}
