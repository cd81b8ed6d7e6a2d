package io.hilbridge.link;

import io.hilbridge.lights.BoardInfo;
import io.hilbridge.lights.Effect;
import io.hilbridge.lights.LightInfo;
import io.hilbridge.lights.LightKind;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The HELLO payload codec (uart-link.md section 3): the board's firmware, boot id and lights. Reached as
 * {@code Messages.Hello}; see {@link Messages} for the conventions every codec follows.
 */
public interface HelloPayloads {

    record Hello(int protocolVersion, String firmwareVersion, long bootId, List<LightInfo> lights) {
        public Hello {
            lights = List.copyOf(lights);
            if (lights.isEmpty() || lights.size() > Messages.MAX_LIGHTS) {
                throw new IllegalArgumentException(
                        "a board has 1.." + Messages.MAX_LIGHTS + " lights, not " + lights.size());
            }
            if (bootId < 0 || bootId > 0xFFFFFFFFL) throw new IllegalArgumentException("boot id must be u32");
        }

        public static Hello of(BoardInfo info) {
            return new Hello(info.protocolVersion(), info.firmwareVersion(), info.bootId(), info.lights());
        }

        public BoardInfo toBoardInfo() {
            return new BoardInfo(protocolVersion, firmwareVersion, bootId, lights);
        }

        public byte[] encode() {
            PayloadWriter w = new PayloadWriter();
            w.u8(protocolVersion).string(firmwareVersion).u32(bootId).u8(lights.size());
            for (LightInfo l : lights) {
                int effects = 0;
                for (Effect e : l.effects()) {
                    if (e != Effect.NONE) effects |= 1 << e.id();
                }
                w.u8(l.id()).u8(l.kind().code()).u16(l.pixels()).u8(effects).string(l.name());
            }
            return w.toArray();
        }

        public static Hello decode(byte[] p) {
            PayloadReader r = new PayloadReader(p, "HELLO");
            int version = r.u8();
            String fw = r.string();
            long boot = r.u32();
            int count = r.u8();
            if (count < 1 || count > Messages.MAX_LIGHTS)
                throw r.bad("light_count " + count + " outside 1.." + Messages.MAX_LIGHTS);
            List<LightInfo> lights = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int id = r.u8();
                if (id != i) throw r.bad("light ids must be 0..n-1 in order, got " + id + " at " + i);
                int kindCode = r.u8();
                if (kindCode > 3) throw r.bad("unknown light kind " + kindCode);
                LightKind kind = LightKind.fromCode(kindCode);
                int pixels = r.u16();
                int effectBits = r.u8();
                Set<Effect> effects = EnumSet.noneOf(Effect.class);
                for (Effect e : Effect.values()) {
                    // Bits of effects this bridge does not know are ignored: a newer board may offer more.
                    if (e != Effect.NONE && (effectBits & (1 << e.id())) != 0) effects.add(e);
                }
                lights.add(new LightInfo(id, r.string(), kind, pixels, effects));
            }
            r.end();
            return new Hello(version, fw, boot, lights);
        }
    }
}
