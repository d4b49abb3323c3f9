/*
 * server_limits.c: echoserver's defaults that protect the host, worked out from the
 * host itself, so that clients that are hostile or merely broken cannot take more
 * than a bounded share of it:
 *
 *   socket buffers  each connection's SO_SNDBUF and SO_RCVBUF are fixed (set on the
 *                   listener, inherited by every accepted socket), which turns off the
 *                   kernel's autotuning for them. A client that sends and never reads
 *                   then pins at most both buffers of kernel memory (the kernel doubles
 *                   what is asked, for its bookkeeping) and one segment, where
 *                   autotuning lets it pin tcp_rmem's and tcp_wmem's maximum (tens of
 *                   MiB on a large host).
 *   connections     at most as many at once as the descriptor limit leaves room for,
 *                   and as many as can each pin their worst case within half of the
 *                   host's TCP memory pressure line (tcp_mem's middle value: past it
 *                   the kernel starts squeezing every socket on the machine). fork and
 *                   threads also stop at 256 workers (Apache's MaxRequestWorkers) and
 *                   at RLIMIT_NPROC. Clients beyond the cap wait in the listen backlog.
 *
 * Everything here reads /proc and getrlimit only; nothing is changed.
 */
#include "server_limits.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

/* Reads the whitespace-separated numbers of a /proc/sys file; returns how many. */
static int read_proc_u64(const char *path, uint64_t *v, int max)
{
    char line[256];
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 0;
    bool got = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    int n = 0;
    for (char *p = line, *end; got && n < max; p = end) {
        errno = 0;
        unsigned long long x = strtoull(p, &end, 10);
        if (end == p || errno != 0)
            break;
        v[n++] = x;
    }
    return n;
}

/* What the kernel will hold for a socket buffer of `asked` bytes (0: autotuned). */
static uint64_t effective_buf(uint64_t asked, const char *core_max, const char *tcp_range)
{
    uint64_t v[3];
    if (asked == 0) /* autotuning may grow to tcp_[rw]mem's third value */
        return read_proc_u64(tcp_range, v, 3) == 3 ? v[2] : 4u << 20;
    /* setsockopt caps the request at net.core.[rw]mem_max, then doubles it. */
    if (read_proc_u64(core_max, v, 1) == 1 && asked > v[0])
        asked = v[0];
    return 2 * asked;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

void server_limits_compute(enum server_model model, uint64_t sndbuf, uint64_t rcvbuf,
                           struct server_limits *out)
{
    *out = (struct server_limits){0};
    /* The send queue may pass its limit by the segment being queued (up to 64 KiB on
     * loopback, whose MTU is 64 KiB): one more of those. */
    out->per_conn =
        effective_buf(sndbuf, "/proc/sys/net/core/wmem_max", "/proc/sys/net/ipv4/tcp_wmem") +
        effective_buf(rcvbuf, "/proc/sys/net/core/rmem_max", "/proc/sys/net/ipv4/tcp_rmem") +
        64 * 1024;

    uint64_t mem[3];
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0)
        page = 4096;
    if (read_proc_u64("/proc/sys/net/ipv4/tcp_mem", mem, 3) == 3) {
        out->tcp_pressure = mem[1] * (uint64_t)page;
    } else {
        /* No /proc: the kernel's own default for the pressure line is about 1/16 of RAM. */
        long pages = sysconf(_SC_PHYS_PAGES);
        out->tcp_pressure = (pages > 0 ? (uint64_t)pages : 262144) * (uint64_t)page / 16;
    }
    out->tcp_budget = out->tcp_pressure / 2;

    struct rlimit rl;
    out->nofile = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY
                      ? (uint64_t)rl.rlim_cur
                      : 1u << 20;
    out->nproc = getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY
                     ? (uint64_t)rl.rlim_cur
                     : 0;

    uint64_t by_mem = out->tcp_budget / (out->per_conn ? out->per_conn : 1);
    uint64_t by_fds = out->nofile > SERVER_FD_RESERVE + 1 ? out->nofile - SERVER_FD_RESERVE : 1;
    out->cap = by_mem;
    out->bound = LIMIT_BY_MEMORY;
    /* In the fork model each child has its own descriptor table: the parent keeps
     * none of its clients' descriptors, so the descriptor limit does not bound it. */
    if (model != MODEL_FORK && by_fds < out->cap) {
        out->cap = by_fds;
        out->bound = LIMIT_BY_DESCRIPTORS;
    }
    if (model == MODEL_FORK || model == MODEL_THREADS) {
        if (SERVER_MAX_WORKERS < out->cap) {
            out->cap = SERVER_MAX_WORKERS;
            out->bound = LIMIT_BY_WORKERS;
        }
        if (out->nproc != 0 && out->nproc < out->cap) {
            out->cap = out->nproc;
            out->bound = LIMIT_BY_NPROC;
        }
    }
    if (model == MODEL_ITERATIVE) {
        out->cap = 1;
        out->bound = LIMIT_BY_MODEL;
    }
    out->cap = min_u64(out->cap ? out->cap : 1, UINT32_MAX);
}

const char *server_limits_bound_str(enum limit_bound b)
{
    switch (b) {
    case LIMIT_BY_DESCRIPTORS:
        return "the descriptor limit";
    case LIMIT_BY_MEMORY:
        return "half the TCP memory pressure line";
    case LIMIT_BY_WORKERS:
        return "the worker cap";
    case LIMIT_BY_NPROC:
        return "RLIMIT_NPROC";
    case LIMIT_BY_MODEL:
        return "the model";
    case LIMIT_BY_USER:
        break;
    }
    return "--max-conns";
}
