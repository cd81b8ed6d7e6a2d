package io.hilbridge.doctor;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code hilbridge doctor}: checks every serial port and says, per port, what stands between it and a working board,
 * with a fix per problem. Exit codes: 0 the chosen ports are ready, 1 a chosen port has a problem (or no ESP32 USB
 * bridge is attached and none was named), 2 bad command line.
 */
@Command(
        name = "doctor",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Checks the serial ports: USB id and chip, serial number, by-id name, whether this user may open"
                + " it, whether another program holds it, the FTDI latency timer, and whether hilbridge firmware answers"
                + " (HELLO). A verdict per port and a fix per problem.",
        footer = {
            "",
            "Exit: 0 chosen ports ready; 1 a chosen port has a problem, or none named and no ESP32 USB bridge"
                    + " attached; 2 bad command line."
        })
public final class DoctorCommand implements Callable<Integer> {

    @Option(
            names = "--serial",
            paramLabel = "PATH",
            description = "Port to check for firmware; repeatable. Default: every port with an ESP32 board's USB id.")
    List<String> serial = new ArrayList<>();

    @Option(
            names = "--baud",
            paramLabel = "N",
            defaultValue = "115200",
            description = "UART baud rate (default: ${DEFAULT-VALUE}).")
    int baud;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "3",
            description = "How long to wait for the board's HELLO (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(
            names = "--reset",
            description = "Reset the board before asking for its HELLO (off: the board is left as it is).")
    boolean resetFirst;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        if (baud <= 0) throw new CommandLine.ParameterException(cl, "--baud must be positive, got " + baud);
        if (timeoutSeconds < 1 || timeoutSeconds > 60) {
            throw new CommandLine.ParameterException(cl, "--timeout must be 1..60 seconds, got " + timeoutSeconds);
        }
        quietLinkLogs();
        PrintWriter out = cl.getOut();
        Doctor.Result result = Doctor.system().examine(serial, baud, Duration.ofSeconds(timeoutSeconds), resetFirst);
        ReportPrinter.print(result, out);
        return result.exitCode();
    }

    /** The doctor says everything itself; the link's own log lines would repeat it (unless a level was asked for). */
    private static void quietLinkLogs() {
        if (System.getenv("HILBRIDGE_LOG_LEVEL") != null) return;
        if (org.slf4j.LoggerFactory.getLogger("io.hilbridge") instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }
}
