package io.hilbridge.browser;

import com.sun.net.httpserver.HttpServer;
import io.hilbridge.api.LiveBridge;
import io.hilbridge.lights.DeviceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control page in real headless Chromium (Debian's chromium + chromium-driver), two browsers on one bridge
 * with the simulated board. One class and two drivers for the whole suite, to keep it short. Screenshots go to
 * tests/target/screenshots/.
 *
 * <p>Under CI (env CI=true) missing Chromium fails the suite; elsewhere the suite is skipped with one line.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPageBrowserTest {
    /** What the issue asks: a change in one browser shows in the other within a second. */
    private static final Duration PROPAGATION = Duration.ofSeconds(1);

    private static final Duration LOAD = Duration.ofSeconds(15);
    private static final Path SHOTS = Path.of("target", "screenshots");

    private static LiveBridge bridge;
    private static WebDriver a;
    private static WebDriver b;

    @BeforeAll
    static void startBrowsers() throws IOException {
        Chromium.requirePresent();
        Files.createDirectories(SHOTS);
        bridge = LiveBridge.start();
        a = Chromium.start();
        b = Chromium.start();
    }

    @AfterAll
    static void stop() {
        for (WebDriver d : new WebDriver[] {a, b}) {
            if (d != null) d.quit();
        }
        if (bridge != null) bridge.close();
    }

    private static String pageUrl() {
        return "http://127.0.0.1:" + bridge.port() + "/";
    }

    private static void open(WebDriver d) {
        d.get(pageUrl());
        new WebDriverWait(d, LOAD)
                .until(x -> "open".equals(x.findElement(By.id("conn")).getAttribute("data-state"))
                        && !x.findElements(By.cssSelector("fieldset.light[data-light='3']"))
                                .isEmpty());
    }

    private static WebElement light(WebDriver d, int id) {
        return d.findElement(By.cssSelector("fieldset.light[data-device='board0'][data-light='" + id + "']"));
    }

    private static void waitAttr(WebDriver d, int light, String attr, String value, Duration within) {
        new WebDriverWait(d, within)
                .withMessage(() -> "light " + light + " " + attr + " = " + value)
                .until(x -> value.equals(light(x, light).getAttribute(attr)));
    }

    private static void shot(WebDriver d, String name) throws IOException {
        byte[] png = ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve(name + ".png"), png);
    }

    @Test
    @Order(1)
    void pageBuildsItselfFromTheCapabilitiesAndIsLabelled() throws IOException {
        open(a);
        // on/off LED: a toggle and the blink effect, no slider or colour
        assertThat(light(a, 0).findElements(By.cssSelector("[data-role=brightness]")))
                .isEmpty();
        assertThat(light(a, 0).findElements(By.cssSelector("[data-role=color]")))
                .isEmpty();
        assertThat(light(a, 0).findElements(By.cssSelector("[data-role=effect] option")))
                .extracting(WebElement::getText)
                .containsExactly("none", "blink");
        // dimmable: slider, no colour; RGB and strip: slider and colour
        assertThat(light(a, 1).findElements(By.cssSelector("[data-role=brightness]")))
                .hasSize(1);
        assertThat(light(a, 1).findElements(By.cssSelector("[data-role=color]")))
                .isEmpty();
        assertThat(light(a, 2).findElements(By.cssSelector("[data-role=color]")))
                .hasSize(1);
        assertThat(light(a, 3).findElements(By.cssSelector("[data-role=transition]")))
                .hasSize(1);
        assertThat(a.findElement(By.cssSelector(".d-firmware")).getText()).isEqualTo("sim-0.1.0");
        assertThat(a.findElement(By.cssSelector(".d-transport")).getText())
                .isEqualTo(bridge.link().transport());
        // every control has an accessible label (a <label>, or aria-label(ledby) where a panel has no room for
        // one); toggles are switches with a state
        Object unlabelled = ((JavascriptExecutor) a)
                .executeScript("return [...document.querySelectorAll('input,select')]"
                        + ".filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')"
                        + " && !e.getAttribute('aria-labelledby')).map(e => e.outerHTML)");
        assertThat((java.util.List<?>) unlabelled)
                .as("controls without a label")
                .isEmpty();
        assertThat(a.findElements(By.cssSelector("button[role=switch][aria-checked]")))
                .hasSize(4);
        new WebDriverWait(a, LOAD)
                .until(x -> x.findElement(By.cssSelector(".d-rtt")).getText().endsWith("ms")
                        || x.findElement(By.cssSelector(".d-errors")).getText().contains("decode"));
        shot(a, "01-page");
    }

    @Test
    @Order(2)
    void toggleSliderAndColourInOneBrowserAppearInTheOther() throws IOException {
        open(a);
        open(b);
        boolean wasOn = Boolean.parseBoolean(light(b, 1).getAttribute("data-on"));

        // toggle, by keyboard: focus the switch and press space
        WebElement toggle = light(a, 1).findElement(By.cssSelector("[data-role=toggle]"));
        toggle.sendKeys(Keys.SPACE);
        waitAttr(b, 1, "data-on", String.valueOf(!wasOn), PROPAGATION);
        assertThat(light(a, 1).findElement(By.cssSelector("[data-role=toggle]")).getAttribute("aria-checked"))
                .isEqualTo(String.valueOf(!wasOn));
        if (wasOn) {
            toggle.sendKeys(Keys.SPACE);
            waitAttr(b, 1, "data-on", "true", PROPAGATION);
        }

        // slider, by keyboard: Home then a few arrows; every step is sent (throttled), the last one wins
        WebElement slider = light(a, 1).findElement(By.cssSelector("[data-role=brightness]"));
        slider.sendKeys(Keys.HOME);
        for (int i = 0; i < 20; i++) slider.sendKeys(Keys.ARROW_RIGHT);
        waitAttr(b, 1, "data-brightness", "20", PROPAGATION);
        waitAttr(a, 1, "data-pending", "false", PROPAGATION);
        assertThat(bridge.board().lights().get(1).brightness()).isEqualTo(20);

        // slider, by mouse: a drag sends while moving (throttled); after release the last value is confirmed
        WebElement slider2 = light(a, 2).findElement(By.cssSelector("[data-role=brightness]"));
        new org.openqa.selenium.interactions.Actions(a)
                .clickAndHold(slider2)
                .moveByOffset(-20, 0)
                .moveByOffset(-20, 0)
                .moveByOffset(-20, 0)
                .release()
                .perform();
        String dragged = slider2.getAttribute("value");
        assertThat(Integer.parseInt(dragged)).isLessThan(255);
        waitAttr(b, 2, "data-brightness", dragged, PROPAGATION);
        waitAttr(a, 2, "data-pending", "false", PROPAGATION);
        assertThat(String.valueOf(bridge.board().lights().get(2).brightness())).isEqualTo(dragged);

        // colour: the native picker cannot be driven, so set the value and fire the events a pick fires
        WebElement on2 = light(a, 2).findElement(By.cssSelector("[data-role=toggle]"));
        if (!"true".equals(light(a, 2).getAttribute("data-on"))) {
            on2.click();
            waitAttr(b, 2, "data-on", "true", PROPAGATION);
        }
        WebElement colour = light(a, 2).findElement(By.cssSelector("[data-role=color]"));
        ((JavascriptExecutor) a)
                .executeScript(
                        "arguments[0].value = '#ff8800';"
                                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                                + "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                        colour);
        waitAttr(b, 2, "data-color", "#ff8800", PROPAGATION);
        assertThat(bridge.board().lights().get(2).color().hex()).isEqualTo("#ff8800");
        assertThat(light(b, 2).findElement(By.cssSelector("[data-role=color]")).getAttribute("value"))
                .isEqualTo("#ff8800");

        // effect picker (a native select, keyboard-operable): breathe on the desk lamp, then back to none
        org.openqa.selenium.support.ui.Select fx = new org.openqa.selenium.support.ui.Select(
                light(a, 1).findElement(By.cssSelector("[data-role=effect]")));
        fx.selectByValue("breathe");
        waitAttr(b, 1, "data-effect", "breathe", PROPAGATION);
        assertThat(bridge.board().lights().get(1).effect().apiName()).isEqualTo("breathe");
        fx.selectByValue("none");
        waitAttr(b, 1, "data-effect", "none", PROPAGATION);

        // a change the board makes itself (its button) reaches both
        boolean s0 = Boolean.parseBoolean(light(a, 0).getAttribute("data-on"));
        bridge.board().pressButton(0);
        waitAttr(a, 0, "data-on", String.valueOf(!s0), PROPAGATION);
        waitAttr(b, 0, "data-on", String.valueOf(!s0), PROPAGATION);
        shot(a, "02-sync-browser-a");
        shot(b, "02-sync-browser-b");
    }

    @Test
    @Order(3)
    void anUnpluggedBoardShowsTheOfflineBannerThenRecovers() throws IOException {
        open(a);
        open(b);
        bridge.board().faults().unplug();
        try {
            for (WebDriver d : List.of(a, b)) {
                new WebDriverWait(d, Duration.ofSeconds(10))
                        .until(x -> x.findElement(By.id("offline-banner")).isDisplayed());
                assertThat(d.findElement(By.id("offline-banner")).getText()).contains("offline");
                assertThat(light(d, 1).getAttribute("disabled")).isNotNull();
                assertThat(light(d, 1)
                                .findElement(By.cssSelector("[data-role=brightness]"))
                                .isEnabled())
                        .isFalse();
                assertThat(d.findElement(By.cssSelector(".d-status")).getText()).isEqualTo("offline");
            }
            shot(a, "03-offline");
        } finally {
            bridge.board().faults().replug();
        }
        for (WebDriver d : List.of(a, b)) {
            new WebDriverWait(d, Duration.ofSeconds(15))
                    .until(x -> !x.findElement(By.id("offline-banner")).isDisplayed());
            new WebDriverWait(d, LOAD).until(x -> light(x, 1).getAttribute("disabled") == null);
            assertThat(d.findElement(By.cssSelector(".d-status")).getText()).isEqualTo("online");
        }
        // The replugged board booted with its lights off and the bridge replayed what was asked before; once that
        // has settled, both pages show the board's state, and commands work again.
        new WebDriverWait(a, LOAD)
                .until(x -> !bridge.link().pending(0)
                        && String.valueOf(bridge.board().lights().get(0).on())
                                .equals(light(x, 0).getAttribute("data-on")));
        boolean on = Boolean.parseBoolean(light(a, 0).getAttribute("data-on"));
        light(a, 0).findElement(By.cssSelector("[data-role=toggle]")).click();
        waitAttr(b, 0, "data-on", String.valueOf(!on), PROPAGATION);
        assertThat(bridge.board().lights().get(0).on()).isEqualTo(!on);
        shot(a, "04-recovered");
    }

    @Test
    @Order(4)
    void thePageReconnectsWhenTheBridgeRestarts() throws IOException {
        open(a);
        bridge.stop();
        // the page notices and says so, with its controls disabled
        new WebDriverWait(a, Duration.ofSeconds(10))
                .until(x -> x.findElement(By.id("conn-banner")).isDisplayed());
        assertThat(a.findElement(By.id("conn-banner")).getText()).contains("Reconnecting");
        assertThat(light(a, 1).getAttribute("disabled")).isNotNull();
        assertThat(a.findElement(By.cssSelector(".d-status")).getText()).startsWith("unknown");
        shot(a, "05-bridge-down-reconnecting");
        bridge.startAgain();
        // and comes back by itself
        new WebDriverWait(a, Duration.ofSeconds(20))
                .until(x -> "open".equals(x.findElement(By.id("conn")).getAttribute("data-state"))
                        && !x.findElement(By.id("conn-banner")).isDisplayed()
                        && light(x, 1).getAttribute("disabled") == null);
        bridge.awaitStatus(DeviceStatus.ONLINE);
        boolean on = Boolean.parseBoolean(light(a, 0).getAttribute("data-on"));
        light(a, 0).findElement(By.cssSelector("[data-role=toggle]")).click();
        waitAttr(a, 0, "data-on", String.valueOf(!on), PROPAGATION);
        shot(a, "06-reconnected");
    }

    @Test
    @Order(5)
    void phoneWidthAndDarkTheme() throws IOException {
        open(b);
        Dimension before = b.manage().window().getSize();
        try {
            b.manage().window().setSize(new Dimension(390, 844));
            ((ChromeDriver) b)
                    .executeCdpCommand(
                            "Emulation.setEmulatedMedia",
                            Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            Object overflow = ((JavascriptExecutor) b)
                    .executeScript("return document.documentElement.scrollWidth > window.innerWidth");
            assertThat(overflow).as("no horizontal scrolling at phone width").isEqualTo(false);
            Object bg =
                    ((JavascriptExecutor) b).executeScript("return getComputedStyle(document.body).backgroundColor");
            assertThat(bg).as("dark background from the system theme").isEqualTo("rgb(15, 18, 22)");
            shot(b, "07-phone-dark");
        } finally {
            ((ChromeDriver) b).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
            b.manage().window().setSize(before);
        }
    }

    @Test
    @Order(7)
    void theTokenInThePageUrlIsPassedToTheWebSocket() throws IOException {
        try (LiveBridge guarded = LiveBridge.start("s3cret-t0ken", java.util.Set.of())) {
            String base = "http://127.0.0.1:" + guarded.port() + "/";
            b.get(base);
            new WebDriverWait(b, LOAD)
                    .until(x -> x.findElement(By.id("conn-banner")).isDisplayed());
            assertThat(b.findElement(By.id("conn-banner")).getText()).contains("?token=");
            assertThat(b.findElements(By.cssSelector("fieldset.light"))).isEmpty();
            shot(b, "09-token-missing");
            b.get(base + "?token=s3cret-t0ken");
            new WebDriverWait(b, LOAD)
                    .until(x -> "open".equals(x.findElement(By.id("conn")).getAttribute("data-state"))
                            && !x.findElements(By.cssSelector("fieldset.light[data-light='0']"))
                                    .isEmpty());
            boolean on = Boolean.parseBoolean(light(b, 0).getAttribute("data-on"));
            light(b, 0).findElement(By.cssSelector("[data-role=toggle]")).click();
            waitAttr(b, 0, "data-on", String.valueOf(!on), PROPAGATION);
            assertThat(guarded.board().lights().get(0).on()).isEqualTo(!on);
        } finally {
            b.get("about:blank");
        }
    }

    @Test
    @Order(9)
    void aLightWithAHardwareFaultIsMarkedInEveryPageUntilItWorksAgain() throws IOException {
        open(a);
        bridge.board().faults().stickLight(3, true); // the board reports FAULT OUTPUT_STUCK for the strip
        try {
            waitAttr(a, 3, "data-fault", "output_stuck", PROPAGATION);
            open(b); // a page loaded now learns it from the hello snapshot
            waitAttr(b, 3, "data-fault", "output_stuck", PROPAGATION);
            for (WebDriver d : List.of(a, b)) {
                WebElement line = light(d, 3).findElement(By.cssSelector(".fault-line"));
                assertThat(line.isDisplayed()).isTrue();
                assertThat(line.getText()).contains("Hardware fault").contains("output stuck");
                assertThat(light(d, 3).getAttribute("class")).contains("faulted");
                assertThat(light(d, 2).getAttribute("data-fault"))
                        .as("the other lights work")
                        .isEmpty();
                assertThat(light(d, 3).getAttribute("disabled"))
                        .as("its controls stay usable")
                        .isNull();
            }
            shot(a, "09-light-fault");
        } finally {
            bridge.board().faults().stickLight(3, false);
        }
        for (WebDriver d : List.of(a, b)) {
            waitAttr(d, 3, "data-fault", "", PROPAGATION);
            assertThat(light(d, 3).findElement(By.cssSelector(".fault-line")).isDisplayed())
                    .isFalse();
        }
    }

    @Test
    @Order(8)
    void twoBoardsGetAPanelEach() throws IOException {
        try (LiveBridge two = LiveBridge.startBoards(2)) {
            b.get("http://127.0.0.1:" + two.port() + "/");
            new WebDriverWait(b, LOAD)
                    .until(x -> x.findElements(By.cssSelector("section.device")).size() == 2
                            && !x.findElements(By.cssSelector("fieldset.light[data-device='board1'][data-light='3']"))
                                    .isEmpty());
            two.board("board1").pressButton(0);
            new WebDriverWait(b, PROPAGATION)
                    .until(x -> "true"
                            .equals(x.findElement(
                                            By.cssSelector("fieldset.light[data-device='board1'][data-light='0']"))
                                    .getAttribute("data-on")));
            assertThat(b.findElement(By.cssSelector("fieldset.light[data-device='board0'][data-light='0']"))
                            .getAttribute("data-on"))
                    .isEqualTo("false");
            shot(b, "10-two-boards");
        } finally {
            b.get("about:blank");
        }
    }

    @Test
    @Order(6)
    void aPageFromAnotherOriginCannotOpenTheWebSocket() throws Exception {
        int port = bridge.port();
        String html = "<!doctype html><title>elsewhere</title><pre id=out>pending</pre><script>"
                + "const out = document.getElementById('out'); const log = t => out.textContent += ' ' + t;"
                + "const ws = new WebSocket('ws://127.0.0.1:" + port + "/ws');"
                + "ws.onopen = () => log('ws-open'); ws.onmessage = () => log('ws-message');"
                + "ws.onclose = e => log('ws-closed');"
                + "fetch('http://127.0.0.1:" + port + "/api/devices/board0/lights/0', {method: 'PUT',"
                + " body: JSON.stringify({on: true}), headers: {'Content-Type': 'application/json'}})"
                + ".then(r => log('rest-' + r.status), () => log('rest-blocked'));"
                + "</script>";
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", ex -> {
            byte[] body = html.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        other.start();
        try {
            long setsBefore = bridge.board().setsApplied();
            a.get("http://127.0.0.1:" + other.getAddress().getPort() + "/");
            new WebDriverWait(a, LOAD).until(x -> {
                String t = x.findElement(By.id("out")).getText();
                return t.contains("ws-closed") && t.contains("rest-");
            });
            String t = a.findElement(By.id("out")).getText();
            assertThat(t).doesNotContain("ws-open").doesNotContain("ws-message").contains("rest-blocked");
            assertThat(bridge.board().setsApplied())
                    .as("the foreign page changed nothing")
                    .isEqualTo(setsBefore);
            shot(a, "08-foreign-origin-refused");
        } finally {
            other.stop(0);
        }
    }
}
