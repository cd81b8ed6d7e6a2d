package io.hilbridge.ws;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A frame encoded once and shared by every connection it is sent to (RFC 6455 section 5.2: FIN set, unmasked, the
 * opcode of its kind): each {@link OutboundFrame#bytes()} is a fresh read-only view from the first byte, so readers
 * cannot disturb each other or the frame.
 */
class OutboundFrameTest {

    @Test
    void aTextFrameIsFinalUnmaskedAndCarriesItsKey() {
        OutboundFrame f = OutboundFrame.text("hé", "light:0");
        ByteBuffer b = f.bytes();
        assertThat(b.remaining()).isEqualTo(5);
        assertThat(b.get(0) & 0xFF).as("FIN + text").isEqualTo(0x81);
        assertThat(b.get(1) & 0xFF).as("unmasked, 3 payload bytes").isEqualTo(3);
        assertThat(f.coalesceKey()).isEqualTo("light:0");
        assertThat(OutboundFrame.text("x").coalesceKey()).isNull();
    }

    @Test
    void aBinaryFrameIsFinalAndHasNoKey() {
        OutboundFrame f = OutboundFrame.binary(new byte[] {1, 2});
        ByteBuffer b = f.bytes();
        assertThat(b.get(0) & 0xFF).as("FIN + binary").isEqualTo(0x82);
        assertThat(b.remaining()).isEqualTo(4);
        assertThat(f.coalesceKey()).isNull();
    }

    @Test
    void everyReaderGetsItsOwnReadOnlyViewFromTheFirstByte() {
        OutboundFrame f = OutboundFrame.text("abc");
        ByteBuffer first = f.bytes();
        first.get(new byte[first.remaining()]); // one reader consumes its view
        ByteBuffer second = f.bytes();
        assertThat(second.position()).isZero();
        assertThat(second.remaining()).isEqualTo(5);
        assertThat(f.shared().position()).isZero();
        assertThat(second.isReadOnly()).isTrue();
        assertThatThrownBy(() -> second.put(0, (byte) 0)).isInstanceOf(ReadOnlyBufferException.class);
        assertThat(f.shared().isReadOnly()).isTrue();
    }
}
