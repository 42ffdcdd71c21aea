# Keeps the blocks (a thread of clrstack, a chain of dumpasync) that mention project code: their frames
# without the runtime's and xunit's plumbing, 14 at most, 40 blocks at most.
function flush() { if (block ~ /Dashboard\./ && shown < 40) { printf "%s--\n", block; shown++ } block = ""; n = 0 }
/^OS Thread Id|^STACK / { flush(); block = $0 "\n"; next }
/Loading core dump|CompilerServices|Xunit\.|ExecutionContext|System\.Reflection|ThreadPoolWorkQueue|Child SP|Frame: / { next }
{ sub(/^ +/, ""); if ($0 != "" && n++ < 14) block = block "  " substr($0, 1, 180) "\n" }
END { flush() }
