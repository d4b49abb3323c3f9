/*
 * priv.h: dropping root for good once the capture is open (OpenBSD tcpdump's design):
 * the parser of untrusted bytes never runs as root.
 */
#ifndef ECHOSNIFF_PRIV_H
#define ECHOSNIFF_PRIV_H

#include <stddef.h>

enum priv_result {
    PRIV_DROPPED = 0,  /* now running as the user named in who */
    PRIV_NOT_ROOT = 1, /* not root: nothing to drop (capabilities are cleared) */
    PRIV_ERROR = -1,   /* err says what failed; the caller must not go on */
};

/* Drops to user (-Z), else under sudo to SUDO_UID/SUDO_GID, else to "nobody": chowns
 * chown_fd (the -w file; -1 for none) to that user, then setgroups, setresgid and
 * setresuid, each checked, and verifies that uid 0 cannot be regained. */
enum priv_result priv_drop(const char *user, int chown_fd, char *who, size_t wholen, char *err,
                           size_t errlen);

#endif
