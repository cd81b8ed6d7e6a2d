package io.hilbridge.doctor;

import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.link.BoardLink;
import io.hilbridge.link.BoardListener;
import io.hilbridge.link.BootText;
import io.hilbridge.link.HandshakeWatch;
import io.hilbridge.link.LinkConfig;
import io.hilbridge.link.LinkSession;
import io.hilbridge.serial.ForwardingTransport;
import io.hilbridge.serial.JSerialCommTransport;
import io.hilbridge.serial.SerialTransport;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The real probe: the bridge's own {@link LinkSession} over {@link JSerialCommTransport} (same open, same line
 * handling, same handshake as {@code hilbridge --serial PATH}), with the board's non-frame text read on the side by a
 * {@link BootText}. Resets the board only when asked, and then the link's own way ({@code --reset-on-open}: the
 * lines where they reach EN, else REBOOT_REQ), so the doctor has no reset sequence of its own.
 *
 * <p>Thread-safe: each probe has its own link; the boot text is fed under its own lock.
 */
public final class LinkHelloProbe implements HelloProbe {
    @Override
    public Answer probe(String device, int baud, Duration timeout, boolean resetFirst) {
        BootText text = new BootText();
        SerialTransport transport = new TextTap(new JSerialCommTransport(device, baud), text);
        CompletableFuture<BoardInfo> hello = new CompletableFuture<>();
        // The doctor decides what to say about silence itself: the link's own warning would come after we left.
        LinkConfig config = LinkConfig.builder()
                .helloWarnAfter(timeout.multipliedBy(10))
                .resetOnOpen(resetFirst)
                .build();
        String note = resetFirst ? "reset when the port opened" : "";
        try (LinkSession link = LinkSession.start("doctor", transport, config)) {
            link.addListener(new BoardListener() {
                @Override
                public void onHello(BoardLink board, BoardInfo info) {
                    hello.complete(info);
                }

                @Override
                public void onStatus(BoardLink board, DeviceStatus status) {
                    // Before any HELLO, OFFLINE means the port could not be opened.
                    if (status == DeviceStatus.OFFLINE && !hello.isDone()) {
                        hello.completeExceptionally(new IOException("the port could not be opened"));
                    }
                }
            });
            BoardInfo info = hello.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Answer.hello(info, note);
        } catch (TimeoutException e) {
            synchronized (text) {
                return Answer.problem(HandshakeWatch.problem(device, timeout, text), note);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(java.util.Optional.empty(), java.util.Optional.empty(), "interrupted");
        } catch (ExecutionException e) {
            return new Answer(
                    java.util.Optional.empty(),
                    java.util.Optional.empty(),
                    e.getCause().getMessage());
        }
    }

    /** Passes everything through and copies received bytes into a {@link BootText}. */
    private static final class TextTap extends ForwardingTransport {
        private final BootText text;

        TextTap(SerialTransport inner, BootText text) {
            super(inner);
            this.text = text;
        }

        @Override
        protected void received(byte[] data, int offset, int length) {
            synchronized (text) {
                for (int i = offset; i < offset + length; i++) text.feed(data[i]);
            }
        }
    }
}
