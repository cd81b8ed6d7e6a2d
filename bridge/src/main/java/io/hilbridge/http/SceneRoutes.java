package io.hilbridge.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.hilbridge.api.ApiService;
import io.hilbridge.api.RestSceneRequests;
import io.hilbridge.api.SceneMessages;
import io.hilbridge.lights.CommandException;
import io.hilbridge.scenes.Scene;
import io.hilbridge.scenes.SceneService;
import io.hilbridge.scenes.SceneService.DeviceScenes;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * REST for scenes, under {@code /api/devices/{device}/scenes} (websocket-api.md, "Scenes"):
 * <pre>
 *   GET    .../scenes                  the device's scenes
 *   POST   .../scenes                  body {"name", "replace"?}: save the lights as they are now (201)
 *   PATCH  .../scenes/{name}           body {"name"?, "powerOn"?}: rename, mark or unmark "after power-on"
 *   DELETE .../scenes/{name}
 *   POST   .../scenes/{name}/apply     no body: apply; answers once the board confirmed every light
 * </pre>
 * Every answer but apply's is the device's scene list; errors are the API's codes with their HTTP status. Runs on
 * Undertow's worker threads (dispatched by {@link RestHandler}); the wait for the board blocks no thread. Stateless.
 */
final class SceneRoutes {
    /** Reads a request body as JSON with the REST limits ({@link RestHandler}'s). */
    interface BodyParser {
        JsonNode parse(HttpServerExchange ex) throws IOException;
    }

    private final ApiService api;
    private final BodyParser bodies;

    SceneRoutes(ApiService api, BodyParser bodies) {
        this.api = api;
        this.bodies = bodies;
    }

    /** {@code seg}: the path split at "/", starting "api", "devices", {device}, "scenes". */
    void handle(HttpServerExchange ex, String[] seg) throws IOException {
        String device = seg[2];
        String method = ex.getRequestMethod().toString();
        SceneService scenes = api.scenes();
        try {
            if (seg.length == 4) {
                if (!allowed(ex, method, List.of("GET", "POST"))) return;
                if (method.equals("GET")) {
                    Responses.json(ex, 200, SceneMessages.listBody(scenes.list(device)));
                } else {
                    api.board(device); // unknown_device before anything about the body
                    RestSceneRequests.Save save = RestSceneRequests.save(bodies.parse(ex));
                    Responses.json(ex, 201, SceneMessages.listBody(scenes.save(device, save.name(), save.replace())));
                }
            } else if (seg.length == 5 && !seg[4].isEmpty()) {
                if (!allowed(ex, method, List.of("PATCH", "DELETE"))) return;
                if (method.equals("DELETE")) {
                    Responses.json(ex, 200, SceneMessages.listBody(scenes.delete(device, seg[4])));
                } else {
                    api.board(device);
                    Responses.json(ex, 200, SceneMessages.listBody(patch(device, seg[4], bodies.parse(ex))));
                }
            } else if (seg.length == 6 && !seg[4].isEmpty() && seg[5].equals("apply")) {
                if (allowed(ex, method, List.of("POST"))) apply(ex, device, seg[4]);
            } else {
                Responses.error(ex, 404, "not_found", "no such endpoint: " + ex.getRequestPath());
            }
        } catch (CommandException e) {
            Responses.error(ex, e.code().httpStatus(), e.apiCode(), e.getMessage());
        }
    }

    /** Rename first, then the mark, each a whole step: a refused rename leaves the mark as it was. */
    private DeviceScenes patch(String device, String name, JsonNode body) {
        RestSceneRequests.Patch p = RestSceneRequests.patch(body);
        SceneService scenes = api.scenes();
        DeviceScenes result = null;
        String current = name;
        if (p.newName() != null) {
            result = scenes.rename(device, name, p.newName());
            current = p.newName();
        }
        if (p.powerOn() != null) {
            result = p.powerOn() ? scenes.markPowerOn(device, current) : scenes.unmarkPowerOn(device, current);
        }
        return result;
    }

    private void apply(HttpServerExchange ex, String device, String name) {
        CompletableFuture<Scene> done = api.scenes().apply(device, name);
        // As for a PUT of a light: answered from a worker thread once the board confirmed, never in a link task.
        ex.dispatch(
                SameThreadExecutor.INSTANCE,
                () -> done.whenCompleteAsync(
                        (scene, e) -> {
                            if (e == null) {
                                Responses.json(
                                        ex,
                                        200,
                                        SceneMessages.appliedBody(
                                                api.board(device).deviceId(), scene));
                            } else {
                                CommandException ce = (CommandException) e;
                                Responses.error(ex, ce.code().httpStatus(), ce.apiCode(), ce.getMessage());
                            }
                        },
                        ex.getConnection().getWorker()));
    }

    private static boolean allowed(HttpServerExchange ex, String method, List<String> methods) {
        if (methods.contains(method)) return true;
        ex.getResponseHeaders().put(Headers.ALLOW, String.join(", ", methods));
        Responses.error(
                ex, 405, "method_not_allowed", method + " is not allowed here; use " + String.join(" or ", methods));
        return false;
    }
}
