package io.hilbridge.mqtt;

import io.hilbridge.api.ApiService;
import io.hilbridge.api.LightTarget;
import io.hilbridge.api.SetRequest;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Commands from {@code .../<device>/<light>/set} (protocol-spec/mqtt.md section 3): the payload becomes a
 * {@link SetRequest} and goes to the one command engine, {@link ApiService#execute}, like a WebSocket {@code set}.
 * The outcome is answered on the MQTT 5 response topic when the command has one; a refused command is also one log
 * line. A retained command is ignored: it is a broker replaying the past, not someone asking now.
 *
 * <p>Thread-safety: {@link #handle} from any thread (the MQTT client's); it never blocks.
 */
final class MqttCommands {
    private static final Logger log = LoggerFactory.getLogger(MqttCommands.class);
    /** MQTT commands waiting for boards at once; more are answered busy (the WebSocket's per-client bound x2). */
    static final int MAX_OUTSTANDING = 2 * ApiService.MAX_OUTSTANDING_PER_CLIENT;

    /** Where a reply goes; null when the command asked for none. */
    interface Replier {
        void reply(byte[] payload);
    }

    private final ApiService api;
    private final Semaphore outstanding = new Semaphore(MAX_OUTSTANDING);

    MqttCommands(ApiService api) {
        this.api = api;
    }

    /** One delivered command. {@code replier} is null when the command has no response topic. */
    void handle(String topic, MqttTopics.SetTopic target, byte[] payload, boolean retained, Replier replier) {
        if (retained) {
            log.info(
                    "MQTT: ignored a retained command on {} (a broker replays retained messages to new "
                            + "subscribers; publish commands without retain)",
                    topic);
            return;
        }
        try {
            int light = lightId(target.light());
            LightChange change = HaLightJson.command(payload);
            if (!outstanding.tryAcquire()) {
                throw new CommandException(
                        ErrorCode.BUSY,
                        MAX_OUTSTANDING + " MQTT commands are already waiting for the boards; wait for their replies");
            }
            api.execute(new SetRequest(target.device(), LightTarget.of(List.of(light)), change))
                    .whenComplete((v, e) -> {
                        outstanding.release();
                        answer(topic, target, replier, e == null ? null : (CommandException) e);
                    });
        } catch (CommandException e) {
            answer(topic, target, replier, e);
        }
    }

    private static void answer(String topic, MqttTopics.SetTopic target, Replier replier, CommandException failure) {
        if (failure != null) {
            log.warn("MQTT: command on {} refused: {} ({})", topic, failure.apiCode(), failure.getMessage());
        }
        if (replier != null) replier.reply(HaLightJson.reply(target.device(), target.light(), failure));
    }

    /** The light segment of a topic as a light id; its existence is the engine's to check. */
    private static int lightId(String segment) {
        if (segment.isEmpty() || segment.length() > 3 || !segment.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new CommandException(
                    ErrorCode.UNKNOWN_LIGHT,
                    "the topic's light \""
                            + (segment.length() > 40 ? segment.substring(0, 40) + "..." : segment)
                            + "\" is not a light id (0, 1, ...)");
        }
        return Integer.parseInt(segment);
    }
}
