package io.hilbridge.serial;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A forwarding transport passes every call and callback through unchanged and lets a subclass see received bytes
 * first; {@link WithBoardReset} changes only the board reset, which runs the emulator's action.
 */
class ForwardingTransportTest {

    /** An inner transport that records what reaches it and lets the test play its callbacks. */
    private static final class Inner implements SerialTransport {
        final List<String> calls = new ArrayList<>();
        Listener listener;

        @Override
        public void open(Listener l) {
            calls.add("open");
            listener = l;
        }

        @Override
        public boolean write(byte[] data) {
            calls.add("write " + data.length);
            return data.length > 0;
        }

        @Override
        public void close() {
            calls.add("close");
        }

        @Override
        public String describe() {
            return "inner @ 9600";
        }

        @Override
        public String path() {
            return "/dev/inner";
        }

        @Override
        public int baud() {
            return 9600;
        }

        @Override
        public Optional<BoardReset> boardReset() {
            return Optional.of(new BoardReset() {
                @Override
                public void reset() {
                    calls.add("inner reset");
                }

                @Override
                public String describe() {
                    return "inner's lines";
                }
            });
        }
    }

    @Test
    void everyCallAndCallbackPassesThroughAndTheSubclassSeesTheBytesFirst() throws Exception {
        Inner inner = new Inner();
        List<String> order = new ArrayList<>();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        ForwardingTransport t = new ForwardingTransport(inner) {
            @Override
            protected void received(byte[] data, int offset, int length) {
                order.add("tap");
                seen.write(data, offset, length);
            }
        };
        List<String> ends = new ArrayList<>();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        t.open(new SerialTransport.Listener() {
            @Override
            public void onBytes(byte[] data, int offset, int length) {
                order.add("listener");
                got.write(data, offset, length);
            }

            @Override
            public void onDisconnect(String reason) {
                ends.add(reason);
            }
        });
        inner.listener.onBytes(new byte[] {9, 1, 2, 9}, 1, 2);
        inner.listener.onDisconnect("unplugged");

        assertThat(order).containsExactly("tap", "listener");
        assertThat(seen.toByteArray()).containsExactly(1, 2);
        assertThat(got.toByteArray()).containsExactly(1, 2);
        assertThat(ends).containsExactly("unplugged");
        assertThat(t.write(new byte[3])).isTrue();
        assertThat(t.write(new byte[0])).as("the inner transport's answer").isFalse();
        t.close();
        assertThat(inner.calls).containsExactly("open", "write 3", "write 0", "close");
        assertThat(t.describe()).isEqualTo("inner @ 9600");
        assertThat(t.path()).isEqualTo("/dev/inner");
        assertThat(t.baud()).isEqualTo(9600);
        t.boardReset().orElseThrow().reset();
        assertThat(inner.calls).endsWith("inner reset");
    }

    @Test
    void withBoardResetOffersItsOwnResetInsteadOfTheInnerOne() throws Exception {
        Inner inner = new Inner();
        List<String> resets = new ArrayList<>();
        WithBoardReset t = new WithBoardReset(inner, "QEMU system reset", () -> resets.add("emulator reset"));

        BoardReset reset = t.boardReset().orElseThrow();
        assertThat(reset.describe()).isEqualTo("QEMU system reset");
        reset.reset();
        assertThat(resets).containsExactly("emulator reset");
        assertThat(inner.calls).doesNotContain("inner reset");
        assertThat(t.path()).isEqualTo("/dev/inner");
    }

    @Test
    void theInnerTransportAndTheResetActionAreRequired() {
        assertThatThrownBy(() -> new WithBoardReset(null, "x", () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("inner transport is null");
        assertThatThrownBy(() -> new WithBoardReset(new Inner(), "x", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the reset action is required");
    }
}
