#!/usr/bin/env bash
# Q(cicd-smoke-tests): Which smoke test proves the Kubernetes deployment on kind works end to end?
# One real user path through every layer: the Gateway (Traefik) -> web and api -> Redis. It
# waits for /ready through the Gateway, creates a link with POST /api/links, then follows
# the short URL and expects a 302 to the original URL. A green rollout only says the pods
# passed their probes; this says the routing, NetworkPolicies, config and password agree.
#
# usage: scripts/kind-smoke-test.sh [BASE_URL]   (default http://localhost:8080)
set -euo pipefail

base_url="${1:-http://localhost:8080}"
target="https://example.com/shortly-kind-smoke-test/$(date +%s)"

fail() {
  printf 'smoke test FAILED: %s\n' "$*" >&2
  printf 'Look at: kubectl --context kind-shortly -n shortly get pods,events\n' >&2
  exit 1
}

printf 'Waiting for %s/ready through the Gateway' "$base_url"
ready=0
for _ in $(seq 1 60); do
  if curl -fsS -o /dev/null --max-time 3 "$base_url/ready" 2>/dev/null; then
    ready=1
    break
  fi
  printf '.'
  sleep 2
done
printf '\n'
((ready)) || fail "$base_url/ready did not answer 200 within 2 minutes"

response="$(curl -fsS --max-time 10 -X POST "$base_url/api/links" \
  -H 'content-type: application/json' \
  --data "{\"url\":\"$target\"}")" || fail "POST $base_url/api/links was refused"

short_url="$(printf '%s' "$response" | sed -n 's/.*"shortUrl":"\([^"]*\)".*/\1/p')"
[[ -n "$short_url" ]] || fail "no shortUrl in the response: $response"
printf 'Created %s -> %s\n' "$short_url" "$target"

read -r status location < <(curl -sS --max-time 10 -o /dev/null -w '%{http_code} %{redirect_url}\n' "$short_url") ||
  fail "GET $short_url failed"
[[ "$status" == 302 ]] || fail "GET $short_url answered $status, expected 302"
[[ "$location" == "$target" ]] || fail "GET $short_url redirects to '$location', expected '$target'"
printf 'Followed %s: 302 -> %s\n' "$short_url" "$location"
printf 'smoke test passed\n'
