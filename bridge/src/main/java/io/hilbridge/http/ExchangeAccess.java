package io.hilbridge.http;

import io.hilbridge.access.AccessRequest;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;

import java.util.Deque;
import java.util.List;

/** An Undertow request as {@link io.hilbridge.access.AccessPolicy} sees it. A view, used on the request's thread. */
final class ExchangeAccess implements AccessRequest {
    private final HttpServerExchange ex;

    ExchangeAccess(HttpServerExchange ex) {
        this.ex = ex;
    }

    @Override
    public List<String> headers(String name) {
        HeaderValues v = ex.getRequestHeaders().get(name);
        return v == null ? List.of() : v;
    }

    @Override
    public String queryToken() {
        Deque<String> q = ex.getQueryParameters().get("token");
        return q == null ? null : q.peekFirst();
    }
}
