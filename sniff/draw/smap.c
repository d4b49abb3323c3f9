/*
 * smap.c: stream index -> value (smap.h).
 */
#include "smap.h"

#include <stdlib.h>

bool smap_init(struct smap *m)
{
    m->n = 64;
    m->used = 0;
    m->s = calloc(m->n, sizeof *m->s);
    return m->s != NULL;
}

void smap_free(struct smap *m)
{
    free(m->s);
    m->s = NULL;
    m->n = m->used = 0;
}

/* The slot holding key, or the empty one where it would go. */
static struct smap_slot *slot(const struct smap *m, uint32_t key)
{
    for (uint32_t i = (key * 2654435761u) & (m->n - 1);; i = (i + 1) & (m->n - 1))
        if (m->s[i].val == NULL || m->s[i].key == key)
            return &m->s[i];
}

void *smap_get(const struct smap *m, uint32_t key)
{
    return m->s != NULL ? slot(m, key)->val : NULL;
}

static bool grow(struct smap *m)
{
    struct smap_slot *old = m->s;
    uint32_t n = m->n;
    struct smap_slot *s = calloc((size_t)n * 2, sizeof *s);
    if (s == NULL)
        return false;
    m->s = s;
    m->n = n * 2;
    for (uint32_t i = 0; i < n; i++)
        if (old[i].val != NULL)
            *slot(m, old[i].key) = old[i];
    free(old);
    return true;
}

bool smap_put(struct smap *m, uint32_t key, void *val)
{
    struct smap_slot *s = slot(m, key);
    if (s->val == NULL) {
        if ((m->used + 1) * 2 > m->n) {
            if (!grow(m))
                return false;
            s = slot(m, key);
        }
        m->used++;
    }
    s->key = key;
    s->val = val;
    return true;
}

void *smap_del(struct smap *m, uint32_t key)
{
    if (m->s == NULL)
        return NULL;
    struct smap_slot *s = slot(m, key);
    void *val = s->val;
    if (val == NULL)
        return NULL;
    s->val = NULL;
    m->used--;
    /* Entries after the hole that could have lived in it move back. */
    uint32_t i = (uint32_t)(s - m->s);
    for (uint32_t j = (i + 1) & (m->n - 1); m->s[j].val != NULL; j = (j + 1) & (m->n - 1)) {
        struct smap_slot e = m->s[j];
        m->s[j].val = NULL;
        *slot(m, e.key) = e;
    }
    return val;
}
