/*
 * page.c: -T html (page.h): the page's frame, its compressed blocks and what comes last
 * (the connections, the keys' indexes, the renderer). The records of one packet and one
 * connection are made in page_rec.c.
 *
 * The file, in order:
 *   <head> with the style and a Content-Security-Policy of default-src 'none': the page
 *          may run its own inline script and nothing else; no request leaves it
 *   <script type="application/x-sniff" data-kind="list|detail" ...>  per block of
 *          packets: zlib, then Base64 (a JSON array once inflated)
 *   data-kind="conns"    the connections' -T json objects, as they were summarised
 *   data-kind="ladder|stevens" data-stream="N"   each connection's two figures (SVG)
 *   data-kind="meta"     plain JSON: counts, the packets with a problem, where each
 *                        connection starts, what --redact and --anonymize did
 *   the renderer (page.js)
 */
#include "page_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <zlib.h>

#include "draw.h"

/* ---- writing to the file ------------------------------------------------------------- */

size_t page_b64(char *dst, const unsigned char *p, size_t n)
{
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t k = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) |
                     (i + 2 < n ? p[i + 2] : 0);
        dst[k++] = t[v >> 18];
        dst[k++] = t[v >> 12 & 63];
        dst[k++] = i + 1 < n ? t[v >> 6 & 63] : '=';
        dst[k++] = i + 2 < n ? t[v & 63] : '=';
    }
    return k;
}

/* Base64 into the file, 3 KiB at a time. */
static void base64_out(struct out *o, const unsigned char *p, size_t n)
{
    char buf[4096];
    for (size_t i = 0; i < n; i += 3072)
        out_mem(o, buf, page_b64(buf, p + i, n - i < 3072 ? n - i : 3072));
}

/* One <script> element the browser keeps as text: data compressed (zlib) in Base64. */
void page_chunk(struct page *pg, const char *attrs, const char *data, size_t n)
{
    uLongf cap = compressBound((uLong)n);
    if (cap > pg->zcap) {
        unsigned char *z = realloc(pg->z, cap);
        if (z == NULL) {
            pg->failed = true;
            return;
        }
        pg->z = z;
        pg->zcap = cap;
    }
    uLongf zlen = cap;
    if (compress2(pg->z, &zlen, (const Bytef *)data, (uLong)n, 6) != Z_OK) {
        pg->failed = true;
        return;
    }
    OUT_LIT(pg->out, "<script type=\"application/x-sniff\" ");
    out_str(pg->out, attrs);
    out_char(pg->out, '>');
    base64_out(pg->out, pg->z, zlen);
    OUT_LIT(pg->out, "</script>\n");
}

/* The formatters write into pg->mem; its sink collects the text in pg->cur. */
static void to_cur(void *ctx, const char *p, size_t n)
{
    struct page *pg = ctx;
    sbuf_put(&pg->cur, p, n);
}

void page_capture(struct page *pg)
{
    pg->cur.len = 0;
    pg->cur.oom = false;
}

const char *page_captured(struct page *pg, size_t *n)
{
    out_flush(pg->mem);
    pg->failed |= pg->cur.oom;
    *n = pg->cur.len;
    return pg->cur.s != NULL ? pg->cur.s : "";
}

/* JSON text of UTF-8 (the tree's middle dots stay themselves): quotes, backslashes and
 * control characters escaped, '<' too (the meta element is read raw), bytes that are
 * not UTF-8 as U+FFFD. */
void page_json_str(struct sbuf *b, const char *s, size_t n)
{
    sbuf_put(b, "\"", 1);
    size_t i = 0, run = 0; /* s[run, i) needs no escape: put at once */
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\' && c != '<') {
            i++;
            continue;
        }
        size_t k = c >= 0x80 ? fig_utf8_len((const unsigned char *)s + i, n - i) : 1;
        if (k > 1) { /* valid UTF-8: kept */
            i += k;
            continue;
        }
        sbuf_put(b, s + run, i - run);
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            sbuf_put(b, e, 2);
        } else if (c >= 0x80) {
            sbuf_put(b, "\\ufffd", 6);
        } else {
            char e[8];
            snprintf(e, sizeof e, "\\u%04x", c);
            sbuf_put(b, e, 6);
        }
        run = ++i;
    }
    sbuf_put(b, s + run, i - run);
    sbuf_put(b, "\"", 1);
}

void page_int(struct sbuf *b, int64_t v)
{
    char buf[24];
    size_t k = sizeof buf;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        buf[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0)
        buf[--k] = '-';
    sbuf_put(b, buf + k, sizeof buf - k);
}

uint32_t page_word(struct page *pg, const char *s, size_t n)
{
    uint64_t h = siphash13(&pg->key, s, n);
    uint32_t mask = PAGE_DICT_SLOTS - 1;
    for (uint32_t i = (uint32_t)h & mask;; i = (i + 1) & mask) {
        uint32_t w = pg->slots[i];
        if (w == 0) {
            if (pg->nwords >= PAGE_DICT_MAX || n > UINT32_MAX / 2)
                return UINT32_MAX;
            struct page_word *pw = &pg->words[pg->nwords];
            *pw = (struct page_word){h, (uint32_t)pg->dict_raw.len, (uint32_t)n};
            sbuf_put(&pg->dict_raw, s, n);
            if (pg->nwords > 0)
                sbuf_put(&pg->dict_json, ",", 1);
            page_json_str(&pg->dict_json, s, n);
            pg->slots[i] = ++pg->nwords;
            return pg->nwords - 1;
        }
        const struct page_word *pw = &pg->words[w - 1];
        if (pw->hash == h && pw->len == n && memcmp(pg->dict_raw.s + pw->off, s, n) == 0)
            return w - 1;
    }
}

/* ---- set-up ----------------------------------------------------------------------------- */

static void head(struct page *pg)
{
    struct out *o = pg->out;
    struct sbuf t = {0};
    const char *title = pg->o.title != NULL ? pg->o.title : "live capture";
    OUT_LIT(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
               "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<meta name=\"generator\" content=\"sniff (echosniff) " ECHOSNIFF_VERSION
               "\">\n<title>");
    /* The title as HTML text: the JSON escaper's output less its quotes is safe here
     * only for the characters it leaves alone, so escape by hand. */
    for (const char *c = title; *c != '\0'; c++) {
        if (*c == '<')
            sbuf_put(&t, "&lt;", 4);
        else if (*c == '&')
            sbuf_put(&t, "&amp;", 5);
        else
            sbuf_put(&t, c, 1);
    }
    if (t.s != NULL)
        out_mem(o, t.s, t.len);
    sbuf_free(&t);
    OUT_LIT(o, " - sniff</title>\n<style>\n");
    out_mem(o, page_css, page_css_len);
    OUT_LIT(o, "</style>\n</head>\n<body>\n<noscript>This page draws the capture with "
               "JavaScript: allow scripts for this file to see it.</noscript>\n");
}

bool page_new(struct page **out_pg, const struct draw_opts *o, struct out *out, char *err,
              size_t errlen)
{
    struct page *pg = calloc(1, sizeof *pg);
    struct out *mem = malloc(sizeof *mem);
    uint32_t *slots = calloc(PAGE_DICT_SLOTS, sizeof *slots);
    struct page_word *words = malloc(PAGE_DICT_MAX * sizeof *words);
    if (pg == NULL || mem == NULL || slots == NULL || words == NULL || !smap_init(&pg->pics)) {
        free(pg);
        free(mem);
        free(slots);
        free(words);
        snprintf(err, errlen, "out of memory for the page");
        return false;
    }
    pg->slots = slots;
    pg->words = words;
    /* The lines' table is keyed by a hash of packet contents: a random key, so that no
     * capture can make them collide. */
    uint8_t kb[16];
    if (getrandom(kb, sizeof kb, 0) != (ssize_t)sizeof kb)
        for (size_t i = 0; i < sizeof kb; i++) /* no entropy: still a key, per page */
            kb[i] = (uint8_t)(i * 131u + (uintptr_t)pg);
    pg->key = sip_key_from_bytes(kb);
    pg->o = *o;
    pg->out = out;
    pg->mem = mem;
    out_init(mem, -1);
    mem->sink = to_cur;
    mem->sink_ctx = pg;
    pg->fmt = *o->fmt;
    pg->fmt.color = false;
    pg->marks.m = pg->markbuf;
    pg->marks.cap = PAGE_MARKS;
    head(pg);
    *out_pg = pg;
    return true;
}

void page_free(struct page *pg)
{
    if (pg == NULL)
        return;
    for (uint32_t i = 0; i < pg->pics.n; i++)
        if (pg->pics.s[i].val != NULL)
            page_pic_free(pg->pics.s[i].val);
    smap_free(&pg->pics);
    sbuf_free(&pg->cur);
    sbuf_free(&pg->lst);
    sbuf_free(&pg->det);
    sbuf_free(&pg->conns);
    sbuf_free(&pg->tmp);
    sbuf_free(&pg->dict_json);
    sbuf_free(&pg->dict_raw);
    free(pg->slots);
    free(pg->words);
    free(pg->problems);
    free(pg->firsts);
    free(pg->z);
    free(pg->mem);
    free(pg);
}

/* ---- blocks of packets --------------------------------------------------------------------- */

void page_flush_block(struct page *pg)
{
    if (pg->blk_n == 0)
        return;
    sbuf_put(&pg->lst, "]", 1);
    sbuf_put(&pg->det, "],\"s\":[", 7);
    sbuf_put(&pg->det, pg->dict_json.s, pg->dict_json.len);
    sbuf_put(&pg->det, "]}", 2);
    pg->failed |= pg->dict_json.oom || pg->dict_raw.oom;
    if (pg->lst.oom || pg->det.oom) {
        pg->failed = true;
    } else {
        char attrs[160];
        snprintf(attrs, sizeof attrs,
                 "data-kind=\"list\" data-i=\"%u\" data-first=\"%llu\" data-n=\"%u\" "
                 "data-f0=\"%llu\"",
                 pg->nblocks, (unsigned long long)pg->blk_first, pg->blk_n,
                 (unsigned long long)pg->blk_frame0);
        page_chunk(pg, attrs, pg->lst.s, pg->lst.len);
        snprintf(attrs, sizeof attrs, "data-kind=\"detail\" data-i=\"%u\"", pg->nblocks);
        page_chunk(pg, attrs, pg->det.s, pg->det.len);
    }
    pg->nblocks++;
    pg->blk_n = 0;
    pg->lst.len = 0;
    pg->det.len = 0;
    pg->dict_json.len = 0;
    pg->dict_raw.len = 0;
    pg->nwords = 0;
    memset(pg->slots, 0, PAGE_DICT_SLOTS * sizeof *pg->slots);
}

/* ---- the end ----------------------------------------------------------------------------- */

static void flush_conns(struct page *pg)
{
    if (pg->conns.len == 0)
        return;
    sbuf_put(&pg->conns, "]", 1);
    if (pg->conns.oom)
        pg->failed = true;
    else
        page_chunk(pg, "data-kind=\"conns\"", pg->conns.s, pg->conns.len);
    pg->conns.len = 0;
}

void page_conn_json(struct page *pg, const char *json, size_t n)
{
    sbuf_put(&pg->conns, pg->conns.len == 0 ? "[" : ",", 1);
    sbuf_put(&pg->conns, json, n);
    if (pg->conns.len > PAGE_BLOCK_BYTES)
        flush_conns(pg);
}

/* n numbers, written one by one (per 1) or as [a,b] pairs (per 2: n/2 pairs). */
static void u32_list(struct sbuf *b, const uint32_t *v, uint32_t n, uint32_t per)
{
    sbuf_put(b, "[", 1);
    for (uint32_t i = 0; i < n / per; i++) {
        if (per == 2)
            sbuf_printf(b, "%s[%u,%u]", i > 0 ? "," : "", v[2 * i], v[2 * i + 1]);
        else
            sbuf_printf(b, "%s%u", i > 0 ? "," : "", v[i]);
    }
    sbuf_put(b, "]", 1);
}

static void meta(struct page *pg)
{
    struct sbuf *b = &pg->tmp;
    b->len = 0;
    sbuf_put(b, "{\"title\":", 9);
    const char *title = pg->o.title != NULL ? pg->o.title : "live capture";
    page_json_str(b, title, strlen(title));
    sbuf_printf(b,
                ",\"version\":\"%s\",\"schema\":2,\"packets\":%llu,\"blocks\":%u,"
                "\"block\":%u,\"redacted\":%s,\"anonymized\":%s,\"figures_max\":%u,"
                "\"figures_omitted\":%u,\"problems_cut\":%s,\"problems\":",
                ECHOSNIFF_VERSION, (unsigned long long)pg->npackets, pg->nblocks, PAGE_BLOCK,
                pg->o.redact ? "true" : "false", pg->o.anonymized ? "true" : "false",
                PAGE_MAX_FIGURES, pg->figures_omitted, pg->problems_cut ? "true" : "false");
    u32_list(b, pg->problems, pg->nproblems, 1);
    sbuf_put(b, ",\"first\":", 9);
    u32_list(b, pg->firsts, pg->nfirsts, 2);
    sbuf_put(b, "}", 1);
    if (b->oom) {
        pg->failed = true;
        return;
    }
    OUT_LIT(pg->out, "<script type=\"application/json\" data-kind=\"meta\">");
    out_mem(pg->out, b->s, b->len);
    OUT_LIT(pg->out, "</script>\n");
}

bool page_finish(struct page *pg, char *err, size_t errlen)
{
    /* Connections the analysis never summarised (none, once it finished) keep their
     * figures off the page. */
    page_flush_block(pg);
    flush_conns(pg);
    meta(pg);
    OUT_LIT(pg->out, "<script>\n");
    out_mem(pg->out, page_js, page_js_len);
    OUT_LIT(pg->out, "</script>\n</body>\n</html>\n");
    if (pg->failed) {
        snprintf(err, errlen, "out of memory: the page lacks some of the capture");
        return false;
    }
    return true;
}
