/*
 * priv.h: dropping root for good once the capture is open (OpenBSD tcpdump's design):
 * the parser of untrusted bytes never runs as root, and no file is opened with root's
 * rights on behalf of somebody else.
 *
 * Who is who. sniff started as root captures with root's CAP_NET_RAW, then becomes the
 * *target*: -Z USER, else the sudo caller (SUDO_UID/SUDO_GID), else nobody. Files (-r,
 * -w, the --anonymize key file) are opened as the person who ran sniff: after the drop,
 * as the target, when that is -Z USER or the sudo caller (so `sudo sniff -w PATH` can
 * write only where the caller could, and `sudo sniff -r` reads only what the caller
 * can); before it, as root, only when root itself ran sniff without -Z (root needs no
 * protection from itself, and nobody could not write root's files).
 */
#ifndef ECHOSNIFF_PRIV_H
#define ECHOSNIFF_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum priv_result {
    PRIV_DROPPED = 0,  /* now running as the target */
    PRIV_NOT_ROOT = 1, /* not root: nothing to drop (capabilities are cleared) */
    PRIV_ERROR = -1,   /* err says what failed; the caller must not go on */
};

struct priv_plan {
    bool root;          /* started as root (real or effective uid 0) */
    bool files_as_root; /* root ran sniff itself (no sudo, no -Z): open files first */
    uid_t uid;          /* the target, when root */
    gid_t gid;
    char who[64]; /* the target's name, for messages */
};

/* Decides the target (see above). Refuses a target of uid 0 or gid 0: SUDO_GID=0 (a
 * sudo caller in group root) is not trusted, since the parser would run in group root. */
__attribute__((warn_unused_result)) bool priv_plan(struct priv_plan *p, const char *user, char *err,
                                                   size_t errlen);

/* Becomes the target for good: setgroups, setresgid, the capability bounding set
 * emptied, setresuid, each checked; then no_new_privs (no exec can gain privileges
 * again) and every capability cleared; finally verifies that uid 0 cannot be regained.
 * Not root: only no_new_privs and clearing the capabilities a setcap'd binary has. */
__attribute__((warn_unused_result)) enum priv_result priv_drop(const struct priv_plan *p, char *err,
                                                               size_t errlen);

#endif
