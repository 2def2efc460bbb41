#!/usr/bin/env bash
# Checks out every repository of an accuracy study at the commit it was read at, as
# DIR/<owner>+<name>, for `npm run accuracy`. Needs git and access to github.com.
#   bash accuracy/checkout.sh DIR [repositories.tsv|workflow-repositories.tsv]
set -euo pipefail
dir=${1:?usage: accuracy/checkout.sh DIR [LIST]}
list=$(dirname "$0")/${2:-repositories.tsv}
mkdir -p "$dir"
tail -n +2 "$list" | while IFS=$'\t' read -r repository commit _; do
  target="$dir/${repository/\//+}"
  [ -d "$target" ] && continue
  git init -q "$target"
  git -C "$target" fetch -q --depth 1 "https://github.com/$repository" "$commit"
  git -C "$target" -c advice.detachedHead=false checkout -q FETCH_HEAD
  rm -rf "$target/.git"
done
