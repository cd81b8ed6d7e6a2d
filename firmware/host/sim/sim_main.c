#include <stdio.h>

/* Placeholder until the pty board layer lands. */
int main(void)
{
    fputs("hilbridge-sim: not implemented yet\n", stderr);
    return 1;
}
