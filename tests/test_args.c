/*
 * test_args.c: unit tests for the strict numeric argument parsers in shared/args.c.
 */
#include "unit.h"

#include "args.h"

static void test_port_valid(void **state)
{
    (void)state;
    uint16_t p = 0;
    assert_true(parse_port("15213", false, &p));
    assert_int_equal(p, 15213);
    assert_true(parse_port("65535", false, &p));
    assert_int_equal(p, 65535);
    assert_true(parse_port("0", true, &p));
    assert_int_equal(p, 0);
}

static void test_port_invalid(void **state)
{
    (void)state;
    uint16_t p = 7;
    const char *bad[] = {"", "abc", "80x", "-1", "+80", " 80", "65536", "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(parse_port(bad[i], false, &p));
    assert_false(parse_port("0", false, &p));
    assert_false(parse_port(NULL, true, &p));
    assert_int_equal(p, 7);
}

static void test_u64_range(void **state)
{
    (void)state;
    uint64_t v;
    assert_true(parse_u64("18446744073709551615", 0, UINT64_MAX, &v));
    assert_true(v == UINT64_MAX);
    assert_false(parse_u64("18446744073709551616", 0, UINT64_MAX, &v));
    assert_false(parse_u64("5", 6, 10, &v));
    assert_false(parse_u64("11", 6, 10, &v));
}

UNIT_MAIN(cmocka_unit_test(test_port_valid), cmocka_unit_test(test_port_invalid),
          cmocka_unit_test(test_u64_range))
