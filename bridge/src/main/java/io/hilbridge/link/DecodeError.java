package io.hilbridge.link;

import java.util.Locale;

/** Why the decoder dropped the bytes between two delimiters (uart-link.md section 2, decoder rules). */
public enum DecodeError {
    /** More than 208 bytes without a delimiter. */
    OVERSIZE,
    /** A COBS code byte points past the end. */
    COBS,
    /** Fewer than 6 decoded bytes (header + CRC). */
    RUNT,
    /** The CRC does not match. */
    CRC,
    /** The version byte is not 1. */
    VERSION;

    public String kind() {
        return name().toLowerCase(Locale.ROOT);
    }
}
