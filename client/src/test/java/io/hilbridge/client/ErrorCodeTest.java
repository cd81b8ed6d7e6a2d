package io.hilbridge.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/** Error codes map to the spec's table, and codes the client does not know are kept, not lost. */
class ErrorCodeTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void everySpecCodeMapsToItsConstant() {
        String[] spec = {
            "bad_request",
            "unknown_device",
            "unknown_light",
            "out_of_range",
            "unsupported",
            "device_offline",
            "timeout",
            "busy",
            "too_large",
            "reset_failed"
        };
        for (String code : spec) {
            ErrorCode c = ErrorCode.fromApi(code);
            assertThat(c.code()).isEqualTo(code);
            assertThat(c.clientSide()).isFalse();
        }
        assertThat(ErrorCode.fromApi("nack:malformed")).isEqualTo(ErrorCode.NACK);
        assertThat(ErrorCode.fromApi("client:timeout"))
                .as("a client code never comes from the bridge")
                .isEqualTo(ErrorCode.UNKNOWN);
    }

    @Test
    void anErrorAnswerKeepsTheExactCodeEvenWhenUnknown() throws Exception {
        PendingCommands pending = new PendingCommands(timer, 4);
        CompletableFuture<String> nack = pending.register("c1", "set board0 light 1", Duration.ofSeconds(5), m -> "ok");
        CompletableFuture<String> future =
                pending.register("c2", "set board0 light 2", Duration.ofSeconds(5), m -> "ok");
        ObjectMapper json = new ObjectMapper();

        pending.answer(
                "c1",
                json.readTree("{\"type\":\"error\",\"id\":\"c1\",\"code\":\"nack:malformed\",\"message\":\"m\"}"));
        pending.answer(
                "c2", json.readTree("{\"type\":\"error\",\"id\":\"c2\",\"code\":\"brand_new\",\"message\":\"later\"}"));

        HilbridgeException n = HilbridgeException.of(nack.handle((v, e) -> e).join());
        assertThat(n.errorCode()).isEqualTo(ErrorCode.NACK);
        assertThat(n.code()).isEqualTo("nack:malformed");
        HilbridgeException u = HilbridgeException.of(future.handle((v, e) -> e).join());
        assertThat(u.errorCode()).isEqualTo(ErrorCode.UNKNOWN);
        assertThat(u.code()).isEqualTo("brand_new");
        assertThat(u.getMessage()).contains("set board0 light 2: later");
    }

    @Test
    void pendingCommandsAreBoundedAndEachHasADeadline() {
        PendingCommands pending = new PendingCommands(timer, 1);
        CompletableFuture<String> first = pending.register("c1", "set a", Duration.ofMillis(50), m -> "ok");
        CompletableFuture<String> second = pending.register("c2", "set b", Duration.ofSeconds(5), m -> "ok");

        assertThat(HilbridgeException.of(second.handle((v, e) -> e).join()).errorCode())
                .isEqualTo(ErrorCode.CLIENT_LIMIT);
        HilbridgeException late =
                HilbridgeException.of(first.handle((v, e) -> e).join());
        assertThat(late.errorCode()).isEqualTo(ErrorCode.CLIENT_TIMEOUT);
        assertThat(late.getMessage()).contains("set a: no answer from the bridge within 50 ms");
        assertThat(pending.size()).isZero();
    }
}
