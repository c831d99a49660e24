#define _GNU_SOURCE
#include "signet_standby.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

// The most descriptors one message carries (a worker's stdin, stdout and stderr).
#define SIGNET_STANDBY_MAX_FDS 4

static int address(const char *path, struct sockaddr_un *addr) {
    memset(addr, 0, sizeof *addr);
    addr->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof addr->sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(addr->sun_path, path);
    return 0;
}

int signet_standby_listen(const char *path) {
    struct sockaddr_un addr;
    if (address(path, &addr) < 0) return -1;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    unlink(path);
    // The socket file is made with the umask's mode: narrow it before it exists.
    mode_t previous = umask(0077);
    int bound = bind(fd, (struct sockaddr *)&addr, sizeof addr);
    umask(previous);
    if (bound < 0 || listen(fd, 64) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

int signet_standby_connect(const char *path) {
    struct sockaddr_un addr;
    if (address(path, &addr) < 0) return -1;
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

long signet_standby_peer_uid(int socket) {
    struct ucred credentials;
    socklen_t size = sizeof credentials;
    if (getsockopt(socket, SOL_SOCKET, SO_PEERCRED, &credentials, &size) < 0) return -1;
    return (long)credentials.uid;
}

long signet_standby_send(int socket, const void *data, size_t length, const int *fds, int count) {
    if (count < 0 || count > SIGNET_STANDBY_MAX_FDS) {
        errno = EINVAL;
        return -1;
    }
    struct iovec part = {(void *)data, length};
    union {
        char bytes[CMSG_SPACE(sizeof(int) * SIGNET_STANDBY_MAX_FDS)];
        struct cmsghdr align;
    } control;
    memset(&control, 0, sizeof control);
    struct msghdr message = {0};
    message.msg_iov = &part;
    message.msg_iovlen = 1;
    if (count > 0) {
        message.msg_control = control.bytes;
        message.msg_controllen = CMSG_SPACE(sizeof(int) * count);
        struct cmsghdr *header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int) * count);
        memcpy(CMSG_DATA(header), fds, sizeof(int) * count);
    }
    ssize_t sent;
    do sent = sendmsg(socket, &message, MSG_NOSIGNAL);
    while (sent < 0 && errno == EINTR);
    return (long)sent;
}

long signet_standby_receive(int socket, void *data, size_t length, int *fds, int max, int *count) {
    *count = 0;
    struct iovec part = {data, length};
    union {
        char bytes[CMSG_SPACE(sizeof(int) * SIGNET_STANDBY_MAX_FDS)];
        struct cmsghdr align;
    } control;
    struct msghdr message = {0};
    message.msg_iov = &part;
    message.msg_iovlen = 1;
    message.msg_control = control.bytes;
    message.msg_controllen = sizeof control.bytes;
    ssize_t received;
    do received = recvmsg(socket, &message, MSG_CMSG_CLOEXEC);
    while (received < 0 && errno == EINTR);
    if (received < 0) return -1;
    for (struct cmsghdr *header = CMSG_FIRSTHDR(&message); header; header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) continue;
        int carried = (int)((header->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        int *passed = (int *)CMSG_DATA(header);
        for (int i = 0; i < carried; i++) {
            // Descriptors beyond what the caller takes are closed, never leaked.
            if (*count < max) fds[(*count)++] = passed[i];
            else close(passed[i]);
        }
    }
    // A message cut short lost descriptors the kernel could not deliver: refuse it whole.
    if (message.msg_flags & MSG_CTRUNC) {
        for (int i = 0; i < *count; i++) close(fds[i]);
        *count = 0;
        errno = EMSGSIZE;
        return -1;
    }
    return (long)received;
}

int signet_standby_child_signals(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    // SIGCHLD only: whatever else the starting thread had blocked is unblocked again.
    if (sigprocmask(SIG_SETMASK, &set, NULL) < 0) return -1;
    return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

void signet_standby_drain_signals(int signals) {
    struct signalfd_siginfo info[8];
    while (read(signals, info, sizeof info) > 0) {}
}

void signet_standby_unblock_child_signal(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

int signet_standby_spawn(const char *path, char *const argv[], char *const envp[], const char *log) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attributes);
    // The caller may be exiting on a thread that blocks every signal (a runtime's worker
    // thread): the engine starts with none blocked and every signal's default action, so that
    // SIGTERM ends it.
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, log, O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    pid_t child = -1;
    int status = posix_spawn(&child, path, &actions, &attributes, argv, envp);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (status != 0) {
        errno = status;
        return -1;
    }
    return (int)child;
}
