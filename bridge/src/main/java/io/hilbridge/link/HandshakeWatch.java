package io.hilbridge.link;

import io.hilbridge.serial.PortProblem;

import java.time.Duration;
import java.util.Optional;

/**
 * Notices a handshake that is going nowhere and says why in one line: the ESP32 ROM reported download mode (at once),
 * or no HELLO came within the time given (with the likely causes, narrowed by what {@link BootText} saw). Says it
 * once per connection. The same wording serves the bridge's log and {@code hilbridge doctor}.
 *
 * <p>Not thread-safe: used from one link task at a time.
 */
public final class HandshakeWatch {
    private final String port;
    private final Duration warnAfter;
    private final BootText text = new BootText();
    private long openedNanos;
    private boolean said;

    public HandshakeWatch(String port, Duration warnAfter) {
        this.port = port;
        this.warnAfter = warnAfter;
    }

    /** A new connection: the clock starts and earlier text is forgotten. */
    public void opened(long nowNanos) {
        openedNanos = nowNanos;
        said = false;
        text.reset();
    }

    /** Bytes from the board while no HELLO has come yet. */
    public void feed(byte[] data) {
        text.feed(data);
    }

    /** The problem to report now, once per connection: download mode as soon as seen, else no HELLO after the time. */
    public Optional<PortProblem> check(long nowNanos) {
        if (said) return Optional.empty();
        boolean late = nowNanos - openedNanos >= warnAfter.toNanos();
        if (!text.downloadMode() && !late) return Optional.empty();
        said = true;
        return Optional.of(problem(port, warnAfter, text));
    }

    /** What to say about a board that sent no HELLO within {@code waited}, given the text it printed. */
    public static PortProblem problem(String port, Duration waited, BootText text) {
        if (text.downloadMode()) {
            return new PortProblem(
                    PortProblem.Kind.DOWNLOAD_MODE,
                    port,
                    "the ESP32 ROM says \"waiting for"
                            + " download\": the board is in download mode (IO0 held low at reset, by the BOOT button or by"
                            + " another program's DTR/RTS), not running the firmware",
                    "release BOOT and press RESET (EN), or"
                            + " close the program holding the lines, or run hilbridge doctor --serial " + port
                            + " --reset");
        }
        String seen = text.consoleLog()
                ? "ESP-IDF log lines arrived on this port: console and protocol share it"
                : text.romBanner()
                        ? "the ESP32 ROM's boot text arrived, then nothing"
                        : "no bytes that looked like a board's";
        String fix = text.consoleLog()
                ? "in menuconfig set the console to another port (or None) than the hilbridge protocol port"
                : "flash the hilbridge firmware (idf.py -p " + port + " flash); check --baud matches the firmware's"
                        + " (115200); make sure no other program holds the board in download mode through DTR/RTS;"
                        + " console and protocol must not share the port";
        return new PortProblem(
                PortProblem.Kind.NO_HELLO,
                port,
                "no HELLO from hilbridge firmware within " + waited.toSeconds() + " s (" + seen + ")",
                fix);
    }
}
