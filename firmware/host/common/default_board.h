/*
 * The default board of the golden vectors and of hilbridge-sim: one light of
 * each kind (protocol-spec/vectors/messages.json, "hello_default_board").
 */
#ifndef HB_HOST_DEFAULT_BOARD_H
#define HB_HOST_DEFAULT_BOARD_H

#include "hilbridge/hb_core.h"

#define HB_HOST_FW_VERSION "0.1.0"

/* A fresh copy of the default board (failsafe off); callers may tweak it. */
hb_board_cfg hb_default_board(void);

#endif
