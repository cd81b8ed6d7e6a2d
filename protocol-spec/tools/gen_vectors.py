#!/usr/bin/env python3
"""Generates the golden test vectors of the hilbridge UART link (uart-link.md).

This is a third, independent implementation of the framing and message layout,
written only from the spec, so that the Java and the C code are both checked
against something neither of them produced. Run it after changing the spec:

    python3 protocol-spec/tools/gen_vectors.py

It rewrites protocol-spec/vectors/*.json deterministically (no randomness).
"""
import json
import os
import struct

VERSION = 1
MAX_PAYLOAD = 200
MAX_ENCODED = 208
MAX_DECODED = 206

TYPES = {
    "HELLO_REQ": 0x01, "HELLO": 0x02, "SET": 0x03, "ACK": 0x04, "NACK": 0x05,
    "STATE": 0x06, "STATE_REQ": 0x07, "PING": 0x08, "PONG": 0x09, "LOG": 0x0A,
    "ACK_STATE": 0x0B, "FAULT": 0x0C, "REBOOT_REQ": 0x0D, "PIXELS_SUB": 0x0E, "PIXELS": 0x0F,
    "SET_PIXELS": 0x10,
}
PIXELS_MAX_CHUNK = 64
PIXELS_MAX_RATE = 20
KINDS = {"ONOFF": 0, "DIMMABLE": 1, "RGB": 2, "STRIP": 3}
CAUSES = {"command": 0, "button": 1, "boot": 2, "effect": 3, "failsafe": 4, "sync": 5}
FIELD_BITS = {"on": 1, "brightness": 2, "color": 4, "transition": 8, "effect": 16}


def crc16_ccitt_false(data: bytes) -> int:
    crc = 0xFFFF
    for b in data:
        crc ^= b << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def cobs_encode(data: bytes) -> bytes:
    out = bytearray([0])
    code_idx = 0
    code = 1
    for b in data:
        if b == 0:
            out[code_idx] = code
            code_idx = len(out)
            out.append(0)
            code = 1
        else:
            out.append(b)
            code += 1
            if code == 0xFF:
                out[code_idx] = code
                code_idx = len(out)
                out.append(0)
                code = 1
    out[code_idx] = code
    return bytes(out)


def string(s: str) -> bytes:
    b = s.encode("utf-8")
    assert len(b) <= 15
    return bytes([len(b)]) + b


def frame_body(msg_type: int, seq: int, payload: bytes) -> bytes:
    assert len(payload) <= MAX_PAYLOAD
    head = bytes([VERSION, msg_type]) + struct.pack("<H", seq)
    crc = crc16_ccitt_false(head + payload)
    return head + payload + struct.pack(">H", crc)


def wire(msg_type: int, seq: int, payload: bytes) -> bytes:
    return b"\x00" + cobs_encode(frame_body(msg_type, seq, payload)) + b"\x00"


def cobs_decode(data: bytes):
    """Returns the decoded bytes, or None when a code byte points past the end."""
    out = bytearray()
    i = 0
    while i < len(data):
        code = data[i]
        if code == 0 or i + code > len(data):
            return None
        out += data[i + 1:i + code]
        i += code
        if code != 0xFF and i < len(data):
            out.append(0)
    return bytes(out)


def reference_decode(stream: bytes):
    """The decoder rules of uart-link.md section 2, written as plainly as possible."""
    frames = []
    errs = {"cobs": 0, "runt": 0, "crc": 0, "version": 0, "oversize": 0}
    buf = bytearray()
    overflow = False
    for b in stream:
        if b != 0:
            if len(buf) < MAX_ENCODED:
                buf.append(b)
            else:
                overflow = True
            continue
        if not buf and not overflow:
            continue
        if overflow:
            errs["oversize"] += 1
        else:
            body = cobs_decode(bytes(buf))
            if body is None:
                errs["cobs"] += 1
            elif len(body) > MAX_DECODED:
                errs["oversize"] += 1
            elif len(body) < 6:
                errs["runt"] += 1
            elif crc16_ccitt_false(body[:-2]) != struct.unpack(">H", body[-2:])[0]:
                errs["crc"] += 1
            elif body[0] != VERSION:
                errs["version"] += 1
            else:
                frames.append({"type": body[1], "seq": struct.unpack("<H", body[2:4])[0],
                               "payload_hex": body[4:-2].hex()})
        buf = bytearray()
        overflow = False
    return frames, errs


# ---------------------------------------------------------------- payloads

def p_hello(f):
    out = bytes([f["protoVersion"]]) + string(f["fwVersion"]) + struct.pack("<I", f["bootId"])
    out += bytes([len(f["lights"])])
    for l in f["lights"]:
        out += bytes([l["id"], KINDS[l["kind"]]]) + struct.pack("<H", l["pixels"])
        eff = 0
        for e in l["effects"]:
            eff |= 1 << e
        out += bytes([eff]) + string(l["name"])
    return out


def p_set(f):
    mask = 0
    for name in f["fields"]:
        mask |= FIELD_BITS[name]
    r, g, b = f.get("color", [0, 0, 0])
    return bytes([f["light"], mask, 1 if f.get("on") else 0, f.get("brightness", 0), r, g, b]) + \
        struct.pack("<H", f.get("transitionMs", 0)) + bytes([f.get("effect", 0)])


def on_byte(f):
    """STATE's on byte: bit 0 on, bit 1 PIXELS (per-pixel colours in force; absent means false)."""
    return (1 if f["on"] else 0) | (2 if f.get("pixels") else 0)


def p_state(f):
    r, g, b = f["color"]
    return bytes([f["light"], CAUSES[f["cause"]], on_byte(f), f["brightness"], r, g, b, f["effect"]]) + \
        struct.pack("<H", f["stateGen"])


def p_ack_state(f):
    r, g, b = f["color"]
    return struct.pack("<HH", f["ackSeq"], f["stateGen"]) + \
        bytes([f["light"], on_byte(f), f["brightness"], r, g, b, f["effect"]])


def p_set_pixels(f):
    """A SET payload, run_count, then run_count x (count, r, g, b)."""
    out = p_set(f) + bytes([len(f["runs"])])
    for run in f["runs"]:
        out += bytes([run["count"]] + run["color"])
    return out


def p_pixels(f):
    px = f["pixels"]
    assert 1 <= len(px) <= PIXELS_MAX_CHUNK
    return bytes([f["light"]]) + struct.pack("<H", f["first"]) + bytes([len(px)]) + \
        b"".join(bytes(c) for c in px)


PAYLOADS = {
    "HELLO_REQ": lambda f: b"",
    "HELLO": p_hello,
    "SET": p_set,
    "ACK": lambda f: struct.pack("<HH", f["ackSeq"], f["stateGen"]),
    "NACK": lambda f: struct.pack("<HB", f["ackSeq"], f["code"]),
    "STATE": p_state,
    "STATE_REQ": lambda f: bytes([f["light"]]),
    "PING": lambda f: b"",
    "PONG": lambda f: struct.pack("<HHI", f["pingSeq"], f["stateGen"], f["uptimeMs"]),
    "LOG": lambda f: bytes([f["level"]]) + f["text"].encode("utf-8"),
    "ACK_STATE": p_ack_state,
    "FAULT": lambda f: bytes([f["light"], f["fault"]]) + struct.pack("<H", f["stateGen"]),
    "REBOOT_REQ": lambda f: b"",
    "PIXELS_SUB": lambda f: bytes([f["light"], f["rate"]]),
    "PIXELS": p_pixels,
    "SET_PIXELS": p_set_pixels,
}

DEFAULT_LIGHTS = [
    {"id": 0, "kind": "ONOFF", "pixels": 1, "effects": [1], "name": "Status LED"},
    {"id": 1, "kind": "DIMMABLE", "pixels": 1, "effects": [1, 2], "name": "Desk lamp"},
    {"id": 2, "kind": "RGB", "pixels": 1, "effects": [1, 2, 3], "name": "RGB LED"},
    {"id": 3, "kind": "STRIP", "pixels": 8, "effects": [1, 2, 3], "name": "Strip"},
]

MESSAGES = [
    ("hello_req", "host asks the board to introduce itself", "HELLO_REQ", 0x1234, {}),
    ("hello_default_board", "the default simulated board: four lights, one of each kind", "HELLO", 0,
     {"protoVersion": 1, "fwVersion": "0.1.0", "bootId": 0xC0FFEE01, "lights": DEFAULT_LIGHTS}),
    ("set_on", "switch light 0 on", "SET", 1, {"light": 0, "fields": ["on"], "on": True}),
    ("set_off", "switch light 0 off", "SET", 2, {"light": 0, "fields": ["on"], "on": False}),
    ("set_dim_transition", "light 1 on at brightness 128 over 500 ms", "SET", 0x0100,
     {"light": 1, "fields": ["on", "brightness", "transition"], "on": True, "brightness": 128,
      "transitionMs": 500}),
    ("set_color_zero_bytes", "colour with zero bytes exercises COBS", "SET", 0x00FF,
     {"light": 2, "fields": ["color"], "color": [255, 0, 0]}),
    ("set_all_effect", "every light: breathe", "SET", 0xFFFF, {"light": 255, "fields": ["effect"], "effect": 2}),
    ("set_everything", "all fields at once", "SET", 7,
     {"light": 3, "fields": ["on", "brightness", "color", "transition", "effect"], "on": True,
      "brightness": 255, "color": [1, 2, 3], "transitionMs": 65535, "effect": 3}),
    ("ack", "ack of seq 1, state generation 3", "ACK", 0, {"ackSeq": 1, "stateGen": 3}),
    ("nack_unsupported", "colour on an on/off light", "NACK", 5, {"ackSeq": 9, "code": 2}),
    ("state_command", "light 0 turned on by a command", "STATE", 1,
     {"light": 0, "cause": "command", "on": True, "brightness": 255, "color": [255, 255, 255], "effect": 0,
      "stateGen": 1}),
    ("state_button", "light 0 toggled off by the BOOT button", "STATE", 2,
     {"light": 0, "cause": "button", "on": False, "brightness": 255, "color": [255, 255, 255], "effect": 0,
      "stateGen": 2}),
    ("state_req_all", "host asks for every light's state", "STATE_REQ", 3, {"light": 255}),
    ("ping", "heartbeat", "PING", 4, {}),
    ("reboot_req", "host asks the board to restart (answered with ACK, then a new boot)", "REBOOT_REQ", 0x0A0B, {}),
    ("pong", "heartbeat answer", "PONG", 9, {"pingSeq": 4, "stateGen": 2, "uptimeMs": 123456}),
    ("log", "a log line from the board", "LOG", 10, {"level": 3, "text": "boot ok"}),
    ("ack_state", "SET seq 0x0102 changed only light 2, now on, brightness 200, colour 0x0080ff, breathing; "
     "state generation 7 (one frame for STATE cause command + ACK)", "ACK_STATE", 11,
     {"ackSeq": 0x0102, "stateGen": 7, "light": 2, "on": True, "brightness": 200, "color": [0, 128, 255],
      "effect": 2}),
    ("fault_output_stuck", "light 3's strip did not finish a refresh in time: OUTPUT_STUCK, state generation 1",
     "FAULT", 1, {"light": 3, "fault": 1, "stateGen": 1}),
    ("set_pixels_runs", "light 3 (8 pixels): red, green, blue, 5 x black; nothing else changes", "SET_PIXELS", 0x0203,
     {"light": 3, "fields": [], "runs": [{"count": 1, "color": [255, 0, 0]}, {"count": 1, "color": [0, 255, 0]},
                                         {"count": 1, "color": [0, 0, 255]}, {"count": 5, "color": [0, 0, 0]}]}),
    ("set_pixels_on_brightness", "light 3 on at brightness 64, all 8 pixels one run of 0x102030", "SET_PIXELS", 14,
     {"light": 3, "fields": ["on", "brightness"], "on": True, "brightness": 64,
      "runs": [{"count": 8, "color": [16, 32, 48]}]}),
    ("set_pixels_max_runs", "47 runs (the most a frame holds): 199-byte payload, a 300-pixel strip as a gradient",
     "SET_PIXELS", 0x7FFF,
     {"light": 0, "fields": [], "runs": [{"count": 7 if i < 18 else 6, "color": [i * 5, 255 - i * 5, i]}
                                         for i in range(47)]}),
    ("state_pixels", "light 3 on with per-pixel colours (PIXELS flag, on byte 0x03)", "STATE", 15,
     {"light": 3, "cause": "sync", "on": True, "pixels": True, "brightness": 64, "color": [255, 255, 255],
      "effect": 0, "stateGen": 9}),
    ("ack_state_pixels_off", "SET seq 0x0203 turned light 3 off; its per-pixel colours are kept (on byte 0x02)",
     "ACK_STATE", 16,
     {"ackSeq": 0x0203, "stateGen": 10, "light": 3, "on": False, "pixels": True, "brightness": 64,
      "color": [255, 255, 255], "effect": 0}),
    ("fault_cleared", "light 3's strip works again: fault 0, state generation 0x0102", "FAULT", 12,
     {"light": 3, "fault": 0, "stateGen": 0x0102}),
    ("pixels_sub_all", "host subscribes to what every light shows, at most 10 frames a second", "PIXELS_SUB", 0x0203,
     {"light": 255, "rate": 10}),
    ("pixels_sub_stop", "host ends the subscription of light 3 (rate 0)", "PIXELS_SUB", 0x0204,
     {"light": 3, "rate": 0}),
    ("pixels_sub_max_rate", "light 2 at the highest rate the spec allows (20 frames a second)", "PIXELS_SUB", 0x0205,
     {"light": 2, "rate": PIXELS_MAX_RATE}),
    ("pixels_single", "the RGB light (one pixel) shows orange at brightness 128: what it shows, not its target",
     "PIXELS", 13, {"light": 2, "first": 0, "pixels": [[128, 83, 0]]}),
    ("pixels_strip_rainbow", "the 8-pixel strip running rainbow, all of it in one chunk", "PIXELS", 14,
     {"light": 3, "first": 0, "pixels": [[255, 0, 0], [255, 192, 0], [126, 255, 0], [0, 255, 60], [0, 255, 252],
                                         [0, 66, 255], [130, 0, 255], [255, 0, 189]]}),
    ("pixels_chunk_offset", "the second chunk of a long strip: pixels 64..65 (first is little-endian)", "PIXELS",
     0x0100, {"light": 0, "first": 64, "pixels": [[0, 0, 0], [1, 2, 3]]}),
    ("pixels_max_chunk", "the largest chunk: 64 pixels, a 196-byte payload", "PIXELS", 15,
     {"light": 1, "first": 0x0102, "pixels": [[i, 255 - i, i * 3 % 256] for i in range(PIXELS_MAX_CHUNK)]}),
]


def hexs(b: bytes) -> str:
    return b.hex()


def gen_messages():
    out = []
    for name, desc, tname, seq, fields in MESSAGES:
        payload = PAYLOADS[tname](fields)
        out.append({
            "name": name,
            "description": desc,
            "type": tname,
            "seq": seq,
            "fields": fields,
            "payload_hex": hexs(payload),
            "frame_hex": hexs(frame_body(TYPES[tname], seq, payload)),
            "wire_hex": hexs(wire(TYPES[tname], seq, payload)),
        })
    return out


def gen_crc():
    cases = [b"", b"123456789", b"\x00", b"\xff" * 4, bytes(range(256))]
    return [{"data_hex": hexs(c), "crc": crc16_ccitt_false(c)} for c in cases]


def gen_cobs():
    cases = [b"", b"\x00", b"\x00\x00", b"\x11\x22\x00\x33", b"\x11\x22\x33\x44", b"\x11\x00\x00\x00",
             bytes(range(1, 255)), bytes(range(1, 256)), bytes(range(0, 256)), b"\x01" * 300]
    for c in cases:
        assert cobs_decode(cobs_encode(c)) == c
    return [{"decoded_hex": hexs(c), "encoded_hex": hexs(cobs_encode(c))} for c in cases]


def frame_expect(tname, seq, payload):
    return {"type": TYPES[tname], "seq": seq, "payload_hex": hexs(payload)}


def gen_streams():
    ping = wire(TYPES["PING"], 4, b"")
    set_on = wire(TYPES["SET"], 1, p_set({"light": 0, "fields": ["on"], "on": True}))
    set_payload = p_set({"light": 0, "fields": ["on"], "on": True})
    hello_payload = PAYLOADS["HELLO"]({"protoVersion": 1, "fwVersion": "0.1.0", "bootId": 0xC0FFEE01,
                                        "lights": DEFAULT_LIGHTS})
    hello = wire(TYPES["HELLO"], 0, hello_payload)
    boot_text = (b"ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
                 b"configsip: 0, SPIWP:0xee\r\nclk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00\r\n"
                 b"mode:DIO, clock div:2\r\nload:0x3fff0030,len:7104\r\nentry 0x400805f0\r\n")
    body = frame_body(TYPES["SET"], 1, set_payload)
    flipped = bytearray(cobs_encode(body))
    flipped[3] ^= 0x04
    bad_version = bytearray(frame_body(TYPES["PING"], 4, b""))
    bad_version[0] = 2
    crc = crc16_ccitt_false(bytes(bad_version[:-2]))
    bad_version[-2:] = struct.pack(">H", crc)
    runt_body = bytes([1, 8, 0])
    bad_cobs = bytes([0x05, 0x11, 0x22])  # code says 4 data bytes follow, only 2 do
    unknown_type_payload = b"\x42"
    oversize = b"\x00" + bytes([0x01]) * 300 + b"\x00"
    # 208 encoded bytes (within the limit) that decode to 207: a LOG with a 201-byte payload and a valid CRC.
    too_long_head = bytes([VERSION, TYPES["LOG"]]) + struct.pack("<H", 6) + b"\x03" + b"y" * 200
    too_long_body = too_long_head + struct.pack(">H", crc16_ccitt_false(too_long_head))
    assert len(cobs_encode(too_long_body)) == MAX_ENCODED
    streams = [
        ("single_ping", "one frame", ping, [frame_expect("PING", 4, b"")], {}),
        ("two_frames_back_to_back", "two frames in one read", ping + set_on,
         [frame_expect("PING", 4, b""), frame_expect("SET", 1, set_payload)], {}),
        ("empty_frames_ignored", "runs of delimiters are not errors", b"\x00\x00\x00" + ping + b"\x00\x00",
         [frame_expect("PING", 4, b"")], {}),
        ("boot_text_then_hello", "ESP32 ROM boot text, then a HELLO with its leading delimiter",
         boot_text + hello, [frame_expect("HELLO", 0, hello_payload)], {"oversize": 1}),
        ("boot_text_without_newline_glued", "garbage with no 0x00 before the frame: the garbage frame is dropped, "
                                            "the next frame survives", b"garbage" + ping + set_on,
         [frame_expect("PING", 4, b""), frame_expect("SET", 1, set_payload)], {"cobs": 1}),
        ("bit_flip", "one flipped bit fails the CRC; the next frame is intact",
         b"\x00" + bytes(flipped) + b"\x00" + ping, [frame_expect("PING", 4, b"")], {"crc": 1}),
        ("truncated_frame", "a frame cut short (board reset mid-frame), then a good one",
         set_on[:12] + ping, [frame_expect("PING", 4, b"")], {"crc": 1}),
        ("runt", "fewer than 6 decoded bytes", b"\x00" + cobs_encode(runt_body) + b"\x00" + ping,
         [frame_expect("PING", 4, b"")], {"runt": 1}),
        ("bad_cobs", "a COBS code byte that points past the end", b"\x00" + bad_cobs + b"\x00" + ping,
         [frame_expect("PING", 4, b"")], {"cobs": 1}),
        ("bad_version", "version 2 frame with a valid CRC", b"\x00" + cobs_encode(bytes(bad_version)) + b"\x00" + ping,
         [frame_expect("PING", 4, b"")], {"version": 1}),
        ("oversize", "300 non-zero bytes: dropped as oversize, decoder recovers",
         oversize + ping, [frame_expect("PING", 4, b"")], {"oversize": 1}),
        ("oversize_decoded", "208 encoded bytes decoding to 207 (a 201-byte payload, valid CRC): oversize",
         b"\x00" + cobs_encode(too_long_body) + b"\x00" + ping, [frame_expect("PING", 4, b"")], {"oversize": 1}),
        ("flipped_delimiter_appends_zero", "known CRC weakness (no final XOR): the closing 0x00 flipped to 0x01 "
         "appends a 0x00 to the body and the CRC still matches: the payload gains one byte (the old CRC's high "
         "byte); receivers must check payload lengths per type",
         ping[:-1] + b"\x01\x00" + set_on, [frame_expect("PING", 4, frame_body(TYPES["PING"], 4, b"")[4:5]), frame_expect("SET", 1, set_payload)], {}),
        ("unknown_type_delivered", "unknown types are the dispatcher's business, not the decoder's",
         wire(0x42, 5, unknown_type_payload), [frame_expect_raw(0x42, 5, unknown_type_payload)], {}),
        ("max_payload", "a LOG with the largest payload (200 bytes)",
         wire(TYPES["LOG"], 6, b"\x03" + b"x" * 199), [frame_expect("LOG", 6, b"\x03" + b"x" * 199)], {}),
    ]
    out = []
    for name, desc, data, frames, errors in streams:
        got_frames, got_errs = reference_decode(data)
        expected_errs = {"cobs": 0, "runt": 0, "crc": 0, "version": 0, "oversize": 0}
        expected_errs.update(errors)
        if got_frames != frames or got_errs != expected_errs:
            raise SystemExit(f"stream {name}: reference decoder disagrees: {got_frames} {got_errs}")
        out.append({"name": name, "description": desc, "input_hex": hexs(data), "frames": frames,
                    "errors": expected_errs})
    return out


def frame_expect_raw(t, seq, payload):
    return {"type": t, "seq": seq, "payload_hex": hexs(payload)}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    vdir = os.path.join(os.path.dirname(here), "vectors")
    os.makedirs(vdir, exist_ok=True)
    files = {
        "crc16.json": {"description": "CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, xorout 0)",
                       "vectors": gen_crc()},
        "cobs.json": {"description": "COBS encoding without delimiters", "vectors": gen_cobs()},
        "messages.json": {"description": "one frame per message type: fields, raw frame (header+payload+crc) "
                                         "and bytes on the wire (with both 0x00 delimiters)",
                          "vectors": gen_messages()},
        "streams.json": {"description": "decoder input streams with the frames and error counts expected",
                         "vectors": gen_streams()},
    }
    for fname, content in files.items():
        with open(os.path.join(vdir, fname), "w") as fh:
            json.dump(content, fh, indent=2)
            fh.write("\n")


if __name__ == "__main__":
    main()
