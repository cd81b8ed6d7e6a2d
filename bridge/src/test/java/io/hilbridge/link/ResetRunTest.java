package io.hilbridge.link;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which HELLO ends a reset (uart-link.md section 5, "Reset on request"): one with a boot id other than the board had
 * before; on first contact (no boot id known yet) only a HELLO after the board restarted.
 */
class ResetRunTest {
    @Test
    void aNewBootIdIsTheNewBootAndTheOldOneIsNot() {
        ResetRun run = new ResetRun(0x1234L, true);
        assertThat(run.isNewBoot(0x1235L)).isTrue();
        assertThat(run.isNewBoot(0x1234L)).isFalse();
        run.restarting = true;
        assertThat(run.isNewBoot(0x1234L))
                .as("the old id stays old once the board restarts")
                .isFalse();
    }

    @Test
    void onFirstContactOnlyAHelloAfterTheRestartIsTheNewBoot() {
        ResetRun run = new ResetRun(null, true);
        assertThat(run.isNewBoot(7)).as("may have been sent before the reset").isFalse();
        run.restarting = true;
        assertThat(run.isNewBoot(7)).isTrue();
    }
}
