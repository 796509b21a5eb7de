/* A power cut for the durability test, loaded into the server with LD_PRELOAD.
 *
 * After a power cut a disk holds what was flushed to it, and nothing written since. This
 * library keeps that disk beside the real one: whenever the server flushes a file under
 * BRS_POWERCUT_WATCH (fsync or fdatasync), the file's whole content is copied to the same
 * place under BRS_POWERCUT_SHADOW. A file renamed takes its new name there only when the
 * folder it went to is flushed, as on a real file system; a file removed goes at once.
 * Killing the server and starting it on the shadow folder is then a power cut at that
 * instant: what the server wrote and did not flush is gone.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static char watch[PATH_MAX];
static size_t watch_len;
static char shadow[PATH_MAX];
static int on;

static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_rename)(const char *, const char *);
static int (*real_unlink)(const char *);

/* A rename waiting for its target folder to be flushed. */
struct moved {
    char from[PATH_MAX];
    char to[PATH_MAX];
    struct moved *next;
};
static struct moved *moves;

static void init(void) {
    real_fsync = dlsym(RTLD_NEXT, "fsync");
    real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
    real_rename = dlsym(RTLD_NEXT, "rename");
    real_unlink = dlsym(RTLD_NEXT, "unlink");
    const char *w = getenv("BRS_POWERCUT_WATCH");
    const char *s = getenv("BRS_POWERCUT_SHADOW");
    if (!w || !s || !realpath(w, watch) || strlen(s) >= sizeof shadow) return;
    strcpy(shadow, s);
    watch_len = strlen(watch);
    on = 1;
}

/* The part of `path` under the watched folder, or NULL. */
static const char *inside(const char *path) {
    if (strncmp(path, watch, watch_len) == 0 && path[watch_len] == '/') return path + watch_len + 1;
    return NULL;
}

/* `path` made absolute, in `out`. */
static const char *absolute(const char *path, char *out) {
    if (path[0] == '/') {
        snprintf(out, PATH_MAX, "%s", path);
    } else {
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof cwd)) return NULL;
        snprintf(out, PATH_MAX, "%s/%s", cwd, path);
    }
    return out;
}

/* Creates the folders above `path`. */
static void parents(char *path) {
    for (char *p = path + 1; *p; p++) {
        if (*p == '/') {
            *p = 0;
            mkdir(path, 0700);
            *p = '/';
        }
    }
}

/* Copies the file open as `fd`, at `rel` under the watched folder, to the shadow. */
static void keep_file(int fd, const char *rel) {
    char proc[64], dst[PATH_MAX], tmp[PATH_MAX + 16];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    snprintf(dst, sizeof dst, "%s/%s", shadow, rel);
    snprintf(tmp, sizeof tmp, "%s.cut-tmp", dst);
    parents(dst);
    /* Opened again for reading: the server may hold it open for appending only. */
    int in = open(proc, O_RDONLY);
    if (in < 0) return;
    int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (out < 0) {
        close(in);
        return;
    }
    static char buf[1 << 16];
    ssize_t n;
    int ok = 1;
    while ((n = read(in, buf, sizeof buf)) > 0) {
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w <= 0) {
                ok = 0;
                break;
            }
            done += w;
        }
        if (!ok) break;
    }
    close(in);
    close(out);
    /* The shadow's own copy is replaced whole, so a kill during the copy leaves the last. */
    if (ok && n == 0) real_rename(tmp, dst);
}

/* The renames into the folder at `rel` (under the watched one) become part of the shadow. */
static void keep_names(const char *rel) {
    struct moved **link = &moves;
    while (*link) {
        struct moved *m = *link;
        const char *slash = strrchr(m->to, '/');
        size_t len = slash ? (size_t)(slash - m->to) : 0;
        if (strlen(rel) == len && strncmp(m->to, rel, len) == 0) {
            char from[PATH_MAX + 8], to[PATH_MAX + 8];
            snprintf(from, sizeof from, "%s/%s", shadow, m->from);
            snprintf(to, sizeof to, "%s/%s", shadow, m->to);
            parents(to);
            /* A file never flushed under its old name has no content to carry. */
            real_rename(from, to);
            *link = m->next;
            free(m);
        } else {
            link = &m->next;
        }
    }
}

static void flushed(int fd) {
    pthread_once(&once, init);
    if (!on) return;
    char proc[64], path[PATH_MAX];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(proc, path, sizeof path - 1);
    if (n <= 0) return;
    path[n] = 0;
    struct stat st;
    if (fstat(fd, &st) != 0) return;
    pthread_mutex_lock(&lock);
    if (strcmp(path, watch) == 0) {
        keep_names("");
    } else {
        const char *rel = inside(path);
        if (rel && S_ISREG(st.st_mode)) keep_file(fd, rel);
        if (rel && S_ISDIR(st.st_mode)) keep_names(rel);
    }
    pthread_mutex_unlock(&lock);
}

int fsync(int fd) {
    flushed(fd);
    return real_fsync(fd);
}

int fdatasync(int fd) {
    flushed(fd);
    return real_fdatasync(fd);
}

int rename(const char *from, const char *to) {
    pthread_once(&once, init);
    int rc = real_rename(from, to);
    if (rc != 0 || !on) return rc;
    char a[PATH_MAX], b[PATH_MAX];
    const char *ra = absolute(from, a) ? inside(a) : NULL;
    const char *rb = absolute(to, b) ? inside(b) : NULL;
    if (ra && rb) {
        struct moved *m = calloc(1, sizeof *m);
        if (m) {
            snprintf(m->from, sizeof m->from, "%s", ra);
            snprintf(m->to, sizeof m->to, "%s", rb);
            pthread_mutex_lock(&lock);
            m->next = moves;
            moves = m;
            pthread_mutex_unlock(&lock);
        }
    }
    return rc;
}

int unlink(const char *path) {
    pthread_once(&once, init);
    int rc = real_unlink(path);
    if (rc != 0 || !on) return rc;
    char a[PATH_MAX];
    const char *rel = absolute(path, a) ? inside(a) : NULL;
    if (rel) {
        char dst[PATH_MAX + 8];
        snprintf(dst, sizeof dst, "%s/%s", shadow, rel);
        pthread_mutex_lock(&lock);
        real_unlink(dst);
        pthread_mutex_unlock(&lock);
    }
    return rc;
}
