package io.hilbridge.sim;

import io.hilbridge.concurrent.SerialExecutor;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.StateCause;
import io.hilbridge.link.DecodeError;
import io.hilbridge.link.Frame;
import io.hilbridge.link.FrameDecoder;
import io.hilbridge.link.FrameEncoder;
import io.hilbridge.link.MalformedPayloadException;
import io.hilbridge.link.Messages;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * What runs on the simulated board's chip (uart-link.md sections 3 and 4): it boots, answers HELLO_REQ, SET,
 * STATE_REQ, PING and REBOOT_REQ, keeps the lights and their state_gen, and reports the board's own changes (button,
 * FAULT). The cable, the wires and the faults on them belong to {@link SimulatedBoard}.
 *
 * <p>Thread-safety: confined to the board's tasks (one {@link SerialExecutor} runs them one at a time), except
 * {@link #lights()} and {@link #bootId()}, which read published snapshots from any thread.
 */
final class BoardFirmware {
    /** What the ESP32 ROM prints at 115200 on every reset (no 0x00 in it, no way to turn it off). */
    static final byte[] BOOT_TEXT = ("ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x13 "
                    + "(SPI_FAST_FLASH_BOOT)\r\nconfigsip: 0, SPIWP:0xee\r\nclk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00\r\n"
                    + "mode:DIO, clock div:2\r\nload:0x3fff0030,len:7104\r\nentry 0x400805f0\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    /** The chip's UART transmitter, and whether the chip has power. */
    interface Uart {
        /** False while the cable is pulled: frames sent then go nowhere. */
        boolean powered();

        /** Puts bytes on the board-to-host wire. */
        void transmit(byte[] bytes);

        /** True when everything transmitted has left the transmitter (uart-link.md, "Answers first"). */
        boolean idle();
    }

    private final List<LightInfo> lightInfo;
    private final String firmwareVersion;
    private final boolean bootTextOnReset;
    private final Faults faults;
    /** The board's clock (its executor's: real time, or a test's virtual clock). */
    private final LongSupplier nanoTime;
    /** Boot ids come from it (seeded, for reproducible runs). */
    private final Random random;

    private final Uart uart;
    private final BoardCounters counters;
    private final FrameDecoder decoder;
    private final LightState[] lights;
    private final SetAnswers answers = new SetAnswers();
    private final LightOrder order;
    /** Lights whose hardware this board reports faulted (FAULT, uart-link.md section 3). */
    private final BitSet faulted = new BitSet();
    /** The lights the SET being handled changed, in order; its answer depends on how many (section 4, dispatch). */
    private final List<Integer> changedBySet = new ArrayList<>();
    /** What each light shows (fades and effects), for the live view. */
    private final ShownLight[] shown;

    private final List<java.util.function.IntFunction<Integer>> shows;
    private final PixelStream pixels;

    private int stateGen;
    private int seq;
    private long bootId;
    private long bootNanos;

    // ---- published for any thread
    private volatile List<LightState> snapshot;
    private volatile long bootIdSnapshot;

    BoardFirmware(
            List<LightInfo> lightInfo,
            String firmwareVersion,
            boolean bootTextOnReset,
            Faults faults,
            Random random,
            Uart uart,
            BoardCounters counters,
            LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.lightInfo = lightInfo;
        this.firmwareVersion = firmwareVersion;
        this.bootTextOnReset = bootTextOnReset;
        this.faults = faults;
        this.random = random;
        this.uart = uart;
        this.counters = counters;
        this.lights = new LightState[lightInfo.size()];
        this.order = new LightOrder(lightInfo.size());
        this.shown = new ShownLight[lightInfo.size()];
        List<java.util.function.IntFunction<Integer>> showing = new ArrayList<>();
        int[] pixelCounts = new int[lightInfo.size()];
        for (int i = 0; i < shown.length; i++) {
            ShownLight l = new ShownLight();
            int count = lightInfo.get(i).kind() == io.hilbridge.lights.LightKind.STRIP
                    ? lightInfo.get(i).pixels()
                    : 1;
            shown[i] = l;
            pixelCounts[i] = count;
            showing.add(p -> {
                io.hilbridge.lights.Rgb c = l.render(p, count, nowMs());
                return (c.r() << 16) | (c.g() << 8) | c.b();
            });
        }
        this.shows = List.copyOf(showing);
        this.pixels = new PixelStream(pixelCounts);
        this.decoder = new FrameDecoder(new FrameDecoder.Listener() {
            @Override
            public void onFrame(Frame frame) {
                counters.framesReceived.incrementAndGet();
                dispatch(frame);
            }

            @Override
            public void onError(DecodeError error) {
                counters.decodeErrors.incrementAndGet();
            }
        });
    }

    /** Each light's current state (index = light id); null before the first boot. Any thread. */
    List<LightState> lights() {
        return snapshot;
    }

    /** Any thread. */
    long bootId() {
        return bootIdSnapshot;
    }

    /** Bytes from the host's wire, as the UART receives them. */
    void receive(byte[] data) {
        decoder.feed(data);
    }

    /** Power-on or reset: lights off, new boot id, windows forgotten, boot text, unsolicited HELLO. */
    void boot() {
        counters.boots.incrementAndGet();
        for (int i = 0; i < lights.length; i++) lights[i] = LightState.BOOT;
        for (ShownLight l : shown) l.reset();
        pixels.clear();
        stateGen = 0;
        seq = 0;
        answers.clear();
        order.forget();
        bootId = random.nextLong() & 0xFFFFFFFFL;
        bootNanos = nanoTime.getAsLong();
        decoder.reset();
        publish();
        if (bootTextOnReset) uart.transmit(BOOT_TEXT);
        send(Frame.HELLO, hello());
        send(Frame.LOG, new Messages.Log(3, "boot " + Long.toHexString(bootId)).encode());
        faulted.clear();
        for (int light : faults.stuckAtBoot()) {
            if (light < lights.length) reportFault(light, true); // found stuck while booting
        }
    }

    /** The board's button for a light: toggles it and reports STATE with cause button. */
    void pressButton(int light) {
        LightState s = lights[light];
        change(
                light,
                new LightState(
                        !s.on(), s.brightness(), s.color(), s.on() ? Effect.NONE : s.effect(), s.pixels(), false),
                0,
                StateCause.BUTTON);
    }

    /** The light's hardware is stuck, or works again: FAULT OUTPUT_STUCK or FAULT 0 when that is news. */
    void reportFault(int light, boolean stuck) {
        if (faulted.get(light) == stuck) return;
        faulted.set(light, stuck);
        stateGen = (stateGen + 1) & 0xFFFF; // a fault change is a change of the light
        sendFault(light);
        // As a real board's driver would say it in its ESP_LOG line (after the FAULT, which is what the host acts on).
        String name = lightInfo.get(light).name();
        send(
                Frame.LOG,
                (stuck
                                ? new Messages.Log(
                                        1, "light " + light + " (" + name + "): output stuck, reported as faulted")
                                : new Messages.Log(3, "light " + light + " (" + name + "): works again"))
                        .encode());
    }

    private byte[] hello() {
        return new Messages.Hello(1, firmwareVersion, bootId, lightInfo).encode();
    }

    private void dispatch(Frame f) {
        byte[] p = f.payload();
        switch (f.type()) {
            case Frame.HELLO_REQ, Frame.SET, Frame.SET_PIXELS, Frame.STATE_REQ, Frame.PING, Frame.PIXELS_SUB ->
                order.age(f.seq());
            default -> {}
        }
        switch (f.type()) {
            case Frame.HELLO_REQ -> {
                if (p.length != 0) {
                    nack(f.seq(), Messages.NACK_MALFORMED);
                    return;
                }
                answers.clear(); // a new host session starts its sequence numbers anew
                order.forget(); // and its per-light ordering too
                pixels.clear(); // and subscribes anew if it wants the live view
                send(Frame.HELLO, hello());
            }
            case Frame.SET, Frame.SET_PIXELS -> onSet(f.seq(), p, f.type() == Frame.SET_PIXELS);
            case Frame.STATE_REQ -> onStateRequest(f.seq(), p);
            case Frame.PING -> {
                if (p.length != 0) {
                    nack(f.seq(), Messages.NACK_MALFORMED);
                    return;
                }
                long uptime = (nanoTime.getAsLong() - bootNanos) / 1_000_000 & 0xFFFFFFFFL;
                send(Frame.PONG, new Messages.Pong(f.seq(), stateGen, uptime).encode());
            }
            case Frame.REBOOT_REQ -> {
                if (p.length != 0) {
                    nack(f.seq(), Messages.NACK_MALFORMED);
                    return;
                }
                // uart-link.md section 4: the ACK goes out first, then the board restarts (after it on the wire).
                send(Frame.ACK, new Messages.Ack(f.seq(), stateGen).encode());
                counters.rebootsRequested.incrementAndGet();
                boot();
            }
            case Frame.PIXELS_SUB -> {
                // Idempotent: answered, never remembered in the duplicate window (uart-link.md, PIXELS_SUB).
                int code = pixels.subscribe(p, nowMs());
                if (code != 0) nack(f.seq(), code);
                else send(Frame.ACK, new Messages.Ack(f.seq(), stateGen).encode());
            }
            default -> nack(f.seq(), Messages.NACK_UNKNOWN_TYPE);
        }
    }

    /** True while a light is subscribed to the live view: the board then calls {@link #sendPixels} every few ms. */
    boolean pixelsActive() {
        return pixels.active(nowMs());
    }

    /** At most one PIXELS chunk, and only onto an idle transmitter, so it never queues ahead of an answer. */
    void sendPixels() {
        if (!uart.idle()) return;
        Messages.Pixels chunk = pixels.nextChunk(nowMs(), shows);
        if (chunk != null) send(Frame.PIXELS, chunk.encode());
    }

    /** The board's millisecond clock. */
    private long nowMs() {
        return nanoTime.getAsLong() / 1_000_000;
    }

    private void onStateRequest(int reqSeq, byte[] p) {
        if (p.length != 1) {
            nack(reqSeq, Messages.NACK_MALFORMED);
            return;
        }
        int light = p[0] & 0xFF;
        if (light == 0xFF) {
            for (int i = 0; i < lights.length; i++) sendSyncState(i);
        } else if (light < lights.length) {
            sendSyncState(light);
        } else {
            nack(reqSeq, Messages.NACK_BAD_LIGHT);
        }
    }

    /** SET and SET_PIXELS (uart-link.md section 4: a SET_PIXELS is a SET in every rule). */
    private void onSet(int setSeq, byte[] p, boolean pixels) {
        SetAnswers.Answer known = answers.find(setSeq);
        if (known != null) {
            counters.duplicates.incrementAndGet();
            send(known.type(), known.payload()); // the remembered answer, not applied again
            return;
        }
        changedBySet.clear();
        int code = pixels ? applySetPixels(setSeq, p) : applySet(setSeq, p);
        SetAnswers.Answer answer;
        if (code == 0 && changedBySet.size() == 1) {
            // Exactly one light changed: its STATE and the ACK in one frame, remembered as the answer to repeat.
            int light = changedBySet.get(0);
            answer = new SetAnswers.Answer(
                    Frame.ACK_STATE,
                    Messages.AckState.of(setSeq, stateGen, light, lights[light]).encode());
        } else if (code == 0) {
            // None, or several (0xFF): one STATE per changed light, each with the state_gen after its change.
            int n = changedBySet.size();
            for (int k = 0; k < n; k++) {
                int light = changedBySet.get(k);
                send(
                        Frame.STATE,
                        Messages.State.of(light, StateCause.COMMAND, lights[light], (stateGen - n + k + 1) & 0xFFFF)
                                .encode());
            }
            answer = new SetAnswers.Answer(Frame.ACK, new Messages.Ack(setSeq, stateGen).encode());
        } else {
            answer = new SetAnswers.Answer(Frame.NACK, new Messages.Nack(setSeq, code).encode());
        }
        if (code != Messages.NACK_MALFORMED) {
            // A wrong length is almost always line corruption (uart-link.md section 2): not remembered, so the
            // host's retransmission of this seq is judged afresh.
            answers.remember(setSeq, answer);
        }
        send(answer.type(), answer.payload());
    }

    /**
     * Validates and applies a SET; returns 0 or the NACK code. All-or-nothing; lights it is stale for keep their
     * state (it is still ACKed).
     */
    private int applySet(int setSeq, byte[] p) {
        if (p.length != 10) return Messages.NACK_MALFORMED;
        Messages.SetCommand cmd = Messages.SetCommand.decode(p);
        int light = cmd.light();
        if (light != 0xFF && light >= lights.length) return Messages.NACK_BAD_LIGHT;
        LightChange change;
        try {
            change = cmd.toChange();
        } catch (MalformedPayloadException e) {
            return Messages.NACK_OUT_OF_RANGE;
        }
        int from = light == 0xFF ? 0 : light;
        int to = light == 0xFF ? lights.length - 1 : light;
        for (int i = from; i <= to; i++) {
            if (change.unsupportedField(lightInfo.get(i)) != null) return Messages.NACK_UNSUPPORTED;
        }
        counters.setsApplied.incrementAndGet();
        for (int i = from; i <= to; i++) {
            if (order.isStale(i, setSeq)) {
                counters.staleSkipped.incrementAndGet();
                continue;
            }
            order.applied(i, setSeq);
            int fadeMs = change.transitionMs() != null ? change.transitionMs() : 0;
            change(i, lights[i].apply(change), fadeMs, StateCause.COMMAND);
        }
        return 0;
    }

    /** Checks a SET_PIXELS in the spec's order (uart-link.md section 3), then applies it like a SET. */
    private int applySetPixels(int setSeq, byte[] p) {
        Messages.SetPixels cmd;
        try {
            cmd = Messages.SetPixels.decode(p);
        } catch (MalformedPayloadException e) {
            return Messages.NACK_MALFORMED;
        }
        int light = cmd.set().light();
        if (light >= lights.length) return Messages.NACK_BAD_LIGHT; // 0xFF too: SET_PIXELS addresses one light
        LightChange set;
        try {
            set = cmd.set().toChange();
        } catch (MalformedPayloadException e) {
            return Messages.NACK_OUT_OF_RANGE;
        }
        LightInfo info = lightInfo.get(light);
        if (set.unsupportedField(info) != null || info.kind() != LightKind.STRIP) return Messages.NACK_UNSUPPORTED;
        LightChange change;
        try {
            change = cmd.toChange();
        } catch (MalformedPayloadException e) {
            return Messages.NACK_OUT_OF_RANGE; // a run of no pixel
        }
        if (change.pixels().pixelCount() != info.pixels()) return Messages.NACK_OUT_OF_RANGE;
        counters.setsApplied.incrementAndGet();
        if (order.isStale(light, setSeq)) {
            counters.staleSkipped.incrementAndGet();
            return 0;
        }
        order.applied(light, setSeq);
        change(light, lights[light].apply(change), 0, StateCause.COMMAND); // per-pixel colours never fade
        return 0;
    }

    /** A command's change is reported by the SET's answer (onSet); the board's own changes at once. */
    private void change(int light, LightState next, int fadeMs, StateCause cause) {
        if (next.equals(lights[light])) return;
        lights[light] = next;
        shown[light].set(next, fadeMs, nowMs());
        stateGen = (stateGen + 1) & 0xFFFF;
        publish();
        if (cause == StateCause.COMMAND) {
            changedBySet.add(light);
        } else {
            sendState(light, cause);
        }
    }

    private void sendState(int light, StateCause cause) {
        send(
                Frame.STATE,
                Messages.State.of(light, cause, lights[light], stateGen).encode());
    }

    /** A STATE_REQ's answer for one light: STATE (sync), then FAULT when the light is faulted. */
    private void sendSyncState(int light) {
        sendState(light, StateCause.SYNC);
        if (faulted.get(light)) sendFault(light);
    }

    private void sendFault(int light) {
        send(Frame.FAULT, new Messages.Fault(light, faulted.get(light) ? 1 : 0, stateGen).encode());
    }

    private void nack(int ackSeq, int code) {
        send(Frame.NACK, new Messages.Nack(ackSeq, code).encode());
    }

    private void send(int type, byte[] payload) {
        if (!uart.powered()) return;
        if (faults.loseFrame(type)) {
            seq = (seq + 1) & 0xFFFF; // sent, and lost on the way
            return;
        }
        uart.transmit(FrameEncoder.encode(type, seq, payload));
        seq = (seq + 1) & 0xFFFF;
    }

    private void publish() {
        snapshot = List.of(lights.clone());
        bootIdSnapshot = bootId;
    }
}
