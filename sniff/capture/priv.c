/*
 * priv.c: the privilege drop (see priv.h).
 *
 * Order matters: supplementary groups and the gid go first, while we still may change
 * them; the capability bounding set is emptied while we still hold CAP_SETPCAP; the uid
 * goes last, all three of real, effective and saved at once (setresuid), so no saved
 * root uid is left to return to. Then no_new_privs, so that not even an exec of a setuid
 * or setcap program can give any of it back, and the check: every id is the target, no
 * capability is left in any set, and setuid(0) fails. A process that kept file
 * capabilities instead of root (setcap) clears them, as it needs none once the handle
 * is open.
 */
#include "priv.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "args.h"

static bool clear_capabilities(void)
{
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    return syscall(SYS_capset, &hdr, data) == 0;
}

static bool capabilities_empty(void)
{
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    if (syscall(SYS_capget, &hdr, data) != 0)
        return false;
    for (int i = 0; i < 2; i++)
        if (data[i].effective != 0 || data[i].permitted != 0 || data[i].inheritable != 0)
            return false;
    return true;
}

/* Empties the bounding set: capability numbers count up from 0 until the kernel says
 * EINVAL (past its CAP_LAST_CAP). Needs CAP_SETPCAP, so it runs while still root. */
static bool empty_bounding_set(char *err, size_t errlen)
{
    for (int cap = 0; cap < 64; cap++) {
        if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) < 0)
            break; /* past the last capability this kernel knows */
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) {
            snprintf(err, errlen, "cannot empty the capability bounding set (capability %d): %s",
                     cap, strerror(errno));
            return false;
        }
    }
    return true;
}

static bool bounding_set_empty(void)
{
    for (int cap = 0; cap < 64; cap++) {
        int r = prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
        if (r < 0)
            return true;
        if (r != 0)
            return false;
    }
    return true;
}

static bool from_passwd(struct priv_plan *p, const struct passwd *pw, const char *how, char *err,
                        size_t errlen)
{
    p->uid = pw->pw_uid;
    p->gid = pw->pw_gid;
    snprintf(p->who, sizeof p->who, "%s", pw->pw_name);
    if (p->gid == 0) {
        snprintf(err, errlen,
                 "%s %s has group root (gid 0): sniff will not read packets in group root; "
                 "name another user with -Z USER",
                 how, p->who);
        return false;
    }
    return true;
}

bool priv_plan(struct priv_plan *p, const char *user, char *err, size_t errlen)
{
    *p = (struct priv_plan){.root = getuid() == 0 || geteuid() == 0};
    if (!p->root)
        return true;
    if (user != NULL) {
        struct passwd *pw = getpwnam(user);
        if (pw == NULL) {
            snprintf(err, errlen, "-Z %s: no such user", user);
            return false;
        }
        if (pw->pw_uid == 0) {
            snprintf(err, errlen,
                     "-Z %s: refusing to keep running as root; name another user with -Z USER",
                     user);
            return false;
        }
        return from_passwd(p, pw, "-Z", err, errlen);
    }
    const char *su = getenv("SUDO_UID"), *sg = getenv("SUDO_GID");
    uint64_t u, g;
    if (su != NULL && sg != NULL && parse_u64(su, 0, UINT32_MAX - 1, &u) &&
        parse_u64(sg, 0, UINT32_MAX - 1, &g)) {
        if (u != 0) {
            p->uid = (uid_t)u;
            p->gid = (gid_t)g;
            struct passwd *pw = getpwuid(p->uid);
            const char *name = pw != NULL ? pw->pw_name : getenv("SUDO_USER");
            if (name != NULL)
                snprintf(p->who, sizeof p->who, "%s", name);
            else
                snprintf(p->who, sizeof p->who, "uid %u", (unsigned)p->uid);
            if (p->gid == 0) {
                snprintf(err, errlen,
                         "SUDO_GID is 0 (group root): sniff will not read packets in group "
                         "root; name the user to become with -Z USER");
                return false;
            }
            return true;
        }
        /* sudo run by root itself: root ran sniff, as below. */
    }
    struct passwd *pw = getpwnam("nobody");
    if (pw == NULL) {
        snprintf(err, errlen, "no user 'nobody' to drop privileges to; name one with -Z USER");
        return false;
    }
    p->files_as_root = true;
    return from_passwd(p, pw, "user", err, errlen);
}

enum priv_result priv_drop(const struct priv_plan *p, char *err, size_t errlen)
{
    if (!p->root) {
        /* A setcap'd binary: CAP_NET_RAW was needed only to open the handle. */
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || !clear_capabilities()) {
            snprintf(err, errlen, "cannot give up the capture capabilities: %s", strerror(errno));
            return PRIV_ERROR;
        }
        return PRIV_NOT_ROOT;
    }
    if (setgroups(1, &p->gid) != 0) {
        snprintf(err, errlen, "setgroups: %s", strerror(errno));
        return PRIV_ERROR;
    }
    if (setresgid(p->gid, p->gid, p->gid) != 0) {
        snprintf(err, errlen, "setresgid(%u): %s", (unsigned)p->gid, strerror(errno));
        return PRIV_ERROR;
    }
    if (!empty_bounding_set(err, errlen))
        return PRIV_ERROR;
    if (setresuid(p->uid, p->uid, p->uid) != 0) {
        snprintf(err, errlen, "setresuid(%u): %s", (unsigned)p->uid, strerror(errno));
        return PRIV_ERROR;
    }
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        snprintf(err, errlen, "cannot set no_new_privs: %s", strerror(errno));
        return PRIV_ERROR;
    }
    (void)clear_capabilities(); /* setresuid from root already cleared them */
    /* Verify: every id is the target, nothing is left, and root cannot be regained. */
    uid_t r, e, s;
    gid_t rg, eg, sg;
    if (getresuid(&r, &e, &s) != 0 || r != p->uid || e != p->uid || s != p->uid ||
        getresgid(&rg, &eg, &sg) != 0 || rg != p->gid || eg != p->gid || sg != p->gid) {
        snprintf(err, errlen, "privilege drop to %s did not take effect", p->who);
        return PRIV_ERROR;
    }
    if (!capabilities_empty() || !bounding_set_empty()) {
        snprintf(err, errlen, "privilege drop to %s left capabilities behind", p->who);
        return PRIV_ERROR;
    }
    if (setuid(0) == 0 || seteuid(0) == 0) {
        snprintf(err, errlen, "privilege drop to %s failed: root could be regained", p->who);
        return PRIV_ERROR;
    }
    return PRIV_DROPPED;
}
