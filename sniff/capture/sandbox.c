/*
 * sandbox.c: the parsing loop's seccomp filter (see sandbox.h), built with libseccomp.
 *
 * An allow list, default action EPERM. Arguments are checked where a call is allowed
 * only in part: openat only without write access, creation or truncation; mmap and
 * mprotect only without PROT_EXEC; ioctl only TCGETS (isatty). A sanitizer build also
 * allows what LeakSanitizer's exit check does (it clones a tracer task that
 * ptrace-attaches to this process's threads and reads /proc/self/maps): those are test
 * builds only.
 */
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#if defined(__SANITIZE_ADDRESS__)
#define SANDBOX_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANDBOX_SANITIZER 1
#endif
#endif

/* Allowed whatever their arguments. */
static const int allowed[] = {
    /* descriptors already open: the capture, -r, -w, stdout, stderr */
    SCMP_SYS(read),
    SCMP_SYS(readv),
    SCMP_SYS(pread64),
    SCMP_SYS(write),
    SCMP_SYS(writev),
    SCMP_SYS(lseek),
    SCMP_SYS(ftruncate), /* a -w file cut back to its last complete record */
    SCMP_SYS(close),
    SCMP_SYS(fstat),
    SCMP_SYS(newfstatat),
    SCMP_SYS(statx),
    SCMP_SYS(fcntl),
    SCMP_SYS(dup),
    /* memory (malloc, stdio buffers) */
    SCMP_SYS(brk),
    SCMP_SYS(munmap),
    SCMP_SYS(mremap),
    SCMP_SYS(madvise),
    /* a live capture: the ring, its statistics, Ctrl-C */
    SCMP_SYS(poll),
    SCMP_SYS(ppoll),
    SCMP_SYS(recvfrom),
    SCMP_SYS(recvmsg),
    SCMP_SYS(getsockopt),
    SCMP_SYS(setsockopt),
    SCMP_SYS(rt_sigaction),
    SCMP_SYS(alarm), /* -a duration: */
    SCMP_SYS(setitimer),
    SCMP_SYS(rt_sigprocmask),
    SCMP_SYS(rt_sigreturn),
    /* time, randomness, this process */
    SCMP_SYS(clock_gettime),
    SCMP_SYS(gettimeofday),
    SCMP_SYS(time),
    SCMP_SYS(getrandom),
    SCMP_SYS(getpid),
    SCMP_SYS(gettid),
    SCMP_SYS(getuid),
    SCMP_SYS(geteuid),
    SCMP_SYS(getgid),
    SCMP_SYS(getegid),
    SCMP_SYS(sysinfo),
    SCMP_SYS(futex),
    SCMP_SYS(sched_yield),
    SCMP_SYS(nanosleep),
    SCMP_SYS(clock_nanosleep),
    /* the end, and abort() (raise sends to itself) */
    SCMP_SYS(exit),
    SCMP_SYS(exit_group),
    SCMP_SYS(tgkill),
#ifdef SANDBOX_SANITIZER
    SCMP_SYS(clone),
    SCMP_SYS(clone3),
    SCMP_SYS(ptrace),
    SCMP_SYS(wait4),
    SCMP_SYS(prctl),
    SCMP_SYS(sigaltstack),
    SCMP_SYS(getppid),
    SCMP_SYS(readlink),
    SCMP_SYS(readlinkat),
    SCMP_SYS(getdents),
    SCMP_SYS(getdents64),
    SCMP_SYS(sched_getaffinity),
    SCMP_SYS(prlimit64),
#endif
};

/* One argument comparison, every field named: libseccomp's SCMP_A<n> macros leave
 * datum_b out for two-operand comparisons, which clang's -Wmissing-field-initializers
 * rejects. */
static struct scmp_arg_cmp arg_cmp(unsigned int arg, enum scmp_compare op, scmp_datum_t a,
                                   scmp_datum_t b)
{
    return (struct scmp_arg_cmp){.arg = arg, .op = op, .datum_a = a, .datum_b = b};
}

/* A ring of -w files: new files only (O_CREAT|O_EXCL, write-only, no O_TRUNC), and
 * the removal of the ring's oldest. */
static bool add_ring_rules(scmp_filter_ctx ctx)
{
    const scmp_datum_t mask = O_ACCMODE | O_CREAT | O_EXCL | O_TRUNC | O_APPEND |
                              (__O_TMPFILE & ~(scmp_datum_t)O_DIRECTORY);
    const scmp_datum_t want = O_WRONLY | O_CREAT | O_EXCL;
    return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
                            arg_cmp(2, SCMP_CMP_MASKED_EQ, mask, want)) == 0 &&
           seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(open), 1,
                            arg_cmp(1, SCMP_CMP_MASKED_EQ, mask, want)) == 0 &&
           seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(unlink), 0) == 0 &&
           seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(unlinkat), 0) == 0;
}

static bool add_rules(scmp_filter_ctx ctx, bool tty)
{
    for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
        if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, allowed[i], 0) != 0)
            return false;
    /* Read-only opens: no write access, no creation, no truncation, no O_TMPFILE (its
     * own bit: O_TMPFILE also carries O_DIRECTORY, which a read-only open may have). */
    const scmp_datum_t wmask =
        O_ACCMODE | O_CREAT | O_TRUNC | O_APPEND | (__O_TMPFILE & ~(scmp_datum_t)O_DIRECTORY);
    if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
                         arg_cmp(2, SCMP_CMP_MASKED_EQ, wmask, O_RDONLY)) != 0 ||
        seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(open), 1,
                         arg_cmp(1, SCMP_CMP_MASKED_EQ, wmask, O_RDONLY)) != 0)
        return false;
    /* Memory, never executable. */
    if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
                         arg_cmp(2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0)) != 0 ||
        seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
                         arg_cmp(2, SCMP_CMP_MASKED_EQ, PROT_EXEC, 0)) != 0)
        return false;
    /* isatty() */
    if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
                         arg_cmp(1, SCMP_CMP_EQ, TCGETS, 0)) != 0)
        return false;
    /* A terminal UI: its modes and its size. */
    static const unsigned long tty_ioctls[] = {TCSETS, TCSETSW, TCSETSF, TIOCGWINSZ};
    for (size_t i = 0; tty && i < sizeof tty_ioctls / sizeof tty_ioctls[0]; i++)
        if (seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
                             arg_cmp(1, SCMP_CMP_EQ, tty_ioctls[i], 0)) != 0)
            return false;
    return true;
}

static bool enter(bool tty, bool ring, char *err, size_t errlen)
{
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        snprintf(err, errlen, "cannot set no_new_privs for the seccomp filter: %s",
                 strerror(errno));
        return false;
    }
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
    if (ctx == NULL) {
        snprintf(err, errlen, "cannot build the seccomp filter: out of memory");
        return false;
    }
    bool ok = add_rules(ctx, tty) && (!ring || add_ring_rules(ctx));
    int rc = ok ? seccomp_load(ctx) : 0;
    seccomp_release(ctx);
    if (!ok) {
        snprintf(err, errlen, "cannot build the seccomp filter (libseccomp refused a rule)");
        return false;
    }
    if (rc != 0) {
        snprintf(err, errlen,
                 "the kernel refused the seccomp filter: %s; run with --no-sandbox to go on "
                 "without it",
                 strerror(-rc));
        return false;
    }
    return true;
}

bool sandbox_enter(char *err, size_t errlen)
{
    return enter(false, false, err, errlen);
}

bool sandbox_enter_ring(char *err, size_t errlen)
{
    return enter(false, true, err, errlen);
}

bool sandbox_enter_tty(char *err, size_t errlen)
{
    return enter(true, false, err, errlen);
}
