/*
 * oui.c: the IEEE MA-L registry as Wireshark-style short vendor names (see oui.h).
 *
 * Loading reads the registry once (oui.txt or oui.csv from Debian's ieee-data), turns
 * each organisation name into a short name (oui_shorten.c), and keeps one array of
 * {OUI, name} sorted by OUI, so a lookup is a binary search over about 32,000 entries
 * and nothing per packet allocates. Lines are read into a fixed buffer and the entry
 * count is capped (OUI_MAX_ENTRIES), so a hostile or corrupt file cannot make memory
 * grow without bound. "IEEE Registration Authority" placeholders (blocks subdivided
 * into MA-M and MA-S assignments, which are in other files) are skipped, so those OUIs
 * have no name.
 */
#include "oui.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt_addr.h"

#define LINE_MAX_BYTES 4096

struct oui_entry {
    uint32_t oui;  /* the 24-bit OUI */
    uint32_t line; /* order in the file: the first of duplicate entries wins */
    char name[OUI_SHORT_MAX];
};

struct oui_db {
    struct oui_entry *e;
    size_t n, cap;
};

/* ---- loading ------------------------------------------------------------------------ */

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Undoes the HTML entities the IEEE's files contain ("JTEC Card &amp; Communication"),
 * in place (the result is never longer). */
static void html_unescape(char *s)
{
    static const struct {
        const char *ent;
        char c;
    } named[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    char *o = s;
    for (const char *p = s; *p;) {
        bool done = false;
        if (*p == '&') {
            for (size_t k = 0; k < sizeof named / sizeof named[0] && !done; k++) {
                size_t l = strlen(named[k].ent);
                if (strncmp(p, named[k].ent, l) == 0) {
                    *o++ = named[k].c;
                    p += l;
                    done = true;
                }
            }
            if (!done && p[1] == '#') {
                const char *q = p + 2;
                bool hex = *q == 'x' || *q == 'X';
                q += hex;
                unsigned long v = 0;
                int digits = 0;
                for (; digits < 7; q++, digits++) {
                    int d = hex ? hexval(*q) : (*q >= '0' && *q <= '9' ? *q - '0' : -1);
                    if (d < 0)
                        break;
                    v = v * (hex ? 16 : 10) + (unsigned long)d;
                }
                /* Only single-byte results keep the in-place rewrite from growing. */
                if (digits > 0 && *q == ';' && v > 0 && v < 0x80) {
                    *o++ = (char)v;
                    p = q + 1;
                    done = true;
                }
            }
        }
        if (!done)
            *o++ = *p++;
    }
    *o = '\0';
}

/* "00-16-EA   (hex)\t\tIntel Corporate": the OUI and a pointer to the name. */
static bool parse_txt(char *line, uint32_t *oui, char **name)
{
    int h[6];
    for (int i = 0; i < 6; i++) {
        h[i] = hexval((unsigned char)line[i + i / 2]);
        if (h[i] < 0)
            return false;
    }
    if (line[2] != '-' || line[5] != '-')
        return false;
    char *p = strstr(line + 8, "(hex)");
    if (!p)
        return false;
    for (char *q = line + 8; q < p; q++)
        if (*q != ' ' && *q != '\t')
            return false;
    *oui = (uint32_t)(h[0] << 20 | h[1] << 16 | h[2] << 12 | h[3] << 8 | h[4] << 4 | h[5]);
    *name = p + 5;
    return true;
}

/* "MA-L,0016EA,Intel Corporate,<address>", the name possibly in double quotes with ""
 * for a quote. The name is unquoted in place. */
static bool parse_csv(char *line, uint32_t *oui, char **name)
{
    char *p = strchr(line, ',');
    if (!p)
        return false;
    p++;
    uint32_t v = 0;
    for (int i = 0; i < 6; i++) {
        int d = hexval((unsigned char)p[i]);
        if (d < 0)
            return false;
        v = v << 4 | (uint32_t)d;
    }
    if (p[6] != ',')
        return false;
    p += 7;
    *oui = v;
    *name = p;
    if (*p == '"') {
        char *o = p;
        for (char *q = p + 1; *q; q++) {
            if (*q == '"') {
                if (q[1] != '"')
                    break;
                q++;
            }
            *o++ = *q;
        }
        *o = '\0';
    } else {
        char *c = strchr(p, ',');
        if (c)
            *c = '\0';
    }
    return true;
}

static int by_oui(const void *a, const void *b)
{
    const struct oui_entry *x = a, *y = b;
    if (x->oui != y->oui)
        return x->oui < y->oui ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* One registry line's organisation, as make-manuf.py cleans it before shortening:
 * NULL for lines without an entry, and for the IEEE's placeholders. */
static const char *line_name(char *line, bool csv, uint32_t *oui)
{
    char *name;
    if (!(csv ? parse_csv(line, oui, &name) : parse_txt(line, oui, &name)))
        return NULL;
    html_unescape(name);
    for (char *q = name; *q; q++)
        if (*q == '\\')
            *q = '/'; /* "Watts A\S", as make-manuf.py does */
    while (*name == ' ' || *name == '\t')
        name++;
    return strcmp(name, "IEEE Registration Authority") == 0 ? NULL : name;
}

/* Room for one more entry: 0, or 1 at the limit, -1 out of memory. */
static int grow(struct oui_db *db)
{
    if (db->n < db->cap)
        return 0;
    if (db->cap >= OUI_MAX_ENTRIES)
        return 1;
    size_t ncap = db->cap ? db->cap * 2 : 4096;
    if (ncap > OUI_MAX_ENTRIES)
        ncap = OUI_MAX_ENTRIES;
    struct oui_entry *ne = realloc(db->e, ncap * sizeof *ne);
    if (!ne)
        return -1;
    db->e = ne;
    db->cap = ncap;
    return 0;
}

/* Reads every entry of f into db; 0, or the problem: -1 out of memory, 1 too many. */
static int read_entries(struct oui_db *db, FILE *f)
{
    char line[LINE_MAX_BYTES];
    uint32_t lineno = 0;
    bool toolong = false, csv = false;
    while (fgets(line, sizeof line, f)) {
        size_t l = strlen(line);
        bool complete = l > 0 && line[l - 1] == '\n';
        bool skip = toolong; /* the tail of an over-long line */
        toolong = !complete && !feof(f);
        lineno++;
        if (skip)
            continue;
        while (l > 0 && (line[l - 1] == '\n' || line[l - 1] == '\r'))
            line[--l] = '\0';
        if (lineno == 1 && strncmp(line, "Registry,", 9) == 0) {
            csv = true; /* oui.csv's header row; oui.txt starts "OUI/MA-L" */
            continue;
        }
        uint32_t oui;
        const char *name = line_name(line, csv, &oui);
        char shortname[OUI_SHORT_MAX];
        if (name == NULL || !oui_shorten(name, shortname))
            continue;
        int room = grow(db);
        if (room != 0)
            return room;
        struct oui_entry *e = &db->e[db->n++];
        e->oui = oui;
        e->line = lineno;
        memcpy(e->name, shortname, sizeof e->name);
    }
    return 0;
}

int oui_open(struct oui_db **dbp, const char *path, char *err, size_t errlen)
{
    *dbp = NULL;
    if (!path)
        path = OUI_DEFAULT_PATH;
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot open the OUI database %s: %s%s", path, strerror(errno),
                 errno == ENOENT ? " (Debian package ieee-data)" : "");
        return -1;
    }
    struct oui_db *db = calloc(1, sizeof *db);
    if (!db) {
        fclose(f);
        snprintf(err, errlen, "out of memory loading %s", path);
        return -1;
    }
    int problem = read_entries(db, f);
    bool readerr = ferror(f);
    fclose(f);
    if (readerr || problem != 0 || db->n == 0) {
        snprintf(err, errlen, "%s: %s", path,
                 readerr       ? "read error"
                 : problem < 0 ? "out of memory"
                 : problem > 0 ? "more entries than the limit of 131072"
                               : "no OUI entries found (expected IEEE oui.txt or oui.csv)");
        oui_close(db);
        return -1;
    }
    qsort(db->e, db->n, sizeof *db->e, by_oui);
    size_t o = 0;
    for (size_t i = 0; i < db->n; i++)
        if (o == 0 || db->e[o - 1].oui != db->e[i].oui)
            db->e[o++] = db->e[i];
    db->n = o;
    *dbp = db;
    return 0;
}

const char *oui_short(const struct oui_db *db, const uint8_t mac[6])
{
    static const uint8_t bcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
    if (memcmp(mac, bcast, 6) == 0)
        return "Broadcast";
    uint32_t key = (uint32_t)mac[0] << 16 | (uint32_t)mac[1] << 8 | mac[2];
    /* Wireshark's manuf overrides the registry's Xerox for 00:00:00 ("Officially Xerox,
     * but 0:0:0:0:0:0 is more common"), so loopback's all-zero addresses read
     * "00:00:00_00:00:00", as tshark shows them, with or without a registry. */
    if (key == 0)
        return "00:00:00";
    if (!db || db->n == 0)
        return NULL;
    size_t lo = 0, hi = db->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (db->e[mid].oui < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < db->n && db->e[lo].oui == key)
        return db->e[lo].name;
    return NULL;
}

size_t oui_name(const struct oui_db *db, const uint8_t mac[6], char buf[OUI_NAME_MAX])
{
    const char *v = oui_short(db, mac);
    if (v == NULL)
        return fmt_mac(buf, mac, 6);
    size_t n = strlen(v);
    memcpy(buf, v, n + 1);
    if (strcmp(v, "Broadcast") == 0)
        return n;
    buf[n++] = '_';
    return n + fmt_mac(buf + n, mac + 3, 3);
}

size_t oui_count(const struct oui_db *db)
{
    return db ? db->n : 0;
}

void oui_close(struct oui_db *db)
{
    if (!db)
        return;
    free(db->e);
    free(db);
}
