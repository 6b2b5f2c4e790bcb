#!/usr/bin/env bash
# The part of the nexcage launcher that needs a shell or Java in the client: `daemon`, `completion`,
# `plugin new`, `help` and `version`, `image import NAME -` (stdin spooled to a file), a built-in's
# `--help` with no daemon, and building what is missing. The launcher (../nexcage, a Perl script
# that is the whole client of an ordinary command) execs this file with its own $0 first; a request
# for the daemon goes back to it as `nexcage --client-only MODE ARGV...`.
set -euo pipefail

NEXCAGE_CLIENT_VERSION=0.8.0
# Parameter expansion and $EUID instead of readlink/dirname/id: every fork counts in a one-shot.
self=$1; shift
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

# The help, the completion script and the built-in words (commands.bash, which `plugin new` reserves)
# are written by the build beside runtime.jar, from the same command table as the daemon's help
# (CommandTableWriter).
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

# Sends one request to the daemon through the Perl client (the launcher itself), which relays its answer.
client() { # mode argv...
  exec perl "$self" --client-only "$@"
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

# A class data sharing archive of this runtime jar and JDK (DESIGN §9, bench/README.md issue 22): the
# JDK's own and the runtime jar's classes (Felix, the bnd launcher) mapped instead of loaded. Its
# name is a checksum of what it depends on, so another runtime jar, JDK or -XX option means
# another archive. The build makes one beside runtime.jar (cds/); without it the JVM writes one into
# $NEXCAGE_STATE/cds when it exits in order (SIGTERM, not -9), for the next start. The JVM ignores an
# archive that does not match; one that is damaged could crash it (a truncated file does on JDK 17),
# so each file is tried once by a JVM that maps it and checks its checksums before a daemon uses it,
# and removed if that fails. NEXCAGE_CDS=0, or such options in NEXCAGE_JAVA_OPTS, leave all this out.
# Sets the array cds (the JVM options) from $java and the array opts of daemon().
class_data_sharing() {
  cds=()
  [[ ${NEXCAGE_CDS:-1} != 0 && ! ${NEXCAGE_JAVA_OPTS:-} =~ SharedArchiveFile|ArchiveClassesAtExit|Xshare|AOTCache|AOTMode ]] || return 0
  local jvm; jvm=$(readlink -f "$java"); jvm=${jvm%/bin/java}
  local version; version=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jvm/release" 2>/dev/null) || true
  local word xx=""   # of NEXCAGE_JAVA_OPTS only the -XX options can make an archive unfit
  for word in ${NEXCAGE_JAVA_OPTS:-}; do [[ $word == -XX:* ]] && xx+=" $word"; done
  local sum; sum=$(cksum <<<"$NEXCAGE_JAR $launch_jar $jvm$xx $(stat -Lc '%s %Y' "$NEXCAGE_JAR" "$launch_jar" \
    "$jvm/lib/server/libjvm.so" "$jvm/lib/server/classes.jsa" 2>/dev/null)") || true
  local name=runtime-${sum%% *}.jsa cds_dir=$NEXCAGE_STATE/cds
  local archive=${NEXCAGE_JAR%/*}/cds/$name
  mkdir -p "$cds_dir"
  if ! [[ -f $archive ]] || ! cds_usable "$archive"; then
    if ((${version:-0} >= 25)) && [[ ${NEXCAGE_AOT:-1} != 0 ]]; then aot_cache "$cds_dir/runtime-${sum%% *}.aot"; return 0; fi
    archive=$cds_dir/$name
    # archives of another runtime jar or JDK are of no further use
    find "$cds_dir" -maxdepth 1 -name 'runtime-*.jsa*' ! -name "$name" ! -name "$name.verified" -delete || true
    if [[ -f $archive ]]; then cds_usable "$archive" || true; fi
  fi
  # warnings go to a file of the state directory, not to the daemon's output
  cds=("-Xlog:cds*=off" "-Xlog:cds*=warning:file=\"$cds_dir/jvm.log\"::filecount=0")
  # JDK 19+ writes the state directory's archive again when it does not fit; never the build's, which
  # other daemons may have mapped
  if [[ $archive == "$cds_dir/$name" ]] && ((${version:-0} >= 19)); then
    cds+=(-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$archive")
  elif [[ -f $archive ]]; then
    cds+=(-XX:SharedArchiveFile="$archive")
  else
    cds+=(-XX:ArchiveClassesAtExit="$archive")
  fi
}

# JDK 25 and later without a build's archive that fits (bench/README.md, issue 22): an AOT cache in the
# state directory instead of the dynamic archive, which also
# keeps the classes linked and the start's method profiles. The state directory's is written as the
# daemon exits in order after a start without one (-XX:AOTCacheOutput: the JVM records the start,
# then a child JVM assembles the cache), mapped by the next start once a JVM has tried it
# (-XX:AOTMode=on fails when the cache does not fit or is damaged; it is then removed and written
# again), and replaced, as the archive is, when the runtime jar, the JDK or the -XX options change.
# NEXCAGE_AOT=0 keeps the dynamic archive on JDK 25.
aot_cache() { # FILE
  local aot=$1
  find "$cds_dir" -maxdepth 1 -name 'runtime-*.aot*' ! -name "${aot##*/}" ! -name "${aot##*/}.verified" -delete || true
  cds=("-Xlog:cds*=off" "-Xlog:aot*=off" "-Xlog:cds*=warning,aot*=warning:file=\"$cds_dir/jvm.log\"::filecount=0")
  if [[ -f $aot ]] && aot_usable "$aot"; then cds+=(-XX:AOTCache="$aot"); else cds+=(-XX:AOTCacheOutput="$aot"); fi
}

aot_usable() { # FILE: as cds_usable
  local stamp; stamp=$(stat -c '%s %Y' "$1" 2>/dev/null) || return 1
  [[ -f $1.verified && $(<"$1.verified") == "$stamp" ]] && return 0
  "$java" "${opts[@]}" -XX:AOTMode=on -XX:AOTCache="$1" -XX:+VerifySharedSpaces -Xlog:disable -XX:ErrorFile=/dev/null \
    -XX:-CreateCoredumpOnCrash -cp "$launch_jar" -version >/dev/null 2>&1 || { rm -f "$1" "$1.verified" 2>/dev/null; return 1; }
  echo "$stamp" >"$1.verified" 2>/dev/null || true
}

# cds_usable ARCHIVE: the archive was tried by a JVM before (its .verified file holds the size and
# time it had then), or is now
cds_usable() {
  local stamp; stamp=$(stat -c '%s %Y' "$1" 2>/dev/null) || return 1
  [[ -f $1.verified && $(<"$1.verified") == "$stamp" ]] && return 0
  "$java" "${opts[@]}" -Xshare:on -XX:+VerifySharedSpaces -XX:SharedArchiveFile="$1" -Xlog:disable -XX:ErrorFile=/dev/null \
    -XX:-CreateCoredumpOnCrash -cp "$launch_jar" -version >/dev/null 2>&1 || { rm -f "$1" "$1.verified" 2>/dev/null; return 1; }
  echo "$stamp" >"$1.verified" 2>/dev/null || true
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
  # and an idle daemon held 218 MB instead of 140. The maximum stays the JVM's default. C1 compiles a
  # method after three times the default count of calls: start-up's code once run no longer fills
  # the code cache and the compiler's malloc arenas (an idle restart 101 -> 94 MB, -Xms12m 91 MB).
  # The attach socket (/tmp/.java_pid<pid>, this user's only) is opened at start so that the daemon can
  # trim its C heap once idle through it (NativeHeapTrim; an idle restart about 3 MB less).
  # bench/backend/run.sh reads the next line to start its JVM as the daemon runs
  local opts=(-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=3 -Xss512k -Xms12m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:+StartAttachListener)
  # The runtime's own bundles on the class path, connected to Felix by Atomos (DESIGN §9, bench/README.md issue 22):
  # the build lays them out in boot/ beside runtime.jar; NEXCAGE_LAUNCH=bnd starts runtime.jar with bnd's launcher
  local launch_jar=${NEXCAGE_JAR%/*}/boot/nexcage-boot.jar
  [[ ${NEXCAGE_LAUNCH:-atomos} != bnd && -f $launch_jar ]] || launch_jar=$NEXCAGE_JAR
  # bnd's launcher makes the framework cache anew and never marks it: the Atomos launcher's marker of an
  # earlier orderly stop must not vouch for what it leaves (DESIGN §9)
  [[ $launch_jar != "$NEXCAGE_JAR" ]] || rm -f "$NEXCAGE_STATE/framework.stopped"
  local cds; class_data_sharing
  exec "$java" "${opts[@]}" "${cds[@]}" ${NEXCAGE_JAVA_OPTS:-} -Djava.io.tmpdir="$tmp" -Dlaunch.storage.dir="$NEXCAGE_STATE/framework" \
    -Dnexcage.home="$NEXCAGE_HOME" -Dnexcage.state="$NEXCAGE_STATE" -Dnexcage.socket="$NEXCAGE_SOCKET" \
    -Dnexcage.runtime.jar="$NEXCAGE_JAR" -Dnexcage.system_plugin_dir="${NEXCAGE_JAR%/*}/plugins" \
    -Dnexcage.system_trusted_certs_dir="${NEXCAGE_JAR%/*}/trusted" -Dnexcage.system_audit_dir="${NEXCAGE_JAR%/*}/audit" \
    "${config_opt[@]}" -jar "$launch_jar"
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

# the launcher hands over only the commands below; `*)` is `plugin new` and `image import`
cmd=${1:-help}
case $cmd in
  help|--help|-h)
    # a running daemon renders the same table and fires cli.help_requested; the environment is the client's
    if [[ -S $NEXCAGE_SOCKET ]] && (client command help); then environment; else usage; fi ;;
  daemon) shift; daemon "$@" ;;
  completion) shift; completion "$@" ;;
  version)
    echo "nexcage client $NEXCAGE_CLIENT_VERSION"
    if [[ -S $NEXCAGE_SOCKET ]]; then (client command version) || true; fi ;;
  *)
    if [[ $1 == plugin && ${2:-} == new ]]; then shift 2; plugin_new "$@"; fi
    if [[ $1 == image && ${2:-} == import ]]; then image_import "$@"; fi
    client command "$@" ;;
esac
