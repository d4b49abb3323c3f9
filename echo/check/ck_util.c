/*
 * ck_util.c: the small helpers every part of echocheck uses: the clock, notes, bytes
 * shown as C string literals, byte and signal names.
 */
#include "ck.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t ck_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void ck_sleep_ms(unsigned ms)
{
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

void ck_fmt(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, len, fmt, ap);
    va_end(ap);
}

void ck_note(struct ck_result *res, const char *id, const char *fmt, ...)
{
    for (int i = 0; i < res->nnotes; i++)
        if (strcmp(res->notes[i].id, id) == 0)
            return; /* said once per test */
    if (res->nnotes >= CK_MAX_NOTES)
        return;
    struct ck_note *n = &res->notes[res->nnotes++];
    n->id = id;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(n->text, sizeof n->text, fmt, ap);
    va_end(ap);
}

void ck_quote(char *out, size_t outlen, const uint8_t *p, size_t n, size_t max)
{
    size_t o = 0;
    if (outlen < 8) {
        if (outlen)
            out[0] = '\0';
        return;
    }
    out[o++] = '"';
    size_t i;
    for (i = 0; i < n && i < max && o + 8 < outlen; i++) {
        uint8_t c = p[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == '"' || c == '\\') {
            out[o++] = '\\';
            out[o++] = c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : (char)c;
        } else if (c >= 0x20 && c < 0x7f) {
            out[o++] = (char)c;
        } else {
            o += (size_t)snprintf(out + o, outlen - o, "\\x%02x", c);
        }
    }
    out[o++] = '"';
    if (i < n && o + 4 < outlen) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
}

void ck_byte_name(char *out, size_t outlen, int b)
{
    if (b < 0)
        snprintf(out, outlen, "nothing");
    else if (b == 0)
        snprintf(out, outlen, "0x00 (NUL)");
    else if (b == '\n')
        snprintf(out, outlen, "0x0a ('\\n')");
    else if (b == '\r')
        snprintf(out, outlen, "0x0d ('\\r')");
    else if (b >= 0x20 && b < 0x7f)
        snprintf(out, outlen, "0x%02x '%c'", b, b);
    else
        snprintf(out, outlen, "0x%02x", b);
}

const char *ck_end_name(enum ck_end e)
{
    static const char *const names[] = {"open", "eof", "reset", "timeout", "refused", "error"};
    return (unsigned)e < sizeof names / sizeof names[0] ? names[e] : "error";
}

const char *ck_signal_name(int sig)
{
    static const struct {
        int sig;
        const char *name;
    } names[] = {{SIGHUP, "SIGHUP"},   {SIGINT, "SIGINT"},   {SIGQUIT, "SIGQUIT"},
                 {SIGILL, "SIGILL"},   {SIGTRAP, "SIGTRAP"}, {SIGABRT, "SIGABRT"},
                 {SIGBUS, "SIGBUS"},   {SIGFPE, "SIGFPE"},   {SIGKILL, "SIGKILL"},
                 {SIGUSR1, "SIGUSR1"}, {SIGSEGV, "SIGSEGV"}, {SIGUSR2, "SIGUSR2"},
                 {SIGPIPE, "SIGPIPE"}, {SIGALRM, "SIGALRM"}, {SIGTERM, "SIGTERM"},
                 {SIGXCPU, "SIGXCPU"}, {SIGXFSZ, "SIGXFSZ"}, {SIGSYS, "SIGSYS"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].sig == sig)
            return names[i].name;
    return "a signal";
}
