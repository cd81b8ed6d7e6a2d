package io.hilbridge.junit;

import java.net.URI;
import java.util.Locale;

/**
 * Which board a test runs against, parsed from its text form. Immutable.
 *
 * <ul>
 *   <li>{@code sim}, {@code sim:faults=SPEC}: the bridge's in-process simulated board ({@code --sim-faults SPEC})</li>
 *   <li>{@code host-sim}: the firmware's C core built for this machine, behind a pty ({@code hilbridge-sim})</li>
 *   <li>{@code qemu}: the firmware core on an emulated RISC-V CPU; {@code qemu-esp32c3}: the ESP-IDF image on an
 *       emulated ESP32-C3</li>
 *   <li>{@code serial:PORT}: a real board on PORT; {@code auto}: the first ESP32 on USB</li>
 *   <li>{@code url:ws://HOST:PORT/ws}: a bridge already running (token from {@code HILBRIDGE_TOKEN})</li>
 * </ul>
 */
public record BoardSpec(Kind kind, String argument) {

    /** What {@link #parse} accepts, for error messages. */
    public static final String ACCEPTED =
            "sim, sim:faults=SPEC, host-sim, qemu, qemu-esp32c3, serial:PORT, auto, url:ws://HOST:PORT/ws";

    public enum Kind {
        SIM,
        HOST_SIM,
        QEMU,
        QEMU_ESP32C3,
        SERIAL,
        AUTO,
        URL
    }

    /** @throws IllegalArgumentException naming what was given and what is accepted */
    public static BoardSpec parse(String text) {
        if (text == null || text.isBlank()) throw unknown(text);
        String t = text.strip();
        switch (t.toLowerCase(Locale.ROOT)) {
            case "sim":
                return new BoardSpec(Kind.SIM, null);
            case "host-sim":
                return new BoardSpec(Kind.HOST_SIM, null);
            case "qemu":
                return new BoardSpec(Kind.QEMU, null);
            case "qemu-esp32c3":
                return new BoardSpec(Kind.QEMU_ESP32C3, null);
            case "auto":
                return new BoardSpec(Kind.AUTO, null);
            default:
                break;
        }
        if (t.startsWith("sim:faults=") && t.length() > "sim:faults=".length()) {
            return new BoardSpec(Kind.SIM, t.substring("sim:faults=".length()));
        }
        if (t.startsWith("serial:") && t.length() > "serial:".length()) {
            return new BoardSpec(Kind.SERIAL, t.substring("serial:".length()));
        }
        if (t.startsWith("url:")) {
            String u = t.substring("url:".length());
            URI uri;
            try {
                uri = URI.create(u);
            } catch (IllegalArgumentException e) {
                throw unknown(text);
            }
            if (!("ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme())) || uri.getHost() == null) {
                throw unknown(text);
            }
            return new BoardSpec(Kind.URL, u);
        }
        throw unknown(text);
    }

    private static IllegalArgumentException unknown(String text) {
        return new IllegalArgumentException("unknown hilbridge board \"" + text + "\" (accepted: " + ACCEPTED + ")");
    }

    /**
     * The board for a class annotated with {@code annotated}: {@code -Dhilbridge.board}, else {@code HILBRIDGE_BOARD},
     * else the annotation's.
     */
    public static BoardSpec choose(String annotated) {
        return choose(annotated, System.getProperty("hilbridge.board"), System.getenv("HILBRIDGE_BOARD"));
    }

    /** The rule itself, with the property's and the environment variable's values (null or blank: not set). */
    static BoardSpec choose(String annotated, String property, String env) {
        if (property != null && !property.isBlank()) return parse(property);
        if (env != null && !env.isBlank()) return parse(env);
        return parse(annotated);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case SIM -> argument == null ? "sim" : "sim:faults=" + argument;
            case HOST_SIM -> "host-sim";
            case QEMU -> "qemu";
            case QEMU_ESP32C3 -> "qemu-esp32c3";
            case SERIAL -> "serial:" + argument;
            case AUTO -> "auto";
            case URL -> "url:" + argument;
        };
    }
}
