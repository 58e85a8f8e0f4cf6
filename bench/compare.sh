#!/usr/bin/env bash
# Measures Rapport beside the plain-text tools people compare it with, on the same data
# in the same run, and prints ratios.
#
#   ledger, hledger: `bal` over `rapport export --format ledger` of the book's money events,
#                    against Rapport replaying the whole journal (`rapport check`);
#   fzf, grep:       filtering the book's contact lines for "smith acm" / "smith",
#                    against the caller check's per-keystroke figure from `rapport bench`;
#   C replay:        bench/creplay.c, a plain C tokenizer and table replay of the whole
#                    journal on one core, against Rapport's one-core replay, the two taken
#                    by turns (REPLAY_RUNS times, 5 unless given) so both meet the same minutes.
#
# Needs: Debian's ledger, hledger and fzf (sudo apt-get install ledger hledger fzf), GNU time,
# a C compiler (cc).
# Usage: bench/compare.sh [JOURNAL [ACCOUNTS]]   (default: a fresh demo book of ACCOUNTS
#        accounts, 20,000 unless given: ledger needs minutes on the 100,000-account book)
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in ledger hledger fzf /usr/bin/time cc; do
    command -v "$tool" >/dev/null || { echo "missing $tool: sudo apt-get install ledger hledger fzf time gcc" >&2; exit 2; }
done
swift build -c release --product rapport >/dev/null 2>&1
rapport=$PWD/.build/release/rapport
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
journal=${1:-$work/journal}
if [ ! -f "$journal" ]; then
    RAPPORT_NOW=2026-11-22T12:00:00Z "$rapport" demo --accounts "${2:-20000}" --journal "$journal" >/dev/null
fi
"$rapport" export --format ledger --journal "$journal" > "$work/money.ledger"
grep ' contact.add ' "$journal" > "$work/contacts.txt"

# seconds and peak MB of a command, median of three runs (RUNS=1 for one)
measure() {
    local best=()
    for _ in $(seq "${RUNS:-3}"); do
        if timeout "${PEER_TIMEOUT:-300}" /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>&1; then
            best+=("$(tail -1 "$work/t")")
        else
            best+=("${PEER_TIMEOUT:-300}+ 0")   # did not finish within the time limit
        fi
    done
    printf '%s\n' "${best[@]}" | sort -n | sed -n "$(( (${#best[@]} + 1) / 2 ))p"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f×", a / b; else print "n/a" }'; }

echo "journal: $(du -m "$journal" | cut -f1) MB, $(wc -l < "$journal") lines; ledger export: $(grep -c '^[0-9]' "$work/money.ledger") transactions; contacts: $(wc -l < "$work/contacts.txt") lines"
read -r r_s r_kb <<<"$(measure "$rapport" check --journal "$journal")"
read -r l_s l_kb <<<"$(measure ledger -f "$work/money.ledger" bal)"
read -r h_s h_kb <<<"$(measure hledger -f "$work/money.ledger" bal)"
read -r c_s _ <<<"$(measure cat "$journal")"
printf '%-44s %8s s %8s MB\n' "rapport check (whole journal)" "$r_s" "$((r_kb / 1024))"
printf '%-44s %8s s %8s MB   rapport is %s faster\n' "ledger bal (money events only)" "$l_s" "$((l_kb / 1024))" "$(ratio "$l_s" "$r_s")"
printf '%-44s %8s s %8s MB   rapport is %s faster\n' "hledger bal (money events only)" "$h_s" "$((h_kb / 1024))" "$(ratio "$h_s" "$r_s")"
printf '%-44s %8s s\n' "cat (reading the journal)" "$c_s"

read -r f_s _ <<<"$(measure sh -c "fzf --filter 'smith acm' < '$work/contacts.txt'")"
# grep's output goes to a file: when it goes to /dev/null, GNU grep stops at the first match.
read -r g_s _ <<<"$(measure sh -c "grep -i smith '$work/contacts.txt' > '$work/grep.out'")"
lookup_ms=$("$rapport" bench --journal "$journal" --runs 3 --idle-seconds 1 2>/dev/null | awk '/caller check per keystroke/ { sub(/.*contacts\) +/, ""); print $1 }')
printf '%-44s %8s s\n' "fzf --filter 'smith acm'" "$f_s"
printf '%-44s %8s s\n' "grep -i smith" "$g_s"
printf '%-44s %8s ms   %s faster than fzf, %s faster than grep\n' "rapport caller check, per keystroke" "$lookup_ms" \
    "$(ratio "$f_s" "$(awk -v m="$lookup_ms" 'BEGIN{print m/1000}')")" "$(ratio "$g_s" "$(awk -v m="$lookup_ms" 'BEGIN{print m/1000}')")"

# The C floor and Rapport's one-core replay, by turns; medians of each.
cc -O2 -o "$work/creplay" bench/creplay.c
for _ in $(seq "${REPLAY_RUNS:-5}"); do
    "$work/creplay" "$journal" | awk '{ print $1 }' >> "$work/c-replay"
    "$rapport" bench --journal "$journal" --only replay --runs 1 2>/dev/null \
        | awk '/journal replay into a Book, one core/ { sub(/.*one core +/, ""); print $1 / 1000 }' >> "$work/r-replay"
done
median() { sort -n "$1" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
c_replay=$(median "$work/c-replay"); r_replay=$(median "$work/r-replay")
printf '%-44s %8s s   (runs: %s)\n' "C tokenizer + table replay, one core" "$c_replay" "$(sort -n "$work/c-replay" | tr '\n' ' ')"
printf '%-44s %8s s   (runs: %s)  %s the C replay (target: within 2×)\n' "rapport replay into a Book, one core" "$r_replay" \
    "$(sort -n "$work/r-replay" | tr '\n' ' ')" "$(ratio "$r_replay" "$c_replay")"
