package io.hilbridge.scenes;

import io.hilbridge.command.CommandValidator;
import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.DeviceStatus;
import io.hilbridge.lights.LightChange;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightState;

import java.util.ArrayList;
import java.util.List;

/**
 * What "save the lights as a scene" takes: per light, the state the board last confirmed, as the change that
 * brings it back (on and effect always; brightness for a dimmable kind; colour for a coloured kind). A board that
 * does not take commands now, or has not reported a light yet, has nothing complete to save. Stateless.
 */
final class SceneCapture {
    private SceneCapture() {}

    static List<LightChange> capture(String device, BoardInfo info, DeviceStatus status, List<LightState> reported) {
        CommandValidator.checkAcceptsCommands(device, info, status); // the same "is it there" rule as a command
        List<LightChange> lights = new ArrayList<>(info.lights().size());
        for (LightInfo li : info.lights()) {
            LightState s = li.id() < reported.size() ? reported.get(li.id()) : null;
            if (s == null) throw SceneErrors.notReported(device, li.id());
            lights.add(new LightChange(
                    s.on(),
                    li.kind().dimmable() ? s.brightness() : null,
                    li.kind().colored() ? s.color() : null,
                    null,
                    s.effect()));
        }
        return lights;
    }
}
