/*
 * sandbox.h: a seccomp filter for the loop that parses packets, once everything it needs
 * is open (the capture handle, the -r and -w files, standard output).
 *
 * The privilege drop already keeps the parser from root; the filter also keeps a parser
 * taken over by crafted packets from doing what a capture never needs: starting
 * programs, opening sockets or connecting anywhere, creating or writing files it did
 * not have open, mapping executable memory, tracing or signalling other processes.
 * What stays allowed is what reading, writing and capturing use: reading, writing and
 * cutting back (ftruncate, after a failed -w write) open descriptors, opening files read-only (MAC
 * vendor names, /etc/services), memory without PROT_EXEC, time, poll and the packet socket's
 * options (live), the signals of Ctrl-C (and the alarm of -a duration:), and exit. Anything else
 * fails with EPERM rather than killing sniff, so a library path nobody foresaw degrades (a name not
 * looked up) instead of crashing.
 */
#ifndef ECHOSNIFF_SANDBOX_H
#define ECHOSNIFF_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

/* Installs the filter for this process (no_new_privs must be set, priv_drop does it, or
 * is set here). false with err when the kernel refuses. */
__attribute__((warn_unused_result)) bool sandbox_enter(char *err, size_t errlen);

/* The same, for a program that draws on the terminal (sniff --tui): it may also set the
 * terminal's modes (tcsetattr: TCSETS, TCSETSW, TCSETSF) and read its size
 * (TIOCGWINSZ), which ncurses does on start, on a resize and at the end. */
__attribute__((warn_unused_result)) bool sandbox_enter_tty(char *err, size_t errlen);
/* The same, also letting the loop create new files (O_CREAT|O_EXCL, write-only, never
 * truncating an existing one) and remove files: a ring of -w files (-b, -C, -W, -G). */
__attribute__((warn_unused_result)) bool sandbox_enter_ring(char *err, size_t errlen);

#endif
