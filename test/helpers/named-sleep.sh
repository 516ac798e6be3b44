#!/bin/sh
# named-sleep.sh NAME SECONDS: sleep under a process name no other program on a busy machine has,
# so a corpus filter on `comm` sees only this trigger (a copy of sleep(1) named NAME). SIGUSR2 sent
# to this script is passed on to the sleeper (for probes on signal delivery).
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp "$(command -v sleep)" "$dir/$1"
"$dir/$1" "$2" &
child=$!
trap 'kill -USR2 $child' USR2
wait $child
wait $child 2>/dev/null
exit 0
