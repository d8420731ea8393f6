#!/usr/bin/env bash
# Shows that `nx affected` after a commit touching one library selects exactly that library and
# the projects that depend on it. Works on a throwaway clone; the checkout is not modified.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
lib=${1:-@outflow/core-application}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git clone -q "$root" "$tmp/repo"
ln -s "$root/node_modules" "$tmp/repo/node_modules"
cd "$tmp/repo"
export NX_DAEMON=false NX_NO_CLOUD=true
npx nx graph --file=graph.json >/dev/null 2>&1
src=$(node -e "const g=require('./graph.json').graph;console.log(g.nodes[process.argv[1]].data.root)" "$lib")
echo "// touched by check-affected" >> "$src/src/index.ts"
git -c user.email=ci@outflow.local -c user.name=ci commit -qam "touch $lib"
expected=$(node -e "
  const g = require('./graph.json').graph;
  const target = process.argv[1];
  const withTest = (p) => Object.keys(g.nodes[p].data.targets || {}).includes('test');
  const out = new Set([target]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [p, deps] of Object.entries(g.dependencies))
      if (!out.has(p) && deps.some((d) => out.has(d.target))) { out.add(p); grew = true; }
  }
  console.log([...out].filter(withTest).sort().join('\n'));
" "$lib")
actual=$(npx nx show projects --affected --base=HEAD~1 --with-target=test 2>/dev/null | sort)
all=$(npx nx show projects --with-target=test 2>/dev/null | wc -l)
echo "touched: $lib"
echo "affected (projects with a test target):"; echo "$actual" | sed 's/^/  /'
if [ "$actual" != "$expected" ]; then
  echo "FAIL: expected exactly:"; echo "$expected" | sed 's/^/  /'; exit 1
fi
if [ "$(echo "$actual" | wc -l)" -ge "$all" ]; then
  echo "FAIL: every project was affected; the check proves nothing"; exit 1
fi
echo "OK: nx affected selected $(echo "$actual" | wc -l) of $all projects: $lib and its dependents only."
