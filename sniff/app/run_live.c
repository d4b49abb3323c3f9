/*
 * run_live.c: the live capture loop, batch after batch of what libpcap has read from
 * the interface, each frame through the pipeline (sniff_frame.c); and one batch at a
 * time, for the terminal UI.
 *
 * Live capture stops on SIGINT/SIGTERM (and -a duration:'s SIGALRM) through pcap_breakloop(); the
 * -w file is then flushed by main, so every packet counted as captured is in it. A signal handler
 * can reach no context argument, so the one piece of mutable file-scope state in the program is the
 * handle it must break, set while the loop runs and cleared after.
 */
#include "sniff.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app_int.h"
#include "wfile.h"

static pcap_t *volatile break_target;

static void on_stop_signal(int sig)
{
    (void)sig;
    pcap_t *pc = break_target;
    if (pc != NULL)
        pcap_breakloop(pc);
}

static void live_frame(u_char *user, const struct pcap_pkthdr *h, const u_char *data)
{
    sniff_frame((struct sniff *)(void *)user, h, data);
}

int sniff_live_step(struct sniff *s, char *err, size_t errlen)
{
    int rc = pcap_dispatch(s->pc, -1, live_frame, (u_char *)s);
    if (rc > 0 && s->wf != NULL && !s->write_failed && !wfile_flush(s->wf))
        s->write_failed = true;
    if (s->write_failed)
        return sniff_write_failure(s, err, errlen);
    if (rc == PCAP_ERROR) {
        snprintf(err, errlen, "%s: %s", s->opt.iface, pcap_geterr(s->pc));
        return 1;
    }
    if (rc == PCAP_ERROR_BREAK || (s->opt.count != 0 && s->matched >= s->opt.count))
        return 2;
    return 0;
}

static int64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Ctrl-C (or SIGTERM) broke the loop, but frames that reached the kernel's ring before
 * it may not have been read yet: a sniff slowed down (loading the vendor registry at the
 * first ARP frame, a sanitizer build, a loaded machine) would lose them, and "not in the
 * file" would be a lie about what crossed the wire. So the ring is read until empty
 * without blocking, waiting at most DRAIN_MS for a TPACKET_V3 block the kernel has not
 * handed over yet (CAP_BATCH_TIMEOUT_MS when only writing).
 * Frames that arrive during that wait are kept too: they are whole, real frames. */
#define DRAIN_MS (CAP_BATCH_TIMEOUT_MS + 50)
static void drain_after_stop(struct sniff *s)
{
    if (pcap_setnonblock(s->pc, 1, NULL) != 0) /* libpcap fills its own errbuf: ignored */
        return;
    int fd = pcap_get_selectable_fd(s->pc);
    int64_t until = monotonic_ns() + (int64_t)DRAIN_MS * 1000000;
    for (;;) {
        int n = pcap_dispatch(s->pc, -1, live_frame, (u_char *)s);
        if (n > 0 && s->wf != NULL && !s->write_failed && !wfile_flush(s->wf))
            s->write_failed = true;
        if (n < 0 || s->write_failed || s->stopped ||
            (s->opt.count != 0 && s->matched >= s->opt.count))
            return;
        int64_t left = until - monotonic_ns();
        if (n > 0)
            continue;
        if (left <= 0 || fd < 0)
            return;
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (poll(&pfd, 1, (int)(left / 1000000) + 1) <= 0)
            return;
    }
}

int sniff_run_live(struct sniff *s, char *err, size_t errlen)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: let poll() return so the loop sees the break */
    break_target = s->pc;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* -a duration: SIGALRM breaks the loop as Ctrl-C does (a capture that sees nothing
     * blocks in poll until a packet or a signal comes), and the clock is checked after
     * each batch in case the alarm fell between two. */
    int64_t deadline = 0;
    if (s->opt.stop.duration_s != 0) {
        sigaction(SIGALRM, &sa, NULL);
        alarm((unsigned)s->opt.stop.duration_s);
        deadline = monotonic_ns() + (int64_t)s->opt.stop.duration_s * 1000000000;
    }
    /* pcap_dispatch rather than pcap_loop: one batch at a time (a TPACKET_V3 block when
     * only writing, what has arrived when printing), so the -w file is flushed once a
     * batch rather than once a packet (a write(2) per block under load) and still grows
     * during a long capture. SIGINT and SIGTERM lose nothing counted; SIGKILL can cut
     * the records of the batch being written. */
    int rc;
    do {
        rc = pcap_dispatch(s->pc, -1, live_frame, (u_char *)s);
        if (rc > 0 && s->wf != NULL && !s->write_failed && !wfile_flush(s->wf))
            s->write_failed = true;
        if (deadline != 0 && monotonic_ns() >= deadline)
            break;
    } while (rc >= 0 && !s->write_failed && !s->stopped &&
             (s->opt.count == 0 || s->matched < s->opt.count));
    /* The handler stays: a second Ctrl-C while the -w file and the output are being
     * finished must not cut them short. With no target it does nothing. */
    break_target = NULL;
    if (rc == PCAP_ERROR_BREAK && !s->write_failed && !s->stopped &&
        (s->opt.count == 0 || s->matched < s->opt.count))
        drain_after_stop(s);
    if (s->write_failed)
        return sniff_write_failure(s, err, errlen);
    if (rc == PCAP_ERROR) {
        snprintf(err, errlen, "%s: %s", s->opt.iface, pcap_geterr(s->pc));
        return 1;
    }
    return 0;
}
