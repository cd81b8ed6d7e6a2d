package io.hilbridge.trace;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code hilbridge trace FILE}: prints a link trace written with {@code --trace}, one line per record, without
 * Wireshark. Exit codes: 0 the whole file was read, 1 it cannot be read or is not a valid trace (after printing the
 * records before the fault; the message names the byte offset), 2 bad command line.
 */
@Command(
        name = "trace",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Prints a link trace (written with --trace) as text: time (UTC), board, direction (tx = host to"
                + " board, rx = board to host), frame type, seq and decoded fields; decode errors with their bytes; link"
                + " events; dropped records.",
        footer = {"", "Exit: 0 read to the end; 1 the file cannot be read or is not a valid trace; 2 bad command line."
        })
public final class TraceCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The trace file (pcapng).")
    Path file;

    @CommandLine.Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long records = 0;
        try (InputStream in = Files.newInputStream(file);
                TraceReader reader = new TraceReader(in)) {
            for (TraceRecord r = reader.next(); r != null; r = reader.next()) {
                out.println(TraceText.line(r, reader.boards()));
                records++;
            }
            out.flush();
            return 0;
        } catch (TraceFormatException e) {
            out.flush();
            err.println("hilbridge trace: " + file + ": " + e.getMessage() + " (after " + records + " records)");
        } catch (NoSuchFileException e) {
            err.println("hilbridge trace: " + file + ": no such file");
        } catch (IOException e) {
            err.println("hilbridge trace: " + file + ": cannot be read: " + e.getMessage());
        }
        err.flush();
        return 1;
    }
}
