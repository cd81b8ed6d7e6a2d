package io.hilbridge.browser;

import io.hilbridge.api.LiveBridge;
import io.hilbridge.lights.LightState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control page driven with the keyboard only, as a person without a mouse would: Tab from the top of the page to
 * each control, then Space, arrow keys, typing and Enter. After each step the board's confirmed state must have
 * changed; every control reached shows a visible focus ring.
 */
class KeyboardBrowserTest {
    private static final Duration CONFIRMED = Duration.ofSeconds(5);
    /** More than the page has controls for one board; a control not reached within this many Tabs is unreachable. */
    private static final int MAX_TABS = 60;

    private LiveBridge bridge;
    private ChromeDriver page;

    @BeforeEach
    void start() {
        Chromium.requirePresent();
        bridge = LiveBridge.start();
        page = Chromium.start();
        page.get("http://127.0.0.1:" + bridge.port() + "/");
        new WebDriverWait(page, Duration.ofSeconds(15))
                .withMessage("the page connected and built light 3")
                .until(x -> "open".equals(x.findElement(By.id("conn")).getAttribute("data-state"))
                        && !x.findElements(By.cssSelector("fieldset.light[data-light='3']"))
                                .isEmpty());
    }

    @AfterEach
    void stop() {
        if (page != null) page.quit();
        if (bridge != null) bridge.close();
    }

    @Test
    void everyKindOfControlWorksFromTheKeyboardAlone() {
        // a toggle: Tab to it, Space
        boolean wasOn = board(1).on();
        tabTo(control(1, "toggle"));
        keys(Keys.SPACE);
        awaitBoard("light 1 switched " + (wasOn ? "off" : "on"), 1, l -> l.on() != wasOn);

        // a slider: the next Tab stop; Home, then five steps right
        tabTo(control(1, "brightness"));
        keys(Keys.HOME);
        keys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
        awaitBoard("light 1 at brightness 5", 1, l -> l.brightness() == 5);

        // a colour: the picker is reachable, and the typed field next to it sets the colour with Enter
        tabTo(control(2, "toggle"));
        if (!board(2).on()) {
            keys(Keys.SPACE);
            awaitBoard("light 2 on", 2, LightState::on);
        }
        tabTo(control(2, "color"));
        tabTo(control(2, "color-hex"));
        keys("#00ff88", Keys.ENTER); // Tab into a text field selects its text, so typing replaces it
        awaitBoard("light 2 colour #00ff88", 2, l -> l.color().hex().equals("#00ff88"));

        // an effect: a closed select changes its choice with the arrow keys
        WebElement effect = page.findElement(control(3, "effect"));
        String before = board(3).effect().apiName();
        tabTo(control(3, "effect"));
        keys(Keys.ARROW_DOWN);
        String chosen = effect.getAttribute("value");
        assertThat(chosen).as("ArrowDown picked another effect").isNotEqualTo(before);
        awaitBoard(
                "light 3 running effect " + chosen, 3, l -> l.effect().apiName().equals(chosen));

        // and the page shows what the board confirmed
        new WebDriverWait(page, CONFIRMED)
                .withMessage("the page shows the confirmed states")
                .until(x -> "5".equals(light(1).getAttribute("data-brightness"))
                        && "#00ff88".equals(light(2).getAttribute("data-color"))
                        && chosen.equals(light(3).getAttribute("data-effect")));
    }

    /**
     * Every visible, enabled control on the page as served (feature panels included) is a Tab stop and shows a focus
     * ring when reached; a radio group counts as one stop. Tabbing once around the page must reach them all.
     */
    @Test
    void everyControlOnThePageIsATabStopWithAVisibleFocusRing() {
        new WebDriverWait(page, CONFIRMED)
                .withMessage("the round trip or link errors shown")
                .until(x ->
                        !"–".equals(x.findElement(By.cssSelector(".d-errors")).getText()));
        @SuppressWarnings("unchecked")
        List<String> controls = (List<String>) page.executeScript(NAME_CONTROLS);
        assertThat(controls).as("controls on the page").isNotEmpty();
        Map<String, Boolean> reached = new LinkedHashMap<>();
        for (int i = 0; i < controls.size() + 10 && !reached.keySet().containsAll(controls); i++) {
            keys(Keys.TAB);
            @SuppressWarnings("unchecked")
            List<Object> focus = (List<Object>) page.executeScript(FOCUSED);
            if (focus.get(0) != null) reached.putIfAbsent((String) focus.get(0), (Boolean) focus.get(1));
        }
        assertThat(reached.keySet()).as("Tab stops reached").containsAll(controls);
        assertThat(reached)
                .as("a visible focus ring on every control")
                .allSatisfy((name, ring) -> assertThat(ring).as(name).isTrue());
    }

    /**
     * Names every visible enabled control once (data-kb-name), radio groups by their name; returns the names. A
     * control taken out of the Tab order (tabindex -1) is still listed, so the test catches it.
     */
    private static final String NAME_CONTROLS = "const seen = new Set(), names = [];"
            + "document.querySelectorAll('a[href],button,input,select,textarea,summary,[tabindex]:not([tabindex^=\"-\"]),"
            + "[role=button],[role=switch],[role=slider],[role=checkbox],[role=link],[role=tab]').forEach((e, i) => {"
            + "  if (e.disabled || e.closest('fieldset[disabled],[hidden],[inert]')) return;"
            + "  if (e.type === 'hidden' || !e.getClientRects().length) return;"
            + "  const n = e.type === 'radio' && e.name ? 'radio:' + e.name : (e.id || e.tagName + '#' + i);"
            + "  e.dataset.kbName = n; if (!seen.has(n)) { seen.add(n); names.push(n); } });"
            + "return names;";

    /** The focused control's name and whether its focus ring shows (:focus-visible, outline at least 2 px). */
    private static final String FOCUSED = "const e = document.activeElement, s = getComputedStyle(e);"
            + "return [e.dataset ? e.dataset.kbName || null : null,"
            + " e.matches(':focus-visible') && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2];";

    @Test
    void aMistypedColourIsRefusedWithAMessageAndChangesNothing() {
        String colour = board(2).color().hex();
        tabTo(control(2, "color-hex"));
        keys("#12345", Keys.ENTER);
        WebElement error = light(2).findElement(By.cssSelector(".light-error"));
        new WebDriverWait(page, CONFIRMED)
                .withMessage("an error message under light 2")
                .until(x -> error.getText().contains("#rrggbb"));
        assertThat(page.findElement(control(2, "color-hex")).getAttribute("value"))
                .as("what was typed, kept for correcting")
                .isEqualTo("#12345");
        assertThat(board(2).color().hex()).isEqualTo(colour);
    }

    private LightState board(int light) {
        return bridge.board().lights().get(light);
    }

    private WebElement light(int id) {
        return page.findElement(By.cssSelector("fieldset.light[data-device='board0'][data-light='" + id + "']"));
    }

    private static By control(int light, String role) {
        return By.cssSelector(
                "fieldset.light[data-device='board0'][data-light='" + light + "'] [data-role='" + role + "']");
    }

    private void keys(CharSequence... keys) {
        new Actions(page).sendKeys(keys).perform();
    }

    /**
     * Presses Tab until {@code target} has the focus (failing with the Tab stops passed when it is not reached), then
     * checks that the focus is visible: the browser matches :focus-visible and draws an outline at least 2 px wide.
     */
    private void tabTo(By target) {
        WebElement wanted = page.findElement(target);
        List<String> passed = new ArrayList<>();
        for (int i = 0; i < MAX_TABS && !wanted.equals(page.switchTo().activeElement()); i++) {
            keys(Keys.TAB);
            passed.add(describe(page.switchTo().activeElement()));
        }
        assertThat(page.switchTo().activeElement())
                .as("Tab reaches %s; it passed %s", target, passed)
                .isEqualTo(wanted);
        Object ring = page.executeScript("const e = document.activeElement, s = getComputedStyle(e);"
                + "return e.matches(':focus-visible') && s.outlineStyle !== 'none'"
                + " && parseFloat(s.outlineWidth) >= 2;");
        assertThat(ring).as("a visible focus ring on %s", target).isEqualTo(true);
    }

    private static String describe(WebElement e) {
        String role = e.getAttribute("data-role");
        return e.getTagName() + (role == null ? "" : "[" + role + "]");
    }

    private void awaitBoard(String what, int light, Predicate<LightState> confirmed) {
        new WebDriverWait(page, CONFIRMED)
                .withMessage(() -> "the board confirmed " + what + "; it reports " + board(light) + "; the page says: "
                        + light(light).getText().replace('\n', ' ') + "; focus on "
                        + describe(page.switchTo().activeElement()) + " = "
                        + page.switchTo().activeElement().getAttribute("value"))
                .until(x -> confirmed.test(board(light)));
    }
}
