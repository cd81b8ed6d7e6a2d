package io.hilbridge.link;

import io.hilbridge.lights.DeviceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the link counts of the board's bad input, exactly (uart-link.md section 2, "Decoder rules", and section 7):
 * every dropped run once, under its kind, the ROM's boot text also as boot text (so {@code noiseErrors} is the rest);
 * a frame that decodes but is of a type the host does not handle, or whose payload does not fit its type, is counted
 * as malformed and dropped. None of it costs the link its state.
 */
class LinkCountsTest {
    private final VirtualLink v = new VirtualLink();

    @AfterEach
    void tearDown() {
        v.close();
    }

    private void raw(byte[] bytes) {
        v.board.toHost(bytes);
    }

    /** {@code 0x00 COBS(body) 0x00} with {@code body} as given: a frame whose header and CRC the test decides. */
    private static byte[] framed(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(Cobs.encode(body));
        out.write(0);
        return out.toByteArray();
    }

    /** A PONG body (version, type, seq, payload, big-endian CRC-16) with this version, its CRC right or a bit off. */
    private static byte[] pongBody(int version, boolean goodCrc) {
        byte[] payload = new Messages.Pong(0, 0, 1).encode();
        byte[] body = new byte[4 + payload.length + 2];
        body[0] = (byte) version;
        body[1] = (byte) Frame.PONG;
        System.arraycopy(payload, 0, body, 4, payload.length);
        int crc = Crc16.compute(body, 0, body.length - 2) ^ (goodCrc ? 0 : 1);
        body[body.length - 2] = (byte) (crc >>> 8);
        body[body.length - 1] = (byte) crc;
        return body;
    }

    @Test
    void everyDroppedRunIsCountedOnceUnderItsKind() {
        LinkSession link = v.start(LinkConfig.defaults());
        raw(new byte[] {0, 0x05, 0x01, 0}); // a code byte pointing past the end
        raw(framed(new byte[] {1, 2, 3})); // 3 bytes: shorter than header and CRC
        raw(framed(new byte[] {1, 2, 3, 4, 5})); // 5 bytes
        raw(framed(pongBody(1, false)));
        raw(framed(pongBody(2, true)));
        byte[] tooLong = new byte[212];
        Arrays.fill(tooLong, 1, 211, (byte) 'x');
        raw(tooLong); // 210 bytes between the delimiters
        raw(framed(pongBody(1, true))); // and one good frame

        LinkStats s = link.stats();
        assertThat(new long[] {s.cobsErrors(), s.runtErrors(), s.crcErrors(), s.versionErrors(), s.oversizeErrors()})
                .containsExactly(1, 2, 1, 1, 1);
        assertThat(s.decodeErrors()).isEqualTo(6);
        assertThat(s.bootText()).isZero();
        assertThat(s.noiseErrors()).isEqualTo(6);
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
    }

    @Test
    void theRomsBootTextIsCountedUnderItsKindAndAsBootText() {
        LinkSession link = v.start(LinkConfig.defaults());
        raw("\0ESP-ROM:esp32c3-api1-20210207\r\nrst:0x1 (POWERON),boot:0xc (SPI_FAST_FLASH_BOOT)\r\n\0"
                .getBytes(StandardCharsets.US_ASCII));
        raw(new byte[] {0, 0x05, 0x01, 0}); // and one run of damage
        LinkStats s = link.stats();
        assertThat(s.decodeErrors()).isEqualTo(2);
        assertThat(s.bootText()).isEqualTo(1);
        assertThat(s.noiseErrors()).as("damage on the wire, boot text aside").isEqualTo(1);
    }

    @Test
    void framesOfATypeTheHostDoesNotHandleOrWithABadPayloadAreCountedAsMalformed() {
        LinkSession link = v.start(LinkConfig.defaults());
        long framesBefore = link.stats().framesReceived();
        v.toHost(0x30, new byte[0]); // a type no version of the protocol has
        v.toHost(Frame.SET, new byte[10]); // a host-to-board type
        assertThat(link.malformedFrames()).isEqualTo(2);
        v.toHost(Frame.ACK, new byte[3]); // ACK is 4 bytes
        v.toHost(Frame.STATE, new Messages.State(0, 9, 1, 1, 0, 0, 0, 0, 1).encode()); // cause 9 does not exist
        v.toHost(Frame.HELLO, new byte[] {1});
        assertThat(link.malformedFrames()).isEqualTo(5);
        assertThat(link.stats().framesReceived() - framesBefore)
                .as("each decoded, then dropped")
                .isEqualTo(5);
        assertThat(link.stats().decodeErrors()).isZero();
        assertThat(link.status()).isEqualTo(DeviceStatus.ONLINE);
        assertThat(link.reportedStates()).hasSize(1);
        assertThat(link.internalErrors()).isZero();
    }
}
