/*
 * nexcage-client.c: the native client of the nexcage command (C99, libc only; DESIGN §8).
 *
 * The build compiles it to target/runtime/bin/nexcage when a C compiler is present
 * (runtime.pom.xml). For an ordinary command (`nexcage run ...`, `nexcage plugin list`) it does
 * exactly what the Perl launcher ../../../nexcage does: the same request line on the daemon's
 * control socket, the same relay of the framed answer, the same signals passed on, the same
 * sentences when the daemon cannot be reached. It exists because perl's own start and the compile
 * of the script were most of what the client adds to a command (about 7 ms of 14 here; of
 * `nexcage run --rm` above the engine's floor, 1-3 %: bench/README.md, issue 20). Everything else (`daemon`, `help`, `version`, `completion`,
 * `plugin new`, `image import`, `shell`, a built-in's `--help` with no daemon) it hands over by
 * exec, as the Perl launcher does: to libexec/nexcage-admin.sh, or to the Perl launcher itself.
 */
#define _GNU_SOURCE /* MSG_NOSIGNAL */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* A growing byte buffer; the client exits on running out of memory. */
struct buf {
    char *p;
    size_t len, cap;
};

/*
 * The name /etc/passwd gives uid, into name; 0 when it has none. Read by hand rather than with
 * getpwuid: the client is linked statically (its start is part of every command: bench/README.md,
 * issue 20), and a static glibc's getpwuid would load the host's NSS modules at run time. Only the
 * sentence of a refused socket needs the name, and it says "uid N" when this finds none.
 */
static int user_name(uid_t uid, char *name, size_t size) {
    FILE *f = fopen("/etc/passwd", "re");
    char line[1024];
    int found = 0;
    if (!f) {
        return 0;
    }
    while (!found && fgets(line, sizeof line, f)) {
        char *user = line, *pass = strchr(user, ':'), *id = pass ? strchr(pass + 1, ':') : NULL, *end;
        if (!id) {
            continue;
        }
        *pass = '\0';
        unsigned long n = strtoul(id + 1, &end, 10);
        if (end != id + 1 && *end == ':' && n == (unsigned long) uid && strlen(user) < size) {
            strcpy(name, user);
            found = 1;
        }
    }
    fclose(f);
    return found;
}

static void out_of_memory(void) {
    static const char msg[] = "nexcage: out of memory\n";
    (void) !write(2, msg, sizeof msg - 1);
    _exit(1);
}

static void add(struct buf *b, const char *s, size_t n) {
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (b->len + n + 1 > cap) {
            cap *= 2;
        }
        char *p = realloc(b->p, cap);
        if (!p) {
            out_of_memory();
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void adds(struct buf *b, const char *s) {
    add(b, s, strlen(s));
}

/* A new string: the parts joined (the list ends with NULL). */
static char *concat(const char *first, ...) {
    struct buf b = {0};
    va_list ap;
    va_start(ap, first);
    for (const char *s = first; s; s = va_arg(ap, const char *)) {
        adds(&b, s);
    }
    va_end(ap);
    if (!b.p) {
        adds(&b, "");
    }
    return b.p;
}

/* Writes all of it, as the Perl client's put: a write interrupted by a signal goes on, another error drops the rest. */
static void put(int fd, const char *d, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, d, n);
        if (w < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        d += w;
        n -= (size_t) w;
    }
}

static void say(const char *s) {
    put(2, s, strlen(s));
}

static const char *env_or(const char *name, const char *fallback) {
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

/* ---- where things are ----------------------------------------------------------------------- */

static char *self_perl;   /* the Perl launcher: the checkout's ./nexcage */
static char *dist;        /* the checkout (the Perl launcher's directory) */
static char *cwd;         /* the working directory as bash's $PWD gives it */
static char *sock_path;
static char *table_dir;   /* where the build wrote commands.bash */

/* This file is DIST/target/runtime/bin/nexcage (symlinks resolved by the kernel): DIST is three levels up. */
static void find_dist(void) {
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        say("nexcage: cannot read /proc/self/exe to find the NexCage checkout; mount /proc, or run the checkout's ./nexcage\n");
        exit(1);
    }
    exe[n] = '\0';
    for (int up = 0; up < 4; up++) {
        char *slash = strrchr(exe, '/');
        if (!slash) {
            break;
        }
        *slash = '\0';
    }
    dist = strdup(exe[0] ? exe : "/");
    self_perl = concat(dist, dist[1] ? "/nexcage" : "nexcage", (char *) NULL);
}

static int same_file(const char *a, const char *b) {
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The caller's logical path when the inherited PWD still names this directory, so the daemon sees what bash would. */
static void find_cwd(void) {
    const char *pwd = getenv("PWD");
    if (pwd && pwd[0] == '/' && same_file(pwd, ".")) {
        cwd = strdup(pwd);
        return;
    }
    char here[4096];
    ssize_t n = readlink("/proc/self/cwd", here, sizeof here - 1);
    here[n > 0 ? n : 0] = '\0';
    cwd = strdup(here);
}

/* The same defaults as the Perl launcher and nexcage-admin.sh (DESIGN §9). */
static void find_paths(void) {
    const char *home, *state;
    if (geteuid() == 0) {
        home = env_or("NEXCAGE_HOME", "/etc/nexcage");
        state = env_or("NEXCAGE_STATE", "/var/lib/nexcage");
    } else {
        const char *user_home = getenv("HOME");
        home = env_or("NEXCAGE_HOME", concat(user_home ? user_home : "", "/.nexcage", (char *) NULL));
        state = env_or("NEXCAGE_STATE", concat(home, "/state", (char *) NULL));
    }
    sock_path = (char *) env_or("NEXCAGE_SOCKET", concat(state, "/nexcage.sock", (char *) NULL));
    char *jar = (char *) env_or("NEXCAGE_JAR", concat(dist, "/target/runtime/runtime.jar", (char *) NULL));
    table_dir = strdup(jar);
    char *slash = strrchr(table_dir, '/');
    if (slash) {
        *slash = '\0';
    }
}

/* ---- handing over ----------------------------------------------------------------------------- */

/* What needs a shell or Java in the client goes to the bash part of the launcher, as the Perl launcher hands it. */
static void admin(int argc, char **argv) {
    char **a = calloc((size_t) argc + 4, sizeof *a);
    if (!a) {
        out_of_memory();
    }
    a[0] = "bash";
    a[1] = concat(dist, "/libexec/nexcage-admin.sh", (char *) NULL);
    a[2] = self_perl;
    for (int i = 0; i < argc; i++) {
        a[3 + i] = argv[i];
    }
    execvp("bash", a);
    int e = errno;
    fprintf(stderr, "nexcage: cannot start bash for %s (%s); install bash\n", a[1], strerror(e));
    exit(e ? e : 255);
}

/* The Perl launcher does the rest (`shell`, the internal --client-only). */
static void perl_launcher(int argc, char **argv) {
    char **a = calloc((size_t) argc + 2, sizeof *a);
    if (!a) {
        out_of_memory();
    }
    a[0] = self_perl;
    for (int i = 0; i < argc; i++) {
        a[1 + i] = argv[i];
    }
    execv(self_perl, a);
    int e = errno;
    fprintf(stderr, "nexcage: cannot start the launcher %s (%s); this client finds it three directories above its own"
            " file (target/runtime/bin), so link the file into your PATH rather than copying it\n", self_perl, strerror(e));
    exit(e ? e : 255);
}

/* ---- the command table the build wrote ---------------------------------------------------------- */

static char *builtins = "";  /* ",version,help,plugin,...," */
static char *file_args = ""; /* ",plugin install,plugin validate,...," */

/* Reads the lines nexcage_NAME="VALUE" of commands.bash, as the Perl launcher's one regular expression does. */
static void read_table(void) {
    char *path = concat(table_dir, "/commands.bash", (char *) NULL);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return;
    }
    struct buf text = {0};
    char chunk[4096];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR)) {
        if (n > 0) {
            add(&text, chunk, (size_t) n);
        }
    }
    close(fd);
    for (char *line = text.p; line && *line;) {
        char *end = strchr(line, '\n');
        if (end) {
            *end = '\0';
        }
        char *eq = strstr(line, "=\"");
        size_t len = strlen(line);
        if (eq && len >= 2 && line[len - 1] == '"' && eq + 1 < line + len - 1) {
            *eq = '\0';
            line[len - 1] = '\0';
            if (strcmp(line, "nexcage_builtins") == 0) {
                builtins = eq + 2;
            } else if (strcmp(line, "nexcage_file_args") == 0) {
                file_args = eq + 2;
            }
        }
        line = end ? end + 1 : line + len;
    }
}

/* Whether the comma-separated list holds ",WORDS," */
static int listed(const char *list, const char *words) {
    char *key = concat(",", words, ",", (char *) NULL);
    int found = strstr(list, key) != NULL;
    free(key);
    return found;
}

/* ---- the request ------------------------------------------------------------------------------ */

/* A JSON string, as the Perl launcher's js(): quote and backslash escaped, control characters as \u00XX, other bytes as they are. */
static void json_string(struct buf *b, const char *s) {
    add(b, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char) *s;
        if (c == '"' || c == '\\') {
            char esc[2] = {'\\', (char) c};
            add(b, esc, 2);
        } else if (c < 0x20) {
            char esc[8];
            snprintf(esc, sizeof esc, "\\u%04x", c);
            adds(b, esc);
        } else {
            add(b, (const char *) &c, 1);
        }
    }
    add(b, "\"", 1);
}

/* ---- the answer ------------------------------------------------------------------------------- */

static int sock = -1;
static char *leave_message; /* written when a third INT or TERM leaves */
static size_t leave_len;
static volatile sig_atomic_t insisted;

/* A signal the command asked for (an `s` frame) goes to the daemon as its name on a line; a third INT or TERM leaves. */
static void pass_on(int sig) {
    int saved = errno;
    const char *line = sig == SIGHUP ? "HUP\n" : sig == SIGINT ? "INT\n" : sig == SIGQUIT ? "QUIT\n"
            : sig == SIGUSR1 ? "USR1\n" : sig == SIGUSR2 ? "USR2\n" : "TERM\n";
    (void) !send(sock, line, strlen(line), MSG_NOSIGNAL);
    if ((sig == SIGINT || sig == SIGTERM) && ++insisted >= 3) {
        put(2, leave_message, leave_len);
        _exit(128 + sig);
    }
    errno = saved;
}

static void take_signals(const char *sentence, size_t n) {
    struct buf m = {0};
    adds(&m, "\nnexcage: ");
    add(&m, sentence, n);
    adds(&m, "\n");
    leave_message = m.p;
    leave_len = m.len;
    static const int passed[] = {SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGTERM};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = pass_on;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof passed / sizeof *passed; i++) {
        sigaddset(&sa.sa_mask, passed[i]); /* one at a time: the count of INT and TERM is the handler's */
    }
    for (size_t i = 0; i < sizeof passed / sizeof *passed; i++) {
        sigaction(passed[i], &sa, NULL);
    }
}

/* Says why the daemon's socket could not be reached, and what to do about it (the Perl launcher's sentences). */
static void cannot_connect(int e) {
    if (e == EACCES) {
        /* the socket, or a directory above it, is another user's: name the owner of the nearest part we may see */
        char *p = strdup(sock_path);
        struct stat st;
        int seen;
        for (;;) {
            seen = stat(p, &st) == 0;
            char *slash = strrchr(p, '/');
            if (seen || !slash) {
                break;
            }
            while (slash > p && slash[-1] == '/') {
                slash--;
            }
            *slash = '\0';
        }
        char uid[32], owner[64];
        const char *who = "its owner";
        if (seen && st.st_uid == 0) {
            who = "root";
        } else if (seen) {
            snprintf(uid, sizeof uid, "uid %lu", (unsigned long) st.st_uid);
            who = user_name(st.st_uid, owner, sizeof owner) ? owner : uid;
        }
        int root = strcmp(who, "root") == 0;
        fprintf(stderr, "nexcage: the daemon socket %s is not yours to use (permission denied): %s%s%s use it; run nexcage as %s%s, "
                "or start a daemon of your own with NEXCAGE_STATE set to a directory you own\n", sock_path,
                root ? "only root may" : "only ", root ? "" : who, root ? "" : " and root may", who, root ? "" : " or root");
    } else if (e == ENOENT || e == ENOTDIR) {
        fprintf(stderr, "nexcage: no daemon is running (no socket at %s); start one with 'nexcage daemon'\n", sock_path);
    } else {
        struct stat st;
        if (e == ECONNREFUSED && stat(sock_path, &st) == 0 && S_ISSOCK(st.st_mode)) {
            fprintf(stderr, "nexcage: no daemon answers at %s (connection refused): the socket was left by a daemon that ended; "
                    "start one with 'nexcage daemon', which replaces it\n", sock_path);
        } else {
            fprintf(stderr, "nexcage: cannot connect to the daemon at %s (%s); check that path, or start a daemon with "
                    "'nexcage daemon'\n", sock_path, strerror(e));
        }
    }
}

/* Connects to the daemon's socket, or says why not and exits 3. */
static void connect_daemon(void) {
    if (strlen(sock_path) > 107) {
        fprintf(stderr, "nexcage: the socket path %s is longer than the 107 bytes a Unix socket allows; set NEXCAGE_SOCKET to a shorter path\n",
                sock_path);
        exit(3);
    }
    struct sockaddr_un addr;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    memcpy(addr.sun_path, sock_path, strlen(sock_path));
    sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0 || connect(sock, (struct sockaddr *) &addr, sizeof addr) != 0) {
        cannot_connect(errno);
        exit(3);
    }
}

/* The request line: {"argv":[...],"cwd":"...","tty":BOOL,"mode":"..."} and a newline. */
static void send_request(const char *mode, int argc, char **argv) {
    struct buf req = {0};
    adds(&req, "{\"argv\":[");
    for (int i = 0; i < argc; i++) {
        if (i) {
            adds(&req, ",");
        }
        json_string(&req, argv[i]);
    }
    adds(&req, "],\"cwd\":");
    json_string(&req, cwd);
    adds(&req, isatty(1) ? ",\"tty\":true,\"mode\":" : ",\"tty\":false,\"mode\":");
    json_string(&req, mode);
    adds(&req, "}\n");
    /* a daemon that refuses us may close before it reads the request: its answer still waits to be read */
    for (size_t off = 0; off < req.len;) {
        ssize_t w = send(sock, req.p + off, req.len - off, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            break;
        }
        off += (size_t) w;
    }
}

/* Relays the framed answer (see ControlSocketServer) until its exit frame; never returns. */
static void relay(int argc, char **argv) {
    /* frames: a type byte, a 4-byte big-endian length, the payload; each relayed once whole, as the Perl client
       does (a frame cut short by a daemon that dies is not printed) */
    static char in[65536];
    unsigned char head[5];
    size_t have_head = 0, left = 0;
    struct buf payload = {0};
    for (;;) {
        ssize_t n = read(sock, in, sizeof in);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        for (size_t at = 0; at < (size_t) n;) {
            if (have_head < 5) {
                head[have_head++] = (unsigned char) in[at++];
                if (have_head < 5) {
                    continue;
                }
                left = (size_t) head[1] << 24 | (size_t) head[2] << 16 | (size_t) head[3] << 8 | head[4];
                payload.len = 0;
                if (payload.p) {
                    payload.p[0] = '\0';
                }
            }
            size_t take = (size_t) n - at < left ? (size_t) n - at : left;
            add(&payload, in + at, take);
            at += take;
            left -= take;
            if (left > 0) {
                continue;
            }
            have_head = 0;
            if (head[0] == '1' || head[0] == '2') {
                put(head[0] == '1' ? 1 : 2, payload.p, payload.len);
            } else if (head[0] == 'x') {
                exit((int) strtol(payload.p ? payload.p : "0", NULL, 10));
            } else if (head[0] == 's') {
                take_signals(payload.p ? payload.p : "", payload.len);
            }
        }
    }
    say("nexcage: the daemon closed the connection before it answered; see its log in the state directory\n");
    /* run and exec answer their own failures with 125, as docker run does, a daemon gone mid-answer included */
    exit(argc > 0 && (strcmp(argv[0], "run") == 0 || strcmp(argv[0], "exec") == 0) ? 125 : 1);
}

/* Sends one request to the daemon and relays its answer; never returns. */
static void client(const char *mode, int argc, char **argv) {
    connect_daemon();
    send_request(mode, argc, argv);
    relay(argc, argv);
}

int main(int argc, char **argv) {
    find_dist();
    find_cwd();
    find_paths();
    int n = argc - 1;
    char **args = argv + 1;
    const char *cmd = n > 0 && args[0][0] ? args[0] : "help"; /* as bash's ${1:-help} */
    const char *second = n > 1 ? args[1] : "";
    if (strcmp(cmd, "--client-only") == 0 || strcmp(cmd, "shell") == 0) {
        perl_launcher(n, args);
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "daemon") == 0
            || strcmp(cmd, "completion") == 0 || strcmp(cmd, "version") == 0
            || (strcmp(cmd, "plugin") == 0 && strcmp(second, "new") == 0)
            || (strcmp(cmd, "image") == 0 && strcmp(second, "import") == 0)) {
        admin(n, args);
    }
    read_table();
    /* a built-in's own usage comes from the daemon; without one, the overview still helps */
    struct stat st;
    if (n == 2 && (strcmp(second, "--help") == 0 || strcmp(second, "-h") == 0)
            && !(stat(sock_path, &st) == 0 && S_ISSOCK(st.st_mode)) && listed(builtins, cmd)) {
        char *help[] = {"help"};
        admin(1, help);
    }
    /* --plugin-debug runs at trace when this client's NEXCAGE_LOG_LEVEL says trace (the daemon keeps its own level) */
    const char *level = getenv("NEXCAGE_LOG_LEVEL");
    if (strcmp(cmd, "--plugin-debug") == 0 && level && strcasecmp(level, "trace") == 0) {
        char **more = calloc((size_t) n + 3, sizeof *more);
        if (!more) {
            out_of_memory();
        }
        more[0] = args[0];
        more[1] = "--level";
        more[2] = "trace";
        for (int i = 1; i < n; i++) {
            more[i + 2] = args[i];
        }
        args = more;
        n += 2;
    }
    /* File arguments are made absolute here, so the daemon never guesses the caller's directory; the command's own words stay. */
    int words = listed(file_args, cmd) ? 1 : 0;
    if (!words && n > 1) {
        char *two = concat(cmd, " ", args[1], (char *) NULL);
        words = listed(file_args, two) ? 2 : 0;
    }
    if (words) {
        for (int i = words; i < n; i++) {
            if (args[i][0] != '/' && args[i][0] != '-' && args[i][0] && stat(args[i], &st) == 0) {
                args[i] = concat(cwd, "/", args[i], (char *) NULL);
            }
        }
    }
    client("command", n, args);
    return 1;
}
