// Pseudo-terminal allocation through /dev/ptmx ioctls. glibc hides posix_openpt, grantpt and
// unlockpt behind _XOPEN_SOURCE, which Swift's Glibc module is not built with, and the ioctl
// numbers are macros Swift cannot import; these wrappers let C expand them.
#ifndef LANEAGENT_CPTY_SHIM_H
#define LANEAGENT_CPTY_SHIM_H
#include <sys/ioctl.h>

/// Unlocks the slave of the master `fd` so it can be opened (unlockpt(3)).
static inline int laneagent_pty_unlock(int fd) {
    int locked = 0;
    return ioctl(fd, TIOCSPTLCK, &locked);
}

/// The number N of the slave /dev/pts/N of the master `fd` (ptsname(3)).
static inline int laneagent_pty_number(int fd, unsigned int *number) {
    return ioctl(fd, TIOCGPTN, number);
}
#endif
