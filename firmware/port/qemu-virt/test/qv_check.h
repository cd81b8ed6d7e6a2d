/*
 * The smallest assert harness that does the job on the target: cmocka is not built for riscv32,
 * and the runner only needs "count checks, report failures with file:line, exit non-zero".
 * Output goes through picolibc's semihosted stdio to QEMU's stdout; the exit status of main
 * becomes QEMU's exit status.
 */
#ifndef QV_CHECK_H
#define QV_CHECK_H

#include <stdio.h>

#include "vec_json.h"

extern int qv_checks;
extern int qv_failures;
extern const char *qv_context; /* the vector or scenario being checked, for messages */

#define CHECK(cond, ...)                                                           \
    do {                                                                           \
        qv_checks++;                                                               \
        if (!(cond)) {                                                             \
            qv_failures++;                                                         \
            printf("FAIL %s:%d [%s] %s: ", __FILE__, __LINE__, qv_context, #cond); \
            printf(__VA_ARGS__);                                                   \
            printf("\n");                                                          \
        }                                                                          \
    } while (0)

/* Loads and parses <dir>/<name> (read through semihosting). Returns 0 or -1 (reported). */
int qv_load_vectors(const char *dir, const char *name, vj_doc *doc);

/* Suites; each takes the parsed vector files it needs. */
void test_crc16(const vj_doc *doc);
void test_cobs(const vj_doc *doc);
void test_messages(const vj_doc *doc);
void test_streams(const vj_doc *doc);
void test_dispatch(const vj_doc *messages);
void test_render(void);

#endif
