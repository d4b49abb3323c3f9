/*
 * files.c: -r and -w files opened safely (see files.h).
 *
 * The file is created with O_CREAT|O_EXCL|O_NOFOLLOW, so a name that exists is never
 * truncated through open(2) itself: whatever is there (a symbolic link planted in a
 * shared directory, a hard link to another user's file, root's /etc/shadow) is first
 * opened without O_TRUNC and examined with fstat on the open descriptor (no window
 * between the check and the use), and only a regular file of our own with one link is
 * truncated. O_NOFOLLOW makes a symbolic link fail with ELOOP; its sentence says so.
 */
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void as_text(const char *as, char *buf, size_t n)
{
    if (as != NULL)
        snprintf(buf, n, " as %s", as);
    else
        buf[0] = '\0';
}

static void owner_name(uid_t uid, char *buf, size_t n)
{
    struct passwd *pw = getpwuid(uid);
    if (pw != NULL)
        snprintf(buf, n, "%s", pw->pw_name);
    else
        snprintf(buf, n, "uid %u", (unsigned)uid);
}

/* The fix to suggest when the user sniff runs as may not open the path. */
static const char *access_hint(const char *as)
{
    return as != NULL ? "; sniff opens files with the rights of the user it runs as "
                        "(-Z USER, else the sudo caller, else nobody): pick a path that "
                        "user may use"
                      : "";
}

int files_open_read(const char *path, const char *as, char *err, size_t errlen)
{
    char who[96];
    as_text(as, who, sizeof who);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        int e = errno;
        snprintf(err, errlen, "cannot read %s%s: %s%s", path, who, strerror(e),
                 e == EACCES ? access_hint(as) : "");
        errno = e;
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "cannot read %s: it is a directory, not a capture file", path);
        close(fd);
        errno = EISDIR;
        return -1;
    }
    return fd;
}

/* An existing name: open it without truncating, then decide on what was opened. */
static int reopen_existing(const char *path, const char *who, const char *as, char *err,
                           size_t errlen)
{
    int fd = open(path, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        int e = errno;
        if (e == ELOOP)
            snprintf(err, errlen,
                     "will not write %s: it is a symbolic link, and sniff does not follow "
                     "links when writing; name the file itself",
                     path);
        else if (e == EISDIR)
            snprintf(err, errlen, "cannot write %s: it is a directory; name a file in it", path);
        else
            snprintf(err, errlen, "cannot write %s%s: %s%s", path, who, strerror(e),
                     e == EACCES ? access_hint(as) : "");
        errno = e;
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))
        return fd; /* a pipe to a reader, /dev/null: written as it is */
    char owner[64];
    owner_name(st.st_uid, owner, sizeof owner);
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "will not write %s: it is not a regular file", path);
    } else if (st.st_uid != geteuid()) {
        char me[64];
        owner_name(geteuid(), me, sizeof me);
        snprintf(err, errlen,
                 "will not overwrite %s: it belongs to %s, and sniff overwrites only files "
                 "of the user it writes as (%s); remove it or pick another name",
                 path, owner, me);
    } else if (st.st_nlink != 1) {
        snprintf(err, errlen,
                 "will not overwrite %s: it has %ju hard links, so other names would change "
                 "too; remove it or pick another name",
                 path, (uintmax_t)st.st_nlink);
    } else if (ftruncate(fd, 0) != 0) {
        snprintf(err, errlen, "cannot truncate %s: %s", path, strerror(errno));
    } else {
        return fd;
    }
    close(fd);
    errno = EPERM;
    return -1;
}

int files_open_write(const char *path, const char *as, char *err, size_t errlen)
{
    char who[96];
    as_text(as, who, sizeof who);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
    if (fd >= 0)
        return fd;
    int e = errno;
    if (e == EEXIST)
        return reopen_existing(path, who, as, err, errlen);
    snprintf(err, errlen, "cannot create %s%s: %s%s", path, who, strerror(e),
             e == EACCES ? access_hint(as) : "");
    errno = e;
    return -1;
}
