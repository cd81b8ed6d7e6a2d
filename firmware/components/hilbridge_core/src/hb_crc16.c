#include "hilbridge/hb_crc16.h"

/*
 * Bitwise rather than table-driven: 512 bytes of table would be a quarter of
 * the core's flash budget, and at 115200 baud a few cycles per bit are free.
 */
uint16_t hb_crc16_update(uint16_t crc, uint8_t byte)
{
    uint32_t c = (uint32_t)crc ^ ((uint32_t)byte << 8);
    for (int i = 0; i < 8; i++) {
        c = (c & 0x8000u) ? ((c << 1) ^ 0x1021u) : (c << 1);
    }
    return (uint16_t)(c & 0xFFFFu);
}

uint16_t hb_crc16(const uint8_t *data, size_t len)
{
    uint16_t crc = HB_CRC16_INIT;
    for (size_t i = 0; i < len; i++) {
        crc = hb_crc16_update(crc, data[i]);
    }
    return crc;
}
