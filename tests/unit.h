/*
 * unit.h: what every cmocka unit test (tests/test_*.c) includes: cmocka with the
 * headers it needs before it, and UNIT_MAIN, the main that runs a file's list of tests
 * as one group with no group setup (cmocka prints each test's name and the summary).
 * A file whose main does more (an --update or --emit mode, a group fixture) writes its
 * own.
 */
#ifndef ECHOSNIFF_UNIT_H
#define ECHOSNIFF_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/* int main(void) running the CMUnitTest entries given (cmocka_unit_test(f), ...). */
#define UNIT_MAIN(...)                                                                             \
    int main(void)                                                                                 \
    {                                                                                              \
        const struct CMUnitTest tests[] = {__VA_ARGS__};                                           \
        return cmocka_run_group_tests(tests, NULL, NULL);                                          \
    }

#endif
