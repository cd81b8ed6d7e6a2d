package io.hilbridge.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.function.Consumer;

/**
 * What the client does with each message from the bridge: update the view first, then tell the listeners, then
 * answer the waiting command (or finish the connect), so that whoever is woken by a future sees the new state and
 * knows the listeners have seen it too. Unknown message types are ignored (a later API
 * version may add some). Runs on the receive thread only; keeps no state of its own (the view, the waiting commands
 * and the log book are the client's, handed in, so the rules can be tested without a connection).
 */
final class Inbound {
    /** The connection a hello arrived on. */
    interface Connection {
        /** Commands may be sent from now on. */
        void up();

        /** The listeners know: {@code connect} may return. */
        void announced();
    }

    private final DeviceMirror mirror;
    private final PendingCommands pending;
    private final LogBook logBook;
    private final Consumer<Consumer<ClientListener>> listeners;

    /** @param listeners calls its argument on every listener (one listener's exception must not stop the others) */
    Inbound(
            DeviceMirror mirror,
            PendingCommands pending,
            LogBook logBook,
            Consumer<Consumer<ClientListener>> listeners) {
        this.mirror = mirror;
        this.pending = pending;
        this.logBook = logBook;
        this.listeners = listeners;
    }

    /**
     * @param connection marks the connection up (after the view holds the hello's devices), then announced (after
     *                   the listeners were told)
     * @throws IllegalArgumentException when a message lacks a field the spec requires
     */
    void handle(JsonNode m, Connection connection) {
        String type = ServerMessages.type(m);
        if (type == null) throw new IllegalArgumentException("message without \"type\"");
        switch (type) {
            case "hello" -> {
                List<StateEvent> changed = mirror.replaceAll(ServerMessages.devices(m));
                connection.up();
                catchUp(changed);
                listeners.accept(l -> l.onConnection(true, "connected"));
                connection.announced();
            }
            case "snapshot" -> {
                List<StateEvent> changed = mirror.replaceAll(ServerMessages.devices(m));
                catchUp(changed);
                pending.answer(ServerMessages.id(m), m);
            }
            case "state" -> {
                StateEvent e = ServerMessages.state(m);
                mirror.applyState(e);
                listeners.accept(l -> l.onState(e));
            }
            case "device" -> {
                Device d = ServerMessages.deviceUpdate(m, mirror.device(ServerMessages.deviceId(m)));
                mirror.putDevice(d);
                listeners.accept(l -> l.onDevice(d));
            }
            case "fault" -> {
                String device = ServerMessages.deviceId(m);
                int light = ServerMessages.lightId(m);
                String fault = ServerMessages.fault(m);
                mirror.applyFault(device, light, fault);
                listeners.accept(l -> l.onFault(device, light, fault));
            }
            case "reset" -> {
                ResetResult r = new ResetResult(
                        ServerMessages.deviceId(m), m.path("bootId").asText());
                listeners.accept(l -> l.onReset(r));
                pending.answer(ServerMessages.id(m), m);
            }
            case "log" -> {
                LogLine line = ServerMessages.log(m);
                logBook.add(line);
                listeners.accept(l -> l.onLog(line));
            }
            case "ack", "error", "stats" -> pending.answer(ServerMessages.id(m), m);
            default -> {} // a type from a later API version
        }
    }

    /** After a snapshot: every device, then every light whose state differs from the view before. */
    private void catchUp(List<StateEvent> changed) {
        for (Device d : mirror.devices()) {
            listeners.accept(l -> l.onDevice(d));
        }
        for (StateEvent e : changed) {
            listeners.accept(l -> l.onState(e));
        }
    }
}
