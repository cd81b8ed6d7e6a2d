package io.hilbridge.junit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoardSpecTest {

    @Test
    void everyAcceptedFormParsesAndPrintsBack() {
        for (String s : new String[] {
            "sim",
            "sim:faults=bitflip=0.001",
            "host-sim",
            "qemu",
            "qemu-esp32c3",
            "serial:/dev/ttyUSB0",
            "auto",
            "url:ws://127.0.0.1:8080/ws"
        }) {
            assertThat(BoardSpec.parse(s)).hasToString(s);
        }
        assertThat(BoardSpec.parse("serial:COM3").argument()).isEqualTo("COM3");
        assertThat(BoardSpec.parse("sim:faults=drop=0.01").kind()).isEqualTo(BoardSpec.Kind.SIM);
    }

    @Test
    void anythingElseIsRefusedNamingWhatWasGivenAndWhatIsAccepted() {
        for (String bad : new String[] {
            "", "esp8266", "serial:", "sim:faults=", "url:http://x/ws", "url:ws:///ws", "url:ws://[bad"
        }) {
            assertThatThrownBy(() -> BoardSpec.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("unknown hilbridge board \"" + bad + "\" (accepted: " + BoardSpec.ACCEPTED + ")");
        }
    }
}
