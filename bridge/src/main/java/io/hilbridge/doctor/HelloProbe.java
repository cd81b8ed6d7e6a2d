package io.hilbridge.doctor;

import io.hilbridge.lights.BoardInfo;
import io.hilbridge.serial.PortProblem;

import java.time.Duration;
import java.util.Optional;

/**
 * Asks a port whether hilbridge firmware answers: open it, send HELLO_REQ, wait for HELLO. Implementations must not
 * reset the board unless asked.
 */
public interface HelloProbe {

    /** What came back: the board's HELLO, or the problem (no HELLO, download mode), or a note why it was not asked. */
    record Answer(Optional<BoardInfo> hello, Optional<PortProblem> problem, String note) {
        static Answer hello(BoardInfo info, String note) {
            return new Answer(Optional.of(info), Optional.empty(), note);
        }

        static Answer problem(PortProblem p, String note) {
            return new Answer(Optional.empty(), Optional.of(p), note);
        }
    }

    Answer probe(String device, int baud, Duration timeout, boolean reset);
}
