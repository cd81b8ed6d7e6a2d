package io.hilbridge.browser;

import io.hilbridge.api.LiveBridge;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightState;
import io.hilbridge.lights.Rgb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scenes panel (web/scenes.js) in headless Chromium on a real bridge with the simulated board and a data folder:
 * a scene saved on the page survives a restart of the bridge and is applied from the page afterwards; rename,
 * the power-on mark, delete and a clashing name work from the page too. Screenshot in tests/target/screenshots/.
 *
 * <p>Under CI (env CI=true) missing Chromium fails; elsewhere the test is skipped with one line.
 */
class ScenesBrowserTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Duration LOAD = Duration.ofSeconds(15);
    /** The page reconnects with a back-off (0.5, 1, 2, 4, 8 s...); a restart takes a few of its steps. */
    private static final Duration RECONNECT = Duration.ofSeconds(40);

    private static final LightState ORANGE = new LightState(true, 200, new Rgb(0xff, 0x88, 0), Effect.NONE);

    @TempDir
    Path dataDir;

    private LiveBridge bridge;
    private WebDriver d;

    @AfterEach
    void stop() {
        if (d != null) d.quit();
        if (bridge != null) bridge.close();
    }

    private static WebDriver newDriver() {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, o);
    }

    private WebElement panel() {
        return d.findElement(By.cssSelector("section.device .scenes"));
    }

    private By row(String name) {
        return By.cssSelector(".scenes li.scene[data-scene='" + name + "']");
    }

    private void waitFor(String what, Duration within, java.util.function.Function<WebDriver, Boolean> until) {
        // The list is rebuilt on every scene.list (reply and broadcast), so an element read a moment ago may be gone.
        new WebDriverWait(d, within)
                .withMessage(() -> what)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(until);
    }

    private String status() {
        return panel().findElement(By.className("scene-status")).getText();
    }

    private void saveOnPage(String name) {
        WebElement input = d.findElement(By.id("scene-name-board0"));
        input.clear();
        input.sendKeys(name);
        panel().findElement(By.className("scene-save-btn")).click();
    }

    private void setLight(int light, LightChange change) throws Exception {
        bridge.link().set(light, change).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aSceneSavedOnThePageSurvivesABridgeRestartAndIsAppliedFromThePage() throws Exception {
        Chromium.requirePresent();
        bridge = LiveBridge.startWithDataDir(dataDir);
        d = newDriver();
        d.get("http://127.0.0.1:" + bridge.port() + "/");
        waitFor(
                "the scenes panel says there are no scenes",
                LOAD,
                x -> !x.findElements(By.cssSelector(".scenes .scene-empty")).isEmpty());

        setLight(2, new LightChange(true, 200, new Rgb(0xff, 0x88, 0), null, null));
        saveOnPage("Evening");
        waitFor(
                "the saved scene listed",
                LOAD,
                x -> !x.findElements(row("Evening")).isEmpty());
        saveOnPage("evening");
        waitFor("a clashing name refused on the page", LOAD, x -> status().contains("scene_exists"));

        setLight(0xFF, new LightChange(false, null, null, null, null));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !bridge.board().lights().get(2).on());

        bridge.stop();
        waitFor(
                "the page noticed the bridge went away",
                LOAD,
                x -> !"open".equals(x.findElement(By.id("conn")).getAttribute("data-state")));
        bridge.startAgain();
        assertThat(bridge.board().lights().get(2).on())
                .as("a fresh board after the restart")
                .isFalse();
        waitFor(
                "the page reconnected and lists the scene read back from the data folder",
                RECONNECT,
                x -> "open".equals(x.findElement(By.id("conn")).getAttribute("data-state"))
                        && !x.findElements(row("Evening")).isEmpty());

        d.findElement(row("Evening")).findElement(By.className("scene-apply")).click();
        waitFor("the page says the scene was applied", LOAD, x -> status().contains("Applied"));
        assertThat(bridge.board().lights().get(2)).isEqualTo(ORANGE);
        Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(
                Path.of("target", "screenshots", "scenes.png"),
                ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));

        d.findElement(row("Evening")).findElement(By.className("scene-poweron")).click();
        waitFor(
                "the power-on mark confirmed by the bridge",
                LOAD,
                x -> x.findElement(row("Evening"))
                        .findElement(By.className("scene-poweron"))
                        .isSelected());
        assertThat(bridge.api().scenes().list("board0").scenes().powerOn()).isEqualTo("Evening");

        d.findElement(row("Evening")).findElement(By.className("scene-rename")).click();
        WebElement rename = d.findElement(By.className("scene-rename-input"));
        rename.clear();
        rename.sendKeys("Dusk\n");
        waitFor(
                "the renamed scene listed",
                LOAD,
                x -> !x.findElements(row("Dusk")).isEmpty());
        assertThat(bridge.api().scenes().list("board0").scenes().powerOn()).isEqualTo("Dusk");

        d.findElement(row("Dusk")).findElement(By.className("scene-delete")).click();
        waitFor("the deleted scene gone", LOAD, x -> x.findElements(row("Dusk")).isEmpty());
        assertThat(bridge.api().scenes().list("board0").scenes().scenes()).isEmpty();
    }
}
