#!/usr/bin/env bash
# Q(cicd-blue-green-canary): How do you rehearse a canary and a blue-green release, and undo either?
# Both run a second Deployment, api-canary, from the new image beside api, and move traffic
# with the weights of the `api` HTTPRoute, so nothing about the pods changes. A canary moves
# a share at a time while the new pods stay healthy; blue-green starts as many new pods as
# old ones, then moves everything at once. `promote` makes the new image the api's and
# removes the second Deployment; `rollback` sends all traffic back and removes it.
#
# usage: scripts/kind-release.sh canary IMAGE       (pnpm kind:canary IMAGE)
#        scripts/kind-release.sh blue-green IMAGE   (pnpm kind:blue-green IMAGE)
#        scripts/kind-release.sh promote            (pnpm kind:promote)
#        scripts/kind-release.sh rollback           (pnpm kind:rollback)
#   CANARY_STEPS="10 25 50"   the canary's share at each step, in percent
#   STEP_SECONDS=30           how long each step runs before the next
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/kind-lib.sh
source scripts/kind-lib.sh

CANARY=api-canary
CANARY_STEPS="${CANARY_STEPS:-10 25 50}"
STEP_SECONDS="${STEP_SECONDS:-30}"

# route API_WEIGHT [CANARY_WEIGHT]: the api route's split in one patch; api alone without a
# second weight.
route() {
  local backends="[{\"name\":\"api\",\"port\":3000,\"weight\":$1}"
  if (($# > 1)); then backends+=",{\"name\":\"$CANARY\",\"port\":3000,\"weight\":$2}"; fi
  k -n "$NAMESPACE" patch httproute api --type=json \
    -p "[{\"op\":\"replace\",\"path\":\"/spec/rules/0/backendRefs\",\"value\":$backends]}]" >/dev/null
  echo "Traffic: api ${1}%, $CANARY ${2:-0}%"
}

# start_second_version IMAGE REPLICAS: api-canary, a copy of the api Deployment and Service
# with the new image and its own instance label, so neither selects the other's pods.
start_second_version() {
  local image=$1 replicas=$2
  if docker image inspect "$image" >/dev/null 2>&1; then load_image_into_kind "$image"; fi
  k -n "$NAMESPACE" get deployment api -o json | jq --arg name "$CANARY" --arg image "$image" --argjson replicas "$replicas" '
      del(.metadata.uid, .metadata.resourceVersion, .metadata.creationTimestamp, .metadata.generation,
          .metadata.annotations, .metadata.managedFields, .status)
      | .metadata.name = $name
      | .metadata.labels["app.kubernetes.io/instance"] = $name
      | .spec.replicas = $replicas
      | .spec.selector.matchLabels["app.kubernetes.io/instance"] = $name
      | .spec.template.metadata.labels["app.kubernetes.io/instance"] = $name
      | .spec.template.spec.containers[0].image = $image' | k apply -f - >/dev/null
  k -n "$NAMESPACE" get service api -o json | jq --arg name "$CANARY" '
      del(.metadata.uid, .metadata.resourceVersion, .metadata.creationTimestamp, .metadata.annotations,
          .metadata.managedFields, .spec.clusterIP, .spec.clusterIPs, .status)
      | .metadata.name = $name
      | .metadata.labels["app.kubernetes.io/instance"] = $name
      | .spec.selector["app.kubernetes.io/instance"] = $name' | k apply -f - >/dev/null
  k -n "$NAMESPACE" rollout status "deployment/$CANARY" --timeout=300s
}

# healthy: the second version's pods are all ready and none has restarted.
healthy() {
  local restarts
  restarts=$(k -n "$NAMESPACE" get pods -l "app.kubernetes.io/instance=$CANARY" \
    -o jsonpath='{range .items[*]}{.status.containerStatuses[0].restartCount}{"\n"}{end}' | awk '{ s += $1 } END { print s + 0 }')
  ((restarts == 0)) && k -n "$NAMESPACE" wait --for=condition=Available --timeout=10s "deployment/$CANARY" >/dev/null
}

# The route drops the second version first; its pods then finish what they hold as they stop.
remove_second_version() {
  route 100
  k -n "$NAMESPACE" delete service "$CANARY" --ignore-not-found >/dev/null
  k -n "$NAMESPACE" delete deployment "$CANARY" --ignore-not-found --wait=true >/dev/null
}

usage() { die "usage: $0 canary IMAGE | blue-green IMAGE | promote | rollback"; }

require_tools kubectl jq
case "${1:-}" in
  canary)
    [[ -n "${2:-}" ]] || usage
    log "Canary of $2"
    start_second_version "$2" 1
    for share in $CANARY_STEPS; do
      healthy || die "$CANARY is unhealthy: run pnpm kind:rollback"
      route $((100 - share)) "$share"
      sleep "$STEP_SECONDS"
    done
    healthy || die "$CANARY is unhealthy: run pnpm kind:rollback"
    echo "Canary healthy at ${share}%: pnpm kind:promote to finish, pnpm kind:rollback to undo."
    ;;
  blue-green)
    [[ -n "${2:-}" ]] || usage
    log "Blue-green switch to $2"
    start_second_version "$2" "$(k -n "$NAMESPACE" get deployment api -o jsonpath='{.spec.replicas}')"
    healthy || die "$CANARY is unhealthy; traffic stays on api"
    route 0 100
    echo "All traffic on $2: pnpm kind:promote to keep it, pnpm kind:rollback to switch back."
    ;;
  promote)
    image=$(k -n "$NAMESPACE" get deployment "$CANARY" -o jsonpath='{.spec.template.spec.containers[0].image}')
    log "Promoting $image"
    # The api rolls to the new image while the canary still serves its share; then all
    # traffic returns to api, now the new version, and the second Deployment goes.
    k -n "$NAMESPACE" set image deployment/api "api=$image"
    k -n "$NAMESPACE" rollout status deployment/api --timeout=300s
    remove_second_version
    ;;
  rollback)
    log "Rolling back: all traffic to api"
    remove_second_version
    ;;
  *) usage ;;
esac
