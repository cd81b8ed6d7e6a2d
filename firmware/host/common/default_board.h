/*
 * The default board of the golden vectors: one light of each kind (protocol-spec/vectors/messages.json,
 * "hello_default_board"). The one C description of it, used by hilbridge-sim, the host tests and fuzzer, and the
 * QEMU virt board and its tests (firmware/port/qemu-virt); the bridge's SimulatedBoard describes it in Java. The
 * host test_vectors and the qemu-virt test_dispatch check its HELLO byte for byte against the vector, and the
 * bridge's VectorsTest checks SimulatedBoard against the same vector, so the three cannot drift apart.
 */
#ifndef HB_HOST_DEFAULT_BOARD_H
#define HB_HOST_DEFAULT_BOARD_H

#include "hilbridge/hb_core.h"

#define HB_HOST_FW_VERSION "0.1.0"
#define HB_DEFAULT_LIGHT_COUNT 4u
#define HB_DEFAULT_STRIP_PIXELS 8u /* the strip, light 3 */

/* The lights, in HELLO's order. */
extern const hb_light_cfg hb_default_lights[HB_DEFAULT_LIGHT_COUNT];

/* A fresh copy of the default board (failsafe off); callers may tweak it. */
hb_board_cfg hb_default_board(void);

#endif
