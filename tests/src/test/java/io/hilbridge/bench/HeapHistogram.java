package io.hilbridge.bench;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A class histogram of this JVM's live heap (the {@code GC.class_histogram} diagnostic command, which collects
 * first), to show what a benchmark's connections hold, class by class. Not thread-safe; benchmark use only.
 */
final class HeapHistogram {
    private static final Pattern LINE = Pattern.compile("\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*");

    /** Instances and bytes per class name. */
    private final Map<String, long[]> byClass;

    private HeapHistogram(Map<String, long[]> byClass) {
        this.byClass = byClass;
    }

    static HeapHistogram take() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer()
                .invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "gcClassHistogram",
                        new Object[] {new String[0]},
                        new String[] {String[].class.getName()});
        Map<String, long[]> m = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher x = LINE.matcher(line);
            if (x.matches()) {
                m.put(x.group(3), new long[] {Long.parseLong(x.group(1)), Long.parseLong(x.group(2))});
            }
        }
        return new HeapHistogram(m);
    }

    /** Prints the {@code top} classes that grew most since {@code before}, per one of {@code n} connections. */
    void printGrowthPer(HeapHistogram before, int n, int top) {
        List<Map.Entry<String, long[]>> grown = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, long[]> e : byClass.entrySet()) {
            long[] b = before.byClass.getOrDefault(e.getKey(), new long[2]);
            long[] d = {e.getValue()[0] - b[0], e.getValue()[1] - b[1]};
            total += d[1];
            if (d[1] > 0) grown.add(Map.entry(e.getKey(), d));
        }
        grown.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        System.out.printf(
                Locale.ROOT, "  heap growth per client (%,d clients): %,.0f B in all%n", n, (double) total / n);
        for (Map.Entry<String, long[]> e : grown.subList(0, Math.min(top, grown.size()))) {
            System.out.printf(
                    Locale.ROOT,
                    "    %8.2f objects %8.1f B  %s%n",
                    (double) e.getValue()[0] / n,
                    (double) e.getValue()[1] / n,
                    e.getKey());
        }
    }
}
