package io.hilbridge.link;

import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightFault;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.PixelRuns;
import io.hilbridge.lights.StateCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The board as the host knows it: its HELLO, per light the state it reported and the state clients want, its light
 * faults, which lights need a replay or a repair, and the state generation that shows a lost STATE (uart-link.md
 * sections 3 and 6).
 *
 * <p>Thread-safety: confined to the tasks of its {@link LinkSession} (see there); other threads read only the
 * immutable snapshots, published through volatile fields by {@link #publish}.
 */
final class BoardModel {
    private static final Logger log = LoggerFactory.getLogger(LinkSession.class);

    private final LinkSession link;
    private final String deviceId;

    BoardInfo info;
    Long bootId;
    LightState[] reported = new LightState[0];
    LightState[] desired = new LightState[0];
    /** Lights the board reports faulted (FAULT), until a FAULT 0 or a sync STATE without a FAULT after it. */
    private final Map<Integer, LightFault> faults = new TreeMap<>();
    /** A faulted light whose sync STATE just arrived: unless the next frame is its FAULT, the fault is gone. */
    private int faultUnconfirmed = -1;
    /** Lights a client has set at least once: replayed after a board reset. */
    private BitSet touched = new BitSet();
    /** Lights whose desired state may not have reached the board (a command failed with timeout/offline). */
    BitSet dirty = new BitSet();
    /** Lights repaired once since their last ack: a second timeout leaves them dirty until the next handshake. */
    private BitSet repaired = new BitSet();
    /** Lights replayed after a handshake whose SET is not resolved yet: the link is resyncing until it is empty. */
    final Set<Integer> resyncing = new TreeSet<>();

    private int lastStateGen = -1;

    volatile BoardInfo infoSnapshot;
    volatile List<LightState> reportedSnapshot = List.of();
    volatile List<LightState> desiredSnapshot = List.of();
    volatile Map<Integer, LightFault> faultsSnapshot = Map.of();

    BoardModel(LinkSession link, String deviceId) {
        this.link = link;
        this.deviceId = deviceId;
    }

    void publish() {
        reportedSnapshot = List.of(reported);
        desiredSnapshot = List.of(desired);
        faultsSnapshot = Map.copyOf(faults);
    }

    /**
     * Takes in a HELLO's board: resizes to its lights, forgets the reported state of a new boot, and returns the
     * lights whose desired state must be sent again (dirty ones, and after a new boot every light a client set).
     */
    BitSet hello(BoardInfo newInfo) {
        boolean newBoot = bootId == null || bootId != newInfo.bootId();
        boolean firstContact = bootId == null;
        int n = newInfo.lights().size();
        resize(n); // keeps what is known of the lights that remain (a no-op for the same lights)
        BitSet replay = (BitSet) dirty.clone();
        if (newBoot) {
            if (!firstContact) {
                link.counters.resets.incrementAndGet();
                log.info(
                        "{}: the board reset (boot id {} -> {}); replaying the desired state",
                        deviceId,
                        Long.toHexString(bootId),
                        Long.toHexString(newInfo.bootId()));
            }
            Arrays.fill(reported, LightState.BOOT);
            for (int i = 0; i < n; i++) {
                if (!touched.get(i)) desired[i] = LightState.BOOT;
            }
            lastStateGen = -1;
            replay.or(touched);
        }
        bootId = newInfo.bootId();
        info = newInfo;
        infoSnapshot = newInfo;
        dirty.clear();
        repaired.clear();
        return replay;
    }

    private void resize(int n) {
        LightState[] r = new LightState[n];
        LightState[] d = new LightState[n];
        for (int i = 0; i < n; i++) {
            r[i] = i < reported.length ? reported[i] : LightState.BOOT;
            d[i] = i < desired.length ? desired[i] : LightState.BOOT;
        }
        reported = r;
        desired = d;
        faults.keySet().removeIf(light -> light >= n);
        touched = touched.get(0, n);
        dirty = dirty.get(0, n);
        repaired = repaired.get(0, n);
        link.queue.dropLightsFrom(n); // pending commands for lights that no longer exist cannot be delivered
        resyncing.removeIf(l -> l >= n);
    }

    /** A client's change was queued: it is what the light should become, and it is replayed after a reset. */
    void commandQueued(int light, LightChange change) {
        desired[light] = desired[light].apply(change);
        touched.set(light);
    }

    /** The light's complete desired state as one change (replay after reset, or repair after a timeout). */
    LightChange fullState(int light) {
        LightInfo li = info.lights().get(light);
        LightState d = desired[light];
        boolean pixels =
                d.pixels() != null && li.kind() == LightKind.STRIP && d.pixels().pixelCount() == li.pixels();
        return new LightChange(
                d.on(),
                li.kind().dimmable() ? d.brightness() : null,
                li.kind().colored() ? d.color() : null,
                null,
                li.effects().contains(d.effect()) ? d.effect() : Effect.NONE, // NONE is in no light's effects
                pixels ? d.pixels() : null);
    }

    /** A SET for the light was acknowledged; a full-state one means the board has what the host wants. */
    void acked(int light, boolean fullState) {
        repaired.clear(light);
        if (fullState) dirty.clear(light);
    }

    /** A SET for the light timed out: its effect is unknown. Returns true when the light is to be repaired now. */
    boolean timedOut(int light) {
        dirty.set(light);
        if (light < desired.length && !repaired.get(light)) {
            repaired.set(light);
            return true;
        }
        return false;
    }

    /** The board refused a SET: it changed nothing, so what it reports is the truth plus what is still on its way. */
    void refused(int light) {
        if (light < desired.length) {
            desired[light] = link.window.withOutstanding(light, reported[light]);
        }
    }

    /** Called for every frame before it is handled: a faulted light's sync STATE not followed by its FAULT works. */
    void frameArrived(Frame frame) {
        int unconfirmed = faultUnconfirmed;
        faultUnconfirmed = -1;
        if (unconfirmed >= 0
                && !(frame.type() == Frame.FAULT
                        && frame.payloadLength() == 4
                        && (frame.payload()[0] & 0xFF) == unconfirmed)) {
            clearFault(unconfirmed); // a sync STATE without a FAULT after it: the light works
        }
    }

    /** Whether an ACK_STATE's state_gen is newer than the last seen (else it repeats a change the host has). */
    boolean isNewStateGen(int stateGen) {
        return lastStateGen < 0 || (short) (stateGen - lastStateGen) > 0;
    }

    /**
     * A STATE (or the one an ACK_STATE stands for). {@code sentPixels}: the runs of the SET_PIXELS it answers, else
     * null. With the PIXELS flag the light shows those runs, or else the ones it already had; without it, none.
     */
    void onState(Messages.State s, PixelRuns sentPixels) {
        if (info == null || s.light() >= reported.length) {
            log.debug("{}: STATE for unknown light {}", deviceId, s.light());
            return;
        }
        LightState wire = s.toLightState();
        StateCause cause = s.toCause();
        int light = s.light();
        LightState state = withKnownPixels(light, wire, sentPixels);
        reported[light] = state;
        // Every change increments state_gen by one, so a gap means a STATE in between was lost. Sync answers carry
        // the current value without a change.
        boolean gap = cause != StateCause.SYNC && lastStateGen >= 0 && s.stateGen() != ((lastStateGen + 1) & 0xFFFF);
        lastStateGen = s.stateGen();
        if (gap) {
            log.debug("{}: state_gen jumped to {}: a STATE was lost, asking for all", deviceId, s.stateGen());
            link.stateGenMismatch();
        }
        if (!touched.get(light)) {
            desired[light] = state;
        } else if (cause == StateCause.BUTTON || cause == StateCause.EFFECT || cause == StateCause.FAILSAFE) {
            // The board's own change is what a person (or the board) wants now; commands sent after it (the board
            // answers in order, so those still unresolved) or still pending win.
            desired[light] = link.window.withOutstanding(light, state);
        }
        if (cause == StateCause.SYNC && faults.containsKey(light)) {
            faultUnconfirmed = light; // judged on the next frame, so a fault that persists never blinks off
        }
        link.publish();
        link.notifyListeners("onState", l -> l.onState(link, light, state, cause));
    }

    private LightState withKnownPixels(int light, LightState wire, PixelRuns sentPixels) {
        if (!wire.pixelsUnknown()) return wire;
        PixelRuns known = sentPixels != null ? sentPixels : reported[light].pixels();
        if (known != null) return wire.withPixels(known);
        log.info("{}: light {} shows per-pixel colours this bridge did not set", deviceId, light);
        return wire;
    }

    void onFault(Messages.Fault f) {
        if (info == null || f.light() >= reported.length) {
            log.debug("{}: FAULT for unknown light {}", deviceId, f.light());
            return;
        }
        // A fault change moves state_gen by one like a STATE; a FAULT in a sync answer repeats the current value.
        boolean gap =
                lastStateGen >= 0 && f.stateGen() != lastStateGen && f.stateGen() != ((lastStateGen + 1) & 0xFFFF);
        lastStateGen = f.stateGen();
        Optional<LightFault> fault = f.toLightFault();
        LightFault before = fault.isPresent() ? faults.put(f.light(), fault.get()) : faults.remove(f.light());
        if (before != fault.orElse(null)) {
            log.warn(
                    "{}: light {} {}",
                    deviceId,
                    f.light(),
                    fault.map(x -> "is faulted: " + x.apiName()).orElse("works again"));
            link.publish();
            link.notifyListeners("onFault", l -> l.onFault(link, f.light(), fault));
        }
        if (gap) {
            log.debug(
                    "{}: state_gen jumped to {} at a FAULT: a frame was lost, asking for all", deviceId, f.stateGen());
            link.stateGenMismatch();
        }
    }

    private void clearFault(int light) {
        if (faults.remove(light) != null) {
            log.info("{}: light {} works again", deviceId, light);
            link.publish();
            link.notifyListeners("onFault", l -> l.onFault(link, light, Optional.empty()));
        }
    }

    /**
     * An ACK or PONG carried the board's state_gen: true when it differs from the last STATE's, i.e. a STATE was
     * lost (remembered, so that this asks once per mismatch, not for every frame until the answer arrives).
     */
    boolean stateGenDiffers(int boardGen) {
        if (lastStateGen >= 0 && boardGen != lastStateGen) {
            log.debug(
                    "{}: state_gen {} != last STATE's {}: a STATE was lost, asking for all",
                    deviceId,
                    boardGen,
                    lastStateGen);
            lastStateGen = boardGen;
            return true;
        }
        return false;
    }
}
