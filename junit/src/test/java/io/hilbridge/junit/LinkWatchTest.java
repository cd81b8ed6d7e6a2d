package io.hilbridge.junit;

import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.LightFault;
import io.hilbridge.link.BoardLink;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a failure message's "recent link events" say about the link (junit/README.md), and the wait for the board's
 * next boot that a reset fault returns after: its deadline's failure names what caused the boot.
 */
class LinkWatchTest {
    /** The listeners the watch added to the links above. */
    private static final List<Object> WATCHED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static final BoardInfo INFO = new BoardInfo(1, "0.1.0", 0x5e1f09a2L, List.of());

    /** A link that answers only what the watch reads: its id, transport, status and board info. */
    private static BoardLink link(Optional<BoardInfo> info) {
        return (BoardLink) Proxy.newProxyInstance(
                BoardLink.class.getClassLoader(),
                new Class<?>[] {BoardLink.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "deviceId" -> "board0";
                    case "transport" -> "simulated (loopback)";
                    case "status" -> DeviceStatus.ONLINE;
                    case "info" -> info;
                    case "addListener" -> {
                        WATCHED.add(args[0]);
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static List<String> texts(RecentEvents events) {
        return events.snapshot().stream()
                .map(l -> l.substring(l.indexOf(' ') + 1))
                .toList();
    }

    @Test
    void everyLinkEventIsRecordedInWords() {
        RecentEvents events = new RecentEvents();
        LinkWatch watch = new LinkWatch(events);
        BoardLink board = link(Optional.of(INFO));

        WATCHED.clear();
        watch.watch(board);
        watch.watch(link(Optional.empty()));
        assertThat(WATCHED).containsExactly(watch, watch);
        watch.onHello(board, INFO);
        watch.onFault(board, 3, Optional.of(LightFault.OUTPUT_STUCK));
        watch.onFault(board, 3, Optional.empty());
        watch.onStatus(board, DeviceStatus.OFFLINE);
        watch.onLog(board, 2, "W (812) hilbridge: host silent");

        assertThat(texts(events))
                .containsExactly(
                        "board0: link ONLINE via simulated (loopback), firmware 0.1.0, boot id 5e1f09a2",
                        "board0: link ONLINE via simulated (loopback)",
                        "board0: HELLO firmware 0.1.0, boot id 5e1f09a2, 0 lights",
                        "board0: light 3 fault OUTPUT_STUCK",
                        "board0: light 3 fault cleared",
                        "board0: link OFFLINE",
                        "board0: log[2] W (812) hilbridge: host silent");
    }

    @Test
    void theNextBootIsTheHelloAfterItWasAskedFor() {
        LinkWatch watch = new LinkWatch(new RecentEvents());
        BoardLink board = link(Optional.of(INFO));
        watch.onHello(board, new BoardInfo(1, "0.1.0", 1, List.of()));

        CompletableFuture<Long> boot = watch.nextBoot();
        assertThat(boot).as("a HELLO before the request does not count").isNotDone();
        watch.onHello(board, INFO);

        // The HELLO above completed it on this thread: no time to wait.
        assertThat(LinkWatch.await(boot, Duration.ZERO, "a reset")).isEqualTo(0x5e1f09a2L);
    }

    @Test
    void aBootThatDoesNotComeFailsNamingWhatCausedIt() {
        assertThatThrownBy(
                        () -> LinkWatch.await(new CompletableFuture<>(), Duration.ZERO, "\"reboot\" to hilbridge-sim"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("the board did not boot again (HELLO with a new boot id) within PT0S after"
                        + " \"reboot\" to hilbridge-sim");
        assertThatThrownBy(() -> LinkWatch.await(
                        CompletableFuture.failedFuture(new IllegalStateException("link closed")), Duration.ZERO, "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("link closed");
    }
}
