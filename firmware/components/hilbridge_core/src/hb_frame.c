#include "hilbridge/hb_frame.h"

#include "hilbridge/hb_cobs.h"
#include "hilbridge/hb_crc16.h"

void hb_decoder_init(hb_decoder *d)
{
    d->len = 0;
    d->discarding = 0;
    d->last_error = 0;
    for (unsigned i = 0; i < HB_ERR_KINDS; i++) {
        d->errors[i] = 0;
    }
}

static hb_dec_result fail(hb_decoder *d, hb_decode_error kind)
{
    d->errors[kind]++;
    d->last_error = (uint8_t)kind;
    return HB_DEC_ERROR;
}

/* Closes the frame collected since the last delimiter; rules in spec order. */
static hb_dec_result close_frame(hb_decoder *d, hb_frame *out)
{
    size_t n = 0;
    if (d->discarding) {
        return fail(d, HB_ERR_OVERSIZE);
    }
    if (hb_cobs_decode(d->buf, d->len, d->buf, &n) != 0) {
        return fail(d, HB_ERR_COBS);
    }
    if (n > HB_MAX_DECODED) {
        return fail(d, HB_ERR_OVERSIZE); /* 208 encoded bytes can decode to 207 */
    }
    if (n < HB_HEADER_LEN + HB_CRC_LEN) {
        return fail(d, HB_ERR_RUNT);
    }
    uint16_t want = (uint16_t)(((unsigned)d->buf[n - 2] << 8) | d->buf[n - 1]);
    if (hb_crc16(d->buf, n - 2) != want) {
        return fail(d, HB_ERR_CRC);
    }
    if (d->buf[0] != HB_PROTO_VERSION) {
        return fail(d, HB_ERR_VERSION);
    }
    out->type = d->buf[1];
    out->seq = (uint16_t)(d->buf[2] | ((unsigned)d->buf[3] << 8));
    out->payload = &d->buf[HB_HEADER_LEN];
    out->len = (uint8_t)(n - HB_HEADER_LEN - HB_CRC_LEN);
    return HB_DEC_FRAME;
}

hb_dec_result hb_decoder_push(hb_decoder *d, uint8_t byte, hb_frame *out)
{
    if (byte != 0) {
        if (d->len < HB_MAX_ENCODED) {
            d->buf[d->len++] = byte;
        } else {
            d->discarding = 1;
        }
        return HB_DEC_MORE;
    }
    if (d->len == 0 && !d->discarding) {
        return HB_DEC_MORE; /* empty frame: two delimiters in a row */
    }
    hb_dec_result r = close_frame(d, out);
    d->len = 0;
    d->discarding = 0;
    return r;
}

/* Feeds bytes to both the CRC and the COBS encoder. */
static uint16_t put_bytes(hb_cobs_enc *e, uint16_t crc, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        crc = hb_crc16_update(crc, p[i]);
        hb_cobs_enc_put(e, p[i]);
    }
    return crc;
}

size_t hb_frame_encode(uint8_t *out, size_t cap, uint8_t type, uint16_t seq, const uint8_t *payload, size_t len)
{
    if (len > HB_MAX_PAYLOAD || cap < 2) {
        return 0;
    }
    const uint8_t head[HB_HEADER_LEN] = {HB_PROTO_VERSION, type, (uint8_t)(seq & 0xFFu), (uint8_t)(seq >> 8)};
    hb_cobs_enc e;
    out[0] = 0;
    hb_cobs_enc_begin(&e, out + 1, cap - 2);
    uint16_t crc = put_bytes(&e, HB_CRC16_INIT, head, HB_HEADER_LEN);
    crc = put_bytes(&e, crc, payload, len);
    hb_cobs_enc_put(&e, (uint8_t)(crc >> 8));
    hb_cobs_enc_put(&e, (uint8_t)(crc & 0xFFu));
    size_t n = hb_cobs_enc_end(&e);
    if (n == 0) {
        return 0;
    }
    out[n + 1] = 0;
    return n + 2;
}
