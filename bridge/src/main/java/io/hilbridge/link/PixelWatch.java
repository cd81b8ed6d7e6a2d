package io.hilbridge.link;

import io.hilbridge.concurrent.SerialExecutor;
import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.DeviceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The host's side of the live view (uart-link.md section 3, PIXELS_SUB and PIXELS): while someone wants pixels, it
 * keeps every light of the board subscribed by renewing the board's lease once a second (a lost ACK needs no
 * retransmission: the next renewal repeats it), subscribes again after each HELLO (boot and HELLO_REQ end the
 * board's subscriptions), ends it with rate 0 when nobody wants pixels any more, and stops asking a board that
 * answers NACK UNKNOWN_TYPE (firmware without the live view) until its next HELLO. PIXELS chunks are checked
 * against the board's HELLO and handed to the listeners.
 *
 * <p>Thread-safety: confined to the tasks of its {@link LinkSession}.
 */
final class PixelWatch {
    private static final Logger log = LoggerFactory.getLogger(PixelWatch.class);

    /** Frames per second asked for: a rainbow's 3 s period reads as motion, at a few % of a 115200 link. */
    static final int RATE = 10;
    /** Well inside the board's lease of {@link PixelPayloads#PIXELS_LEASE_MS}: two renewals may be lost. */
    static final long RENEW_MS = 1000;

    private final LinkSession link;
    private final String deviceId;
    private final SerialExecutor exec;

    private boolean wanted;
    private boolean unsupported;
    /** Seq of the last PIXELS_SUB sent, so its ACK or NACK is not taken for a SET's; -1 before the first. */
    private int lastSeq = -1;

    private SerialExecutor.Timer renewTimer;

    PixelWatch(LinkSession link, String deviceId, SerialExecutor exec) {
        this.link = link;
        this.deviceId = deviceId;
        this.exec = exec;
    }

    /** Someone wants pixels (or nobody does any more): subscribe now and keep renewing, or end it now. */
    void setWanted(boolean on) {
        if (on == wanted) return;
        wanted = on;
        SerialExecutor.cancel(renewTimer);
        renewTimer = null;
        if (on) {
            renewTimer = exec.scheduleWithFixedDelay(this::renew, RENEW_MS, TimeUnit.MILLISECONDS);
            renew();
        } else if (boardListens()) {
            send(0); // the lease would end it within 3 s anyway; this ends it at once
        }
    }

    /** A HELLO ended the board's subscriptions (boot or HELLO_REQ), and a new firmware may support the view. */
    void helloArrived() {
        unsupported = false;
        if (wanted) renew();
    }

    /** True for the answer to the last PIXELS_SUB, once: a SET may reuse the seq after the counter wraps. */
    boolean answers(int seq) {
        if (seq != lastSeq) return false;
        lastSeq = -1;
        return true;
    }

    void onAck(Messages.Ack ack) {
        if (link.model.stateGenDiffers(ack.stateGen())) link.stateGenMismatch(); // an ACK like any other
    }

    void onNack(Messages.Nack nack) {
        if (nack.code() == Messages.NACK_UNKNOWN_TYPE) {
            if (!unsupported) log.info("{}: the board's firmware has no live view (PIXELS_SUB unknown)", deviceId);
            unsupported = true;
        } else {
            log.warn("{}: the board refused PIXELS_SUB: {}", deviceId, Messages.nackName(nack.code()));
        }
    }

    /** A chunk of what a light shows: checked against the HELLO (uart-link.md, "Host checks"), then reported. */
    void onPixels(Messages.Pixels p) {
        BoardInfo info = link.model.info;
        if (info == null || p.light() >= info.lights().size()) {
            throw new MalformedPayloadException("PIXELS: light " + p.light() + " is not on the board");
        }
        int pixels = info.lights().get(p.light()).pixels();
        if (p.first() + p.count() > pixels) {
            throw new MalformedPayloadException("PIXELS: pixels " + p.first() + ".." + (p.first() + p.count() - 1)
                    + " exceed light " + p.light() + "'s " + pixels);
        }
        link.notifyListeners("onPixels", l -> l.onPixels(link, p));
    }

    private void renew() {
        if (wanted && !unsupported && boardListens()) send(RATE);
    }

    private boolean boardListens() {
        DeviceStatus s = link.status();
        return link.connection.isOpen()
                && !link.connection.handshaking()
                && (s == DeviceStatus.ONLINE || s == DeviceStatus.RESYNCING);
    }

    private void send(int rate) {
        lastSeq = link.peekSeq();
        link.sendFrame(Frame.PIXELS_SUB, new Messages.PixelsSub(BoardLink.ALL_LIGHTS, rate).encode());
    }
}
