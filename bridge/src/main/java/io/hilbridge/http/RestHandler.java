package io.hilbridge.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.hilbridge.api.ApiJson;
import io.hilbridge.api.ApiService;
import io.hilbridge.api.HealthRequest;
import io.hilbridge.api.LightTarget;
import io.hilbridge.api.RestRequests;
import io.hilbridge.api.SetRequest;
import io.hilbridge.lights.CommandException;
import io.hilbridge.lights.ErrorCode;
import io.hilbridge.lights.LightChange;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.SameThreadExecutor;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

/**
 * REST for scripts and tests, under {@code /api/}:
 * <pre>
 *   GET /api/health
 *   GET /api/devices
 *   GET /api/devices/{device}
 *   PUT /api/devices/{device}/lights/{light}     body: the change fields of a WebSocket set
 *   POST /api/devices/{device}/reset             no body: reset the board, answer once it is back
 *   GET /api/devices/{device}/health?since=      link health over the last minutes (samples after since)
 *   ... /api/devices/{device}/scenes...           scenes: see {@link SceneRoutes}
 *   GET /api/devices/{device}/log[?since=SEQ]    the board's last log lines (see LogQuery)
 * </pre>
 * A PUT answers once the board has acknowledged: 200 with the device's snapshot, or the error's HTTP status
 * ({@link ErrorCode#httpStatus()}) with {@code {"code","message"}}. REST-only refusals use the codes
 * {@code not_found} (404) and {@code method_not_allowed} (405); {@code unauthorized} (401) and {@code forbidden} (403)
 * come from the access policy, checked by {@link HttpServer} before a request gets here.
 *
 * <p>Threading: requests are dispatched to Undertow's worker pool (reading the body blocks); the wait for the board
 * blocks no thread, and the answer is written on a worker thread, never in the link's task that completed it.
 * Stateless.
 */
final class RestHandler implements HttpHandler {
    private final ApiService api;
    private final int maxBodyBytes;
    private final SceneRoutes scenes;

    RestHandler(ApiService api, int maxBodyBytes) {
        this.api = api;
        this.maxBodyBytes = maxBodyBytes;
        this.scenes = new SceneRoutes(api, this::parseBody);
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        if (ex.isInIoThread()) {
            ex.dispatch(this);
            return;
        }
        String[] seg = ex.getRequestPath().substring(1).split("/", -1); // "api", ...
        if (seg.length == 2 && seg[1].equals("health")) {
            if (method(ex, "GET")) health(ex);
            return;
        }
        if (seg.length >= 4 && seg[1].equals("devices") && seg[3].equals("scenes")) {
            scenes.handle(ex, seg);
            return;
        }
        boolean devicesRoute = seg.length >= 2
                && seg[1].equals("devices")
                && (seg.length == 2
                        || seg.length == 3
                        || (seg.length == 5 && seg[3].equals("lights"))
                        || (seg.length == 4 && seg[3].equals("reset"))
                        || (seg.length == 4 && (seg[3].equals("health") || seg[3].equals("log"))));
        if (!devicesRoute) {
            Responses.error(ex, 404, "not_found", "no such endpoint: " + ex.getRequestPath());
            return;
        }
        switch (seg.length) {
            case 2 -> {
                if (method(ex, "GET")) devices(ex);
            }
            case 3 -> {
                if (method(ex, "GET")) getDevice(ex, seg[2]);
            }
            case 4 -> {
                if (seg[3].equals("health")) {
                    if (method(ex, "GET")) health(ex, seg[2]);
                } else if (seg[3].equals("log")) {
                    if (method(ex, "GET")) getLog(ex, seg[2]);
                } else if (method(ex, "POST")) resetDevice(ex, seg[2]);
            }
            default -> {
                if (method(ex, "PUT")) putLight(ex, seg[2], seg[4]);
            }
        }
    }

    private boolean method(HttpServerExchange ex, String allowed) {
        if (ex.getRequestMethod().toString().equals(allowed)) return true;
        ex.getResponseHeaders().put(Headers.ALLOW, allowed);
        Responses.error(ex, 405, "method_not_allowed", ex.getRequestMethod() + " is not allowed here; use " + allowed);
        return false;
    }

    private void devices(HttpServerExchange ex) {
        Responses.json(ex, 200, ApiJson.devicesBody(api.bridgeVersion(), api.devices()));
    }

    private void health(HttpServerExchange ex) {
        Responses.json(ex, 200, ApiJson.healthBody(api.bridgeVersion(), api.boards(), api.clientCount()));
    }

    private void health(HttpServerExchange ex, String device) {
        try {
            var since = ex.getQueryParameters().get("since");
            long sinceMillis = HealthRequest.parseSince(since == null ? null : since.peekFirst());
            Responses.json(ex, 200, api.health(new HealthRequest(device, sinceMillis)));
        } catch (CommandException e) {
            fail(ex, e);
        }
    }

    private void getDevice(HttpServerExchange ex, String id) {
        try {
            api.board(id); // unknown_device, worded by the engine
            Responses.json(ex, 200, api.device(id).orElseThrow());
        } catch (CommandException e) {
            fail(ex, e);
        }
    }

    private void getLog(HttpServerExchange ex, String device) {
        try {
            Responses.json(ex, 200, api.log(device, query(ex, "since"), query(ex, "limit")));
        } catch (CommandException e) {
            fail(ex, e);
        }
    }

    /** A query parameter's first value, or null. */
    private static String query(HttpServerExchange ex, String name) {
        var values = ex.getQueryParameters().get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private void putLight(HttpServerExchange ex, String device, String light) throws IOException {
        SetRequest req;
        try {
            api.board(device); // unknown_device before anything about the body
            LightTarget target = RestRequests.pathLight(light);
            LightChange change = RestRequests.body(parseBody(ex));
            req = new SetRequest(device, target, change);
        } catch (CommandException e) {
            fail(ex, e);
            return;
        }
        CompletableFuture<Void> done = api.execute(req);
        // Dispatched with no task: the exchange stays open after this method returns, and the answer is written
        // from a worker thread when the board has answered (never in the link task that completes it: those must not
        // block).
        ex.dispatch(
                SameThreadExecutor.INSTANCE,
                () -> done.whenCompleteAsync(
                        (v, e) -> {
                            if (e == null) {
                                Responses.json(ex, 200, api.device(device).orElseThrow());
                            } else {
                                fail(ex, (CommandException) e);
                            }
                        },
                        ex.getConnection().getWorker()));
    }

    /** The reset goes through {@link ApiService#reset}, like the WebSocket's; 200 once the board is back. */
    private void resetDevice(HttpServerExchange ex, String device) {
        CompletableFuture<Long> done = api.reset(device);
        // As for a PUT: answered from a worker thread once the board is back, never in the link's task.
        ex.dispatch(
                SameThreadExecutor.INSTANCE,
                () -> done.whenCompleteAsync(
                        (bootId, e) -> {
                            if (e == null) {
                                Responses.json(ex, 200, ApiJson.resetBody(device, bootId));
                            } else {
                                fail(ex, (CommandException) e);
                            }
                        },
                        ex.getConnection().getWorker()));
    }

    private JsonNode parseBody(HttpServerExchange ex) throws IOException {
        long declared = ex.getRequestContentLength();
        if (declared > maxBodyBytes) throw tooLarge(declared);
        if (!ex.isBlocking()) ex.startBlocking();
        byte[] body;
        try (InputStream in = ex.getInputStream()) {
            body = in.readNBytes(maxBodyBytes + 1);
        }
        if (body.length > maxBodyBytes) throw tooLarge(-1);
        if (body.length == 0) throw new CommandException(ErrorCode.BAD_REQUEST, "the body must be a JSON object");
        try {
            return ApiJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new CommandException(ErrorCode.BAD_REQUEST, "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private CommandException tooLarge(long size) {
        return new CommandException(
                ErrorCode.TOO_LARGE,
                "the body is " + (size >= 0 ? size + " bytes" : "too long") + "; at most " + maxBodyBytes
                        + " bytes allowed");
    }

    private static void fail(HttpServerExchange ex, CommandException e) {
        Responses.error(ex, e.code().httpStatus(), e.apiCode(), e.getMessage());
    }
}
