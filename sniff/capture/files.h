/*
 * files.h: opening the files sniff reads and writes (-r, -w) safely, with the rights of
 * whoever sniff runs as at that moment (priv.h says who that is).
 *
 * -w never follows a symbolic link, never takes over a file of somebody else's, and
 * creates what it creates private (0600: a capture may hold other people's traffic,
 * ETHICS.md). An existing regular file is overwritten, as tcpdump does, only when the
 * user sniff writes as owns it and it has no other hard link; FIFOs and character
 * devices (a pipe to Wireshark, /dev/null) are written as they are.
 */
#ifndef ECHOSNIFF_FILES_H
#define ECHOSNIFF_FILES_H

#include <stddef.h>

/* Opens path for reading; -1 with err (naming the path, the cause and, where there is
 * one, the fix) on failure. as: the user sniff reads as, for the message ("as nobody"),
 * NULL when sniff runs as whoever started it. */
__attribute__((warn_unused_result)) int files_open_read(const char *path, const char *as, char *err,
                                                        size_t errlen);

/* Creates path (O_EXCL, O_NOFOLLOW, mode 0600), or reopens and truncates an existing
 * file under the rules above; -1 with err on failure. */
__attribute__((warn_unused_result)) int files_open_write(const char *path, const char *as,
                                                         char *err, size_t errlen);

#endif
