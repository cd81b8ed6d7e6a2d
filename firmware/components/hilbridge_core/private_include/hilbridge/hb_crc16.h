/* CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final XOR). */
#ifndef HILBRIDGE_HB_CRC16_H
#define HILBRIDGE_HB_CRC16_H

#include <stddef.h>
#include <stdint.h>

#define HB_CRC16_INIT 0xFFFFu

/* Continues a CRC over one more byte; start from HB_CRC16_INIT. */
uint16_t hb_crc16_update(uint16_t crc, uint8_t byte);

/* CRC of a whole buffer. */
uint16_t hb_crc16(const uint8_t *data, size_t len);

#endif
