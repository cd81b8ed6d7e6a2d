package io.hilbridge.serial;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * What the bridge tells a person when it opens a real port: why an open failed, in one line with its fix, and, once
 * open, an FTDI latency timer above 1 ms (lowered to 1 ms when sysfs lets this user write it, else explained once) and
 * other processes that have the port open too. Linux only: elsewhere the checks find nothing and stay silent.
 *
 * <p>Thread-safe: the "said once" set is concurrent.
 */
public final class OpenAdvice {
    private static final Logger log = LoggerFactory.getLogger(OpenAdvice.class);

    private final PortChecks checks;
    private final Predicate<SysfsTty> lowerLatency;
    private final Set<String> said = ConcurrentHashMap.newKeySet();

    public OpenAdvice(PortChecks checks) {
        this(checks, OpenAdvice::lowerLatency);
    }

    /** @param lowerLatency sets an FTDI latency timer to 1 ms, true when it worked (tests: one that cannot) */
    public OpenAdvice(PortChecks checks, Predicate<SysfsTty> lowerLatency) {
        this.checks = checks;
        this.lowerLatency = lowerLatency;
    }

    /** The advice for this machine. */
    public static OpenAdvice system() {
        return Holder.SYSTEM;
    }

    private static final class Holder {
        static final OpenAdvice SYSTEM = new OpenAdvice(new PortChecks(HostRoots.system()));
    }

    /**
     * The message of a failed open: the first recognised problem's one line, else jSerialComm's error code and
     * where it happened.
     */
    public String openFailed(String device, boolean openedBefore, int errorCode, int errorLocation) {
        List<PortProblem> why = checks.whyOpenFailed(TtyDevice.of(device), openedBefore);
        if (!why.isEmpty()) return why.get(0).oneLine();
        return "cannot open " + device + " (error " + errorCode + " at " + errorLocation + "). Fix: run java -jar"
                + " hilbridge.jar doctor --serial " + device;
    }

    /** Right after a successful open: latency timer, other holders. Says each problem once per device. */
    public void afterOpen(String device) {
        TtyDevice tty = TtyDevice.of(device);
        Optional<SysfsTty> sysfs = SysfsTty.read(checks.roots(), tty.ttyName());
        checks.latency(tty, sysfs).ifPresent(problem -> {
            int was = sysfs.get().latencyTimerMs().orElse(-1);
            if (lowerLatency.test(sysfs.get())) {
                log.info("{}: FTDI latency timer lowered from {} ms to {} ms", device, was, PortChecks.GOOD_LATENCY_MS);
            } else {
                sayOnce(problem);
            }
        });
        checks.busy(tty).ifPresent(this::sayOnce);
    }

    /** Writes 1 ms into the latency timer; true when it then reads 1 ms. */
    static boolean lowerLatency(SysfsTty sysfs) {
        try {
            java.nio.file.Files.writeString(sysfs.latencyTimerFile(), PortChecks.GOOD_LATENCY_MS + "\n");
        } catch (java.io.IOException | SecurityException e) {
            return false; // not writable by this user: explained instead
        }
        return sysfs.latencyTimerMs().orElse(-1) == PortChecks.GOOD_LATENCY_MS;
    }

    private void sayOnce(PortProblem problem) {
        if (said.add(problem.kind() + " " + problem.device())) log.warn("{}", problem.oneLine());
    }
}
