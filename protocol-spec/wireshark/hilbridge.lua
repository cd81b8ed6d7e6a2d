-- Wireshark dissector for hilbridge link traces (protocol-spec/trace-format.md) and the UART frames they hold
-- (protocol-spec/uart-link.md). Load it with
--     wireshark -X lua_script:protocol-spec/wireshark/hilbridge.lua trace.pcapng
--     tshark    -X lua_script:protocol-spec/wireshark/hilbridge.lua -r trace.pcapng
-- or copy it into Wireshark's personal Lua plugins folder. Tested with tshark 4.0 (Lua 5.2), as root and as a
-- normal user. It uses no bit operators or bit library (the CRC below is arithmetic only), so that the same file
-- parses under Lua 5.3/5.4 (Wireshark 4.4 and later); that is not tested here.

local hilbridge = Proto("hilbridge", "hilbridge UART link trace")

local KINDS = { [1] = "frame", [2] = "decode error", [3] = "link event", [4] = "dropped records" }
local DIRS = { [0] = "none", [1] = "host to board", [2] = "board to host" }
local TYPES = {
    [0x01] = "HELLO_REQ", [0x02] = "HELLO", [0x03] = "SET", [0x04] = "ACK", [0x05] = "NACK", [0x06] = "STATE",
    [0x07] = "STATE_REQ", [0x08] = "PING", [0x09] = "PONG", [0x0A] = "LOG", [0x0B] = "ACK_STATE", [0x0C] = "FAULT",
    [0x0D] = "REBOOT_REQ", [0x0E] = "PIXELS_SUB", [0x0F] = "PIXELS", [0x10] = "SET_PIXELS",
}
local CAUSES = { [0] = "command", [1] = "button", [2] = "boot", [3] = "effect", [4] = "failsafe", [5] = "sync" }
local EFFECTS = { [0] = "none", [1] = "blink", [2] = "breathe", [3] = "rainbow" }
local NACKS = { [1] = "BAD_LIGHT", [2] = "UNSUPPORTED", [3] = "OUT_OF_RANGE", [4] = "MALFORMED", [5] = "BUSY",
                [6] = "UNKNOWN_TYPE" }
local LEVELS = { [1] = "error", [2] = "warn", [3] = "info", [4] = "debug" }
local FAULTS = { [0] = "none", [1] = "OUTPUT_STUCK" }
local LIGHT_KINDS = { [0] = "ONOFF", [1] = "DIMMABLE", [2] = "RGB", [3] = "STRIP" }
local REASONS = { [1] = "oversize", [2] = "cobs", [3] = "runt", [4] = "crc", [5] = "version" }
local EVENTS = { [1] = "connecting", [2] = "online", [3] = "resyncing", [4] = "offline", [5] = "port-open",
                 [6] = "port-closed", [7] = "disconnect" }
local CRC_STATUS = { [0] = "bad", [1] = "good" }

local f = hilbridge.fields
f.kind = ProtoField.uint8("hilbridge.kind", "Record kind", base.DEC, KINDS)
f.flags = ProtoField.uint8("hilbridge.flags", "Flags", base.HEX)
f.retransmit = ProtoField.bool("hilbridge.retransmit", "Retransmit", 8, nil, 0x01)
f.dir = ProtoField.uint8("hilbridge.dir", "Direction", base.DEC, DIRS)
f.version = ProtoField.uint8("hilbridge.version", "Version", base.DEC)
f.type = ProtoField.uint8("hilbridge.type", "Type", base.HEX, TYPES)
f.seq = ProtoField.uint16("hilbridge.seq", "Seq", base.DEC)
f.payload = ProtoField.bytes("hilbridge.payload", "Payload")
f.crc = ProtoField.uint16("hilbridge.crc", "CRC-16", base.HEX)
f.crc_status = ProtoField.uint8("hilbridge.crc.status", "CRC status", base.DEC, CRC_STATUS)
f.light = ProtoField.uint8("hilbridge.light", "Light", base.DEC, { [255] = "all" })
f.fields = ProtoField.uint8("hilbridge.fields", "Fields", base.HEX)
f.on = ProtoField.uint8("hilbridge.on", "On", base.DEC)
f.brightness = ProtoField.uint8("hilbridge.brightness", "Brightness", base.DEC)
f.color = ProtoField.uint24("hilbridge.color", "Color", base.HEX)
f.transition_ms = ProtoField.uint16("hilbridge.transition_ms", "Transition (ms)", base.DEC)
f.effect = ProtoField.uint8("hilbridge.effect", "Effect", base.DEC, EFFECTS)
f.cause = ProtoField.uint8("hilbridge.cause", "Cause", base.DEC, CAUSES)
f.ack_seq = ProtoField.uint16("hilbridge.ack_seq", "Acknowledged seq", base.DEC)
f.state_gen = ProtoField.uint16("hilbridge.state_gen", "State generation", base.DEC)
f.nack_code = ProtoField.uint8("hilbridge.nack_code", "NACK code", base.DEC, NACKS)
f.ping_seq = ProtoField.uint16("hilbridge.ping_seq", "PING seq", base.DEC)
f.uptime_ms = ProtoField.uint32("hilbridge.uptime_ms", "Uptime (ms)", base.DEC)
f.log_level = ProtoField.uint8("hilbridge.log_level", "Log level", base.DEC, LEVELS)
f.log_text = ProtoField.string("hilbridge.log_text", "Log text")
f.fault = ProtoField.uint8("hilbridge.fault", "Fault", base.DEC, FAULTS)
f.proto_version = ProtoField.uint8("hilbridge.proto_version", "Protocol version", base.DEC)
f.fw_version = ProtoField.string("hilbridge.fw_version", "Firmware version")
f.boot_id = ProtoField.uint32("hilbridge.boot_id", "Boot id", base.HEX)
f.light_count = ProtoField.uint8("hilbridge.light_count", "Light count", base.DEC)
f.light_id = ProtoField.uint8("hilbridge.light.id", "Light id", base.DEC)
f.light_kind = ProtoField.uint8("hilbridge.light.kind", "Kind", base.DEC, LIGHT_KINDS)
f.light_pixels = ProtoField.uint16("hilbridge.light.pixels", "Pixels", base.DEC)
f.light_effects = ProtoField.uint8("hilbridge.light.effects", "Effects (bit n = effect n)", base.HEX)
f.light_name = ProtoField.string("hilbridge.light.name", "Name")
f.rate = ProtoField.uint8("hilbridge.rate", "Rate (frames/s, 0 stops)", base.DEC)
f.first_pixel = ProtoField.uint16("hilbridge.first_pixel", "First pixel", base.DEC)
f.pixel_count = ProtoField.uint8("hilbridge.pixel_count", "Pixel count", base.DEC)
f.pixel_color = ProtoField.uint24("hilbridge.pixel_color", "Pixel colour", base.HEX)
f.run_count = ProtoField.uint8("hilbridge.run_count", "Run count", base.DEC)
f.run_pixels = ProtoField.uint8("hilbridge.run_pixels", "Run pixels", base.DEC)
f.run_color = ProtoField.uint24("hilbridge.run_color", "Run colour", base.HEX)
f.error_reason = ProtoField.uint8("hilbridge.error_reason", "Decode error", base.DEC, REASONS)
f.raw = ProtoField.bytes("hilbridge.raw", "Raw bytes")
f.event = ProtoField.uint8("hilbridge.event", "Event", base.DEC, EVENTS)
f.event_text = ProtoField.string("hilbridge.event_text", "Event text")
f.dropped = ProtoField.uint32("hilbridge.dropped", "Dropped records", base.DEC)

local e_malformed = ProtoExpert.new("hilbridge.malformed", "Payload length does not match its type (uart-link.md 3)",
    expert.group.MALFORMED, expert.severity.ERROR)
local e_crc = ProtoExpert.new("hilbridge.crc.bad", "CRC-16 does not match", expert.group.CHECKSUM, expert.severity.ERROR)
local e_record = ProtoExpert.new("hilbridge.record.bad", "Not a record of trace format 1", expert.group.MALFORMED,
    expert.severity.ERROR)
local e_retransmit = ProtoExpert.new("hilbridge.retransmit.note", "Retransmitted: an earlier frame with this seq is still unanswered",
    expert.group.SEQUENCE, expert.severity.NOTE)
hilbridge.experts = { e_malformed, e_crc, e_record, e_retransmit }

-- xor of two 16-bit values with arithmetic only (the Lua 5.1/5.2/5.4 common ground).
local function xor16(a, b)
    local r, bitv = 0, 1
    for _ = 1, 16 do
        local x, y = a % 2, b % 2
        if x ~= y then r = r + bitv end
        a, b, bitv = math.floor(a / 2), math.floor(b / 2), bitv * 2
    end
    return r
end

-- CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final xor), table-driven.
local CRC_TABLE = {}
for i = 0, 255 do
    local c = i * 256
    for _ = 1, 8 do
        if c >= 0x8000 then c = xor16((c * 2) % 0x10000, 0x1021) else c = (c * 2) % 0x10000 end
    end
    CRC_TABLE[i] = c
end

local function crc16(tvb, offset, length)
    local crc = 0xFFFF
    for i = offset, offset + length - 1 do
        local index = xor16(math.floor(crc / 256), tvb(i, 1):uint())
        crc = xor16((crc * 256) % 0x10000, CRC_TABLE[index])
    end
    return crc
end

-- Each payload layout: its exact length (nil = variable) and how to show it. p = payload offset in tvb.
local function light_values(t, tvb, p)
    t:add(f.on, tvb(p, 1))
    t:add(f.brightness, tvb(p + 1, 1))
    t:add(f.color, tvb(p + 2, 3))
    t:add(f.effect, tvb(p + 5, 1))
end

local function add_string(t, field, tvb, p, limit)
    if p >= limit then return nil end
    local n = tvb(p, 1):uint()
    if p + 1 + n > limit then return nil end
    if n > 0 then t:add(field, tvb(p + 1, n)) else t:add(field, tvb(p, 1), "") end
    return p + 1 + n
end

local function hello(t, tvb, p, n)
    local limit = p + n
    if n < 1 then return false end
    t:add(f.proto_version, tvb(p, 1))
    local q = add_string(t, f.fw_version, tvb, p + 1, limit)
    if q == nil or q + 5 > limit then return false end
    t:add_le(f.boot_id, tvb(q, 4))
    local count = tvb(q + 4, 1):uint()
    t:add(f.light_count, tvb(q + 4, 1))
    q = q + 5
    for _ = 1, count do
        if q + 5 > limit then return false end
        local sub = t:add(hilbridge, tvb(q, math.min(limit - q, 6 + tvb(q + 5, 1):uint())), "Light " .. tvb(q, 1):uint())
        sub:add(f.light_id, tvb(q, 1))
        sub:add(f.light_kind, tvb(q + 1, 1))
        sub:add_le(f.light_pixels, tvb(q + 2, 2))
        sub:add(f.light_effects, tvb(q + 4, 1))
        q = add_string(sub, f.light_name, tvb, q + 5, limit)
        if q == nil then return false end
    end
    return q == limit
end

local function set_values(t, tvb, p)
    t:add(f.light, tvb(p, 1))
    t:add(f.fields, tvb(p + 1, 1))
    t:add(f.on, tvb(p + 2, 1))
    t:add(f.brightness, tvb(p + 3, 1))
    t:add(f.color, tvb(p + 4, 3))
    t:add_le(f.transition_ms, tvb(p + 7, 2))
    t:add(f.effect, tvb(p + 9, 1))
end

-- PIXELS: light, first (u16), count, then count x (r, g, b); its length follows from count.
local function pixels(t, tvb, p, n)
    if n < 4 then return false end
    local count = tvb(p + 3, 1):uint()
    if count < 1 or n ~= 4 + 3 * count then return false end
    t:add(f.light, tvb(p, 1))
    t:add_le(f.first_pixel, tvb(p + 1, 2))
    t:add(f.pixel_count, tvb(p + 3, 1))
    for i = 0, count - 1 do t:add(f.pixel_color, tvb(p + 4 + 3 * i, 3)) end
    return true
end

-- SET_PIXELS: a SET's 10 bytes, run_count (1..47), then run_count x (count, r, g, b).
local function set_pixels(t, tvb, p, n)
    if n < 11 then return false end
    local runs = tvb(p + 10, 1):uint()
    if runs < 1 or runs > 47 or n ~= 11 + 4 * runs then return false end
    set_values(t, tvb, p)
    t:add(f.run_count, tvb(p + 10, 1))
    for i = 0, runs - 1 do
        local q = p + 11 + 4 * i
        local sub = t:add(hilbridge, tvb(q, 4), "Run " .. (i + 1))
        sub:add(f.run_pixels, tvb(q, 1))
        sub:add(f.run_color, tvb(q + 1, 3))
    end
    return true
end

local LAYOUTS = {
    [0x01] = { 0, function() end },
    [0x08] = { 0, function() end },
    [0x0D] = { 0, function() end },
    [0x02] = { nil, hello },
    [0x03] = { 10, function(t, tvb, p)
        t:add(f.light, tvb(p, 1))
        t:add(f.fields, tvb(p + 1, 1))
        t:add(f.on, tvb(p + 2, 1))
        t:add(f.brightness, tvb(p + 3, 1))
        t:add(f.color, tvb(p + 4, 3))
        t:add_le(f.transition_ms, tvb(p + 7, 2))
        t:add(f.effect, tvb(p + 9, 1))
    end },
    [0x04] = { 4, function(t, tvb, p)
        t:add_le(f.ack_seq, tvb(p, 2))
        t:add_le(f.state_gen, tvb(p + 2, 2))
    end },
    [0x05] = { 3, function(t, tvb, p)
        t:add_le(f.ack_seq, tvb(p, 2))
        t:add(f.nack_code, tvb(p + 2, 1))
    end },
    [0x06] = { 10, function(t, tvb, p)
        t:add(f.light, tvb(p, 1))
        t:add(f.cause, tvb(p + 1, 1))
        t:add(f.on, tvb(p + 2, 1))
        t:add(f.brightness, tvb(p + 3, 1))
        t:add(f.color, tvb(p + 4, 3))
        t:add(f.effect, tvb(p + 7, 1))
        t:add_le(f.state_gen, tvb(p + 8, 2))
    end },
    [0x07] = { 1, function(t, tvb, p) t:add(f.light, tvb(p, 1)) end },
    [0x09] = { 8, function(t, tvb, p)
        t:add_le(f.ping_seq, tvb(p, 2))
        t:add_le(f.state_gen, tvb(p + 2, 2))
        t:add_le(f.uptime_ms, tvb(p + 4, 4))
    end },
    [0x0A] = { nil, function(t, tvb, p, n)
        if n < 1 then return false end
        t:add(f.log_level, tvb(p, 1))
        if n > 1 then t:add(f.log_text, tvb(p + 1, n - 1)) end
        return true
    end },
    [0x0B] = { 11, function(t, tvb, p)
        t:add_le(f.ack_seq, tvb(p, 2))
        t:add_le(f.state_gen, tvb(p + 2, 2))
        t:add(f.light, tvb(p + 4, 1))
        light_values(t, tvb, p + 5)
    end },
    [0x0C] = { 4, function(t, tvb, p)
        t:add(f.light, tvb(p, 1))
        t:add(f.fault, tvb(p + 1, 1))
        t:add_le(f.state_gen, tvb(p + 2, 2))
    end },
    [0x0E] = { 2, function(t, tvb, p)
        t:add(f.light, tvb(p, 1))
        t:add(f.rate, tvb(p + 1, 1))
    end },
    [0x0F] = { nil, pixels },
    [0x10] = { nil, set_pixels },
}

local function frame(tree, tvb, pinfo, off)
    local len = tvb:len() - off
    local t = tree:add(hilbridge, tvb(off, len), "Frame")
    local typ = tvb(off + 1, 1):uint()
    local seq = tvb(off + 2, 2):le_uint()
    t:add(f.version, tvb(off, 1))
    t:add(f.type, tvb(off + 1, 1))
    t:add_le(f.seq, tvb(off + 2, 2))
    local n = len - 6
    local p = off + 4
    if n > 0 then t:add(f.payload, tvb(p, n)) end
    local layout = LAYOUTS[typ]
    local name = TYPES[typ] or string.format("0x%02X", typ)
    if layout ~= nil then
        local ok
        if layout[1] ~= nil and layout[1] ~= n then
            ok = false
        else
            ok = layout[2](t, tvb, p, n)
            if ok == nil then ok = true end
        end
        if not ok then t:add_proto_expert_info(e_malformed) end
    end
    local want = tvb(off + len - 2, 2):uint()
    t:add(f.crc, tvb(off + len - 2, 2))
    local good = crc16(tvb, off, len - 2) == want
    t:add(f.crc_status, tvb(off + len - 2, 2), good and 1 or 0)
    if not good then t:add_proto_expert_info(e_crc) end
    pinfo.cols.info:set(name .. " seq=" .. seq)
end

function hilbridge.dissector(tvb, pinfo, tree)
    pinfo.cols.protocol:set("HILBRIDGE")
    local root = tree:add(hilbridge, tvb(), "hilbridge link record")
    if tvb:len() < 4 or tvb(0, 1):uint() ~= 1 then
        root:add_proto_expert_info(e_record)
        return
    end
    local kind = tvb(1, 1):uint()
    root:add(f.kind, tvb(1, 1))
    root:add(f.flags, tvb(2, 1))
    root:add(f.retransmit, tvb(2, 1))
    root:add(f.dir, tvb(3, 1))
    local dir = tvb(3, 1):uint()
    if dir == 1 then
        pinfo.cols.src:set("host"); pinfo.cols.dst:set("board")
    elseif dir == 2 then
        pinfo.cols.src:set("board"); pinfo.cols.dst:set("host")
    end
    local body = tvb:len() - 4
    if kind == 1 and body >= 6 then
        frame(root, tvb, pinfo, 4)
        if tvb(2, 1):uint() % 2 == 1 then
            root:add_proto_expert_info(e_retransmit)
            pinfo.cols.info:append(" [retransmit]")
        end
    elseif kind == 2 and body >= 1 then
        root:add(f.error_reason, tvb(4, 1))
        if body > 1 then root:add(f.raw, tvb(5, body - 1)) end
        pinfo.cols.info:set("decode error: " .. (REASONS[tvb(4, 1):uint()] or "?") .. ", " .. (body - 1) .. " bytes")
    elseif kind == 3 and body >= 1 then
        root:add(f.event, tvb(4, 1))
        if body > 1 then root:add(f.event_text, tvb(5, body - 1)) end
        pinfo.cols.info:set("event: " .. (EVENTS[tvb(4, 1):uint()] or "?"))
    elseif kind == 4 and body == 4 then
        root:add_le(f.dropped, tvb(4, 4))
        pinfo.cols.info:set("dropped " .. tvb(4, 4):le_uint() .. " records")
    else
        root:add_proto_expert_info(e_record)
    end
end

local encaps = wtap_encaps or wtap
DissectorTable.get("wtap_encap"):add(encaps.USER0, hilbridge)
