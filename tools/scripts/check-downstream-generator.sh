#!/usr/bin/env bash
# The downstream generator for real: in a throwaway copy of the repository, runs
#   npx nx g @outflow/tools:downstream --name=ci-<kind> --kind=<kind>
# for each kind (webhook, dynamodb, prisma), then the checks a team's first commit must pass:
# typecheck, lint of the new projects, their unit specs and integration specs — the ProjectionStore
# contract suite of each generated store (webhook: the local stand-in endpoint; dynamodb: DynamoDB
# Local; prisma: PGlite with the committed migrations plus the generated one), the webhook app's
# end-to-end sync through the local runtime with duplicates, reordering and crashes, and its
# `serverless package` with the deploy checks and cfn-lint; then `npm start` until its ready banner,
# which must list the three generated subscriptions. The checkout is not modified.
#
# How the copy resolves the new workspace packages offline, with no `npm install`: the copy holds
# the tracked files (git ls-files, as they are in the working tree) plus the generated Prisma client,
# and `node_modules` is a symlink to the checkout's. The new projects need no entry there:
#   - Nx finds them through the root package.json `workspaces` globs (apps/*, libs/adapters/*);
#   - every import of @outflow/<name>-projection resolves through the tsconfig.base.json `paths`
#     the generator adds (jest's moduleNameMapper, tsx and esbuild all read them);
#   - @outflow/tools itself resolves through node_modules (npm's workspace symlink, which points at
#     the checkout's tools/nx-plugin: the same files as the copy's).
# Usage: tools/scripts/check-downstream-generator.sh [kind…]   (default: all three)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
if [ $# -gt 0 ]; then kinds=("$@"); else kinds=(webhook dynamodb prisma); fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
repo="$tmp/repo"
mkdir -p "$repo"

started=$(date +%s)
# Tracked and new (not ignored) files as they are in the working tree; deleted ones are skipped.
(cd "$root" && git ls-files -z --cached --others --exclude-standard |
  tar --null -T - --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$repo"
generated=libs/adapters/prisma-legacy-projection/src/generated
mkdir -p "$repo/$generated" && cp -r "$root/$generated/." "$repo/$generated/"
ln -s "$root/node_modules" "$repo/node_modules"
cd "$repo"
export NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=true NX_TUI=false
echo "copied the repository to $repo in $(($(date +%s) - started)) s"

projects=()
for kind in "${kinds[@]}"; do
  echo "==== [$(($(date +%s) - started)) s] nx g @outflow/tools:downstream --name=ci-$kind --kind=$kind"
  npx nx g @outflow/tools:downstream --name="ci-$kind" --kind="$kind" --no-interactive
  projects+=("@outflow/ci-$kind-projection" "@outflow/ci-$kind-sync")
done

echo "==== [$(($(date +%s) - started)) s] a taken name is refused and changes nothing"
tree_hash() { find . -path ./node_modules -prune -o -path ./.nx -prune -o -type f -print0 | sort -z | xargs -0 md5sum | md5sum; }
before=$(tree_hash)
if npx nx g @outflow/tools:downstream --name="ci-${kinds[0]}" --kind="${kinds[0]}" --no-interactive >"$tmp/refused.log" 2>&1; then
  echo "FAIL: the generator accepted a taken name"; exit 1
fi
grep -q "is taken" "$tmp/refused.log" || { echo "FAIL: no clear refusal:"; cat "$tmp/refused.log"; exit 1; }
after=$(tree_hash)
[ "$before" = "$after" ] || { echo "FAIL: the refused run changed files"; exit 1; }

echo "==== [$(($(date +%s) - started)) s] typecheck (the whole workspace, the generated projects included)"
npx tsc -p tsconfig.base.json

list=$(IFS=,; echo "${projects[*]}")
echo "==== [$(($(date +%s) - started)) s] lint, unit specs: $list"
npx nx run-many -t lint test -p "$list" --parallel=2 --output-style=static

echo "==== [$(($(date +%s) - started)) s] integration specs: the contract suites, the local entries, serverless package of ci-${kinds[0]}-sync"
for kind in "${kinds[@]}"; do
  npx nx run-many -t test:int -p "@outflow/ci-$kind-projection" --output-style=static
  if [ "$kind" = "${kinds[0]}" ]; then
    npx nx run-many -t test:int -p "@outflow/ci-$kind-sync" --output-style=static
  else
    # `serverless package` + cfn-lint run for one generated app (above); the others' local entries here.
    npx nx run-many -t test:int -p "@outflow/ci-$kind-sync" --output-style=static -- --testPathIgnorePatterns=serverless-package
  fi
done
echo "==== [$(($(date +%s) - started)) s] npm start runs the generated downstreams beside the others"
# As a user starts it (embedded databases in a data dir of its own), until the ready banner.
env -u DATABASE_URL -u OPENSEARCH_URL node apps/outflow-cli/bin/outflow.cjs dev --port 0 --data-dir "$tmp/outflow-data" >"$tmp/start.log" 2>&1 &
pid=$!
for _ in $(seq 1 180); do
  grep -qs "^Outflow is running" "$tmp/start.log" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
kill -INT "$pid" 2>/dev/null || true
wait "$pid" || true
for kind in "${kinds[@]}"; do
  grep -E "^  ci-$kind +[a-z-]+: .*ci-$kind-sync handler" "$tmp/start.log" ||
    { echo "FAIL: npm start did not run ci-$kind:"; cat "$tmp/start.log"; exit 1; }
done
if [[ " ${kinds[*]} " == *" webhook "* ]]; then
  # The demo orders npm start seeds reach the local stand-in endpoint, which says what it received.
  grep -E "^ci-webhook stand-in: POST order/demo-1 v1 → 200$" "$tmp/start.log" ||
    { echo "FAIL: the webhook stand-in received no demo order:"; cat "$tmp/start.log"; exit 1; }
fi

echo "OK: the generator's output for ${kinds[*]} passes typecheck, lint and its tests ($(($(date +%s) - started)) s)"
