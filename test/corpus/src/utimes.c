// File times through every libc and raw entry point (utimensat, utimensat_time64 via glibc,
// futimens, utimes, futimesat, utime) with the errnos Linux gives: EFAULT, ENOENT, EINVAL for a
// bad nsec (after the lookup) or usec (before it), UTIME_NOW / UTIME_OMIT.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

static char file[512], missing[512], link_[512];

static void show(const char *what, long r) {
    if (r == 0) printf("%-40s ok\n", what);
    else printf("%-40s -1 errno %d\n", what, errno);
}

static void times_of(const char *path) {
    struct stat st;
    if (lstat(path, &st) != 0) { printf("  lstat failed %d\n", errno); return; }
    printf("  atime %ld.%09ld mtime %ld.%09ld\n", (long)st.st_atim.tv_sec, st.st_atim.tv_nsec,
           (long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

struct old_timespec { int sec, nsec; };

int main(void) {
    const char *tmp = getenv("TMPDIR");
    if (!tmp) tmp = "/tmp";
    snprintf(file, sizeof file, "%s/utimes-file", tmp);
    snprintf(missing, sizeof missing, "%s/utimes-missing", tmp);
    snprintf(link_, sizeof link_, "%s/utimes-link", tmp);
    unlink(file); unlink(link_);
    int fd = open(file, O_CREAT | O_RDWR, 0644);
    symlink(file, link_);

    struct timespec ts[2] = {{1000000000, 0}, {1000000100, 500000000}};
    show("utimensat", utimensat(AT_FDCWD, file, ts, 0));
    times_of(file);
    ts[0].tv_nsec = UTIME_OMIT; ts[1].tv_sec = 1000000009; ts[1].tv_nsec = 0;
    show("utimensat atime OMIT", utimensat(AT_FDCWD, file, ts, 0));
    times_of(file);
    struct old_timespec ots[2] = {{1000000001, 0}, {0, UTIME_OMIT}};
    show("raw utimensat (32-bit) mtime OMIT", syscall(SYS_utimensat, AT_FDCWD, file, ots, 0));
    times_of(file);
    ts[0].tv_nsec = UTIME_OMIT; ts[1].tv_nsec = UTIME_OMIT;
    show("both OMIT, missing file", utimensat(AT_FDCWD, missing, ts, 0));
    ts[0].tv_nsec = 1000000000; ts[1].tv_nsec = 0;
    show("nsec 1e9", utimensat(AT_FDCWD, file, ts, 0));
    show("nsec 1e9, missing file", utimensat(AT_FDCWD, missing, ts, 0));
    ts[0].tv_nsec = -1;
    show("nsec -1", utimensat(AT_FDCWD, file, ts, 0));
    show("times EFAULT", syscall(SYS_utimensat, AT_FDCWD, file, (void *)16, 0));
    show("path EFAULT", syscall(SYS_utimensat, AT_FDCWD, (void *)16, NULL, 0));
    show("path NULL, AT_FDCWD", syscall(SYS_utimensat, AT_FDCWD, NULL, NULL, 0));
    show("empty path", utimensat(AT_FDCWD, "", NULL, 0));
    show("bad flags", utimensat(AT_FDCWD, file, NULL, 0x4));
    show("bad fd", syscall(SYS_utimensat, 77, NULL, NULL, 0));
    show("fd with flags", syscall(SYS_utimensat, fd, NULL, NULL, AT_SYMLINK_NOFOLLOW));

    struct timespec now0;
    clock_gettime(CLOCK_REALTIME, &now0);
    ts[0].tv_sec = 5; ts[0].tv_nsec = UTIME_NOW; ts[1].tv_sec = 1000000002; ts[1].tv_nsec = 0;
    show("atime NOW", utimensat(AT_FDCWD, file, ts, 0));
    struct stat st;
    stat(file, &st);
    printf("  atime is now: %d, mtime %ld\n", st.st_atim.tv_sec >= now0.tv_sec - 1, (long)st.st_mtim.tv_sec);
    show("NULL times", utimensat(AT_FDCWD, file, NULL, 0));
    stat(file, &st);
    printf("  mtime is now: %d\n", st.st_mtim.tv_sec >= now0.tv_sec - 1);

    struct timespec fts[2] = {{1000000003, 0}, {1000000004, 0}};
    show("futimens", futimens(fd, fts));
    times_of(file);
    struct timespec lts[2] = {{1000000005, 0}, {1000000006, 0}};
    show("utimensat NOFOLLOW on link", utimensat(AT_FDCWD, link_, lts, AT_SYMLINK_NOFOLLOW));
    times_of(file);

    struct timeval tv[2] = {{1000000010, 250000}, {1000000011, 0}};
    show("utimes", utimes(file, tv));
    times_of(file);
    show("raw utimes", syscall(SYS_utimes, file, tv));
    times_of(file);
    show("raw futimesat", syscall(SYS_futimesat, AT_FDCWD, file, tv));
    tv[0].tv_usec = 1000000;
    show("raw utimes usec 1e6", syscall(SYS_utimes, file, tv));
    tv[0].tv_usec = 0;
    show("raw utimes, missing", syscall(SYS_utimes, missing, tv));
    struct utimbuf ub = {1000000020, 1000000021};
    show("utime", utime(file, &ub));
    times_of(file);
    show("raw utime", syscall(SYS_utime, file, &ub));

    close(fd);
    unlink(link_);
    unlink(file);
    return 0;
}
