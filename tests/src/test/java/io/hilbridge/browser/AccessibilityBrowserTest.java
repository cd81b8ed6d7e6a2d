package io.hilbridge.browser;

import io.hilbridge.api.LiveBridge;
import io.hilbridge.lights.DeviceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertAll;

/**
 * axe-core on the whole control page as the bridge serves it (so every feature panel is covered), in light and dark
 * colour scheme, at desktop and phone width, with the simulated board online, offline (unplugged), with a hardware
 * fault shown, and with the bridge unreachable (the page's reconnect banner). Any serious or critical violation
 * fails, listed with rule, element and help page.
 */
class AccessibilityBrowserTest {
    private static final Duration LOAD = Duration.ofSeconds(15);
    private static final int HEIGHT = 900;

    private static LiveBridge bridge;
    private static ChromeDriver page;

    @BeforeAll
    static void start() {
        Chromium.requirePresent();
        bridge = LiveBridge.start();
        page = Chromium.start();
    }

    @AfterAll
    static void stop() {
        if (page != null) page.quit();
        if (bridge != null) bridge.close();
    }

    @Test
    void aBoardOnline() {
        openAndWaitForTheBoard();
        // the link figures arrive with the first stats answer; wait for them so the page is in its steady state
        new WebDriverWait(page, LOAD)
                .withMessage("the round trip or link errors shown")
                .until(x ->
                        !"–".equals(x.findElement(By.cssSelector(".d-errors")).getText()));
        checkEveryView("a board online");
    }

    @Test
    void aBoardOffline() {
        openAndWaitForTheBoard();
        bridge.board().faults().unplug();
        try {
            new WebDriverWait(page, LOAD)
                    .withMessage("the offline banner and disabled controls")
                    .until(x -> x.findElement(By.id("offline-banner")).isDisplayed()
                            && light(3).getAttribute("disabled") != null);
            checkEveryView("a board offline");
        } finally {
            bridge.board().faults().replug();
            bridge.awaitStatus(DeviceStatus.ONLINE);
        }
    }

    @Test
    void aLightWithAHardwareFault() {
        openAndWaitForTheBoard();
        bridge.board().faults().stickLight(3, true);
        try {
            new WebDriverWait(page, LOAD)
                    .withMessage("the fault line on light 3")
                    .until(x -> "output_stuck".equals(light(3).getAttribute("data-fault")));
            checkEveryView("a light with a hardware fault");
        } finally {
            bridge.board().faults().stickLight(3, false);
        }
    }

    @Test
    void theBridgeUnreachable() {
        openAndWaitForTheBoard();
        bridge.stop();
        try {
            new WebDriverWait(page, LOAD)
                    .withMessage("the reconnecting banner and disabled controls")
                    .until(x -> x.findElement(By.id("conn-banner")).isDisplayed()
                            && light(3).getAttribute("disabled") != null);
            checkEveryView("the bridge unreachable");
        } finally {
            bridge.startAgain();
        }
    }

    private static org.openqa.selenium.WebElement light(int id) {
        return page.findElement(By.cssSelector("fieldset.light[data-device='board0'][data-light='" + id + "']"));
    }

    private static void openAndWaitForTheBoard() {
        page.get("http://127.0.0.1:" + bridge.port() + "/");
        new WebDriverWait(page, LOAD)
                .withMessage("the page connected and built light 3")
                .until(x -> "open".equals(x.findElement(By.id("conn")).getAttribute("data-state"))
                        && !x.findElements(By.cssSelector("fieldset.light[data-light='3']"))
                                .isEmpty());
    }

    /** Every view is checked and every failing one reported, not just the first. */
    private static void checkEveryView(String state) {
        List<Executable> views = new ArrayList<>();
        for (boolean dark : new boolean[] {false, true}) {
            for (int width : new int[] {Chromium.DESKTOP_WIDTH, Chromium.PHONE_WIDTH}) {
                String where = state + ", " + (dark ? "dark" : "light") + ", " + width + " px wide";
                views.add(() -> {
                    Chromium.viewport(page, width, HEIGHT);
                    Chromium.colourScheme(page, dark);
                    assertThat(((JavascriptExecutor) page)
                                    .executeScript("return [window.innerWidth,"
                                            + " matchMedia('(prefers-color-scheme: dark)').matches]"))
                            .as("the view %s is in force", where)
                            .isEqualTo(List.of((long) width, dark));
                    Accessibility.assertNoSeriousViolations(page, where);
                });
            }
        }
        assertAll(state, views);
    }
}
