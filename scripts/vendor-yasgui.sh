#!/usr/bin/env bash
# Fetch YASGUI (the SPARQL editor of the query page) from the npm registry into src/miggraph/site/static/yasgui/:
# the tarball of @triply/yasgui at VERSION is checked against its registry integrity, and its browser bundle
# (yasgui.min.js, yasgui.min.css) and licences are copied with a VENDOR.json recording version, licence and hashes.
# The build copies these files into out/assets/yasgui/; nothing is fetched at build or test time.
# To update: change VERSION and INTEGRITY (`npm view @triply/yasgui@X dist.integrity`), run this, commit the folder.
set -euo pipefail
cd "$(dirname "$0")/.."
NAME=@triply/yasgui
VERSION=4.2.28
INTEGRITY=sha512-HN1neZqERSGoDyk/Fg40nI+F0tHnaBxjqizhN0mur2Kj0oJsklBsFMRk/M+wW+ohy8dSEn7AgX3H0pPrV/wmVg==
DEST=src/miggraph/site/static/yasgui
FILES=(build/yasgui.min.js build/yasgui.min.css build/yasgui.min.js.LICENSE.txt LICENSE.txt)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$NAME@$VERSION" >/dev/null)
tarball="$tmp/triply-yasgui-$VERSION.tgz"
got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$got" != "$INTEGRITY" ]; then
  echo "integrity of $NAME@$VERSION is $got, expected $INTEGRITY" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$tmp" "${FILES[@]/#/package/}"
mkdir -p "$DEST"
for f in "${FILES[@]}"; do
  # the source map is not shipped: drop the comment naming it
  sed -e '/^\/\/# sourceMappingURL=/d' "$tmp/package/$f" > "$DEST/$(basename "$f")"
done
python3 - "$DEST" "$NAME" "$VERSION" "$INTEGRITY" "${FILES[@]}" <<'PY'
import hashlib, json, pathlib, sys
dest, name, version, integrity, *files = sys.argv[1:]
folder = pathlib.Path(dest)
manifest = {
    "name": name, "version": version, "license": "MIT", "registry": "https://registry.npmjs.org/",
    "integrity": integrity, "homepage": "https://github.com/TriplyDB/yasgui",
    "note": "fetched by scripts/vendor-yasgui.sh; the sourceMappingURL comment removed; bundled third-party licences in yasgui.min.js.LICENSE.txt",
    "files": {pathlib.Path(f).name: hashlib.sha256((folder / pathlib.Path(f).name).read_bytes()).hexdigest() for f in files},
}
(folder / "VENDOR.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
PY
echo "vendored $NAME@$VERSION into $DEST"
