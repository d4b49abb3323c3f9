/*
 * ck.h: echocheck's shared types. echocheck grades an echo server: it starts the server
 * once per test (ck_server.c: in a network namespace of its own as root, as an
 * unprivileged user, under resource limits), drives it with the clients that expose the
 * classic bugs (ck_conn.c, ck_tests_data.c, ck_tests_conc.c), judges what came back
 * (ck_verdict.c, with every likely-cause sentence in ck_hint.c), has sniff capture each
 * test (ck_capture.c) and reports (ck_report.c for people, ck_output.c for graders).
 * ck_run.c schedules the tests on worker threads and cleans up on every exit path.
 */
#ifndef ECHOSNIFF_CK_H
#define ECHOSNIFF_CK_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#define CK_PROG "echocheck"
#define CK_MAX_TESTS 24
#define CK_MAX_NOTES 4
#define CK_MAX_EVIDENCE 40 /* sniff lines kept per failing test */
#define CK_TEXT 768        /* one sentence or two */
#define CK_PREVIEW 160     /* bytes shown of what was sent or received */
#define CK_TAIL 1536       /* bytes kept of the server's standard error */

/* Where the server runs. */
enum ck_mode {
    CK_MODE_NETNS,    /* root: a network namespace per test, loopback only */
    CK_MODE_LOOPBACK, /* not root: 127.0.0.1 of this host */
    CK_MODE_CONNECT,  /* --connect: a server already running, on loopback */
};

struct ck_limits {
    uint64_t cpu_s;     /* RLIMIT_CPU, seconds of CPU for one server run */
    uint64_t mem_mib;   /* RLIMIT_AS, MiB of address space; 0: no limit */
    uint64_t nproc;     /* RLIMIT_NPROC: processes and threads of the server's user */
    uint64_t nofile;    /* RLIMIT_NOFILE */
    uint64_t fsize_mib; /* RLIMIT_FSIZE: its output, and any file it writes */
};

struct ck_opts {
    char **argv; /* the server command (NULL with --connect) */
    int argc;
    bool port_in_args;   /* some argument holds %PORT% */
    const char *connect; /* --connect HOST:PORT as given */
    struct sockaddr_storage connect_addr;
    socklen_t connect_len;
    uint16_t port;
    enum ck_mode mode;
    bool drop; /* run the server as uid/gid (root only) */
    const char *user;
    uid_t uid;
    gid_t gid;
    struct ck_limits lim;
    unsigned timeout_ms; /* wall clock per test */
    unsigned wait_ms;    /* how long an echo may keep us waiting without progress */
    unsigned start_ms;   /* how long the server may take to listen */
    unsigned jobs;
    const char *sniff; /* the sniff program, NULL: no captures */
    char no_capture_why[256];
    const char *save_dir;
    bool json;
    const char *gradescope;
    bool color;
    bool require_concurrency;
    bool selected[CK_MAX_TESTS];
    double weight[CK_MAX_TESTS];
};

enum ck_status { CK_PASS, CK_FAIL, CK_ERROR, CK_SKIPPED };

/* How a connection ended, from the client's side. */
enum ck_end {
    CK_END_NONE,    /* still open */
    CK_END_EOF,     /* read() returned 0: the server's FIN */
    CK_END_RESET,   /* ECONNRESET (or EPIPE): the server's RST */
    CK_END_TIMEOUT, /* nothing moved for --wait */
    CK_END_REFUSED, /* connect() failed: ECONNREFUSED */
    CK_END_ERROR,   /* another socket error (err) */
};

struct ck_note {
    const char *id; /* stable, for -T json */
    char text[CK_TEXT];
};

/* The server's state when a test ended (known only for servers echocheck started, or
 * found by --connect's port). */
struct ck_fate {
    bool known;
    bool alive;
    bool exited; /* exited with status, else killed by sig */
    int status;
    int sig;
    char stderr_tail[CK_TAIL];
};

struct ck_failure {
    char what[CK_TEXT + CK_TAIL]; /* what happened */
    uint64_t sent, got;           /* bytes in the connection that failed */
    char sent_preview[CK_PREVIEW * 4 + 8], got_preview[CK_PREVIEW * 4 + 8];
    bool has_diff; /* first differing byte (a byte missing at the end counts as -1) */
    uint64_t diff_at;
    int diff_sent, diff_got;
    const char *end; /* "eof", "reset", "timeout", "open", "refused", "error" */
    const char *cause_id;
    char cause[CK_TEXT * 2];
};

struct ck_evidence {
    bool captured;       /* a capture was made for this test */
    char why_not[256];   /* when not */
    char saved[4096];    /* FAIL-<test>.pcap's path, when saved */
    unsigned frames[12]; /* the decisive frames */
    int nframes;
    char *lines[CK_MAX_EVIDENCE]; /* sniff -A's lines for them (malloc'd) */
    int nlines;
};

struct ck_result {
    enum ck_status status;
    char summary[CK_TEXT]; /* one line: what was checked and what was seen */
    struct ck_note notes[CK_MAX_NOTES];
    int nnotes;
    struct ck_failure fail;
    struct ck_fate fate;
    struct ck_evidence ev;
    double seconds;
    double weight, score;
};

struct ck_server; /* ck_server.c */

/* One test's run: what a test function is given. */
struct ck_run {
    const struct ck_opts *o;
    struct ck_result *res;
    struct ck_server *srv;        /* NULL when the server's process is unknown (--connect) */
    struct sockaddr_storage addr; /* where the server listens */
    socklen_t addrlen;
    uint16_t port;
    int64_t deadline_ns; /* CLOCK_MONOTONIC */
    atomic_bool *stop;   /* set on SIGINT/SIGTERM */
};

struct ck_test {
    const char *name;
    const char *title;
    void (*fn)(struct ck_run *r);
};

/* The battery, in report order (ck_tests_data.c). */
extern const struct ck_test ck_tests[];
extern const size_t ck_ntests;
int ck_test_index(const char *name);

/* Data tests (ck_tests_data.c) and connection tests (ck_tests_conc.c). */
void ck_test_one_line(struct ck_run *r);
void ck_test_many_lines(struct ck_run *r);
void ck_test_no_newline(struct ck_run *r);
void ck_test_empty_line(struct ck_run *r);
void ck_test_long_line(struct ck_run *r);
void ck_test_binary(struct ck_run *r);
void ck_test_small_writes(struct ck_run *r);
void ck_test_one_byte(struct ck_run *r);
void ck_test_stream(struct ck_run *r);
void ck_test_write_then_read(struct ck_run *r);
void ck_test_half_close(struct ck_run *r);
void ck_test_client_reset(struct ck_run *r);
void ck_test_two_clients(struct ck_run *r);
void ck_test_hundred_clients(struct ck_run *r);
void ck_test_idle_client(struct ck_run *r);
void ck_test_health(struct ck_run *r);

/* Small helpers (ck_util.c). */
int64_t ck_now_ns(void);
void ck_note(struct ck_result *res, const char *id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void ck_fmt(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Bytes as a C string literal ("hello\n\x00"), at most max of them, "..." if cut. */
void ck_quote(char *out, size_t outlen, const uint8_t *p, size_t n, size_t max);
/* "0x41 'A'", "0x00 (NUL)", "0x0a ('\n')", or "nothing" for -1. */
void ck_byte_name(char *out, size_t outlen, int b);
const char *ck_end_name(enum ck_end e);
const char *ck_signal_name(int sig);
void ck_sleep_ms(unsigned ms);

#endif
