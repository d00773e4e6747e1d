#!/usr/bin/env bash
# Package a crate generated from a corpus CSDL together with the runtime, as crates.io would get
# them, and build its docs as docs.rs would: prints the .crate size (crates.io takes at most 10 MB),
# and the wall time and peak memory of `cargo doc` (docs.rs builds under a memory limit).
#
#   scripts/measure-package.sh [CSDL]      # default: the corpus's mooncake 2022 beta
#
# Everything happens in target/measure-package: a scratch workspace with a copy of runtime/ and the
# generated crate (cargo packages unpublished path dependencies only from one workspace).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
csdl="${1:-$root/../shared/corpus/csdl/beta-mooncake-2022-10-05.csdl}"
ws="$root/target/measure-package"
rm -rf "$ws"
mkdir -p "$ws"
cp -r "$root/runtime" "$ws/runtime"
rm -rf "$ws/runtime/tests"
sed -n '/^\[workspace.package\]/,/^$/p' "$root/Cargo.toml" > "$ws/package.toml"
cat > "$ws/Cargo.toml" <<TOML
[workspace]
resolver = "2"
members = ["runtime", "crate"]

$(cat "$ws/package.toml")

[workspace.dependencies]
serde = { version = "1", features = ["derive"] }
serde_json = "1"
TOML
(cd "$root" && cargo xtask regenerate --metadata "$csdl" --no-docs --out "$ws/crate" \
  --crate-name msgraph-beta-measure)
cd "$ws"
# Point the crate at the runtime copy beside it.
sed -i 's|^msgraph-runtime = { path = "[^"]*"|msgraph-runtime = { path = "../runtime"|' crate/Cargo.toml
start=$(date +%s.%N)
cargo package --quiet --allow-dirty --no-verify -p msgraph-runtime -p msgraph-beta-measure
end=$(date +%s.%N)
crate=$(ls target/package/msgraph-beta-measure-*.crate)
echo "package: $(stat -c %s "$crate") bytes ($crate), $(python3 -c "print(round($end-$start,1))") s"
cargo build --quiet -p msgraph-beta-measure   # dependencies, untimed
/usr/bin/time -f "cargo doc: %e s wall, peak RSS %M KiB" \
  cargo doc --quiet --no-deps -p msgraph-beta-measure
