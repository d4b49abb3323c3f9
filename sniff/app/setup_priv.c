/*
 * setup_priv.c: least privilege for a parser of strangers' bytes. The files (-r, -w,
 * -o, the --anonymize key) are opened with the rights of the user sniff runs as, before
 * or after root is given up as priv.h plans it; the hash tables' random key is drawn;
 * and, once everything is open, the parsing loop is fenced in by the seccomp filter.
 */
#include "sniff.h"

#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "anon.h"
#include "app_int.h"
#include "files.h"
#include "priv.h"
#include "sandbox.h"
#include "wfile.h"

/* --anonymize-key-file: the key is the file's first line, without its line end. */
static enum status read_key_file(const char *path, char *key, size_t n, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        snprintf(err, errlen, "--anonymize-key-file: cannot read %s: %s", path, strerror(errno));
        return STATUS_USAGE;
    }
    bool got = fgets(key, (int)n, f) != NULL;
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad || !got) {
        snprintf(err, errlen, "--anonymize-key-file: %s: %s", path,
                 bad ? "read error" : "the file is empty; put the key on its first line");
        return STATUS_USAGE;
    }
    size_t len = strcspn(key, "\r\n");
    if (key[len] == '\0' && len == n - 1) {
        snprintf(err, errlen, "--anonymize-key-file: %s: the key's line is longer than %zu bytes",
                 path, n - 2);
        return STATUS_USAGE;
    }
    key[len] = '\0';
    return STATUS_OK;
}

/* --anonymize: the key, from the command line or from a file read with the rights of
 * the user files are opened as (priv.h). */
static enum status setup_anon(struct sniff *s, char *err, size_t errlen)
{
    struct sniff_opts *o = &s->opt;
    if (o->anon_key == NULL && o->anon_key_file == NULL)
        return STATUS_OK;
    char key[1024];
    const char *k = o->anon_key;
    if (o->anon_key_file != NULL) {
        enum status st = read_key_file(o->anon_key_file, key, sizeof key, err, errlen);
        if (st != STATUS_OK)
            return st;
        k = key;
    }
    int rc = anon_new(&s->anon, k, err, errlen);
    memset(key, 0, sizeof key);
    return rc == 0 ? STATUS_OK : STATUS_USAGE;
}

/* -r, -w and the --anonymize key, opened with the rights of whoever sniff runs as now
 * (priv.h: before the drop only when root itself ran sniff); as names that user for
 * the messages. The -r file is only opened here: its first byte is read after the drop,
 * by cap_open_offline. */
static enum status open_files(struct sniff *s, const char *as, char *err, size_t errlen)
{
    const struct sniff_opts *o = &s->opt;
    enum status st = setup_anon(s, err, errlen);
    if (st != STATUS_OK)
        return st;
    if (o->rfile != NULL && strcmp(o->rfile, "-") != 0) {
        s->rfd = files_open_read(o->rfile, as, err, errlen);
        if (s->rfd < 0)
            return errno == EACCES ? STATUS_USAGE : STATUS_RUNTIME;
    }
    if (o->wfile != NULL && strcmp(o->wfile, "-") != 0) {
        char name[PATH_MAX];
        wfile_first_name(o, name, sizeof name);
        s->wfd = files_open_write(name, as, err, errlen);
        if (s->wfd < 0)
            return STATUS_USAGE;
    }
    if (o->ofile != NULL && strcmp(o->ofile, "-") != 0) {
        s->ofd = files_open_write(o->ofile, as, err, errlen);
        if (s->ofd < 0)
            return STATUS_USAGE;
    }
    snprintf(s->as, sizeof s->as, "%s", as != NULL ? as : "");
    return STATUS_OK;
}

/* Gives up root (priv.h), opening the files before or after as the plan says. */
enum status sniff_drop_and_open(struct sniff *s, char *err, size_t errlen)
{
    struct priv_plan plan;
    if (!priv_plan(&plan, s->opt.user, err, errlen))
        return STATUS_USAGE;
    bool before = !plan.root || plan.files_as_root;
    enum status st = before ? open_files(s, NULL, err, errlen) : STATUS_OK;
    if (st != STATUS_OK)
        return st;
    switch (priv_drop(&plan, err, errlen)) {
    case PRIV_DROPPED:
        fprintf(stderr,
                "sniff: dropped privileges to %s (no capabilities left, none can be "
                "regained)\n",
                plan.who);
        break;
    case PRIV_NOT_ROOT:
        break;
    case PRIV_ERROR:
    default:
        return STATUS_USAGE;
    }
    return before ? STATUS_OK : open_files(s, plan.who, err, errlen);
}

/* The seccomp filter (sandbox.h), after what the loop will look up by name is loaded:
 * the time zone, and the services database kept open (glibc maps its NSS modules as
 * code, which the filter would not let it do later). */
enum status sniff_enter_sandbox(struct sniff *s, char *err, size_t errlen)
{
    if (s->opt.no_sandbox)
        return STATUS_OK;
    tzset();
    if (s->annotating)
        setservent(1);
    const struct sniff_ring *r = &s->opt.ring;
    bool ring = r->filesize != 0 || r->duration_s != 0;
    bool ok = s->opt.tui && s->opt.tui_dump == NULL ? sandbox_enter_tty(err, errlen)
              : ring                                ? sandbox_enter_ring(err, errlen)
                                                    : sandbox_enter(err, errlen);
    return ok ? STATUS_OK : STATUS_RUNTIME;
}

/* The key every table keyed by packet contents hashes with (siphash.h): random, once
 * per run, before the sandbox (which the getrandom system call would pass, but nothing
 * should be left to fetch later). Without it an attacker could aim traffic at a bucket. */
enum status sniff_hash_key(struct sniff *s, char *err, size_t errlen)
{
    uint8_t b[16];
    size_t got = 0;
    while (got < sizeof b) {
        ssize_t n = getrandom(b + got, sizeof b - got, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            snprintf(err, errlen, "cannot draw the hash tables' random key: getrandom: %s",
                     strerror(errno));
            return STATUS_RUNTIME;
        }
        got += (size_t)n;
    }
    s->hash_key = sip_key_from_bytes(b);
    icmp_track_init(&s->echoes, &s->hash_key);
    return STATUS_OK;
}
