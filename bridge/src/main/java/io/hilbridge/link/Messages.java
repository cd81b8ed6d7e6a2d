package io.hilbridge.link;

/**
 * The one entry point to the payload codecs of every message in uart-link.md section 3: {@code Messages.Hello},
 * {@code Messages.SetCommand}, {@code Messages.Ack} and the rest are inherited from one interface per message family
 * ({@link HelloPayloads}, {@link LightPayloads}, {@link AnswerPayloads}, {@link NoticePayloads},
 * {@link PixelPayloads}, {@link SetPixelsPayloads}), so callers name
 * them as before while each family lives in a file of its own. Each record holds the wire values (raw integers where
 * the receiver must be able to see and refuse out-of-range values), {@code encode()} gives the payload bytes and
 * {@code decode(byte[])} parses one strictly, throwing {@link MalformedPayloadException} when the length or a string
 * is wrong; the bytes themselves go through {@link PayloadWriter} and {@link PayloadReader}.
 *
 * <p>Thread-safety: stateless; every record is immutable.
 */
public interface Messages
        extends HelloPayloads, LightPayloads, AnswerPayloads, NoticePayloads, PixelPayloads, SetPixelsPayloads {

    /** NACK codes. */
    int NACK_BAD_LIGHT = 1,
            NACK_UNSUPPORTED = 2,
            NACK_OUT_OF_RANGE = 3,
            NACK_MALFORMED = 4,
            NACK_BUSY = 5,
            NACK_UNKNOWN_TYPE = 6;

    int MAX_STRING = 15;
    int MAX_LIGHTS = 8;

    static String nackName(int code) {
        return switch (code) {
            case NACK_BAD_LIGHT -> "bad_light";
            case NACK_UNSUPPORTED -> "unsupported";
            case NACK_OUT_OF_RANGE -> "out_of_range";
            case NACK_MALFORMED -> "malformed";
            case NACK_BUSY -> "busy";
            case NACK_UNKNOWN_TYPE -> "unknown_type";
            default -> "code_" + code;
        };
    }
}
