#!/usr/bin/env bash
# The operator's install, end to end: build the Debian package from this build, unpack it into a
# scratch root (dpkg -x, as dpkg would lay it out), check what the package declares, then run
# the installed binary with the installed settings file (its paths moved into the scratch root)
# on the installed dataset and web app, and ask the running server for each.
set -euo pipefail
build=$(cd "$1" && pwd)
scratch=$(mktemp -d)
pid=
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cpack --config "$build/CPackConfig.cmake" -G DEB -B "$scratch/out" >"$scratch/cpack.log" 2>&1 ||
  { cat "$scratch/cpack.log"; fail "cpack could not build the package"; }
deb=$(ls "$scratch"/out/resgraph_*.deb)
echo "built $(basename "$deb")"

info=$(dpkg-deb --info "$deb")
grep -q '^ Package: resgraph$' <<<"$info" || fail "package name"
grep -Eq '^ Depends: .*librocksdb' <<<"$info" || fail "Depends lacks the shared libraries: $info"
grep -Eq '^ Depends: .*adduser' <<<"$info" || fail "Depends lacks adduser (postinst uses it)"
for script in postinst prerm postrm conffiles; do
  grep -q " $script" <<<"$info" || fail "no $script in the control archive"
done
[[ "$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./conffiles)" == "/etc/resgraph/resgraph.conf" ]] ||
  fail "the settings file is not a conffile"

root="$scratch/root"
dpkg-deb -x "$deb" "$root"
for f in usr/bin/resgraph usr/share/resgraph/web/index.html etc/resgraph/resgraph.conf \
  lib/systemd/system/resgraph.service lib/systemd/system/resgraph-backup.timer \
  usr/share/doc/resgraph/operating.md; do
  [[ -e "$root/$f" ]] || fail "/$f is not installed"
done
ls "$root"/usr/share/resgraph/data/*.json >/dev/null || fail "no default dataset installed"

unit="$root/lib/systemd/system/resgraph.service"
for line in 'User=resgraph' 'ExecStart=/usr/bin/resgraph serve --config /etc/resgraph/resgraph.conf' \
  'Restart=on-failure' 'NoNewPrivileges=yes' 'ProtectSystem=strict' \
  'ReadWritePaths=/var/lib/resgraph'; do
  grep -qxF "$line" "$unit" || fail "the unit lacks '$line'"
done
if command -v systemd-analyze >/dev/null; then
  # Checked beside the unpacked binary (the host has none at /usr/bin); verify warns about a
  # value it cannot parse and goes on, so any output is a failure.
  units="$scratch/units"
  mkdir -p "$units"
  for u in resgraph.service resgraph-backup.service resgraph-backup.timer; do
    sed "s#/usr/bin/resgraph#$root/usr/bin/resgraph#g" "$root/lib/systemd/system/$u" >"$units/$u"
  done
  if ! systemd-analyze verify --man=no "$units"/* >"$scratch/verify.log" 2>&1 ||
    [[ -s "$scratch/verify.log" ]]; then
    cat "$scratch/verify.log"
    fail "systemd-analyze verify"
  fi
fi

# The installed settings, with the package's absolute paths moved into the scratch root.
conf="$scratch/resgraph.conf"
sed -e "s#/usr/share/resgraph#$root/usr/share/resgraph#" -e "s#/var/lib/resgraph#$scratch/var#" \
  -e 's#^port = .*#port = 0#' "$root/etc/resgraph/resgraph.conf" >"$conf"
grep -q "^data-dir = $scratch/var$" "$conf" || fail "the settings file names no data-dir"
"$root/usr/bin/resgraph" serve --config "$conf" >"$scratch/serve.log" 2>&1 &
pid=$!
port=
for _ in $(seq 1 200); do
  port=$(grep -o '"port":[0-9]*' "$scratch/var/admin.json" 2>/dev/null | cut -d: -f2) || true
  [[ -n "$port" ]] && break
  kill -0 "$pid" 2>/dev/null || { cat "$scratch/serve.log"; fail "the installed server exited"; }
  sleep 0.05
done
[[ -n "$port" ]] || { cat "$scratch/serve.log"; fail "the installed server did not start"; }
base="http://127.0.0.1:$port"
curl -fsS --max-time 10 "$base/healthz" >/dev/null || fail "/healthz"
nodes=$(curl -fsS --max-time 10 "$base/api/nodes?type=person&limit=5")
grep -q '"type":"person"' <<<"$nodes" || fail "the installed dataset was not loaded: $nodes"
# Read whole, then searched: grep -q stops at the first match, and curl writing the rest of the
# page into the closed pipe is an error under pipefail.
page=$(curl -fsS --max-time 10 "$base/") || fail "the installed web app is not served"
grep -qi '<html' <<<"$page" || fail "the installed web app is not served"
grep -q 'loaded the default dataset' "$scratch/serve.log" || fail "no dataset load in the log"
echo "the installed binary serves the installed dataset and web app on port $port"
