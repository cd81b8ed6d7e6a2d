package io.hilbridge.browser;

import io.hilbridge.api.LiveBridge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live LED view (web/pixels.js) in real headless Chromium against a bridge with the simulated board: a strip
 * running rainbow moves on the page, and a colour set by REST shows in the view. Colours are read from the page's
 * cells (data-color, the colour each cell is painted with).
 *
 * <p>Under CI (env CI=true) missing Chromium fails the suite; elsewhere the suite is skipped with one line.
 */
class LivePixelsBrowserTest {
    private static final Duration LOAD = Duration.ofSeconds(15);
    /** Several frames of the board's live view (10 a second). */
    private static final Duration FRAMES = Duration.ofSeconds(5);

    private static LiveBridge bridge;
    private static WebDriver d;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        Chromium.requirePresent();
        bridge = LiveBridge.start();
        d = Chromium.start();
    }

    @AfterAll
    static void stop() {
        if (d != null) d.quit();
        if (bridge != null) bridge.close();
    }

    private static List<String> colors(int light) {
        return d
                .findElements(
                        By.cssSelector(".pixels-strip[data-device='board0'][data-light='" + light + "'] .pixels-cell"))
                .stream()
                .map(e -> e.getAttribute("data-color"))
                .toList();
    }

    private static void put(int light, String body) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(bridge.uri("/api/devices/board0/lights/" + light))
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void rainbowMovesOnThePageAndASetColourShows() throws Exception {
        d.get("http://127.0.0.1:" + bridge.port() + "/");
        new WebDriverWait(d, LOAD)
                .withMessage("the page connected and built the strip's live view (8 cells)")
                .until(x -> "open".equals(x.findElement(By.id("conn")).getAttribute("data-state"))
                        && colors(3).size() == 8);
        WebElement strip = d.findElement(By.cssSelector(".pixels-strip[data-device='board0'][data-light='3']"));
        assertThat(strip.getAttribute("role")).isEqualTo("img");
        assertThat(strip.getAttribute("aria-label")).contains("Strip");

        put(3, "{\"on\": true, \"brightness\": 255, \"color\": \"#ff0000\", \"effect\": \"rainbow\"}");
        new WebDriverWait(d, FRAMES)
                .withMessage("the strip's cells to show the rainbow (not black)")
                .until(x -> colors(3).stream().noneMatch("#000000"::equals));
        List<String> first = colors(3);
        assertThat(first).as("a rainbow's pixels differ along the strip").doesNotHaveDuplicates();
        new WebDriverWait(d, FRAMES)
                .withMessage(() -> "the strip's colours to change after " + first + " (the rainbow moves)")
                .until(x -> {
                    List<String> now = colors(3);
                    return now.size() == 8 && now.stream().noneMatch("#000000"::equals) && !now.equals(first);
                });

        put(2, "{\"on\": true, \"brightness\": 255, \"color\": \"#00ff00\", \"effect\": \"none\"}");
        new WebDriverWait(d, FRAMES)
                .withMessage(() -> "the RGB light's cell to show #00ff00, it shows " + colors(2))
                .until(x -> colors(2).equals(List.of("#00ff00")));

        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Files.write(shots.resolve("live-pixels.png"), ((TakesScreenshot) d).getScreenshotAs(OutputType.BYTES));
    }
}
