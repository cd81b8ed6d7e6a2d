package io.hilbridge.serial;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** What the bridge says and does when it opens a port: one-line open errors, the FTDI latency timer, holders. */
class OpenAdviceTest {
    @TempDir
    Path dir;

    private FakeHost host;
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(OpenAdvice.class);

    @BeforeEach
    void setUp() throws Exception {
        host = new FakeHost(dir);
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void tearDown() {
        logger.detachAppender(logged);
    }

    private OpenAdvice advice(boolean mayWriteLatency) {
        PortChecks checks = new PortChecks(host.roots(), new PortHolders(host.roots(), 1));
        return mayWriteLatency ? new OpenAdvice(checks) : new OpenAdvice(checks, s -> false);
    }

    private java.util.List<String> lines() {
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aWritableLatencyTimerIsSetTo1ms() throws Exception {
        Path node = host.usbTty("ttyUSB0", 0x0403, 0x6001, "A1", "FT232R USB UART", "ftdi_sio");
        Path timer = host.latencyTimer("ttyUSB0", 16);
        advice(true).afterOpen(node.toString());
        assertThat(Files.readString(timer).trim()).isEqualTo("1");
        assertThat(lines()).containsExactly(node + ": FTDI latency timer lowered from 16 ms to 1 ms");
    }

    @Test
    void aLatencyTimerThatCannotBeWrittenIsExplainedOnceWithItsCostAndFix() throws Exception {
        Path node = host.usbTty("ttyUSB0", 0x0403, 0x6015, "A2", "FT231X USB UART", "ftdi_sio");
        Path timer = host.latencyTimer("ttyUSB0", 16);
        OpenAdvice advice = advice(false);
        advice.afterOpen(node.toString());
        advice.afterOpen(node.toString()); // a reconnect: not said again
        assertThat(Files.readString(timer).trim()).isEqualTo("16");
        assertThat(lines()).hasSize(1);
        assertThat(lines().get(0))
                .contains("FTDI latency timer is 16 ms")
                .contains("up to 16 ms")
                .contains("udev rule")
                .contains("echo 1 | sudo tee " + timer);
    }

    @Test
    void anotherHolderIsReportedAfterASuccessfulOpen() throws Exception {
        Path node = host.usbTty("ttyACM0", 0x303A, 0x1001, "F4", "USB JTAG/serial debug unit", "cdc_acm");
        host.process(812, "ModemManager", node);
        advice(true).afterOpen(node.toString());
        assertThat(lines()).hasSize(1);
        assertThat(lines().get(0))
                .startsWith(node + ": ModemManager has the port open")
                .contains("Fix: ");
    }

    @Test
    void openFailuresAreOneLineWithTheFix() throws Exception {
        Path node = host.usbTty("ttyUSB1", 0x10C4, 0xEA60, "S1", "CP2102", "cp210x");
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rw-rw----"));
        int uid = (Integer) Files.getAttribute(node, "unix:uid");
        int gid = (Integer) Files.getAttribute(node, "unix:gid");
        host.self(uid + 1000, gid + 1000);
        String denied = advice(true).openFailed(node.toString(), false, 13, 1);
        assertThat(denied).doesNotContain("\n").contains("permission denied").contains("Fix: ");

        host.self(0, 0);
        host.process(4711, "minicom", node);
        assertThat(advice(true).openFailed(node.toString(), false, 16, 1))
                .isEqualTo(node + ": the port is busy: held by minicom (pid 4711). Fix: close that program (a serial"
                        + " monitor such as idf.py monitor, screen, minicom), or: kill 4711");

        String gone = dir.resolve("dev/ttyUSB7").toString();
        assertThat(advice(true).openFailed(gone, true, 2, 1)).startsWith(gone + ": the port vanished");
        assertThat(advice(true).openFailed(gone, false, 2, 1)).startsWith(gone + ": no such port");

        host.self(0, 0);
        Path plain = host.usbTty("ttyUSB2", 0x10C4, 0xEA60, "S2", "CP2102", "cp210x");
        assertThat(advice(true).openFailed(plain.toString(), false, 5, 3))
                .isEqualTo("cannot open " + plain + " (error 5 at 3). Fix: run java -jar hilbridge.jar doctor --serial "
                        + plain);
    }
}
