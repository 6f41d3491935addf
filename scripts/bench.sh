#!/usr/bin/env bash
# Runs every benchmark and writes BENCHMARKS.md with the machine described: search (beside bare
# Xapian), graph walks (beside an in-memory adjacency list), imports (the corpus, hostile
# Markdown at 1x and 2x), live fan-out (beside Node's ws, and with a client that stops reading),
# HTTP (beside nginx serving the same bytes), start-up time and memory on 100,000 nodes, the
# whole graph's citation exports, the link checker on 10,000 loopback URLs, and bytes on the wire
# (gzip and ETags) with the time to first drawn graph over a throttled link.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
nodes=${BENCH_NODES:-100000}
edges=${BENCH_EDGES:-1000000}
bin=$build/server/resgraph
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
out=$work/BENCHMARKS.md

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 1 400); do curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && return 0; sleep 0.025; done; return 1; }
# wrk's latency distribution and requests/s as "rps p50 p99"
wrk_run() {
  wrk -t2 -c64 -d10s --latency "$1" > "$work/wrk.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$work/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")
  echo "$rps $p50 $p99"
}

{
  echo "# Benchmarks"
  echo
  echo "Written by \`make bench\` on $(date -u +%Y-%m-%d). Medians and ratios: the machine is shared and noisy."
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB,"\
       "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)."
  echo
  BENCH_KEEP=$work/data "$build/bench/search_bench" "$nodes"
  "$build/bench/write_bench" 2000
  "$build/bench/export_bench" "$work/data/store" "$nodes"
  "$build/bench/links_bench" 10000
  "$build/bench/walk_bench" "$nodes" "$edges"
  "$build/bench/import_bench" ../shared/corpus
  "$build/bench/availability_bench" 30000
  # The browser app on 10,000 nodes: headless as the tests run it, then in a window on Xvfb,
  # where Chromium composites in its GPU process as a browser with a GPU does, rasterizing with
  # SwiftShader and then with Mesa's llvmpipe (no GPU here: both draw on the CPU).
  (cd web && npm ci --no-audit --no-fund --loglevel=error >/dev/null && npm run --silent build >/dev/null)
  node bench/web_bench.mjs "$bin" 10000
  node bench/wire_bench.mjs "$bin" 10000 3
  xvfb-run -a -s "-screen 0 1400x900x24" node bench/web_bench.mjs "$bin" 10000 --windowed
  xvfb-run -a -s "-screen 0 1400x900x24" node bench/web_bench.mjs "$bin" 10000 --windowed --gl=mesa

  # Live fan-out, beside a Node.js ws broadcast server doing the same.
  (cd bench/node_peer && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  node bench/node_peer/server.mjs > "$work/peer.port" &
  peer=$!
  for _ in $(seq 1 100); do [[ -s "$work/peer.port" ]] && break; sleep 0.05; done
  "$build/bench/live_bench" 1000 200 "$(cat "$work/peer.port")"
  kill $peer

  # First start: the default dataset (data/) loaded into an empty store, as `make serve` does.
  port=$(free_port)
  "$bin" serve --data-dir "$work/first" --port "$port" --dataset data --threads 2 > /dev/null 2> "$work/first.log" &
  pid=$!
  wait_up "$port"
  kill $pid; wait $pid 2>/dev/null || true
  echo "### First start: the default dataset"
  echo
  echo "$(grep -o 'loaded the default dataset.*' "$work/first.log") (one sync for the whole load)."
  echo

  # Start-up on the 100k-node data dir, and memory once it answers.
  port=$(free_port)
  start=$(date +%s.%N)
  "$bin" serve --data-dir "$work/data" --port "$port" --dataset /nonexistent --threads 2 >/dev/null 2>&1 &
  pid=$!
  wait_up "$port"
  ready=$(date +%s.%N)
  curl -sf "http://127.0.0.1:$port/api/search?q=ka" >/dev/null
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  echo "### Start-up and memory ($nodes nodes)"
  echo
  echo "| measure | value |"
  echo "| --- | --- |"
  printf "| start to first answered request | %.0f ms |\n" "$(echo "($ready - $start) * 1000" | bc)"
  echo "| resident memory after start and one search | $((rss / 1024)) MiB |"
  echo

  # HTTP: one node's JSON through resgraph, the same bytes as a static file through nginx.
  # The paper whose JSON is nearest 1 KB among the first thousand.
  id=$(curl -sf "http://127.0.0.1:$port/api/nodes?limit=1000&type=paper" | python3 -c '
import json, sys
nodes = json.load(sys.stdin)["nodes"]
print(min(nodes, key=lambda n: abs(len(json.dumps(n, separators=(",", ":"))) - 1024))["id"])')
  mkdir -p "$work/www"
  curl -sf "http://127.0.0.1:$port/api/nodes/$id" > "$work/www/node.json"
  nport=$(free_port)
  cat > "$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  server { listen 127.0.0.1:$nport; root $work/www; }
}
CONF
  nginx -c "$work/nginx.conf" -p "$work"
  sleep 0.3
  # Both serve at once (the idle one costs nothing); three alternating rounds after a warm-up,
  # each server's median round reported, so a noisy moment does not land on one side only.
  wrk -t2 -c64 -d3s "http://127.0.0.1:$port/api/nodes/$id" >/dev/null
  wrk -t2 -c64 -d3s "http://127.0.0.1:$nport/node.json" >/dev/null
  : > "$work/r.txt"; : > "$work/n.txt"
  for _ in 1 2 3; do
    wrk_run "http://127.0.0.1:$port/api/nodes/$id" >> "$work/r.txt"
    wrk_run "http://127.0.0.1:$nport/node.json" >> "$work/n.txt"
  done
  read -r r_rps r_p50 r_p99 < <(sort -n "$work/r.txt" | sed -n 2p)
  read -r n_rps n_p50 n_p99 < <(sort -n "$work/n.txt" | sed -n 2p)
  kill "$(cat "$work/nginx.pid")"
  kill $pid; wait $pid 2>/dev/null || true
  echo "### HTTP: GET /api/nodes/{id} ($(wc -c < "$work/www/node.json") bytes), wrk -t2 -c64 -d10s, median of 3 alternating rounds"
  echo
  echo "| server | requests/s | p50 | p99 |"
  echo "| --- | --- | --- | --- |"
  echo "| resgraph (2 threads) | $r_rps | $r_p50 | $r_p99 |"
  echo "| nginx (2 workers, static file) | $n_rps | $n_p50 | $n_p99 |"
  echo
  echo "Ratio resgraph / nginx requests/s: $(echo "scale=2; $r_rps / $n_rps" | bc)x."
  echo
} > "$out"
cp "$out" BENCHMARKS.md
cat BENCHMARKS.md
