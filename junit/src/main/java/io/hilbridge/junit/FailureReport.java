package io.hilbridge.junit;

import io.hilbridge.client.Device;
import io.hilbridge.client.Light;
import io.hilbridge.link.BoardLink;

import java.util.Optional;

/**
 * Builds the message of every failed light assertion, so a red run explains itself: what was wanted, what the board
 * confirmed, what clients asked for (desired), the device's and connection's status, the recent link events, the
 * board's last log lines and where the link trace is. Stateless.
 */
final class FailureReport {
    private FailureReport() {}

    static String of(LightHandle light, String requirement, String outcome) {
        Board board = light.board();
        BoardRig rig = board.rig();
        StringBuilder b = new StringBuilder();
        b.append(light)
                .append(" on ")
                .append(rig.spec)
                .append(": ")
                .append(requirement)
                .append('\n');
        b.append("  ").append(outcome).append('\n');
        b.append("  wanted:    ").append(requirement).append('\n');
        Optional<Device> device = rig.client().device(board.id());
        Optional<Light> l = device.flatMap(d -> d.light(light.id()));
        b.append("  confirmed: ")
                .append(l.map(x -> x.state() == null
                                ? "(not reported by the board yet)"
                                : x.state().toString())
                        .orElse("(unknown: no such light)"))
                .append('\n');
        b.append("  desired:   ").append(desired(rig, light.id(), l)).append('\n');
        b.append("  device:    ")
                .append(device.map(d -> d.status().apiName()).orElse("(unknown device)"))
                .append(", client ")
                .append(rig.client().connected() ? "connected" : "disconnected")
                .append('\n');
        b.append("  recent link events (oldest first):\n")
                .append(rig.events.render("    "))
                .append('\n');
        var log = rig.client().logLines(board.id());
        if (!log.isEmpty()) {
            b.append("  board log (last lines):\n");
            for (var line : log.subList(Math.max(0, log.size() - 5), log.size())) {
                b.append("    ").append(line).append('\n');
            }
        }
        b.append("  ").append(board.run().traceLine());
        return b.toString();
    }

    /** The bridge's own desired state when it runs here; else the client's, as of its last snapshot. */
    private static String desired(BoardRig rig, int light, Optional<Light> fromClient) {
        if (rig.bridge != null && !rig.bridge.boards().isEmpty()) {
            BoardLink link = rig.bridge.boards().get(0);
            var desired = link.desiredStates();
            if (light >= 0 && light < desired.size()) {
                var s = desired.get(light);
                return "{on=" + s.on() + ", brightness=" + s.brightness() + ", color="
                        + s.color().hex() + ", effect=" + s.effect().apiName() + "}"
                        + (link.pending(light) ? " (a change is pending)" : "");
            }
        }
        return fromClient
                .map(x -> x.desired() + " (as of the client's last snapshot)")
                .orElse("(unknown)");
    }
}
