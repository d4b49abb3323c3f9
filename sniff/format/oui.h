/*
 * oui.h: MAC vendor names, shown the way Wireshark shows them.
 *
 * The first three bytes of a universally administered MAC address are an OUI that the
 * IEEE assigns to one organisation (IEEE Std 802-2014, clause 8). Debian's ieee-data
 * package ships the IEEE's MA-L registry as /usr/share/ieee-data/oui.txt (and oui.csv).
 * Wireshark does not print the registry's long names ("Intel Corporate") but short ones
 * ("Intel") made by its tools/make-manuf.py; oui_shorten.c derives the same kind of short
 * name from each organisation name, once, when oui.c loads the database, so that a frame
 * reads
 *     Ethernet II, Src: Intel_e3:54:e6 (00:16:ea:e3:54:e6)
 * The whole registry is loaded into one sorted array at start-up and looked up with a
 * binary search; nothing is allocated or read per packet.
 */
#ifndef ECHOSNIFF_OUI_H
#define ECHOSNIFF_OUI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where Debian's ieee-data package puts the IEEE MA-L registry. */
#define OUI_DEFAULT_PATH "/usr/share/ieee-data/oui.txt"

/* Short names are cut to this many characters (Unicode code points), as make-manuf.py
 * did up to Wireshark 4.0 and as the lecture's trace shows ("Carnegie_20:00:64");
 * newer make-manuf.py revisions allow 12. */
#define OUI_SHORT_CHARS 8
/* A short name in bytes, with its NUL: 8 code points of at most 4 UTF-8 bytes each. */
#define OUI_SHORT_MAX (OUI_SHORT_CHARS * 4 + 1)
/* Upper bound on entries (the 2022 registry has 32,530): bounds memory to a few MB. */
#define OUI_MAX_ENTRIES (1u << 17)

struct oui_db;

/* Loads the registry at path (NULL: OUI_DEFAULT_PATH). Both of the IEEE's formats are
 * read: oui.txt ("00-16-EA   (hex)\t\tIntel Corporate") and oui.csv
 * ("MA-L,0016EA,Intel Corporate,...", recognised by its "Registry," header row). Returns 0
 * and sets *db, or -1 with a sentence in err (file missing, unreadable, no entries, too
 * many entries, out of memory). */
int oui_open(struct oui_db **db, const char *path, char *err, size_t errlen);

/* The short vendor name for mac's OUI ("Intel"), "Broadcast" for ff:ff:ff:ff:ff:ff, or
 * NULL when the OUI is not in the registry: locally administered addresses (02:...) and
 * group addresses (01:00:5e:...) never are. "00:00:00" for OUI 00:00:00, as Wireshark's
 * manuf has it. db may be NULL (then only those two). */
const char *oui_short(const struct oui_db *db, const uint8_t mac[6]);

/* How Wireshark names an address in its packet list: "Intel_e3:54:e6", "Broadcast",
 * or the plain "02:00:5e:10:00:01" when no vendor is known. Writes buf, NUL-terminated
 * (OUI_NAME_MAX bytes: a short name, "_" and three bytes), and returns the length. */
#define OUI_NAME_MAX (OUI_SHORT_MAX + 9)
size_t oui_name(const struct oui_db *db, const uint8_t mac[6], char buf[OUI_NAME_MAX]);

/* Number of entries loaded. */
size_t oui_count(const struct oui_db *db);

void oui_close(struct oui_db *db);

/* The make-manuf.py shortening of one organisation name (exposed for the tests):
 * writes at most OUI_SHORT_MAX bytes into out and returns false when nothing is left
 * of the name (it was only punctuation). */
bool oui_shorten(const char *org, char out[OUI_SHORT_MAX]);

#endif
