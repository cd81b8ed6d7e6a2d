package io.hilbridge.browser;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium for the browser tests and the screenshot tool: the CI-or-skip rule for a missing
 * browser, and the two things a page is viewed under (viewport width, light or dark colour scheme). Stateless; each
 * driver is used by one thread.
 */
public final class Chromium {
    public static final String BINARY = "/usr/bin/chromium";
    public static final String DRIVER = "/usr/bin/chromedriver";

    /** The widths the page is checked at: a desktop window and a common phone (CSS pixels). */
    public static final int DESKTOP_WIDTH = 1280;

    public static final int PHONE_WIDTH = 390;

    private Chromium() {}

    /** Under CI (env CI=true) a missing Chromium fails; elsewhere the calling test is skipped with one line. */
    public static void requirePresent() {
        boolean present = new File(BINARY).canExecute() && new File(DRIVER).canExecute();
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(
                    present,
                    "browser tests skipped: install chromium and chromium-driver "
                            + "(apt-get install -y chromium chromium-driver)");
        } else {
            assertThat(present).as("CI=true needs " + BINARY + " and " + DRIVER).isTrue();
        }
    }

    /** A new headless browser with a 1280 x 900 window; the caller quits it. */
    public static ChromeDriver start() {
        return start(options(900));
    }

    /** A new headless browser with these options (from {@link #options}); the caller quits it. */
    public static ChromeDriver start(ChromeOptions options) {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    /** Debian's Chromium, headless, in a desktop-wide window {@code windowHeight} pixels high. */
    public static ChromeOptions options(int windowHeight) {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(BINARY);
        o.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--window-size=" + DESKTOP_WIDTH + "," + windowHeight);
        return o;
    }

    /**
     * Sets the viewport (not the window, whose frame differs between headless modes) to {@code width} x
     * {@code height} CSS pixels at scale 1; a phone width also turns on touch-style mobile emulation.
     */
    public static void viewport(ChromeDriver d, int width, int height) {
        d.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", width < 600));
    }

    /** Makes the page see {@code prefers-color-scheme: dark} (or light), as a system theme would. */
    public static void colourScheme(ChromeDriver d, boolean dark) {
        d.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    }
}
