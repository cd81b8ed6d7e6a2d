package io.hilbridge.browser;

import io.hilbridge.api.LiveBridge;
import io.hilbridge.lights.LightChange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The link health panel in real headless Chromium on a freshly started bridge whose simulated board prints the ROM's
 * boot text: the panel explains that text instead of showing it as an error, the device panel's "Link errors" line no
 * longer counts it, and after some commands the round-trip chart has points drawn. uPlot comes from the bridge's own
 * jar and runs under the page's CSP unchanged.
 *
 * <p>Under CI (env CI=true) missing Chromium fails the suite; elsewhere the suite is skipped with one line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LinkHealthBrowserTest {
    /** Deadline for the page to show what the bridge sampled (one sample a second, polled every 2 s). */
    private static final Duration SHOWN = Duration.ofSeconds(15);

    private static final Path SHOTS = Path.of("target", "screenshots");

    private static LiveBridge bridge;
    private static WebDriver d;

    @BeforeAll
    static void start() throws IOException {
        Chromium.requirePresent();
        Files.createDirectories(SHOTS);
        bridge = LiveBridge.start(); // a fresh start: the simulated board boots with the ROM's boot text
        ChromeOptions o = Chromium.options(1400);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        d = Chromium.start(o);
        d.get("http://127.0.0.1:" + bridge.port() + "/");
        new WebDriverWait(d, SHOWN)
                .withMessage("the page connected and built board0's link health panel")
                .until(x -> "open".equals(x.findElement(By.id("conn")).getAttribute("data-state"))
                        && !x.findElements(By.cssSelector(".health[data-device='board0'] canvas"))
                                .isEmpty());
    }

    @AfterAll
    static void stop() {
        if (d != null) d.quit();
        if (bridge != null) bridge.close();
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) d).executeScript(script);
    }

    private static WebElement panel() {
        return d.findElement(By.cssSelector(".health[data-device='board0']"));
    }

    /**
     * Pixels of the round-trip chart's canvas drawn in the p50 series' colour (within a small tolerance for
     * anti-aliasing): zero while the chart has no point, some once a point is drawn.
     */
    private static long p50Pixels() {
        return (Long) js("const p = document.querySelector(\".health[data-device='board0']\");"
                + "const c = p.querySelector(\"figure[data-chart='rtt'] canvas\");"
                + "const probe = document.createElement('span'); probe.style.color = "
                + "getComputedStyle(p).getPropertyValue('--health-p50'); p.append(probe);"
                + "const rgb = getComputedStyle(probe).color.match(/\\d+/g).map(Number); probe.remove();"
                + "const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + "for (let i = 0; i < px.length; i += 4) {"
                + "  if (px[i + 3] > 200 && Math.abs(px[i] - rgb[0]) < 24 && Math.abs(px[i + 1] - rgb[1]) < 24"
                + "      && Math.abs(px[i + 2] - rgb[2]) < 24) n++; }"
                + "return n;");
    }

    @Test
    @Order(1)
    void aFreshStartExplainsTheBootTextInsteadOfCountingAnError() throws IOException {
        // The simulated board booted before the bridge opened its port (how much of that text the bridge saw
        // depends on timing); a reset is a fresh start on an open port, boot text and all.
        long before = bridge.link().stats().bootText();
        bridge.board().faults().reset();
        new WebDriverWait(d, SHOWN)
                .withMessage("the reset board's boot text counted by the bridge")
                .until(x -> bridge.link().stats().bootText() > before);
        WebElement note = panel().findElement(By.cssSelector(".health-boottext"));
        new WebDriverWait(d, SHOWN)
                .withMessage("the boot-text note shown for the simulated board's fresh start")
                .until(x -> note.isDisplayed());
        assertThat(note.getText()).contains("Boot text from the board's ROM while it started — not a fault");
        var stats = bridge.link().stats();
        assertThat(stats.noiseErrors())
                .as("the simulated board has no line noise")
                .isZero();
        String bootText = "boot text " + stats.bootText() + "× (the board started: not an error)";
        new WebDriverWait(d, SHOWN)
                .withMessage("the device panel's link errors line showing " + bootText)
                .until(x -> x.findElement(By.cssSelector(".d-errors")).getText().contains(bootText));
        assertThat(d.findElement(By.cssSelector(".d-errors")).getText())
                .as("boot text is not counted among the link errors")
                .startsWith("0 decode (0 CRC)");
        // The legend and the chart's own legend (on hover) say what each series means.
        assertThat(panel().findElement(By.cssSelector(".health-legend [data-series='bootText'] dd"))
                        .getText())
                .contains("not a fault");
        assertThat(panel().findElements(By.cssSelector("figure[data-chart='decode'] .u-legend .u-series[title]")))
                .extracting(e -> e.getAttribute("title"))
                .anySatisfy(t -> assertThat(t).startsWith("Boot text from the board's ROM"))
                .anySatisfy(t -> assertThat(t).startsWith("Frames damaged on the wire"));
        Files.write(
                SHOTS.resolve("health-01-fresh-start.png"), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    @Order(2)
    void afterSomeCommandsTheRoundTripChartHasPointsDrawn() throws Exception {
        assertThat(p50Pixels()).as("no p50 point before any command").isZero();
        for (int i = 0; i < 20; i++) {
            bridge.link()
                    .set(1, new LightChange(true, 10 + i, null, null, null))
                    .get(5, TimeUnit.SECONDS);
        }
        WebElement rtt = panel().findElement(By.cssSelector("figure[data-chart='rtt']"));
        new WebDriverWait(d, SHOWN)
                .withMessage("the round-trip chart got samples with round trips")
                .until(x -> Integer.parseInt(rtt.getAttribute("data-points")) > 0);
        new WebDriverWait(d, SHOWN)
                .withMessage("p50 points drawn on the round-trip chart's canvas")
                .until(x -> p50Pixels() > 0);
        assertThat(Integer.parseInt(rtt.getAttribute("data-samples"))).isPositive();
        Files.write(SHOTS.resolve("health-02-traffic.png"), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    @Order(3)
    void uPlotComesFromTheBridgeAndNeedsNoCspChange() {
        assertThat(js("return typeof uPlot")).isEqualTo("function");
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name)");
        String origin = "http://127.0.0.1:" + bridge.port() + "/";
        assertThat(resources).anyMatch(r -> r.equals(origin + "vendor/uplot/uPlot.iife.min.js"));
        assertThat(resources).allMatch(r -> r.startsWith(origin) || r.startsWith("ws://127.0.0.1:"));
        List<LogEntry> csp = d.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getMessage().contains("Content Security Policy"))
                .toList();
        assertThat(csp).as("CSP violations in the browser's console").isEmpty();
    }
}
