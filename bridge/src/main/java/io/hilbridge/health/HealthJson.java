package io.hilbridge.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Builds the link-health body (protocol-spec/schemas/health.json), the same for {@code GET
 * /api/devices/{device}/health} and the WebSocket {@code health} reply: the samples as columns, oldest first, which
 * is the shape chart libraries take. Stateless.
 */
public final class HealthJson {
    private HealthJson() {}

    public static ObjectNode body(String device, Duration interval, LinkHealthSampler sampler, long sinceMillis) {
        List<HealthSample> samples = sampler.samples(sinceMillis);
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("device", device);
        o.put("intervalMs", interval.toMillis());
        o.put("capacity", sampler.capacity());
        ObjectNode cols = o.putObject("samples");
        ArrayNode t = cols.putArray("t");
        for (HealthSample s : samples) t.add(s.atMillis());
        column(cols, "roundTrips", samples, HealthSample::roundTrips, false);
        column(cols, "rttP50Micros", samples, HealthSample::rttP50Micros, true);
        column(cols, "rttP99Micros", samples, HealthSample::rttP99Micros, true);
        column(cols, "retransmits", samples, HealthSample::retransmits, false);
        column(cols, "timeouts", samples, HealthSample::timeouts, false);
        column(cols, "noiseErrors", samples, HealthSample::noiseErrors, false);
        column(cols, "bootText", samples, HealthSample::bootText, false);
        return o;
    }

    /** {@code gapWhenNegative}: an interval without round trips has no percentile, shown as null (a gap). */
    private static void column(
            ObjectNode cols,
            String name,
            List<HealthSample> samples,
            ToIntFunction<HealthSample> value,
            boolean gapWhenNegative) {
        ArrayNode a = cols.putArray(name);
        for (HealthSample s : samples) {
            int v = value.applyAsInt(s);
            if (gapWhenNegative && v < 0) a.addNull();
            else a.add(v);
        }
    }
}
