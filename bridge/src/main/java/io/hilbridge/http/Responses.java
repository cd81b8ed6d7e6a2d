package io.hilbridge.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.hilbridge.api.ApiJson;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/** Writing JSON responses and the headers every API response carries. Stateless. */
final class Responses {
    private Responses() {}

    static void json(HttpServerExchange ex, int status, JsonNode body) {
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        ex.getResponseHeaders().put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff");
        ex.getResponseSender().send(ApiJson.write(body) + "\n");
    }

    /** The error body shared with the WebSocket API: {@code {"code":..., "message":...}}. */
    static void error(HttpServerExchange ex, int status, String code, String message) {
        json(ex, status, ApiJson.errorBody(code, message));
    }
}
