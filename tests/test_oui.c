/*
 * test_oui.c: MAC vendor names from the IEEE registry, as Wireshark shows them.
 *
 * The shortening cases were checked against a line-by-line Python transcription of
 * Wireshark's tools/make-manuf.py shorten() (cut to 8 characters) run over all 32,242
 * named entries of Debian's ieee-data 20220827: every name agreed. The loader is tested
 * on small registry files in tests/data (both IEEE formats) and on hostile input; the
 * lecture's two addresses are checked against the system registry when it is installed.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

#include "oui.h"

#ifndef TEST_DATA_DIR
#error "TEST_DATA_DIR must name tests/data"
#endif

static const uint8_t intel_mac[6] = {0x00, 0x16, 0xea, 0xe3, 0x54, 0xe6};
static const uint8_t cmu_mac[6] = {0x08, 0x00, 0x7f, 0x20, 0x00, 0x64};
static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const uint8_t local_mac[6] = {0x02, 0x00, 0x5e, 0x10, 0x00, 0x01};

static void shortens(const char *org, const char *want)
{
    char out[OUI_SHORT_MAX];
    assert_true(oui_shorten(org, out));
    if (strcmp(out, want) != 0)
        fail_msg("shorten(\"%s\") = \"%s\", want \"%s\"", org, out, want);
}

static void test_shorten_rules(void **state)
{
    (void)state;
    /* The lecture's two vendors. */
    shortens("Intel Corporate", "Intel");
    shortens("CARNEGIE-MELLON UNIVERSITY", "Carnegie");
    /* General terms, punctuation, " & ", " a ", "the". */
    shortens("Cisco Systems, Inc", "Cisco");
    shortens("Google, Inc.", "Google");
    shortens("JTEC Card & Communication Co., Ltd", "JTECCard");
    shortens("Aruba, a Hewlett Packard Enterprise Company", "ArubaHew");
    shortens("The Foo Company", "Foo");
    shortens("Nokia Oy", "Nokia");
    shortens("Watts A/S", "Watts");
    shortens("Hon Hai Precision Ind. Co.,Ltd.", "HonHaiPr");
    /* Terms only as whole words after a space: "A/S" at the start and "As" stay. */
    shortens("A/S Foo", "ASFoo");
    shortens("Connect As", "ConnectA");
    shortens("K+K Messtechnik", "KKMesste");
    /* All capitals become title case; digits are not letters. */
    shortens("3COM CORPORATION", "3Com");
    shortens("XEROX CORPORATION", "Xerox");
    shortens("SECURITAS DIRECT ESPA\xc3\x91"
             "A, SAU",
             "Securita");
    /* Brackets, special cases, Chinese city prefixes, nothing-left. */
    shortens("Foo (Bar) Baz (Qux) Ltd", "Foo");
    shortens("Advanced Micro Devices, Inc.", "AMD");
    shortens("Beijing Xiaomi Mobile Software Co., Ltd", "XiaomiMo");
    shortens("SHENZHEN\xe2\x80\x82TONG BO WEI\xe2\x80\x82TECHNOLOGY Co.,LTD", "TONGBOWE");
    shortens("Inc.", "Inc");
    /* Eight code points, not eight bytes. */
    shortens("\xc3\x85"
             "ngstr\xc3\xb6m Lasers AB",
             "\xc3\x85"
             "ngstr\xc3\xb6m");

    char out[OUI_SHORT_MAX];
    assert_false(oui_shorten("...", out));
    assert_false(oui_shorten("", out));
}

static void check_lookups(const struct oui_db *db)
{
    char buf[OUI_NAME_MAX];
    assert_string_equal(oui_short(db, intel_mac), "Intel");
    assert_string_equal(oui_short(db, cmu_mac), "Carnegie");
    oui_name(db, intel_mac, buf);
    assert_string_equal(buf, "Intel_e3:54:e6");
    oui_name(db, cmu_mac, buf);
    assert_string_equal(buf, "Carnegie_20:00:64");
    oui_name(db, bcast, buf);
    assert_string_equal(buf, "Broadcast");
    assert_null(oui_short(db, local_mac));
    oui_name(db, local_mac, buf);
    assert_string_equal(buf, "02:00:5e:10:00:01");

    const uint8_t jtec[6] = {0x00, 0x26, 0xbd, 1, 2, 3};
    assert_string_equal(oui_short(db, jtec), "JTECCard"); /* &amp; undone */
    const uint8_t priv[6] = {0xac, 0xde, 0x48, 0, 0, 1};
    assert_string_equal(oui_short(db, priv), "Private");
}

/* The test registry NAME in tests/data/, loaded and checked for the lookups both
 * formats share. */
static struct oui_db *open_test_registry(const char *name)
{
    char path[512], err[256] = "";
    snprintf(path, sizeof path, "%s/%s", TEST_DATA_DIR, name);
    struct oui_db *db;
    if (oui_open(&db, path, err, sizeof err) != 0)
        fail_msg("%s", err);
    check_lookups(db);
    return db;
}

static void test_load_txt(void **state)
{
    (void)state;
    struct oui_db *db = open_test_registry("oui-test.txt");
    /* Nine distinct OUIs: 00-16-EA appears twice and the first entry wins; the
     * "IEEE Registration Authority" placeholder is skipped. */
    assert_int_equal(oui_count(db), 9);
    const uint8_t ra[6] = {0x00, 0x50, 0xc2, 0, 0, 1};
    assert_null(oui_short(db, ra));
    const uint8_t msi[6] = {0x44, 0x8a, 0x5b, 0, 0, 1};
    assert_string_equal(oui_short(db, msi), "MicroSta");
    /* Binary search edges: the smallest and the largest OUI in the file. */
    const uint8_t lo[6] = {0x00, 0x00, 0x0c, 0, 0, 0};
    const uint8_t hi[6] = {0xf0, 0x9f, 0xc2, 0, 0, 0};
    assert_string_equal(oui_short(db, lo), "Cisco");
    assert_string_equal(oui_short(db, hi), "Ubiquiti");
    const uint8_t below[6] = {0x00, 0x00, 0x0b, 0, 0, 0};
    const uint8_t above[6] = {0xfe, 0, 0, 0, 0, 0};
    assert_null(oui_short(db, below));
    assert_null(oui_short(db, above));
    oui_close(db);
}

static void test_load_csv(void **state)
{
    (void)state;
    struct oui_db *db = open_test_registry("oui-test.csv");
    assert_int_equal(oui_count(db), 5);
    const uint8_t fourseas[6] = {0xe0, 0xe1, 0xa9, 0, 0, 0};
    assert_string_equal(oui_short(db, fourseas), "FourSeas");
    oui_close(db);
}

static void test_errors(void **state)
{
    (void)state;
    struct oui_db *db = (struct oui_db *)1;
    char err[256] = "";
    assert_int_equal(oui_open(&db, TEST_DATA_DIR "/no-such-file.txt", err, sizeof err), -1);
    assert_null(db);
    assert_non_null(strstr(err, "no-such-file.txt"));
    assert_non_null(strstr(err, "ieee-data"));

    /* A file of garbage, with an over-long line, has no entries. */
    char path[] = "/tmp/test_oui_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    for (int i = 0; i < 10000; i++)
        fputc('x', f);
    fputs("\n00-16-EA (hex\n-- (hex)\n0G-16-EA   (hex)\t\tNope\n", f);
    fclose(f);
    err[0] = '\0';
    assert_int_equal(oui_open(&db, path, err, sizeof err), -1);
    assert_non_null(strstr(err, "no OUI entries"));

    /* The tail of an over-long line is not taken for an entry; the next line is read. */
    f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; i < 5000; i++)
        fputc('x', f);
    fputs("00-00-01   (hex)\t\tTail Of A Long Line\n", f);
    fputs("00-16-EA   (hex)\t\tIntel Corporate\n", f);
    fclose(f);
    assert_int_equal(oui_open(&db, path, err, sizeof err), 0);
    assert_int_equal(oui_count(db), 1);
    assert_string_equal(oui_short(db, intel_mac), "Intel");
    oui_close(db);
    unlink(path);

    /* Without a database only the broadcast address has a name. */
    assert_string_equal(oui_short(NULL, bcast), "Broadcast");
    assert_null(oui_short(NULL, intel_mac));
    char buf[OUI_NAME_MAX];
    assert_int_equal(oui_name(NULL, intel_mac, buf), 17);
    assert_string_equal(buf, "00:16:ea:e3:54:e6");
    oui_close(NULL);
}

static void test_system_registry(void **state)
{
    (void)state;
    if (access(OUI_DEFAULT_PATH, R_OK) != 0) {
        print_message("no %s (Debian package ieee-data): skipped\n", OUI_DEFAULT_PATH);
        skip();
    }
    struct oui_db *db;
    char err[256] = "";
    assert_int_equal(oui_open(&db, NULL, err, sizeof err), 0);
    assert_true(oui_count(db) > 20000);
    char buf[OUI_NAME_MAX];
    /* The lecture's frame 1799: Src: Intel_e3:54:e6, Dst: Carnegie_20:00:64. */
    oui_name(db, intel_mac, buf);
    assert_string_equal(buf, "Intel_e3:54:e6");
    oui_name(db, cmu_mac, buf);
    assert_string_equal(buf, "Carnegie_20:00:64");
    const uint8_t cisco[6] = {0x00, 0x00, 0x0c, 0x07, 0xac, 0x01};
    assert_string_equal(oui_short(db, cisco), "Cisco");
    assert_null(oui_short(db, local_mac));
    /* Wireshark's manuf, not the registry's Xerox, for OUI 00:00:00: loopback frames
     * read "00:00:00_00:00:00" in tshark -V. */
    const uint8_t zero[6] = {0, 0, 0, 0, 0, 0};
    oui_name(db, zero, buf);
    assert_string_equal(buf, "00:00:00_00:00:00");
    oui_close(db);
}

UNIT_MAIN(cmocka_unit_test(test_shorten_rules), cmocka_unit_test(test_load_txt),
          cmocka_unit_test(test_load_csv), cmocka_unit_test(test_errors),
          cmocka_unit_test(test_system_registry))
