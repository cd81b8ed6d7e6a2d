package io.hilbridge.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-pixel colours from the client (websocket-api.md, "Per-pixel colours") against the real bridge with its
 * simulated board (light 3: an 8-pixel strip), over a real socket: painted as one command, shown in the board and in
 * the view, ended by a colour, and refused whole with the spec's codes.
 */
class PerPixelClientTest extends BridgeClientFixture {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<String> PAINT =
            List.of("#ff0000", "#ff0000", "#00ff00", "#00ff00", "#0000ff", "#0000ff", "#ffffff", "#ffffff");

    private List<String> onBoard() {
        return bridge.board().lights().get(3).pixels().colors().stream()
                .map(io.hilbridge.lights.Rgb::hex)
                .toList();
    }

    private static HilbridgeException failureOf(CompletableFuture<?> f) {
        Throwable t = f.handle((v, e) -> e).orTimeout(15, TimeUnit.SECONDS).join();
        assertThat(t).as("the future failed").isNotNull();
        HilbridgeException h = HilbridgeException.of(t);
        assertThat(h).as("a HilbridgeException inside " + t).isNotNull();
        return h;
    }

    @Test
    void setPixelsPaintsTheStripInOneCommandAndTheViewShowsEachPixel() {
        long before = bridge.board().setsApplied();
        Ack ack = client.setPixels("board0", 3, PAINT).join();

        assertThat(ack.lights().ids()).containsExactly(3);
        assertThat(bridge.board().setsApplied()).as("one command").isEqualTo(before + 1);
        assertThat(onBoard()).containsExactlyElementsOf(PAINT);
        LightState shown =
                client.device("board0").orElseThrow().light(3).orElseThrow().state();
        assertThat(shown.pixels()).as("the view after the ack").containsExactlyElementsOf(PAINT);
        assertThat(LightChange.change().pixels(PAINT).isShownBy(shown)).isTrue();
        assertThat(LightChange.change()
                        .pixels(PAINT.stream().map(String::toUpperCase).toList())
                        .isShownBy(shown))
                .as("colours compare without case")
                .isTrue();
        assertThat(LightChange.change().pixels(PAINT.subList(0, 7)).isShownBy(shown))
                .isFalse();
    }

    @Test
    void pixelsGoWithTheOtherFieldsOfOneChangeAndAColourEndsThem() {
        client.set("board0", 3, LightChange.turnOn().brightness(90).pixels(PAINT))
                .join();
        LightState withPixels = client.awaitState(
                "board0", 3, LightChange.turnOn().brightness(90).pixels(PAINT), WAIT);
        assertThat(withPixels.pixels()).containsExactlyElementsOf(PAINT);

        client.set("board0", 3, LightChange.change().color("#102030")).join();
        LightState oneColour =
                client.device("board0").orElseThrow().light(3).orElseThrow().state();
        assertThat(oneColour.color()).isEqualTo("#102030");
        assertThat(oneColour.pixels()).as("a colour ends per-pixel colours").isEmpty();
        assertThat(bridge.board().lights().get(3).hasPixels()).isFalse();
        assertThat(bridge.board().lights().get(3).color().hex()).isEqualTo("#102030");
    }

    @Test
    void badPixelListsAreRefusedWholeWithTheSpecsCodes() {
        client.setPixels("board0", 3, PAINT).join();
        long before = bridge.board().setsApplied();

        assertThat(failureOf(client.setPixels("board0", 3, PAINT.subList(0, 7))).errorCode())
                .as("7 colours for 8 pixels")
                .isEqualTo(ErrorCode.OUT_OF_RANGE);
        assertThat(failureOf(client.setPixels("board0", 3, List.of("#ff0000", "red", "#00ff00")))
                        .errorCode())
                .isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(failureOf(client.set(
                                "board0",
                                3,
                                LightChange.change().color("#000000").pixels(PAINT)))
                        .errorCode())
                .as("pixels together with color")
                .isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(failureOf(client.setPixels("board0", 2, List.of("#ff0000"))).errorCode())
                .as("light 2 is an RGB LED, not a strip")
                .isEqualTo(ErrorCode.UNSUPPORTED);

        assertThat(bridge.board().setsApplied()).as("nothing sent").isEqualTo(before);
        assertThat(onBoard()).containsExactlyElementsOf(PAINT);
        assertThat(client.device("board0")
                        .orElseThrow()
                        .light(3)
                        .orElseThrow()
                        .state()
                        .pixels())
                .containsExactlyElementsOf(PAINT);
    }
}
