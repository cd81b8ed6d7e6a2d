package io.hilbridge.browser;

import io.hilbridge.api.LiveBridge;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.Rgb;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-pixel panel (web/perpixel.js) in real headless Chromium with the simulated board: paint the strip with a
 * brush and a gradient, send it as one command, and see the board's confirmed per-pixel colours on the page of a
 * second browser. Under CI (env CI=true) missing Chromium fails; elsewhere the class is skipped with one line.
 */
class PerPixelBrowserTest {
    private static final Duration LOAD = Duration.ofSeconds(15);
    private static final Duration CONFIRMED = Duration.ofSeconds(5);
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final String PANEL = "section.device[aria-labelledby] .perpixel[data-light='3']";

    private static LiveBridge bridge;
    private static WebDriver a;
    private static WebDriver b;

    @BeforeAll
    static void start() throws IOException {
        Chromium.requirePresent();
        Files.createDirectories(SHOTS);
        bridge = LiveBridge.start();
        a = newDriver();
        b = newDriver();
    }

    @AfterAll
    static void stop() {
        for (WebDriver d : new WebDriver[] {a, b}) {
            if (d != null) d.quit();
        }
        if (bridge != null) bridge.close();
    }

    private static WebDriver newDriver() {
        return Chromium.start(Chromium.options(1400));
    }

    private static WebElement panel(WebDriver d) {
        return d.findElement(By.cssSelector(PANEL));
    }

    private static void open(WebDriver d) {
        d.get("http://127.0.0.1:" + bridge.port() + "/");
        new WebDriverWait(d, LOAD)
                .withMessage("the page connected and built the strip's per-pixel panel")
                .until(x -> "open".equals(x.findElement(By.id("conn")).getAttribute("data-state"))
                        && !x.findElements(By.cssSelector(PANEL)).isEmpty());
    }

    private static void setColor(WebDriver d, WebElement input, String hex) {
        ((JavascriptExecutor) d)
                .executeScript(
                        "arguments[0].value = arguments[1];"
                                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                        input,
                        hex);
    }

    /** The colours the "On the board" row shows, pixel by pixel (its data-color attributes). */
    private static List<String> shownOnBoard(WebDriver d) {
        return panel(d).findElements(By.cssSelector(".perpixel-shown")).stream()
                .map(e -> e.getAttribute("data-color"))
                .toList();
    }

    @Test
    void paintingTheStripSendsOneCommandAndTheConfirmedPixelsShowInEveryBrowser() throws IOException {
        open(a);
        open(b);
        WebElement p = panel(a);
        List<WebElement> cells = p.findElements(By.cssSelector("button.perpixel-cell"));
        assertThat(cells).hasSize(8);
        assertThat(shownOnBoard(b))
                .as("the board boots white: one colour on every pixel")
                .containsOnly("#ffffff");

        // A gradient red -> blue over the 8 pixels, then pixel 3 painted green with the brush.
        setColor(a, p.findElement(By.cssSelector("input[id$='-from']")), "#ff0000");
        setColor(a, p.findElement(By.cssSelector("input[id$='-to']")), "#0000ff");
        p.findElement(By.cssSelector("button.perpixel-gradient")).click();
        setColor(a, p.findElement(By.cssSelector("input[id$='-brush']")), "#00ff00");
        cells.get(3).click();
        assertThat(cells.get(3).getAttribute("aria-label")).isEqualTo("Pixel 3: #00ff00");
        long applied = bridge.board().setsApplied();
        p.findElement(By.cssSelector("button.perpixel-send")).click();

        new WebDriverWait(a, CONFIRMED)
                .withMessage("the page says the board confirmed")
                .until(x -> "ok".equals(panel(x).getAttribute("data-result")));
        List<String> expected =
                List.of("#ff0000", "#db0024", "#b60049", "#00ff00", "#6d0092", "#4900b6", "#2400db", "#0000ff");
        assertThat(bridge.board().setsApplied()).as("one command").isEqualTo(applied + 1);
        assertThat(bridge.board().lights().get(3).pixels().colors())
                .as("the board applied the painted pixels")
                .extracting(Rgb::hex)
                .containsExactlyElementsOf(expected);
        new WebDriverWait(b, CONFIRMED)
                .withMessage("the other browser shows the board's confirmed pixels")
                .until(x -> shownOnBoard(x).equals(expected));
        assertThat(panel(b).findElement(By.cssSelector(".perpixel-board")).getAttribute("data-pixels"))
                .isEqualTo("runs");
        byte[] png = ((TakesScreenshot) b).getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve("perpixel.png"), png);
    }

    @Test
    void aCommandTheBridgeRefusesIsExplainedOnThePanel() {
        open(a);
        bridge.board().faults().unplug();
        try {
            bridge.awaitStatus(DeviceStatus.OFFLINE);
            panel(a).findElement(By.cssSelector("button.perpixel-fill")).click();
            panel(a).findElement(By.cssSelector("button.perpixel-send")).click();
            new WebDriverWait(a, CONFIRMED)
                    .withMessage("the panel shows the refusal")
                    .until(x -> "error".equals(panel(x).getAttribute("data-result")));
            assertThat(panel(a).findElement(By.cssSelector(".perpixel-status")).getText())
                    .startsWith("Refused: ")
                    .endsWith("(device_offline)");
            assertThat(panel(a).findElement(By.cssSelector("button.perpixel-send"))
                            .isEnabled())
                    .as("the panel can send again")
                    .isTrue();
        } finally {
            bridge.board().faults().replug();
        }
        bridge.awaitStatus(DeviceStatus.ONLINE);
    }
}
