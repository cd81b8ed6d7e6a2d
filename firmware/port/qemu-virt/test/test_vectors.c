/* Golden vectors for CRC-16, COBS, frame encoding and the decoder (uart-link.md sections 2, 8). */
#include <string.h>

#include "hilbridge/hb_cobs.h"
#include "hilbridge/hb_crc16.h"
#include "hilbridge/hb_frame.h"
#include "qv_check.h"

#define BUF 1024

static int name_tok(const vj_doc *doc, int v)
{
    return vj_get(doc, v, "name");
}

static void set_context(const vj_doc *doc, int v, const char *fallback, char *buf, size_t cap)
{
    int n = name_tok(doc, v);
    if (n < 0) {
        qv_context = fallback;
        return;
    }
    size_t len = (size_t)(doc->toks[n].end - doc->toks[n].start);
    if (len >= cap) {
        len = cap - 1;
    }
    memcpy(buf, doc->text + doc->toks[n].start, len);
    buf[len] = '\0';
    qv_context = buf;
}

void test_crc16(const vj_doc *doc)
{
    static uint8_t data[BUF];
    int arr = vj_get(doc, 0, "vectors");
    CHECK(arr >= 0 && doc->toks[arr].size > 0, "crc16.json has no vectors");
    for (int i = 0; arr >= 0 && i < doc->toks[arr].size; i++) {
        int v = vj_at(doc, arr, i);
        qv_context = "crc16";
        int n = vj_hex(doc, vj_get(doc, v, "data_hex"), data, sizeof data);
        long want = vj_int(doc, vj_get(doc, v, "crc"));
        CHECK(n >= 0, "vector %d: data_hex unreadable", i);
        if (n < 0) {
            continue;
        }
        CHECK(hb_crc16(data, (size_t)n) == want, "vector %d: got 0x%04x want 0x%04lx", i,
              (unsigned)hb_crc16(data, (size_t)n), want);
        uint16_t crc = HB_CRC16_INIT;
        for (int k = 0; k < n; k++) {
            crc = hb_crc16_update(crc, data[k]);
        }
        CHECK(crc == want, "vector %d: byte-wise update got 0x%04x want 0x%04lx", i, (unsigned)crc, want);
    }
}

void test_cobs(const vj_doc *doc)
{
    static uint8_t dec[BUF], enc[BUF], out[BUF];
    int arr = vj_get(doc, 0, "vectors");
    CHECK(arr >= 0 && doc->toks[arr].size > 0, "cobs.json has no vectors");
    for (int i = 0; arr >= 0 && i < doc->toks[arr].size; i++) {
        int v = vj_at(doc, arr, i);
        qv_context = "cobs";
        int dn = vj_hex(doc, vj_get(doc, v, "decoded_hex"), dec, sizeof dec);
        int en = vj_hex(doc, vj_get(doc, v, "encoded_hex"), enc, sizeof enc);
        CHECK(dn >= 0 && en >= 0, "vector %d unreadable", i);
        if (dn < 0 || en < 0) {
            continue;
        }
        hb_cobs_enc e;
        hb_cobs_enc_begin(&e, out, sizeof out);
        for (int k = 0; k < dn; k++) {
            hb_cobs_enc_put(&e, dec[k]);
        }
        size_t got = hb_cobs_enc_end(&e);
        CHECK(got == (size_t)en && memcmp(out, enc, got) == 0, "vector %d: encode differs (len %u want %d)", i,
              (unsigned)got, en);

        size_t out_len = 0;
        int rc = hb_cobs_decode(enc, (size_t)en, out, &out_len);
        CHECK(rc == 0 && out_len == (size_t)dn && memcmp(out, dec, out_len) == 0, "vector %d: decode differs", i);

        /* The decoder promises in-place decoding. */
        memcpy(out, enc, (size_t)en);
        rc = hb_cobs_decode(out, (size_t)en, out, &out_len);
        CHECK(rc == 0 && out_len == (size_t)dn && memcmp(out, dec, out_len) == 0, "vector %d: in-place decode differs",
              i);
    }
}

static const struct {
    const char *name;
    int code;
} types[] = {{"HELLO_REQ", HB_T_HELLO_REQ},
             {"HELLO", HB_T_HELLO},
             {"SET", HB_T_SET},
             {"ACK", HB_T_ACK},
             {"NACK", HB_T_NACK},
             {"STATE", HB_T_STATE},
             {"STATE_REQ", HB_T_STATE_REQ},
             {"PING", HB_T_PING},
             {"PONG", HB_T_PONG},
             {"LOG", HB_T_LOG},
             {"ACK_STATE", HB_T_ACK_STATE},
             {"FAULT", HB_T_FAULT},
             {"REBOOT_REQ", HB_T_REBOOT_REQ},
             {"PIXELS_SUB", HB_T_PIXELS_SUB},
             {"PIXELS", HB_T_PIXELS},
             {"SET_PIXELS", HB_T_SET_PIXELS}};

static int type_code(const vj_doc *doc, int tok)
{
    for (int t = 0; t < (int)(sizeof types / sizeof types[0]); t++) {
        if (vj_eq(doc, tok, types[t].name)) {
            return types[t].code;
        }
    }
    return -1;
}

void test_messages(const vj_doc *doc)
{
    static uint8_t payload[BUF], frame[BUF], wire[BUF], out[BUF];
    static char ctx[48];
    int arr = vj_get(doc, 0, "vectors");
    CHECK(arr >= 0 && doc->toks[arr].size > 0, "messages.json has no vectors");
    for (int i = 0; arr >= 0 && i < doc->toks[arr].size; i++) {
        int v = vj_at(doc, arr, i);
        set_context(doc, v, "messages", ctx, sizeof ctx);
        int type = type_code(doc, vj_get(doc, v, "type"));
        long seq = vj_int(doc, vj_get(doc, v, "seq"));
        int pn = vj_hex(doc, vj_get(doc, v, "payload_hex"), payload, sizeof payload);
        int fn = vj_hex(doc, vj_get(doc, v, "frame_hex"), frame, sizeof frame);
        int wn = vj_hex(doc, vj_get(doc, v, "wire_hex"), wire, sizeof wire);
        CHECK(type > 0 && pn >= 0 && fn >= 6 && wn >= 2, "vector unreadable");
        if (type <= 0 || pn < 0 || fn < 6 || wn < 2) {
            continue;
        }
        /* frame = header || payload || crc16 big-endian */
        uint16_t crc = hb_crc16(frame, (size_t)fn - 2u);
        CHECK(frame[fn - 2] == (crc >> 8) && frame[fn - 1] == (crc & 0xFFu), "frame CRC trailer");

        size_t got = hb_frame_encode(out, sizeof out, (uint8_t)type, (uint16_t)seq, payload, (size_t)pn);
        CHECK(got == (size_t)wn && memcmp(out, wire, got) == 0, "encode differs from wire_hex (len %u want %d)",
              (unsigned)got, wn);

        hb_decoder d;
        hb_decoder_init(&d);
        hb_frame f;
        int frames = 0;
        for (int k = 0; k < wn; k++) {
            hb_dec_result r = hb_decoder_push(&d, wire[k], &f);
            CHECK(r != HB_DEC_ERROR, "decoder error %u at byte %d", (unsigned)d.last_error, k);
            if (r == HB_DEC_FRAME) {
                frames++;
                CHECK(f.type == type && f.seq == seq, "decoded type %u seq %u", (unsigned)f.type, (unsigned)f.seq);
                CHECK(f.len == pn && memcmp(f.payload, payload, (size_t)pn) == 0, "decoded payload differs");
            }
        }
        CHECK(frames == 1, "decoded %d frames from wire_hex", frames);
    }
}

static const char *const error_names[HB_ERR_KINDS] = {"oversize", "cobs", "runt", "crc", "version"};

void test_streams(const vj_doc *doc)
{
    static uint8_t input[BUF], payload[BUF];
    static char ctx[48];
    int arr = vj_get(doc, 0, "vectors");
    CHECK(arr >= 0 && doc->toks[arr].size > 0, "streams.json has no vectors");
    for (int i = 0; arr >= 0 && i < doc->toks[arr].size; i++) {
        int v = vj_at(doc, arr, i);
        set_context(doc, v, "streams", ctx, sizeof ctx);
        int n = vj_hex(doc, vj_get(doc, v, "input_hex"), input, sizeof input);
        int want_frames = vj_get(doc, v, "frames");
        int errors = vj_get(doc, v, "errors");
        CHECK(n >= 0 && want_frames >= 0 && errors >= 0, "vector unreadable");
        if (n < 0 || want_frames < 0 || errors < 0) {
            continue;
        }
        hb_decoder d;
        hb_decoder_init(&d);
        hb_frame f;
        int got = 0;
        for (int k = 0; k < n; k++) {
            if (hb_decoder_push(&d, input[k], &f) != HB_DEC_FRAME) {
                continue;
            }
            int wf = vj_at(doc, want_frames, got);
            got++;
            CHECK(wf >= 0, "an extra frame type %u seq %u", (unsigned)f.type, (unsigned)f.seq);
            if (wf < 0) {
                continue;
            }
            int pn = vj_hex(doc, vj_get(doc, wf, "payload_hex"), payload, sizeof payload);
            CHECK(f.type == vj_int(doc, vj_get(doc, wf, "type")), "frame %d type %u", got, (unsigned)f.type);
            CHECK(f.seq == vj_int(doc, vj_get(doc, wf, "seq")), "frame %d seq %u", got, (unsigned)f.seq);
            CHECK(pn == f.len && memcmp(f.payload, payload, f.len) == 0, "frame %d payload differs", got);
        }
        CHECK(got == doc->toks[want_frames].size, "decoded %d frames, want %d", got, doc->toks[want_frames].size);
        for (int k = 0; k < HB_ERR_KINDS; k++) {
            long want = vj_int(doc, vj_get(doc, errors, error_names[k]));
            CHECK((long)d.errors[k] == want, "%s errors %lu want %ld", error_names[k], (unsigned long)d.errors[k],
                  want);
        }
    }
}
