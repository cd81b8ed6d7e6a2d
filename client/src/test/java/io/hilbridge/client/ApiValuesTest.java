package io.hilbridge.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The API's names as websocket-api.md spells them (kinds, effects, statuses, causes, error codes), what a value from
 * a later API version becomes, and a change read as "the confirmed state shows every field it names".
 */
class ApiValuesTest {
    private static final LightState RED = new LightState(true, 200, "#ff0000", Effect.NONE);

    @Test
    void kindsAndTheirCapabilitiesAreTheSpecsTable() {
        assertThat(LightKind.fromApi("onoff")).isEqualTo(LightKind.ONOFF);
        assertThat(LightKind.fromApi("strip").apiName()).isEqualTo("strip");
        assertThat(LightKind.ONOFF.hasBrightness()).isFalse();
        assertThat(LightKind.ONOFF.hasTransition()).isFalse();
        assertThat(LightKind.DIMMABLE.hasBrightness()).isTrue();
        assertThat(LightKind.DIMMABLE.hasColor()).isFalse();
        assertThat(LightKind.DIMMABLE.hasTransition()).isTrue();
        assertThat(LightKind.RGB.hasColor()).isTrue();
        assertThat(LightKind.ONOFF.effectsAllowed()).containsExactly(Effect.BLINK);
        assertThat(LightKind.STRIP.effectsAllowed())
                .containsExactlyInAnyOrder(Effect.BLINK, Effect.BREATHE, Effect.RAINBOW);
        assertThatThrownBy(() -> LightKind.fromApi("ONOFF"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown light kind \"ONOFF\" (accepted: onoff, dimmable, rgb, strip)");
    }

    @Test
    void effectsByTheirApiNames() {
        assertThat(Effect.fromApi("rainbow")).isEqualTo(Effect.RAINBOW);
        assertThat(Effect.fromApi("none")).isEqualTo(Effect.NONE);
        assertThatThrownBy(() -> Effect.fromApi("strobe"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown effect \"strobe\" (accepted: none, blink, breathe, rainbow)");
    }

    @Test
    void aStatusOrCauseOfALaterVersionIsUnknownAndSnapshotIsNoBridgeCause() {
        assertThat(DeviceStatus.fromApi("resyncing")).isEqualTo(DeviceStatus.RESYNCING);
        assertThat(DeviceStatus.fromApi("updating")).isEqualTo(DeviceStatus.UNKNOWN);
        assertThat(DeviceStatus.OFFLINE.apiName()).isEqualTo("offline");
        assertThat(StateCause.fromApi("failsafe")).isEqualTo(StateCause.FAILSAFE);
        assertThat(StateCause.fromApi("snapshot"))
                .as("the client's own cause, never the bridge's")
                .isEqualTo(StateCause.UNKNOWN);
        assertThat(StateCause.fromApi("FAILSAFE")).isEqualTo(StateCause.UNKNOWN);
        assertThat(LogLine.Level.fromApi("warn")).isEqualTo(LogLine.Level.WARN);
        assertThat(LogLine.Level.fromApi("trace")).as("a later level").isEqualTo(LogLine.Level.DEBUG);
    }

    @Test
    void errorCodesKeepTheirWireStringAndOnlyClientCodesAreClientSide() {
        assertThat(ErrorCode.fromApi(null)).isEqualTo(ErrorCode.UNKNOWN);
        assertThat(ErrorCode.fromApi("nack")).as("a NACK always has its reason").isEqualTo(ErrorCode.UNKNOWN);
        assertThat(ErrorCode.fromApi("unknown")).isEqualTo(ErrorCode.UNKNOWN);
        assertThat(ErrorCode.CLIENT_LIMIT.clientSide()).isTrue();
        assertThat(ErrorCode.NACK.clientSide()).isFalse();
        HilbridgeException e = new HilbridgeException("nack:busy", "the board refused");
        assertThat(e.errorCode()).isEqualTo(ErrorCode.NACK);
        assertThat(e.code()).isEqualTo("nack:busy");
        assertThat(e).hasMessage("nack:busy: the board refused");
    }

    @Test
    void aChangeIsShownByAStateWithEveryFieldItNames() {
        assertThat(LightChange.change().isShownBy(RED)).as("names nothing").isTrue();
        assertThat(LightChange.turnOn().isShownBy(RED)).isTrue();
        assertThat(LightChange.turnOff().isShownBy(RED)).isFalse();
        assertThat(LightChange.change().brightness(200).isShownBy(RED)).isTrue();
        assertThat(LightChange.change().brightness(201).isShownBy(RED)).isFalse();
        assertThat(LightChange.change().color("#FF0000").isShownBy(RED))
                .as("colours ignore case")
                .isTrue();
        assertThat(LightChange.change().color("#ff0001").isShownBy(RED)).isFalse();
        assertThat(LightChange.change().effect(Effect.NONE).isShownBy(RED)).isTrue();
        assertThat(LightChange.change().effect(Effect.BLINK).isShownBy(RED)).isFalse();
        assertThat(LightChange.change().transitionMs(500).isShownBy(RED))
                .as("a transition is no state")
                .isTrue();
        assertThat(LightChange.turnOn()
                        .brightness(200)
                        .color("#ff0000")
                        .effect(Effect.BLINK)
                        .isShownBy(RED))
                .as("one field off is enough to differ")
                .isFalse();
    }

    @Test
    void aChangeReadsAsItsNamedFields() {
        LightChange all = LightChange.turnOn()
                .brightness(9)
                .color("#00ff00")
                .effect(Effect.BREATHE)
                .transitionMs(70);
        assertThat(all).isEqualTo(new LightChange(true, 9, "#00ff00", 70, Effect.BREATHE));
        assertThat(all.toString()).isEqualTo("{on=true, brightness=9, color=#00ff00, effect=breathe, transitionMs=70}");
        assertThat(LightChange.change().toString()).isEqualTo("{}");
        assertThat(LightChange.turnOff().asPredicate()).hasToString("{on=false}");
        assertThat(LightChange.turnOff().asPredicate().test(RED)).isFalse();
        assertThat(LightChange.turnOn().asPredicate().test(RED)).isTrue();
        assertThat(RED).hasToString("{on=true, brightness=200, color=#ff0000, effect=none}");
    }
}
