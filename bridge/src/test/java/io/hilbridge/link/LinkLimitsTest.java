package io.hilbridge.link;

import io.hilbridge.command.CommandValidator;
import io.hilbridge.command.LightCommand;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;
import io.hilbridge.lights.StateCause;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.hilbridge.link.LinkTestSupport.failure;
import static io.hilbridge.link.VirtualLink.brightness;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The session's limits at their boundaries, each with its stable error code (websocket-api.md error codes,
 * uart-link.md sections 3 and 6): lights are numbered 0..count-1 ({@code unknown_light} at count, also for commands
 * still queued when a HELLO shrinks the board), {@code transitionMs} is 0..65535 ({@code out_of_range} above), at
 * most {@link LinkConfig#maxWaitersPerLight()} commands wait coalesced for one light ({@code busy} beyond, also for a
 * scene, which is then queued not at all), and a STATE or FAULT for a light the board does not have is dropped.
 */
class LinkLimitsTest {
    private final VirtualLink v = new VirtualLink();

    @AfterEach
    void tearDown() {
        v.close();
    }

    static List<LightInfo> lamps(int n) {
        List<LightInfo> l = new ArrayList<>();
        for (int i = 0; i < n; i++) l.add(new LightInfo(i, "L" + i, LightKind.DIMMABLE, 1, EnumSet.of(Effect.BLINK)));
        return List.copyOf(l);
    }

    @Test
    void aSessionNeedsADeviceIdATransportAndAConfigAndACommandToSend() {
        assertThatThrownBy(() -> LinkSession.start(" ", v.board, LinkConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deviceId is empty");
        assertThatThrownBy(() -> LinkSession.start(null, v.board, LinkConfig.defaults()))
                .hasMessage("deviceId is empty");
        assertThatThrownBy(() -> LinkSession.start("d", null, LinkConfig.defaults()))
                .hasMessage("transport is null");
        assertThatThrownBy(() -> LinkSession.start("d", v.board, null)).hasMessage("config is null");
        assertThat(v.board.openAttempts).as("no session started").isEmpty();

        LinkSession link = v.start(LinkConfig.defaults());
        assertThat(link.deviceId()).isEqualTo("virtual");
        assertThat(link.transport()).isEqualTo("scripted");
        assertThatThrownBy(() -> link.submit(null)).hasMessage("command is null");
        assertThatThrownBy(() -> link.submitAll(List.of())).hasMessage("no commands");
        assertThatThrownBy(() -> link.submitAll(null)).hasMessage("no commands");
    }

    @Test
    void lightsAreNumberedFromZeroToCountMinusOne() {
        LinkSession link = v.start(LinkConfig.defaults(), lamps(3));
        link.set(2, brightness(1));
        assertThat(v.lastSet().light()).as("the last light's SET").isEqualTo(2);

        CommandException e = failure(link.set(3, brightness(1)));
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_LIGHT);
        assertThat(v.board.newSets()).as("nothing sent for light 3").hasSize(1);
    }

    @Test
    void transitionMsIsAtMost65535() {
        LinkSession link = v.start(LinkConfig.defaults());
        link.set(0, new LightChange(null, 5, null, CommandValidator.MAX_TRANSITION_MS, null));
        assertThat(v.lastSet().transitionMs()).isEqualTo(65535);

        CommandException e = failure(link.set(0, new LightChange(null, 5, null, 65536, null)));
        assertThat(e.code()).isEqualTo(ErrorCode.OUT_OF_RANGE);
        assertThat(v.board.newSets()).hasSize(1);
    }

    @Test
    void aLightTakesMaxWaitersPerLightCoalescedCommandsAndRefusesTheNextWithBusy() {
        // Window 1: light 0's first SET is in flight, so the following commands wait coalesced in the queue.
        LinkSession link =
                v.start(LinkConfig.builder().window(1).maxWaitersPerLight(3).build());
        CompletableFuture<Void> inFlight = link.set(0, brightness(1));
        int seq = v.lastSetSeq();
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        for (int b = 2; b <= 4; b++) waiting.add(link.set(0, brightness(b)));
        assertThat(waiting).as("three commands wait: the limit").noneMatch(CompletableFuture::isDone);

        CommandException busy = failure(link.set(0, brightness(5)));
        assertThat(busy.code()).isEqualTo(ErrorCode.BUSY);
        assertThat(busy.getMessage()).isEqualTo("light 0 already has 3 commands waiting");

        v.ack(seq, 0);
        assertThat(inFlight).isCompleted();
        assertThat(v.lastSet().brightness())
                .as("the coalesced SET carries the newest accepted value")
                .isEqualTo(4);
        v.ack(v.lastSetSeq(), 0);
        assertThat(waiting).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    }

    @Test
    void aSceneThatWouldOverfillOneLightIsRefusedWithBusyAndQueuesNothing() {
        LinkSession link =
                v.start(LinkConfig.builder().window(1).maxWaitersPerLight(1).build(), lamps(2));
        link.set(0, brightness(1)); // in flight
        CompletableFuture<Void> waiting = link.set(0, brightness(2)); // one waits: light 0's queue is full
        List<LightCommand> scene = List.of(command(link, 1, brightness(7)), command(link, 0, brightness(8)));

        CommandException busy = failure(link.submitAll(scene));
        assertThat(busy.code()).isEqualTo(ErrorCode.BUSY);
        assertThat(busy.getMessage()).isEqualTo("light 0 already has too many commands waiting");
        assertThat(link.pending(1))
                .as("the scene's light 1 is not queued either")
                .isFalse();
        assertThat(waiting).isNotDone();

        v.ack(v.lastSetSeq(), 0);
        assertThat(waiting).as("light 0's queue has room again").isNotDone();
        CompletableFuture<Void> fits = link.submitAll(List.of(command(link, 1, brightness(7))));
        assertThat(fits).isNotDone();
        assertThat(link.pending(1)).isTrue();
    }

    private static LightCommand command(LinkSession link, int light, LightChange change) {
        return CommandValidator.validate(
                link.deviceId(), link.info().orElseThrow(), link.status(), false, List.of(light), change);
    }

    @Test
    void aHelloWithFewerLightsFailsTheCommandsQueuedForLightsItNoLongerHas() {
        LinkSession link = v.start(LinkConfig.builder().window(1).build(), lamps(3));
        CompletableFuture<Void> inFlight = link.set(0, brightness(1));
        CompletableFuture<Void> lastKept = link.set(1, brightness(2));
        CompletableFuture<Void> gone = link.set(2, brightness(3));
        assertThat(v.board.newSets()).hasSize(1);

        v.board.lights = lamps(2); // new firmware: its unsolicited HELLO, same boot id
        v.toHost(Frame.HELLO, new Messages.Hello(1, "script", 42, lamps(2)).encode());

        CommandException e = failure(gone);
        assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_LIGHT);
        assertThat(e.getMessage()).isEqualTo("the board now has 2 lights");
        assertThat(lastKept).as("light 1 still exists").isNotDone();
        assertThat(link.pending(1)).isTrue();
        assertThat(link.pending(2)).isFalse();
        assertThat(link.desiredStates()).hasSize(2);
        v.ack(v.board.newSets().get(0).seq(), 0);
        assertThat(inFlight).isCompleted();
        assertThat(v.lastSet().light()).isEqualTo(1);
    }

    @Test
    void aStateOrFaultForALightTheBoardDoesNotHaveIsDropped() {
        LinkSession link = v.start(LinkConfig.defaults(), lamps(2));
        v.state(1, StateCause.BUTTON.code(), 77, 1);
        assertThat(link.reportedStates().get(1).brightness())
                .as("light 1, the last one")
                .isEqualTo(77);

        v.state(2, StateCause.BUTTON.code(), 66, 2);
        v.toHost(Frame.FAULT, new Messages.Fault(2, 1, 2).encode());
        assertThat(link.reportedStates()).hasSize(2);
        assertThat(link.faults()).isEmpty();
        assertThat(link.internalErrors()).isZero();
        assertThat(v.written(Frame.STATE_REQ))
                .as("a dropped frame is no lost STATE")
                .isEqualTo(1);

        v.toHost(Frame.FAULT, new Messages.Fault(1, 1, 2).encode());
        assertThat(link.faults()).containsOnlyKeys(1);
    }
}
