/**
 * The rules of a command, in one place, for every front-end (WebSocket, REST, and next MQTT and the Java client):
 * {@link io.hilbridge.command.CommandValidator} checks a change against a board's HELLO and produces the only kind
 * of command a link accepts, an immutable {@link io.hilbridge.command.LightCommand} (device, the expanded list of
 * lights, the change); {@link io.hilbridge.command.CommandErrors} builds every error a command can get from the
 * bridge itself, so the same fault reads the same whichever front door or layer finds it.
 *
 * <p>Rules, in the order they are checked: the change sets at least one field and each field is in its range
 * (brightness 0..255, transitionMs 0..65535; a colour and an effect are well-formed by their types; per-pixel
 * colours come without a colour for the whole light, in at most 47 runs, the most one SET_PIXELS frame holds); the device
 * accepts commands (it has said HELLO and is online or resyncing); every addressed light exists ({@code "all"} is
 * expanded here to every light of the HELLO, and only here); every addressed light supports every field
 * (all-or-nothing, like the board's SET), and per-pixel colours cover each addressed strip's pixels exactly. JSON shape (types, required and unknown fields) is the front-ends' job;
 * which device an id names, and how long a caller waits (the deadline), is {@link io.hilbridge.engine.CommandEngine}'s.
 *
 * <p>Depends only on {@code io.hilbridge.lights}: the link uses it (it takes a {@code LightCommand} and builds its
 * own refusals here), so it must not depend on the link. Stateless and thread-safe; commands are immutable.
 */
package io.hilbridge.command;
