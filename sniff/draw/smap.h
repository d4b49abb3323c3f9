/*
 * smap.h: a small table from a connection's stream index to what a picture collects for
 * it (a ladder, a graph), while the connection is open: open addressing with linear
 * probing, deletion by moving entries back (no tombstones), doubling at half full.
 */
#ifndef ECHOSNIFF_SMAP_H
#define ECHOSNIFF_SMAP_H

#include <stdbool.h>
#include <stdint.h>

struct smap_slot {
    uint32_t key;
    void *val; /* NULL: empty */
};

struct smap {
    struct smap_slot *s;
    uint32_t n, used; /* slots (a power of two), entries */
};

bool smap_init(struct smap *m);
void smap_free(struct smap *m); /* the values are the caller's */
void *smap_get(const struct smap *m, uint32_t key);
/* Stores val (not NULL) under key, replacing any; false when memory is short. */
bool smap_put(struct smap *m, uint32_t key, void *val);
/* Removes key; returns its value, or NULL. */
void *smap_del(struct smap *m, uint32_t key);

#endif
