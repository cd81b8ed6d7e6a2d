/*
 * The core's tests on the emulated RISC-V CPU (rv32imc, like the ESP32-C3): the same core
 * sources as the board image, checked against the .json files in protocol-spec/vectors, read from the host
 * through semihosting. Run by firmware/port/qemu-virt/test.sh; argv[1] is the vectors directory.
 */
#include <stdlib.h>
#include <string.h>

#include "qv_check.h"

int qv_checks;
int qv_failures;
const char *qv_context = "-";

#define TEXT_CAP 65536 /* messages.json grows with each message type; room for a few more */
#define TOKS_CAP 8192

/* One buffer per file: the suites keep pointers into the text. */
static char texts[4][TEXT_CAP];
static vj_tok toks[4][TOKS_CAP];
static int loaded;

int qv_load_vectors(const char *dir, const char *name, vj_doc *doc)
{
    char path[512];
    if (loaded >= 4 || strlen(dir) + strlen(name) + 2 > sizeof path) {
        printf("FAIL cannot load %s: too many files or path too long\n", name);
        qv_failures++;
        return -1;
    }
    strcpy(path, dir);
    strcat(path, "/");
    strcat(path, name);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        printf("FAIL cannot open %s (is QEMU running with -semihosting-config enable=on,target=native?)\n", path);
        qv_failures++;
        return -1;
    }
    char *text = texts[loaded];
    size_t n = fread(text, 1, TEXT_CAP, f);
    fclose(f);
    if (n == TEXT_CAP) {
        printf("FAIL %s is larger than the runner's %d-byte buffer\n", path, TEXT_CAP);
        qv_failures++;
        return -1;
    }
    if (vj_parse(doc, text, n, toks[loaded], TOKS_CAP) != 0) {
        printf("FAIL %s does not parse as JSON (or has more than %d tokens)\n", path, TOKS_CAP);
        qv_failures++;
        return -1;
    }
    loaded++;
    return 0;
}

int main(int argc, char **argv)
{
    /* picolibc's semihost crt0 passes QEMU's arg= values after a program name */
    const char *dir = argc > 1 ? argv[argc - 1] : "protocol-spec/vectors";
    vj_doc crc, cobs, messages, streams;
    if (qv_load_vectors(dir, "crc16.json", &crc) == 0) {
        test_crc16(&crc);
    }
    if (qv_load_vectors(dir, "cobs.json", &cobs) == 0) {
        test_cobs(&cobs);
    }
    if (qv_load_vectors(dir, "messages.json", &messages) == 0) {
        test_messages(&messages);
        test_dispatch(&messages);
    }
    test_render();
    if (qv_load_vectors(dir, "streams.json", &streams) == 0) {
        test_streams(&streams);
    }
    printf("core on rv32imc: %d checks, %d failed\n", qv_checks, qv_failures);
    return qv_failures == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
