/*
 * status.h: the one return convention of the programs' set-up and run functions.
 *
 * A function that can fail for the user's reasons returns an enum status and writes a
 * sentence into a caller's buffer (the thing, the cause, the fix), as libpcap does; only
 * main prints it, and main's exit code is the status itself: 0 ok, 1 a runtime problem
 * (a cut capture file, an I/O error, memory), 2 a usage or permission problem.
 * STATUS_CHECK makes the compiler insist that the caller looks at it.
 */
#ifndef ECHOSNIFF_STATUS_H
#define ECHOSNIFF_STATUS_H

enum status {
    STATUS_OK = 0,
    STATUS_RUNTIME = 1,
    STATUS_USAGE = 2,
};

#define STATUS_CHECK __attribute__((warn_unused_result))

/* The worse of two statuses: usage over runtime over ok (the exit code a run reports
 * when its set-up and its end both went wrong). */
static inline enum status status_worse(enum status a, enum status b)
{
    return a > b ? a : b;
}

#endif
