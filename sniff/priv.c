/*
 * priv.c: the privilege drop (see priv.h).
 *
 * Order matters: supplementary groups and the gid go first, while we still may change
 * them; the uid goes last, all three of real, effective and saved at once (setresuid),
 * so no saved root uid is left to return to. Then we check: every id is the target, and
 * setuid(0) fails. A process that kept file capabilities instead of root (setcap) clears
 * them, as it needs none once the handle is open.
 */
#include "priv.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "args.h"

static void clear_capabilities(void)
{
    struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    (void)syscall(SYS_capset, &hdr, data);
}

/* The account to become: -Z user, the sudo caller, or nobody. */
static bool pick_target(const char *user, uid_t *uid, gid_t *gid, char *who, size_t wholen,
                        char *err, size_t errlen)
{
    if (user != NULL) {
        struct passwd *pw = getpwnam(user);
        if (pw == NULL) {
            snprintf(err, errlen, "-Z %s: no such user", user);
            return false;
        }
        *uid = pw->pw_uid;
        *gid = pw->pw_gid;
        snprintf(who, wholen, "%s", user);
        return true;
    }
    const char *su = getenv("SUDO_UID"), *sg = getenv("SUDO_GID");
    uint64_t u, g;
    if (su != NULL && sg != NULL && parse_u64(su, 1, UINT32_MAX - 1, &u) &&
        parse_u64(sg, 0, UINT32_MAX - 1, &g)) {
        *uid = (uid_t)u;
        *gid = (gid_t)g;
        struct passwd *pw = getpwuid(*uid);
        const char *name = pw != NULL ? pw->pw_name : getenv("SUDO_USER");
        if (name != NULL)
            snprintf(who, wholen, "%s", name);
        else
            snprintf(who, wholen, "%u", (unsigned)*uid);
        return true;
    }
    struct passwd *pw = getpwnam("nobody");
    if (pw == NULL) {
        snprintf(err, errlen, "no user 'nobody' to drop privileges to; name one with -Z USER");
        return false;
    }
    *uid = pw->pw_uid;
    *gid = pw->pw_gid;
    snprintf(who, wholen, "nobody");
    return true;
}

enum priv_result priv_drop(const char *user, int chown_fd, char *who, size_t wholen, char *err,
                           size_t errlen)
{
    if (getuid() != 0 && geteuid() != 0) {
        clear_capabilities();
        return PRIV_NOT_ROOT;
    }
    uid_t uid;
    gid_t gid;
    if (!pick_target(user, &uid, &gid, who, wholen, err, errlen))
        return PRIV_ERROR;
    if (uid == 0) {
        snprintf(err, errlen,
                 "refusing to keep running as root ('%s'); name another user "
                 "with -Z USER",
                 who);
        return PRIV_ERROR;
    }
    if (chown_fd >= 0 && fchown(chown_fd, uid, gid) != 0) {
        snprintf(err, errlen, "cannot give the output file to %s: %s", who, strerror(errno));
        return PRIV_ERROR;
    }
    if (setgroups(1, &gid) != 0) {
        snprintf(err, errlen, "setgroups: %s", strerror(errno));
        return PRIV_ERROR;
    }
    if (setresgid(gid, gid, gid) != 0) {
        snprintf(err, errlen, "setresgid(%u): %s", (unsigned)gid, strerror(errno));
        return PRIV_ERROR;
    }
    if (setresuid(uid, uid, uid) != 0) {
        snprintf(err, errlen, "setresuid(%u): %s", (unsigned)uid, strerror(errno));
        return PRIV_ERROR;
    }
    /* Verify: every id is the target, and root cannot be regained. */
    uid_t r, e, s;
    gid_t rg, eg, sg;
    if (getresuid(&r, &e, &s) != 0 || r != uid || e != uid || s != uid ||
        getresgid(&rg, &eg, &sg) != 0 || rg != gid || eg != gid || sg != gid) {
        snprintf(err, errlen, "privilege drop to %s did not take effect", who);
        return PRIV_ERROR;
    }
    if (setuid(0) == 0 || seteuid(0) == 0) {
        snprintf(err, errlen, "privilege drop to %s failed: root could be regained", who);
        return PRIV_ERROR;
    }
    clear_capabilities();
    return PRIV_DROPPED;
}
