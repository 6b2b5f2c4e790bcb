#!/usr/bin/env bash
# nexcage: the NexCage command. `nexcage daemon` runs the runtime in the foreground; every other
# command is sent to the running daemon over its control socket ($NEXCAGE_STATE/nexcage.sock).
# The one-shot client is a few lines of Perl (perl-base is on every Debian system), because a
# JVM's own start-up would cost more than the whole round trip.
set -euo pipefail

NEXCAGE_CLIENT_VERSION=0.8.0
# Parameter expansion and $EUID instead of readlink/dirname/id: every fork counts in a one-shot.
self=${BASH_SOURCE[0]}
[[ -L $self ]] && self=$(readlink -f "$self")
case $self in */*) dist=${self%/*} ;; *) dist=. ;; esac
[[ $dist == /* ]] || dist=$PWD/$dist

if ((EUID == 0)); then
  : "${NEXCAGE_HOME:=/etc/nexcage}"
  : "${NEXCAGE_STATE:=/var/lib/nexcage}"
else
  : "${NEXCAGE_HOME:=$HOME/.nexcage}"
  : "${NEXCAGE_STATE:=$NEXCAGE_HOME/state}"
fi
: "${NEXCAGE_SOCKET:=$NEXCAGE_STATE/nexcage.sock}"
: "${NEXCAGE_JAR:=$dist/target/runtime/runtime.jar}"

die() { echo "nexcage: $*" >&2; exit 1; }

# The help, the completion script and what the `case` below needs of the commands are written by
# the build beside runtime.jar, from the same command table as the daemon's help (CommandTableWriter).
table_dir=${NEXCAGE_JAR%/*}

usage() {
  build_if_missing "$table_dir/help.txt"
  cat "$table_dir/help.txt"
  environment
}

environment() {
  cat <<'ENVIRONMENT'
Environment: NEXCAGE_HOME (config and plugins), NEXCAGE_STATE (cache, logs, socket),
NEXCAGE_SOCKET (socket path), NEXCAGE_LOG_LEVEL (the daemon's log level: error, warn, info,
debug, trace; given to a client, trace makes --plugin-debug trace), JAVA_HOME.
ENVIRONMENT
}

# Sends one request to the daemon and relays its framed answer (see ControlSocketServer).
client() { # mode argv...
  local mode=$1; shift
  local tty=0; [[ -t 1 ]] && tty=1
  # Perl's built-in socket calls with Linux's constants (AF_UNIX = SOCK_STREAM = 1) and a packed
  # sockaddr_un: loading Socket.pm (and warnings.pm) took longer than the perl start itself.
  exec perl -e '
    use strict;
    my ($path, $mode, $cwd, $tty, @argv) = @ARGV;
    if (length($path) > 107) {
      print STDERR "nexcage: the socket path $path is longer than the 107 bytes a Unix socket allows; set NEXCAGE_SOCKET to a shorter path\n";
      exit 3;
    }
    my $s;
    if (!(socket($s, 1, 1, 0) && connect($s, pack("S a108", 1, $path)))) {
      my $why = $!; my $errno = $! + 0;
      # Linux errno values (no POSIX.pm, as above): EACCES 13, ENOENT 2, ENOTDIR 20, ECONNREFUSED 111
      if ($errno == 13) {
        # the socket, or a directory above it (a state directory is 0700), is another user'"'"'s: name the
        # owner of the nearest part we may see, who (with root) may use it
        my ($p, @st) = ($path);
        until ((@st = stat($p)) || $p !~ s{/+[^/]*$}{}) { }
        my $who = !@st ? "its owner" : $st[4] == 0 ? "root" : (getpwuid($st[4]))[0] // "uid $st[4]";
        my $may = $who eq "root" ? "only root may" : "only $who and root may";
        print STDERR "nexcage: the daemon socket $path is not yours to use (permission denied): $may use it; run nexcage as "
          . ($who eq "root" ? "root" : "$who or root") . ", or start a daemon of your own with NEXCAGE_STATE set to a directory you own\n";
      } elsif ($errno == 2 || $errno == 20) {
        print STDERR "nexcage: no daemon is running (no socket at $path); start one with '"'"'nexcage daemon'"'"'\n";
      } elsif ($errno == 111 && -S $path) {
        print STDERR "nexcage: no daemon answers at $path (connection refused): the socket was left by a daemon that ended; start one with '"'"'nexcage daemon'"'"', which replaces it\n";
      } else {
        print STDERR "nexcage: cannot connect to the daemon at $path ($why); check that path, or start a daemon with '"'"'nexcage daemon'"'"'\n";
      }
      exit 3;
    }
    sub js { my $x = shift; $x =~ s/(["\\])/\\$1/g; $x =~ s/([\x00-\x1f])/sprintf("\\u%04x", ord($1))/ge; return "\"$x\""; }
    my $req = "{\"argv\":[" . join(",", map { js($_) } @argv) . "],\"cwd\":" . js($cwd)
      . ",\"tty\":" . ($tty ? "true" : "false") . ",\"mode\":" . js($mode) . "}\n";
    binmode $s; binmode STDOUT; binmode STDERR;
    {
      # a daemon that refuses us may close before it reads the request: its answer still waits to be read
      local $SIG{PIPE} = "IGNORE";
      syswrite($s, $req);
    }
    # 4 is EINTR: a signal passed on below interrupts the call, which then goes on
    sub readn { my ($n) = @_; my $buf = ""; while (length($buf) < $n) { my $r = sysread($s, $buf, $n - length($buf), length($buf)); next if !defined($r) && $! == 4; return undef unless $r; } return $buf; }
    sub put { my ($fh, $d) = @_; while (length $d) { my $w = syswrite($fh, $d); if (!defined $w) { next if $! == 4; return; } substr($d, 0, $w) = ""; } }
    my $insisted = 0;
    while (defined(my $h = readn(5))) {
      my ($type, $len) = unpack("aN", $h);
      my $data = $len ? readn($len) : "";
      last unless defined $data;
      if ($type eq "1") { put(\*STDOUT, $data); }
      elsif ($type eq "2") { put(\*STDERR, $data); }
      elsif ($type eq "x") { exit int($data); }
      elsif ($type eq "g" && $mode eq "shell") {
        # the daemon accepted the shell: from here on, raw bytes both ways
        my $pid = fork();
        if ($pid == 0) { my $b; while (sysread(STDIN, $b, 4096)) { syswrite($s, $b) or last; } shutdown($s, 1); exit 0; }
        my $b; while (sysread($s, $b, 65536)) { syswrite(STDOUT, $b); }
        kill "TERM", $pid; exit 0;
      }
      elsif ($type eq "s") {
        # the command asks for our signals (an attached run, as docker run passes them to its
        # container); a third Ctrl-C or TERM leaves, with the sentence the daemon gave
        my %num = (HUP => 1, INT => 2, QUIT => 3, USR1 => 10, USR2 => 12, TERM => 15);
        for my $name (keys %num) {
          $SIG{$name} = sub {
            syswrite($s, "$_[0]\n");
            if (($_[0] eq "INT" || $_[0] eq "TERM") && ++$insisted >= 3) { put(\*STDERR, "\nnexcage: $data\n"); exit(128 + $num{$_[0]}); }
          };
        }
      }
    }
    print STDERR "nexcage: the daemon closed the connection before it answered; see its log in the state directory\n";
    # run and exec answer their own failures with 125, as docker run does, a daemon gone mid-answer included
    exit(($argv[0] // "") =~ /^(run|exec)$/ ? 125 : 1);
  ' "$NEXCAGE_SOCKET" "$mode" "$PWD" "$tty" "$@"
}

java_cmd() {
  if [[ -n ${JAVA_HOME:-} ]]; then echo "$JAVA_HOME/bin/java"; else command -v java || die "no java found; install a JDK 17 or newer, or set JAVA_HOME"; fi
}

build_if_missing() { # [FILE the build writes, by default the runtime jar]
  [[ -f ${1:-$NEXCAGE_JAR} ]] && return 0
  [[ -f $dist/pom.xml ]] || die "${1:-the runtime jar $NEXCAGE_JAR} is missing and there is no source tree to build it from; set NEXCAGE_JAR"
  echo "nexcage: building NexCage (first use; this takes a minute)..." >&2
  (cd "$dist" && mvn -B -q -DskipTests package) >&2 || die "the build failed; run 'mvn package' in $dist to see why"
  [[ -f ${1:-$NEXCAGE_JAR} ]] || die "the build in $dist did not write ${1:-$NEXCAGE_JAR}; unset NEXCAGE_JAR to use the runtime built there"
}

daemon() {
  local config_opt=()
  while (($#)); do
    case $1 in
      --config) [[ $# -ge 2 ]] || { echo "nexcage: --config needs a file" >&2; exit 2; }
                config_opt=(-Dnexcage.config="$(readlink -f "$2")"); shift 2 ;;
      --config=*) config_opt=(-Dnexcage.config="$(readlink -f "${1#--config=}")"); shift ;;
      *) echo "nexcage: unknown daemon option '$1'; the option is --config FILE" >&2; exit 2 ;;
    esac
  done
  local level=${NEXCAGE_LOG_LEVEL:-}
  case ${level,,} in
    ''|error|warn|warning|info|debug|trace) ;;
    *) echo "nexcage: NEXCAGE_LOG_LEVEL='$level' is not a log level; use error, warn, info, debug or trace (unset, it is info)" >&2; exit 2 ;;
  esac
  build_if_missing
  mkdir -p "$NEXCAGE_STATE" "$NEXCAGE_HOME/plugins"
  chmod 700 "$NEXCAGE_STATE"
  # One daemon per state directory: the lock lives as long as the JVM holds this descriptor. A
  # daemon killed a moment ago holds it until the kernel has torn it down, so wait a few seconds.
  local lock=$NEXCAGE_STATE/daemon.lock holder
  exec 9>>"$lock"
  if ! flock -w 5 9; then
    holder=$(<"$lock") || true
    [[ $holder =~ ^[0-9]+$ && -d /proc/$holder ]] && holder=" (process $holder holds $lock)" || holder=
    die "another daemon already runs with the state directory $NEXCAGE_STATE$holder; stop it first, or set NEXCAGE_STATE to run a second one"
  fi
  # The lock file names its holder for that refusal: this shell's pid is the JVM's after exec.
  : >"$lock"
  echo $$ >&9
  # The framework's cache and the jars the bnd launcher unpacks live under the state directory, not
  # /tmp (DESIGN §9): a daemon killed with -9 leaves them behind, and this start, holding the lock,
  # clears what the last one left.
  local tmp=$NEXCAGE_STATE/tmp
  rm -rf "$tmp" && mkdir -m 700 "$tmp" || die "cannot make a fresh $tmp; check the state directory's owner and free space"
  local java; java=$(java_cmd)
  # The heap starts small and grows only as the daemon needs it (bench/README.md, issue 22): with the
  # JVM's default initial heap (1/64 of RAM) start-up's garbage filled it untouched by any collection,
  # and an idle daemon held 218 MB instead of 140. The maximum stays the JVM's default.
  # bench/backend/run.sh reads the next line to start its JVM as the daemon runs
  local opts=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xms24m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30)
  exec "$java" "${opts[@]}" ${NEXCAGE_JAVA_OPTS:-} -Djava.io.tmpdir="$tmp" -Dlaunch.storage.dir="$NEXCAGE_STATE/framework" \
    -Dnexcage.home="$NEXCAGE_HOME" -Dnexcage.state="$NEXCAGE_STATE" -Dnexcage.socket="$NEXCAGE_SOCKET" \
    -Dnexcage.runtime.jar="$NEXCAGE_JAR" -Dnexcage.system_plugin_dir="${NEXCAGE_JAR%/*}/plugins" \
    -Dnexcage.system_trusted_certs_dir="${NEXCAGE_JAR%/*}/trusted" -Dnexcage.system_audit_dir="${NEXCAGE_JAR%/*}/audit" \
    "${config_opt[@]}" -jar "$NEXCAGE_JAR"
}

completion() {
  [[ ${1:-} == bash ]] || { echo "nexcage: usage: nexcage completion bash" >&2; exit 2; }
  build_if_missing "$table_dir/completion.bash"
  cat "$table_dir/completion.bash"
}

# `plugin new` writes a plugin project in the client, no daemon needed (nexcage.sdk's PluginNew). The
# build leaves the SDK beside the runtime's source tree: the generator, and the file repository of
# NexCage's API and plugin test kit that the projects it writes resolve them from.
plugin_new() {
  local sdk=${NEXCAGE_SDK:-$dist/target/sdk}
  build_if_missing "$sdk/plugin-new.jar"
  nexcage_builtins=
  if [[ -f $table_dir/commands.bash ]]; then source "$table_dir/commands.bash"; fi
  local checkout=(); [[ -f $dist/pom.xml ]] && checkout=(-Dnexcage.checkout="$dist")
  local java; java=$(java_cmd)
  exec "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dnexcage.sdk.repository="file://$sdk/repository" \
    "${checkout[@]}" -Dnexcage.reserved="$nexcage_builtins" -jar "$sdk/plugin-new.jar" "$@"
}

# File arguments are made absolute here, so the daemon never guesses the caller's directory.
absolutize() {
  local out=() a
  for a in "$@"; do
    if [[ $a != /* && $a != -* && -e $a ]]; then out+=("$PWD/$a"); else out+=("$a"); fi
  done
  printf '%s\0' "${out[@]}"
}

# `image import NAME -` reads the tarball from stdin, which the control socket does not carry: it is
# spooled to a file the daemon can read (in its tmp directory when we may write there), whose path
# takes the place of -, and removed when the command ends.
image_import() {
  local args=("$@") i words=0 at=0 spool status=0
  for ((i = 2; i < ${#args[@]}; i++)); do
    case ${args[i]} in
      --backend) ((++i)) ;;
      -) ((++words == 2)) && at=$i ;;
      -*) ;;
      *) ((++words)) ;;
    esac
  done
  ((at > 0)) || return 0
  if [[ -t 0 ]]; then
    echo "nexcage image import: - reads the image's tarball from stdin, which is a terminal; pipe it in, e.g. nexcage image import busybox:1 - < rootfs.tar" >&2
    exit 2
  fi
  local dir=$NEXCAGE_STATE/tmp
  [[ -d $dir && -w $dir ]] || dir=${TMPDIR:-/tmp}
  spool=$(mktemp "$dir/image-import.XXXXXX") || die "cannot make a file in $dir for the tarball on stdin; free some space there or set TMPDIR"
  trap 'rm -f "$spool"' EXIT
  cat >"$spool" || die "could not copy the tarball on stdin to $spool; free some space in $dir or set TMPDIR"
  # root using another user's daemon: that daemon must be able to read it
  if ((EUID == 0)) && [[ -d $NEXCAGE_STATE ]]; then chown --reference="$NEXCAGE_STATE" "$spool" 2>/dev/null || true; fi
  args[at]=$spool
  (client command "${args[@]}") || status=$?
  exit "$status"
}

cmd=${1:-help}
case $cmd in
  help|--help|-h)
    # a running daemon renders the same table and fires cli.help_requested; the environment is the client's
    if [[ -S $NEXCAGE_SOCKET ]] && (client command help); then environment; else usage; fi ;;
  daemon) shift; daemon "$@" ;;
  shell) client shell shell ;;
  completion) shift; completion "$@" ;;
  version)
    echo "nexcage client $NEXCAGE_CLIENT_VERSION"
    if [[ -S $NEXCAGE_SOCKET ]]; then (client command version) || true; fi ;;
  *)
    if [[ $1 == plugin && ${2:-} == new ]]; then shift 2; plugin_new "$@"; fi
    if [[ $1 == image && ${2:-} == import ]]; then image_import "$@"; fi
    # the built-ins' first words and the commands with file arguments (none known without a build)
    nexcage_builtins= nexcage_file_args=
    if [[ -f $table_dir/commands.bash ]]; then source "$table_dir/commands.bash"; fi
    # a built-in's own usage comes from the daemon; without one, the overview still helps
    if [[ $# -eq 2 && $2 =~ ^(--help|-h)$ && ! -S $NEXCAGE_SOCKET && $nexcage_builtins == *",$1,"* ]]; then usage; exit 0; fi
    # --plugin-debug runs at trace when this client's NEXCAGE_LOG_LEVEL says trace (the daemon keeps its own level)
    if [[ $1 == --plugin-debug && ${NEXCAGE_LOG_LEVEL:-} =~ ^[Tt][Rr][Aa][Cc][Ee]$ ]]; then set -- "$1" --level trace "${@:2}"; fi
    if [[ $nexcage_file_args == *",$1,"* || $nexcage_file_args == *",$1 ${2:-},"* ]]; then
      mapfile -d '' args < <(absolutize "$@")
      client command "${args[@]}"
    fi
    client command "$@" ;;
esac
