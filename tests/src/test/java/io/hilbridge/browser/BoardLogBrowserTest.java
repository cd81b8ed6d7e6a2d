package io.hilbridge.browser;

import io.hilbridge.api.LiveBridge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The board's log panel (web/boardlog.js) in headless Chromium with the simulated board: a line the board logged
 * before the page opened is there (from the ring), a new one arrives live with its level's colour, the text and
 * level filters hide it, pause holds the list while lines keep coming, and download saves what was kept.
 *
 * <p>Under CI (env CI=true) missing Chromium fails the suite; elsewhere the suite is skipped with one line.
 */
class BoardLogBrowserTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final String STUCK = "output stuck, reported as faulted";
    private static final String AGAIN = "works again";

    private static LiveBridge bridge;
    private static WebDriver d;

    @BeforeAll
    static void start() throws IOException {
        Chromium.requirePresent();
        Files.createDirectories(SHOTS);
        bridge = LiveBridge.start();
        d = Chromium.start();
    }

    @AfterAll
    static void stop() {
        if (d != null) d.quit();
        if (bridge != null) bridge.close();
    }

    private static WebElement panel() {
        return d.findElement(By.cssSelector("section.device[data-device='board0'] section.boardlog"));
    }

    private static List<String> shownTexts() {
        return panel().findElements(By.cssSelector(".boardlog-lines li .boardlog-text")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private static void waitUntil(String what, java.util.function.BooleanSupplier ok) {
        new WebDriverWait(d, WAIT)
                .withMessage(() -> what + "; the panel shows " + shownTexts())
                .until(x -> ok.getAsBoolean());
    }

    private static boolean shows(String part) {
        return shownTexts().stream().anyMatch(t -> t.contains(part));
    }

    private static String colourOfLevel(String level) {
        return panel().findElement(By.cssSelector(".boardlog-lines li.lvl-" + level + " .boardlog-lvl"))
                .getCssValue("color");
    }

    @Test
    void linesArriveAreColouredFilterAndPauseHoldAndDownloadSavesThem() throws Exception {
        bridge.board().faults().stickLight(2, true); // logged before the page exists: the ring has it
        d.get("http://127.0.0.1:" + bridge.port() + "/");
        waitUntil("the line logged before the page opened, from GET /api/devices/board0/log", () -> shows(STUCK));

        bridge.board().faults().stickLight(2, false); // logged now: arrives as a WebSocket 'log' message
        waitUntil("the live line '" + AGAIN + "'", () -> shows(AGAIN));
        assertThat(colourOfLevel("error")).isNotEqualTo(colourOfLevel("info"));
        shot("boardlog-01-lines");

        WebElement filter = panel().findElement(By.cssSelector(".boardlog-filter"));
        filter.sendKeys("works");
        waitUntil("the text filter to hide the stuck line", () -> !shows(STUCK) && shows(AGAIN));
        filter.clear();
        filter.sendKeys(" "); // an input event with an empty filter
        waitUntil("every line back once the filter is empty", () -> shows(STUCK) && shows(AGAIN));

        Select level = new Select(panel().findElement(By.cssSelector(".boardlog-level")));
        level.selectByValue("error");
        waitUntil("'errors only' to hide the info line", () -> shows(STUCK) && !shows(AGAIN));
        level.selectByValue("debug");
        waitUntil("every level back", () -> shows(AGAIN));

        WebElement pause = panel().findElement(By.cssSelector(".boardlog-pause"));
        pause.click();
        assertThat(pause.getAttribute("aria-pressed")).isEqualTo("true");
        int before = shownTexts().size();
        bridge.board().faults().stickLight(1, true);
        waitUntil(
                "the paused panel to count the new line without showing it",
                () -> panel().findElement(By.cssSelector(".boardlog-status"))
                        .getText()
                        .contains("1 new"));
        assertThat(shownTexts()).as("pause holds the list").hasSize(before).noneMatch(t -> t.startsWith("light 1 "));
        pause.click();
        waitUntil("the held line after resume", () -> shownTexts().stream().anyMatch(t -> t.startsWith("light 1 (")));

        JavascriptExecutor js = (JavascriptExecutor) d;
        js.executeScript("window.__saved = null; const orig = URL.createObjectURL;"
                + "URL.createObjectURL = b => { window.__saved = b; return orig.call(URL, b); };");
        panel().findElement(By.cssSelector(".boardlog-download")).click();
        Object saved = js.executeAsyncScript(
                "const done = arguments[0]; window.__saved ? window.__saved.text().then(done) : done(null);");
        assertThat((String) saved)
                .as("the downloaded file")
                .contains("ERROR log light 2 (")
                .contains(STUCK)
                .contains(AGAIN);
        assertThat(d.findElements(By.cssSelector("a[download]")))
                .as("the temporary link is gone")
                .isEmpty();
    }

    private static void shot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
    }
}
