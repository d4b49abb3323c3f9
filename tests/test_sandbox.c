/*
 * test_sandbox.c: sniff/capture/sandbox.c's seccomp filter, for real: a child process
 * enters it, then tries what a taken-over parser would (create or write a file, open a
 * socket, start a program, map executable memory, signal another process) and what the
 * loop needs (read a file read-only, write an open descriptor, allocate, poll). Each
 * forbidden call must fail with EPERM; each needed one must work.
 */
#include "unit.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox.h"

/* Runs fn in a sandboxed child; returns what the child exits with. */
static int in_sandbox(int (*fn)(void))
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        char err[256];
        if (!sandbox_enter(err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            _exit(100);
        }
        _exit(fn());
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    return WEXITSTATUS(st);
}

#define DENIED(call) ((call) == -1 && errno == EPERM)

static int try_forbidden(void)
{
    int n = 0;
    char path[] = "/tmp/sandbox-test-XXXXXX";
    if (!DENIED(open("/tmp/sandbox-test-new", O_WRONLY | O_CREAT, 0600)))
        n |= 1;
    if (!DENIED(open("/etc/hostname", O_RDWR)))
        n |= 2;
    if (!DENIED(socket(AF_INET, SOCK_STREAM, 0)))
        n |= 4;
    char *argv[] = {"/bin/true", NULL};
    if (!DENIED(execve("/bin/true", argv, argv + 1)))
        n |= 8;
    void *m = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m != MAP_FAILED || errno != EPERM)
        n |= 16;
    if (!DENIED(kill(1, 0)))
        n |= 32;
    if (!DENIED(mkstemp(path)))
        n |= 64;
    if (!DENIED(open("/tmp", O_TMPFILE | O_RDWR, 0600)))
        n |= 128;
    return n;
}

static int try_needed(void)
{
    int n = 0;
    int fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC);
    char buf[64];
    if (fd < 0 || read(fd, buf, sizeof buf) <= 0 || close(fd) != 0)
        n |= 1;
    if (write(STDERR_FILENO, "", 0) != 0)
        n |= 2;
    void *big = malloc(64 << 20); /* mmap'd by malloc */
    if (big == NULL)
        n |= 4;
    else
        memset(big, 1, 64 << 20);
    free(big);
    struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
    if (poll(&p, 1, 0) < 0)
        n |= 8;
    return n;
}

static void forbidden_calls_fail(void **state)
{
    (void)state;
    assert_int_equal(in_sandbox(try_forbidden), 0);
}

static void needed_calls_work(void **state)
{
    (void)state;
    assert_int_equal(in_sandbox(try_needed), 0);
}

UNIT_MAIN(cmocka_unit_test(forbidden_calls_fail), cmocka_unit_test(needed_calls_work))
