package io.hilbridge.serial;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the real transport promises before any port is open (SerialTransport's contract: no open connection, no
 * writes, no reset, no line rate), its argument rules, and a missing port's one-line error. The open path itself
 * needs a device: JSerialCommPtyTest (socat).
 */
class JSerialCommTransportTest {
    @TempDir
    Path dir;

    private static final SerialTransport.Listener IGNORE = new SerialTransport.Listener() {
        @Override
        public void onBytes(byte[] data, int offset, int length) {}

        @Override
        public void onDisconnect(String reason) {}
    };

    @Test
    void beforeAnOpenNothingIsWrittenNoResetIsOfferedAndTheLineRateIsUnknown() {
        JSerialCommTransport t = new JSerialCommTransport("/dev/ttyUSB7", 115200);
        assertThat(t.write(new byte[] {1})).isFalse();
        assertThat(t.boardReset()).isEmpty();
        assertThat(t.baud()).isZero();
        t.close(); // idempotent, also with nothing open
        assertThat(t.path()).isEqualTo("/dev/ttyUSB7");
        assertThat(t.describe()).isEqualTo("/dev/ttyUSB7 @ 115200");
    }

    @Test
    void aMissingPortFailsWithItsOneLineProblemAndFix() {
        String missing = dir.resolve("nothing-here").toString();
        JSerialCommTransport t = new JSerialCommTransport(new PortInfo(missing, "", -1, -1, "NO-SUCH-SERIAL"), 115200);
        assertThatThrownBy(() -> t.open(IGNORE))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith(missing + ": no such port. Fix: ");
        assertThat(t.write(new byte[] {1}))
                .as("nothing open after a failed open")
                .isFalse();
        assertThat(t.boardReset()).isEmpty();
    }

    @Test
    void theArgumentsAreCheckedEachByItsRule() {
        assertThatThrownBy(() -> new JSerialCommTransport(" ", 115200))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("serial port path is empty");
        assertThatThrownBy(() -> new JSerialCommTransport((String) null, 115200))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("serial port path is empty");
        assertThatThrownBy(() -> new JSerialCommTransport("/dev/ttyUSB0", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baud must be > 0: 0");
        assertThat(new JSerialCommTransport("/dev/ttyUSB0", 1).describe()).isEqualTo("/dev/ttyUSB0 @ 1");
        assertThatThrownBy(() -> new JSerialCommTransport("/dev/ttyUSB0", "", 115200, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("writeStallMillis must be > 0");
        assertThat(new JSerialCommTransport("/dev/ttyUSB0", null, 115200, 1).path())
                .isEqualTo("/dev/ttyUSB0");
        assertThatThrownBy(() -> new JSerialCommTransport("/dev/ttyUSB0", 115200).open(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("listener is null");
    }
}
