#!/usr/bin/env bash
# Measures the dashboard as a terminal sees it: bytes written for a one-row cursor move,
# and CPU used while idle (from /proc/PID/schedstat, nanoseconds, not 10 ms ticks).
# Usage: bench/terminal-figures.sh [idle-seconds]   (needs tmux and script from util-linux)
set -euo pipefail
cd "$(dirname "$0")/.."
idle=${1:-60}
swift build -c release --product rapport >/dev/null 2>&1
bin=$PWD/.build/release/rapport
work=$(mktemp -d)
trap 'tmux -S "$work/sock" kill-server 2>/dev/null || true; rm -rf "$work"' EXIT
RAPPORT_NOW=2026-11-22T12:00:00Z "$bin" demo --journal "$work/journal" >/dev/null
tmux -S "$work/sock" -f /dev/null new-session -d -x 250 -y 70 \
    "env LANG=C.UTF-8 TERM=xterm-256color script -q -f -c '$bin --journal $work/journal' $work/typescript"
for _ in $(seq 100); do tmux -S "$work/sock" capture-pane -p | grep -q Health && break; sleep 0.05; done
sleep 0.5
size() { stat -c %s "$work/typescript"; }
moves=()
for key in j j j k k k j j; do
    before=$(size)
    tmux -S "$work/sock" send-keys "$key"
    sleep 0.3
    moves+=($(( $(size) - before )))
done
echo "bytes written per one-row cursor move (250x70): ${moves[*]}"
pid=$(pgrep -f "^$bin --journal $work/journal" | head -1)
start=$(cut -d' ' -f1 "/proc/$pid/schedstat")
rss0=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
sleep "$idle"
end=$(cut -d' ' -f1 "/proc/$pid/schedstat")
rss1=$(awk '/VmRSS/{print $2}' "/proc/$pid/status")
awk -v ns=$((end - start)) -v s="$idle" 'BEGIN { printf "idle CPU: %.3f ms over %d s (%.3f ms per minute)\n", ns/1e6, s, ns/1e6*60/s }'
echo "resident memory: ${rss0} kB before, ${rss1} kB after the idle period"
