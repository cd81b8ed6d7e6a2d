/*
 * hilbridge-sim: the firmware's portable core behind a pseudo-terminal, so the
 * bridge talks to it exactly as to a board on USB (--serial /dev/pts/N).
 *
 *   hilbridge-sim [--link PATH] [--boot-text] [--boot-id HEX] [--failsafe-ms N] [--failsafe-restore]
 *
 * stdout, one line per event (line-buffered, for people and tests):
 *   ready pty=/dev/pts/N link=PATH boot_id=0x...
 *   connected | disconnected                 the host opened / closed the port
 *   light ID on=0|1 brightness=N color=RRGGBB effect=NAME fade_ms=N
 *   button ID | reboot boot_id=0x... | failsafe
 * stdin, one command per line: "button ID", "reboot", "log TEXT", "quit".
 * Signals: SIGUSR1 presses button 0, SIGHUP reboots, SIGTERM/SIGINT quit (removing --link).
 *
 * Like a UART nobody listens to, output is dropped while no host has the
 * port open; the host's handshake (HELLO_REQ until HELLO) copes with that.
 * Single-threaded: one poll loop owns the core.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "default_board.h"
#include "hilbridge/hb_core.h"

#define TICK_MS 10

/* ESP32 ROM output after a power-on reset (as in the boot_text_then_hello vector). */
static const char BOOT_TEXT[] =
    "ets Jun  8 2016 00:22:57\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n"
    "configsip: 0, SPIWP:0xee\r\nclk_drv:0x00,q_drv:0x00,d_drv:0x00,cs0_drv:0x00,hd_drv:0x00,wp_drv:0x00\r\n"
    "mode:DIO, clock div:2\r\nload:0x3fff0030,len:7104\r\nentry 0x400805f0\r\n";

static const char *const EFFECT_NAMES[] = {"none", "blink", "breathe", "rainbow"};

typedef struct {
    int master;
    int connected; /* a host has the pty's slave side open */
    unsigned long dropped_writes;
    int reboot_requested; /* REBOOT_REQ acknowledged: reboot once the core has returned */
    const char *link;
    int boot_text;
    int fixed_boot_id;
    uint32_t boot_id;
    hb_board_cfg cfg;
    hb_core core;
} sim;

static volatile sig_atomic_t sig_button;
static volatile sig_atomic_t sig_reboot;
static volatile sig_atomic_t sig_quit;

static void on_signal(int sig)
{
    if (sig == SIGUSR1) {
        sig_button = 1;
    } else if (sig == SIGHUP) {
        sig_reboot = 1;
    } else {
        sig_quit = 1;
    }
}

static uint32_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint32_t)((uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u);
}

static uint32_t random_u32(void)
{
    uint32_t v = 0;
    int fd = open("/dev/urandom", O_RDONLY);
    if (fd < 0 || read(fd, &v, sizeof v) != (ssize_t)sizeof v) {
        v = now_ms() ^ ((uint32_t)getpid() << 16);
    }
    if (fd >= 0) {
        close(fd);
    }
    return v;
}

/* Writes what the pty takes; a full buffer drops the rest, as a UART would. */
static void pty_write(sim *s, const uint8_t *data, size_t len)
{
    if (!s->connected) {
        s->dropped_writes++;
        return;
    }
    while (len > 0) {
        ssize_t n = write(s->master, data, len);
        if (n > 0) {
            data += n;
            len -= (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            s->dropped_writes++;
            return;
        }
    }
}

static void port_write(void *ctx, const uint8_t *data, size_t len)
{
    pty_write(ctx, data, len);
}

static void port_light_changed(void *ctx, uint8_t light, const hb_light_state *st, uint16_t fade_ms)
{
    (void)ctx;
    printf("light %u on=%u brightness=%u color=%02x%02x%02x effect=%s fade_ms=%u\n", light, st->on, st->brightness,
           st->color.r, st->color.g, st->color.b, st->effect <= HB_EFFECT_MAX ? EFFECT_NAMES[st->effect] : "?",
           fade_ms);
}

static void port_failsafe(void *ctx)
{
    (void)ctx;
    printf("failsafe\n");
}

/* REBOOT_REQ was acknowledged (the ACK is already written to the pty): restart once hb_core_rx returns. */
static void port_reboot(void *ctx)
{
    sim *s = ctx;
    s->reboot_requested = 1;
}

/* Power-on: optional ROM text, then the core boots (HELLO, boot STATEs). */
static void boot(sim *s)
{
    if (!s->fixed_boot_id) {
        s->boot_id = random_u32();
    }
    if (s->boot_text) {
        pty_write(s, (const uint8_t *)BOOT_TEXT, sizeof BOOT_TEXT - 1);
    }
    hb_port port = {s, port_write, port_light_changed, port_failsafe, port_reboot, NULL}; /* a pty: always idle */
    if (hb_core_init(&s->core, &s->cfg, &port, s->boot_id, now_ms()) != 0) {
        fprintf(stderr, "hilbridge-sim: the board configuration was rejected\n");
        exit(1);
    }
    hb_core_log_boot(&s->core);
}

/* Polls the master for the slave side's state: POLLHUP while no host has the port open. */
static void check_connected(sim *s)
{
    struct pollfd p = {s->master, POLLIN, 0};
    if (poll(&p, 1, 0) < 0) {
        return;
    }
    int now_connected = (p.revents & POLLHUP) == 0;
    if (now_connected != s->connected) {
        s->connected = now_connected;
        printf("%s\n", now_connected ? "connected" : "disconnected");
    }
}

static int open_pty(sim *s)
{
    s->master = posix_openpt(O_RDWR | O_NOCTTY);
    if (s->master < 0 || grantpt(s->master) != 0 || unlockpt(s->master) != 0) {
        perror("hilbridge-sim: posix_openpt");
        return -1;
    }
    const char *name = ptsname(s->master);
    if (name == NULL) {
        perror("hilbridge-sim: ptsname");
        return -1;
    }
    /* Raw 8N1 on the line discipline, so no byte is translated or swallowed (0x00, \r, ^C ...). */
    int slave = open(name, O_RDWR | O_NOCTTY);
    if (slave < 0) {
        perror("hilbridge-sim: open slave");
        return -1;
    }
    struct termios t;
    if (tcgetattr(slave, &t) == 0) {
        cfmakeraw(&t);
        t.c_cflag |= CLOCAL | CREAD;
        cfsetispeed(&t, B115200);
        cfsetospeed(&t, B115200);
        tcsetattr(slave, TCSANOW, &t);
    }
    close(slave);
    fcntl(s->master, F_SETFL, fcntl(s->master, F_GETFL) | O_NONBLOCK);
    if (s->link != NULL) {
        unlink(s->link);
        if (symlink(name, s->link) != 0) {
            perror("hilbridge-sim: symlink --link");
            return -1;
        }
    }
    return 0;
}

static void reboot(sim *s)
{
    boot(s);
    printf("reboot boot_id=0x%08x\n", s->boot_id);
}

static void press(sim *s, unsigned light)
{
    printf("button %u\n", light);
    hb_core_button(&s->core, (uint8_t)light, now_ms());
}

/* One stdin command line. Returns 0 to quit. */
static int command(sim *s, char *line)
{
    unsigned light = 0;
    line[strcspn(line, "\r\n")] = '\0';
    if (strcmp(line, "button") == 0 || sscanf(line, "button %u", &light) == 1) {
        press(s, light);
    } else if (strcmp(line, "reboot") == 0) {
        reboot(s);
    } else if (strncmp(line, "log ", 4) == 0) {
        hb_core_log(&s->core, HB_LOG_INFO, line + 4, strlen(line + 4));
    } else if (strcmp(line, "quit") == 0) {
        return 0;
    } else if (line[0] != '\0') {
        fprintf(stderr, "hilbridge-sim: unknown command \"%s\" (button ID, reboot, log TEXT, quit)\n", line);
    }
    return 1;
}

static void usage(void)
{
    fprintf(stderr, "usage: hilbridge-sim [--link PATH] [--boot-text] [--boot-id HEX] [--failsafe-ms N] "
                    "[--failsafe-restore]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    static sim s;
    s.cfg = hb_default_board();
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--link") == 0 && i + 1 < argc) {
            s.link = argv[++i];
        } else if (strcmp(argv[i], "--boot-text") == 0) {
            s.boot_text = 1;
        } else if (strcmp(argv[i], "--boot-id") == 0 && i + 1 < argc) {
            s.boot_id = (uint32_t)strtoul(argv[++i], NULL, 16);
            s.fixed_boot_id = 1;
        } else if (strcmp(argv[i], "--failsafe-ms") == 0 && i + 1 < argc) {
            s.cfg.failsafe_ms = (uint32_t)strtoul(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--failsafe-restore") == 0) {
            s.cfg.failsafe_action = HB_FAILSAFE_RESTORE;
        } else {
            usage();
        }
    }
    setvbuf(stdout, NULL, _IOLBF, 0);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    if (open_pty(&s) != 0) {
        return 1;
    }
    check_connected(&s);
    boot(&s);
    printf("ready pty=%s link=%s boot_id=0x%08x\n", ptsname(s.master), s.link != NULL ? s.link : "-", s.boot_id);

    char line[256];
    size_t line_len = 0;
    int stdin_open = 1;
    while (!sig_quit) {
        struct pollfd p[2] = {{s.connected ? s.master : -1, POLLIN, 0}, {stdin_open ? 0 : -1, POLLIN, 0}};
        /* Wakes for the live view's next PIXELS chunk too (one per tick: a pty is always idle). */
        uint32_t pixels_wait = hb_core_pixels_wait_ms(&s.core, now_ms());
        int r = poll(p, 2, pixels_wait < TICK_MS ? (int)pixels_wait : TICK_MS);
        if (r < 0 && errno != EINTR) {
            perror("hilbridge-sim: poll");
            break;
        }
        if (p[0].revents & POLLIN) {
            uint8_t buf[512];
            ssize_t n = read(s.master, buf, sizeof buf);
            if (n > 0) {
                hb_core_rx(&s.core, buf, (size_t)n, now_ms());
            }
        }
        if (p[1].revents & (POLLIN | POLLHUP)) {
            ssize_t n = read(0, line + line_len, sizeof line - 1 - line_len);
            if (n <= 0) {
                stdin_open = 0; /* stdin closed: keep running on signals alone */
            } else {
                line_len += (size_t)n;
                line[line_len] = '\0';
                char *nl;
                while ((nl = strchr(line, '\n')) != NULL) {
                    *nl = '\0';
                    if (!command(&s, line)) {
                        sig_quit = 1;
                    }
                    size_t used = (size_t)(nl - line) + 1;
                    memmove(line, nl + 1, line_len - used + 1);
                    line_len -= used;
                }
                if (line_len == sizeof line - 1) {
                    line_len = 0; /* an overlong line is dropped */
                }
            }
        }
        if (sig_button) {
            sig_button = 0;
            press(&s, 0);
        }
        if (sig_reboot || s.reboot_requested) {
            if (s.reboot_requested) {
                printf("reboot requested by the host\n");
            }
            sig_reboot = 0;
            s.reboot_requested = 0;
            reboot(&s);
        }
        check_connected(&s);
        hb_core_tick(&s.core, now_ms());
    }
    if (s.link != NULL) {
        unlink(s.link);
    }
    printf("quit\n");
    return 0;
}
