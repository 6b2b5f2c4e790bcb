# Helpers the benchmark scripts share: messages, timing with bash 5's EPOCHREALTIME (microseconds,
# no fork), medians, ranges, ratios and verdicts. Sourced by */run.sh.

log() { echo "# $*" >&2; }
die() { echo "${0##*/}: $*" >&2; exit 1; }

stamp() { local t=${EPOCHREALTIME//[.,]/}; printf -v "$1" '%s' "$t"; }   # stamp VAR: now, in µs
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1000 }'; }  # ms FROM TO: milliseconds between two stamps

median() { # numbers as arguments -> their median with one decimal (MEDIAN_FORMAT overrides), or "n/a" when there are none
  [[ $# -gt 0 ]] || { echo n/a; return; }
  printf '%s\n' "$@" | sort -g | awk -v f="${MEDIAN_FORMAT:-%.1f}" '{ v[NR] = $1 } END {
    if (NR % 2) printf f, v[(NR + 1) / 2]; else printf f, (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

minmax() { printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%s–%s", lo, hi }'; }

ratio() { # a b -> a/b with 3 decimals, or n/a
  if [[ $1 == n/a || $2 == n/a ]]; then echo n/a; return; fi
  awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.3f", a / b }'
}

verdict() { # value limit -> met / NOT met, or "not measured"
  if [[ $1 == n/a ]]; then echo "not measured"; return; fi
  awk -v v="$1" -v l="$2" 'BEGIN { print (v <= l) ? "met" : "NOT met" }'
}
