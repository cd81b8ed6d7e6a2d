package io.hilbridge.trace;

import io.hilbridge.link.DecodeError;

/** The decode-error reason bytes of protocol-spec/trace-format.md (kind 2): 1 oversize .. 5 version. Stateless. */
final class TraceErrors {
    private static final DecodeError[] BY_CODE = {
        null, DecodeError.OVERSIZE, DecodeError.COBS, DecodeError.RUNT, DecodeError.CRC, DecodeError.VERSION
    };

    private TraceErrors() {}

    static int code(DecodeError e) {
        for (int i = 1; i < BY_CODE.length; i++) if (BY_CODE[i] == e) return i;
        throw new IllegalArgumentException("no trace code for " + e);
    }

    /** The error's name, or {@code reason N} for a code this version does not know. */
    static String name(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code].kind() : "reason " + code;
    }
}
