package io.hilbridge.link;

import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.DeviceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.BitSet;

/**
 * The board's frames, as the decoder delivers them: each decoded by its type and handed to the part it concerns
 * (a HELLO to all of them, answers to SETs to the {@link SetWindow} or the {@link LinkReset}, states and faults to
 * the {@link BoardModel}). A payload that does not fit its type is counted and dropped.
 *
 * <p>Thread-safety: confined to the tasks of its {@link LinkSession} (see there); the decoder calls it from the
 * task that feeds it the port's bytes.
 */
final class InboundFrames implements FrameDecoder.Listener {
    private static final Logger log = LoggerFactory.getLogger(LinkSession.class);

    private final LinkSession link;
    private final String deviceId;
    private final LinkCounters counters;
    private final Logger boardLog;

    InboundFrames(LinkSession link, String deviceId, LinkCounters counters) {
        this.link = link;
        this.deviceId = deviceId;
        this.counters = counters;
        this.boardLog = LoggerFactory.getLogger("io.hilbridge.board." + deviceId);
    }

    @Override
    public void onError(DecodeError error) {
        onDropped(error, false);
    }

    @Override
    public void onDropped(DecodeError error, boolean romBootText) {
        counters.decodeError(error);
        if (romBootText) counters.bootText.incrementAndGet();
        log.debug(
                "{}: dropped bytes from the board ({}{})",
                deviceId,
                error.kind(),
                romBootText ? ", the ROM's boot text" : "");
    }

    @Override
    public void onFrame(Frame frame) {
        counters.framesReceived.incrementAndGet();
        link.connection.frameArrived();
        link.model.frameArrived(frame);
        try {
            switch (frame.type()) {
                case Frame.HELLO -> onHello(Messages.Hello.decode(frame.payload()));
                case Frame.ACK -> onAck(Messages.Ack.decode(frame.payload()));
                case Frame.ACK_STATE -> onAckState(Messages.AckState.decode(frame.payload()));
                case Frame.NACK -> onNack(Messages.Nack.decode(frame.payload()));
                case Frame.STATE -> link.model.onState(Messages.State.decode(frame.payload()), null);
                case Frame.PONG -> onPong(Messages.Pong.decode(frame.payload()));
                case Frame.LOG -> onLog(Messages.Log.decode(frame.payload()));
                case Frame.FAULT -> link.model.onFault(Messages.Fault.decode(frame.payload()));
                case Frame.PIXELS -> link.pixels.onPixels(Messages.Pixels.decode(frame.payload()));
                default -> {
                    counters.malformed.incrementAndGet();
                    log.warn(
                            "{}: ignoring a frame of type {} the host does not handle",
                            deviceId,
                            Frame.typeName(frame.type()));
                }
            }
        } catch (MalformedPayloadException | IllegalArgumentException e) {
            long n = counters.malformed.incrementAndGet();
            // Usually line noise (uart-link.md section 2), sometimes a firmware mismatch: warn at 1, 2, 4, 8, ...
            if (Long.bitCount(n) == 1) {
                log.warn(
                        "{}: dropped a malformed {} from the board ({} so far): {}",
                        deviceId,
                        Frame.typeName(frame.type()),
                        n,
                        e.getMessage());
            } else {
                log.debug(
                        "{}: dropped a malformed {} from the board: {}",
                        deviceId,
                        Frame.typeName(frame.type()),
                        e.getMessage());
            }
        }
    }

    /** A HELLO: the handshake is done; after a new boot (or with lights left dirty) the desired state is replayed. */
    void onHello(Messages.Hello hello) {
        BoardInfo newInfo = hello.toBoardInfo();
        if (!link.resets.admitsHello(hello, newInfo.bootId())) return;
        BitSet replay = link.model.hello(newInfo);
        link.window.helloArrived();
        link.connection.helloArrived();
        // The model dropped the lights this HELLO no longer has: every bit is a light of the board.
        for (int light = replay.nextSetBit(0); light >= 0; light = replay.nextSetBit(light + 1)) {
            link.queue.enqueueFullState(light);
            link.model.resyncing.add(light);
        }
        link.sendFrame(Frame.STATE_REQ, new Messages.StateReq(BoardLink.ALL_LIGHTS).encode());
        link.publish();
        link.notifyListeners("onHello", l -> l.onHello(link, newInfo));
        link.setStatus(link.model.resyncing.isEmpty() ? DeviceStatus.ONLINE : DeviceStatus.RESYNCING);
        link.pixels.helloArrived(); // once online: the board's subscriptions ended with this HELLO
        link.window.pump();
    }

    private void onAck(Messages.Ack ack) {
        if (link.pixels.answers(ack.ackSeq())) {
            link.pixels.onAck(ack);
        } else if (link.resets.answers(ack.ackSeq())) {
            link.resets.onRebootAcked();
        } else {
            link.window.onAck(ack);
        }
    }

    /**
     * A SET changed exactly one light: its STATE (cause command) and its ACK in one frame (uart-link.md section 6,
     * ACK_STATE). A repeat from the board's duplicate window, whose change the host already has (state_gen not
     * newer than the last one seen), counts as an ACK alone: its light state may be older than what the host knows.
     */
    private void onAckState(Messages.AckState a) {
        link.window.pacing.boardSendsAckState();
        a.state().toLightState(); // throws MalformedPayloadException for a bad value before anything changes
        if (link.model.isNewStateGen(a.stateGen())) {
            // A SET_PIXELS's ACK_STATE is how the host learns the runs the board now shows (uart-link.md, STATE).
            link.model.onState(a.state(), link.window.pixelsSentWith(a.ackSeq()));
        }
        onAck(a.ack());
    }

    private void onNack(Messages.Nack nack) {
        if (link.pixels.answers(nack.ackSeq())) {
            link.pixels.onNack(nack);
        } else if (link.resets.answers(nack.ackSeq())) {
            link.resets.onRebootRefused(nack.code());
        } else {
            link.window.onNack(nack);
        }
    }

    private void onPong(Messages.Pong pong) {
        if (link.model.stateGenDiffers(pong.stateGen())) link.stateGenMismatch();
        link.window.repairDirty();
        link.window.pump();
    }

    private void onLog(Messages.Log l) {
        switch (l.level()) {
            case 1 -> boardLog.error("{}", l.text());
            case 2 -> boardLog.warn("{}", l.text());
            case 3 -> boardLog.info("{}", l.text());
            default -> boardLog.debug("{}", l.text());
        }
        link.notifyListeners("onLog", listener -> listener.onLog(link, l.level(), l.text()));
    }
}
