package io.hilbridge.browser;

import io.hilbridge.api.LiveBridge;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Writes the README's picture of the control page: a bridge with the simulated board, a few lights set through
 * REST so the page shows colour, Chromium at a fixed 1280 px width in the light scheme, the whole page (every panel
 * that is served) in one PNG. Run through the {@code screenshot} profile of tests/pom.xml; the argument is the PNG
 * path. A program, not a test: it fails loudly instead of skipping when Chromium is missing.
 */
public final class ControlPageScreenshot {
    /** Taller pages are cut here, so the README picture stays readable. */
    private static final int MAX_HEIGHT = 2400;

    private static final Duration SETTLED = Duration.ofSeconds(20);

    private ControlPageScreenshot() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) throw new IllegalArgumentException("usage: ControlPageScreenshot OUT.png");
        if (!new File(Chromium.BINARY).canExecute() || !new File(Chromium.DRIVER).canExecute()) {
            throw new IllegalStateException("needs Chromium: apt-get install -y chromium chromium-driver");
        }
        Path out = Path.of(args[0]).toAbsolutePath();
        try (LiveBridge bridge = LiveBridge.start()) {
            put(bridge, 1, "{\"on\": true, \"brightness\": 180}");
            put(bridge, 2, "{\"on\": true, \"brightness\": 220, \"color\": \"#ff8800\"}");
            put(bridge, 3, "{\"on\": true, \"brightness\": 200, \"color\": \"#3a7bff\", \"effect\": \"rainbow\"}");
            ChromeDriver page = Chromium.start();
            try {
                Chromium.viewport(page, Chromium.DESKTOP_WIDTH, 900);
                Chromium.colourScheme(page, false);
                page.get("http://127.0.0.1:" + bridge.port() + "/");
                new WebDriverWait(page, SETTLED)
                        .withMessage("the page connected, with the board's link figures and no change pending")
                        .until(x -> "open".equals(x.findElement(By.id("conn")).getAttribute("data-state"))
                                && x.findElement(By.cssSelector(".d-rtt"))
                                        .getText()
                                        .endsWith("ms")
                                && x.findElements(By.cssSelector("fieldset.light[data-light='3'][data-on='true']"))
                                                .size()
                                        == 1
                                && x.findElements(By.cssSelector("fieldset.light[data-pending='true']"))
                                        .isEmpty());
                // the body's own height (not the viewport's): the picture ends where the page does
                long height =
                        (Long) page.executeScript("return Math.ceil(document.body.getBoundingClientRect().height)");
                Chromium.viewport(page, Chromium.DESKTOP_WIDTH, (int) Math.min(MAX_HEIGHT, height));
                Files.createDirectories(out.getParent());
                Files.write(out, page.getScreenshotAs(OutputType.BYTES));
                System.out.println("wrote " + out + " (" + Chromium.DESKTOP_WIDTH + " x " + Math.min(MAX_HEIGHT, height)
                        + " CSS px)");
            } finally {
                page.quit();
            }
        }
    }

    private static void put(LiveBridge bridge, int light, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(bridge.uri("/api/devices/board0/lights/" + light))
                                .PUT(HttpRequest.BodyPublishers.ofString(json))
                                .header("Content-Type", "application/json")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("light " + light + ": " + r.statusCode() + " " + r.body());
        }
    }
}
