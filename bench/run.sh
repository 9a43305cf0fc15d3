#!/bin/sh
# Runs every comparison benchmark 6 times and summarises the medians.
# Takes about 10 minutes on 2 vCPUs. Quote ratios to the floor from one run.
set -eu
cd "$(dirname "$0")"
go test -run '^$' -bench . -count 6 -timeout 60m ./... | tee results.txt
go run golang.org/x/perf/cmd/benchstat@latest results.txt
