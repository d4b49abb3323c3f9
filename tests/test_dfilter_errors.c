/*
 * test_dfilter_errors.c: unit tests for what the display-filter compiler
 * (sniff/filter/dfilter.c) refuses, and how it says so: each error's sentence and
 * caret, the three-line message main prints, and hostile nesting rejected at the
 * limit rather than recursed into.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "dfilter_packets.h"

struct bad {
    const char *expr;
    const char *msg; /* the first line of err */
    size_t pos, len; /* the caret */
};

static const struct bad bad_cases[] = {
    {"tcp.prot eq 1", "tcp.prot is neither a field nor a protocol name", 0, 8},
    {"http.request",
     "sniff does not support the field http.request yet (sniff does not decode "
     "http; if the name is right, tshark can filter on it)",
     0, 12},
    {"tcp.analysis.initial_rtt", "sniff does not support the field tcp.analysis.initial_rtt yet", 0,
     24},
    {"tcp.port == 70000", "\"70000\" too big for this field, maximum 65535", 12, 5},
    {"tcp.port == 0x10000", "\"0x10000\" too big for this field, maximum 65535", 12, 7},
    {"tcp.port == 99999999999999999999999",
     "\"99999999999999999999999\" too big for this field, maximum 65535", 12, 23},
    {"tcp.port == foo", "\"foo\" is not a valid number", 12, 3},
    {"tcp.port == -1", "\"-1\" is not a valid number", 12, 2},
    {"tcp.port == 1.5", "\"1.5\" is not a valid number", 12, 3},
    {"tcp.port == 08", "\"08\" is not a valid number", 12, 2},
    {"ip.addr == 1.2.3",
     "\"1.2.3\" is not a valid IPv4 address (sniff resolves no host names, as tshark -n)", 11, 5},
    {"ip.addr == ::1",
     "\"::1\" is not a valid IPv4 address (sniff resolves no host names, as tshark -n)", 11, 3},
    {"ipv6.addr == 1.2.3.4",
     "\"1.2.3.4\" is not a valid IPv6 address (sniff resolves no host names, as tshark -n)", 13, 7},
    {"ip.addr == 10.0.0.0/33", "Netmask bits in a CIDR IPv4 address should be <= 32, not 33", 11,
     11},
    {"ipv6.addr == ::/129", "Netmask bits in a CIDR IPv6 address should be <= 128, not 129", 13, 6},
    {"ip.addr == 10.0.0.0/x", "\"x\" is not a valid CIDR netmask length", 11, 10},
    {"tcp.flags.syn == maybe",
     "maybe cannot be found among the possible values for tcp.flags.syn (1, 0, True or False)", 17,
     5},
    {"(tcp", "Missing \")\" to close this \"(\"", 0, 1},
    {"tcp and", "Unexpected end of filter expression", 7, 1},
    {"tcp.port ==", "Unexpected end of filter expression", 11, 1},
    {"!", "Unexpected end of filter expression", 1, 1},
    {")", "\")\" was unexpected in this context", 0, 1},
    {"tcp)", "\")\" was unexpected in this context", 3, 1},
    {"tcp.port eq 15213 extra", "\"extra\" was unexpected in this context", 18, 5},
    {"tcp.port == == 1", "\"==\" was unexpected in this context", 12, 2},
    {"tcp and or udp", "\"or\" was unexpected in this context", 8, 2},
    {"1 == 2", "A constant cannot be tested alone: compare it with a field", 0, 1},
    {"tcp.analysis.flags == 1", "tcp.analysis.flags has no value to compare 1 with", 22, 1},
    {"tcp.port ~ \"1\"", "tcp.port is an unsigned integer: \"~\" takes bytes or text", 0, 8},
    {"tcp.port == \"1\"",
     "tcp.port is an unsigned integer and cannot be compared with a string (\"1\"); write the "
     "number without quotes",
     12, 3},
    {"tcp & udp", "\"tcp\" is a protocol: arithmetic takes integers", 0, 3},
    {"tcp & 0x01", "\"tcp\" is a protocol: arithmetic takes integers", 0, 3},
    {"", "Empty filter expression", 0, 1},
    {"   ", "Empty filter expression", 0, 1},
    {"tcp.port == \x01", "unexpected byte 0x01 in the expression", 12, 1},
    {"tcp.port in {}", "\"}\" was unexpected in this context", 13, 1},
    {"tcp.port in {80 443}", "\"443\" was unexpected in this context", 16, 3},
    {"tcp.port in {80,", "Unexpected end of filter expression", 16, 1},
    {"tcp.port in 80", "\"80\" was unexpected in this context", 12, 2},
    {"tcp.port in {1..}", "\"}\" is not a valid number", 16, 1},
    {"tcp.port in {1..70000}", "\"70000\" too big for this field, maximum 65535", 16, 5},
    {"tcp.port[0] == 1",
     "\"tcp.port\" is an unsigned integer and cannot be sliced into a sequence of bytes", 0, 8},
    {"upper(tcp.payload) == \"X\"", "upper() takes a string field", 6, 11},
    {"tcp.payload matches \"((\"",
     "Invalid regular expression at character 2: missing closing parenthesis", 20, 4},
    {"tcp.payload contains \"\\q\"", "\\q is not a valid character escape sequence", 22, 2},
    {"ip.src == \"1.2.3.4\"",
     "An IPv4 address cannot be written as a string: write \"1.2.3.4\" without quotes", 10, 9},
    {"frame.time_relative > \"x\"",
     "\"x\" is not a valid time offset: write seconds without quotes, e.g. 0.25", 22, 3},
    {"tcp.payload == \"abc", "The quote that starts here is never closed", 15, 1},
    {"eth.src == 00:16:ea:e3:54", "\"00:16:ea:e3:54\" is not a valid Ethernet address", 11, 14},
    {"eth.src == 00:16-ea:e3:54:e6", "\"00:16-ea:e3:54:e6\" is not a valid Ethernet address", 11,
     17},
    {"in", "\"in\" was unexpected in this context", 0, 2},
};

static void test_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad *c = &bad_cases[i];
        struct dfilter *f = (struct dfilter *)&f; /* must be reset to NULL */
        char err[512];
        size_t pos = 999, len = 999;
        int rc = dfilter_compile_loc(c->expr, &f, err, sizeof err, &pos, &len);
        if (rc == 0)
            fail_msg("'%s' compiled", c->expr);
        assert_null(f);
        if (strcmp(err, c->msg) != 0)
            fail_msg("'%s': got '%s', want '%s'", c->expr, err, c->msg);
        if (pos != c->pos || len != c->len)
            fail_msg("'%s': caret at %zu+%zu, want %zu+%zu", c->expr, pos, len, c->pos, c->len);
    }
}

/* The full three-line message main prints. */
static void test_error_text(void **state)
{
    (void)state;
    struct dfilter *f;
    char err[512];
    assert_int_not_equal(dfilter_compile("tcp.prot eq 1", &f, err, sizeof err), 0);
    assert_string_equal(err, "tcp.prot is neither a field nor a protocol name\n"
                             "    tcp.prot eq 1\n"
                             "    ^~~~~~~~");
    assert_int_not_equal(dfilter_compile("tcp.port == 70000", &f, err, sizeof err), 0);
    assert_string_equal(err, "\"70000\" too big for this field, maximum 65535\n"
                             "    tcp.port == 70000\n"
                             "                ^~~~~");
    /* A tab before the token is kept so the caret stays under it. */
    assert_int_not_equal(dfilter_compile("tcp\tfoo", &f, err, sizeof err), 0);
    assert_string_equal(err, "\"foo\" was unexpected in this context\n"
                             "    tcp\tfoo\n"
                             "       \t^~~");
    /* A small buffer is filled, NUL-terminated, and not overrun. */
    char small[12];
    memset(small, 'X', sizeof small);
    assert_int_not_equal(dfilter_compile("tcp.prot eq 1", &f, small, 8), 0);
    assert_int_equal(strlen(small), 7);
    assert_int_equal(small[8], 'X');
    /* errlen 0: nothing written. */
    assert_int_not_equal(dfilter_compile("tcp.prot", &f, small, 0), 0);
    assert_int_equal(small[8], 'X');
}

/* Hostile nesting is rejected at the limit, not recursed into. */
static void test_depth_limit(void **state)
{
    (void)state;
    size_t n = 100000;
    char *s = malloc(2 * n + 4);
    assert_non_null(s);
    struct dfilter *f;
    char err[256];

    memset(s, '(', n);
    strcpy(s + n, "tcp");
    assert_int_not_equal(dfilter_compile(s, &f, err, sizeof err), 0); /* too long */
    memset(s, '!', n);
    assert_int_not_equal(dfilter_compile(s, &f, err, sizeof err), 0);

    /* Exactly at the limit compiles, one more does not. */
    for (int depth = DFILTER_MAX_DEPTH; depth <= DFILTER_MAX_DEPTH + 1; depth++) {
        size_t k = 0;
        for (int i = 0; i < depth; i++)
            s[k++] = '(';
        memcpy(s + k, "tcp", 3);
        k += 3;
        for (int i = 0; i < depth; i++)
            s[k++] = ')';
        s[k] = '\0';
        size_t pos = 0, len = 0;
        int rc = dfilter_compile_loc(s, &f, err, sizeof err, &pos, &len);
        if (depth == DFILTER_MAX_DEPTH) {
            assert_int_equal(rc, 0);
            struct packet p = echo_data();
            assert_true(dfilter_match(f, &p));
            dfilter_free(f);
        } else {
            assert_int_not_equal(rc, 0);
            assert_int_equal(pos, DFILTER_MAX_DEPTH);
            assert_non_null(strstr(err, "nested too deeply"));
        }
    }
    /* A long flat chain is iterative and fine. */
    {
        size_t k = 0;
        for (int i = 0; i < 500; i++) {
            memcpy(s + k, "tcp or ", 7);
            k += 7;
        }
        memcpy(s + k, "udp", 4);
        assert_int_equal(dfilter_compile(s, &f, err, sizeof err), 0);
        struct packet p = udp4();
        assert_true(dfilter_match(f, &p));
        dfilter_free(f);
    }
    free(s);
}

UNIT_MAIN(cmocka_unit_test(test_errors), cmocka_unit_test(test_error_text),
          cmocka_unit_test(test_depth_limit))
