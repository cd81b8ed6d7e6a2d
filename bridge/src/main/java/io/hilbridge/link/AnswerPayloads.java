package io.hilbridge.link;

/**
 * The payload codecs of the board's plain answers (uart-link.md section 3): ACK, NACK (codes in {@link Messages})
 * and PONG. Reached as {@code Messages.Ack} and so on; see {@link Messages} for the conventions every codec follows.
 */
public interface AnswerPayloads {

    record Ack(int ackSeq, int stateGen) {
        public byte[] encode() {
            return new PayloadWriter().u16(ackSeq).u16(stateGen).toArray();
        }

        public static Ack decode(byte[] p) {
            PayloadReader r = new PayloadReader(p, "ACK");
            r.expectLength(4);
            return new Ack(r.u16(), r.u16());
        }
    }

    record Nack(int ackSeq, int code) {
        public byte[] encode() {
            return new PayloadWriter().u16(ackSeq).u8(code).toArray();
        }

        public static Nack decode(byte[] p) {
            PayloadReader r = new PayloadReader(p, "NACK");
            r.expectLength(3);
            return new Nack(r.u16(), r.u8());
        }
    }

    record Pong(int pingSeq, int stateGen, long uptimeMs) {
        public byte[] encode() {
            return new PayloadWriter().u16(pingSeq).u16(stateGen).u32(uptimeMs).toArray();
        }

        public static Pong decode(byte[] p) {
            PayloadReader r = new PayloadReader(p, "PONG");
            r.expectLength(8);
            return new Pong(r.u16(), r.u16(), r.u32());
        }
    }
}
