#!/usr/bin/env bash
# Q(k8s-what-why): What does one command need to do to run Shortly on a local Kubernetes cluster?
# Create the cluster, build and load the images, install the Gateway API, apply the
# manifests, wait until Kubernetes reports every rollout done, run the release's data
# migration once, then prove it with a real request. Every step is idempotent: run it
# again after a change to rebuild and re-apply.
#
# usage: scripts/kind-up.sh   (pnpm kind:up)
#   SKIP_BUILD=1          reuse shortly-api:0.1.0 and shortly-web:0.1.0 already built locally
#   KIND_NODE_IMAGE=img   create the cluster from this node image instead of the one
#                         k8s/kind/cluster.yaml pins (CI's, built from source: .ci/kubernetes)
#   GATEWAY_API_CRDS=src  apply the Gateway API CRDs from this file or folder instead of
#                         the release's URL (CI's copy from the Go module, offline)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/kind-lib.sh
source scripts/kind-lib.sh

API_IMAGE=shortly-api:0.1.0
WEB_IMAGE=shortly-web:0.1.0
# Pinned: the Gateway API release whose standard CRDs Traefik (k8s/traefik) supports.
GATEWAY_API_VERSION=v1.4.0
GATEWAY_API_CRDS="${GATEWAY_API_CRDS:-https://github.com/kubernetes-sigs/gateway-api/releases/download/${GATEWAY_API_VERSION}/standard-install.yaml}"
OVERLAY=k8s/overlays/kind
# The one-off migration Job of k8s/base/migrate/job.yaml, applied suspended.
MIGRATE_JOB=api-migrate
# Above the Job's activeDeadlineSeconds (600), which fails it on its own first.
MIGRATE_TIMEOUT_SECONDS=660
SECRETS_FILE="$OVERLAY/secrets.env"
BASE_URL=http://localhost:8080

# Q(troubleshoot-pod-crashloop): What should you look at first when a Kubernetes rollout never finishes (CrashLoopBackOff, Pending)?
# The pods' status and restart counts, the namespace's recent events (image pull errors,
# failed probes, unschedulable pods, quota refusals), and the last lines of each app's
# logs, including the previous crashed container's. Printed here when a step fails.
diagnose() {
  local status=$?
  if ((status != 0)) && kind_cluster_exists; then
    printf '\n--- diagnostics (the step above failed) ---\n' >&2
    k -n "$NAMESPACE" get pods -o wide >&2 || true
    k -n "$NAMESPACE" get events --sort-by=.lastTimestamp 2>/dev/null | tail -n 20 >&2 || true
    local app
    for app in redis api web api-migrate; do
      printf '\n--- logs of %s (previous container first, if it crashed) ---\n' "$app" >&2
      k -n "$NAMESPACE" logs -l "app.kubernetes.io/name=$app" --all-containers --previous --tail=20 2>/dev/null >&2 || true
      k -n "$NAMESPACE" logs -l "app.kubernetes.io/name=$app" --all-containers --tail=20 2>/dev/null >&2 || true
    done
    printf '\nMore: kubectl --context %s -n %s describe pod <name>\n' "$KIND_CONTEXT" "$NAMESPACE" >&2
  fi
  exit "$status"
}
trap diagnose EXIT

# wait_for_job NAME TIMEOUT_SECONDS: returns once the Job is Complete; fails with the
# Job's own reason (BackoffLimitExceeded, DeadlineExceeded) as soon as it is Failed, where
# `kubectl wait --for=condition=complete` would sit until its timeout.
wait_for_job() {
  local job=$1 deadline=$((SECONDS + $2)) conditions
  while ((SECONDS < deadline)); do
    conditions=$(k -n "$NAMESPACE" get job "$job" -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}')
    case " $conditions " in
      *" Complete "*) return 0 ;;
      *" Failed "*)
        k -n "$NAMESPACE" get job "$job" -o jsonpath='{.status.conditions[?(@.type=="Failed")].reason}: {.status.conditions[?(@.type=="Failed")].message}{"\n"}' >&2
        return 1
        ;;
    esac
    sleep 2
  done
  echo "Job $job did not finish within $2 s" >&2
  return 1
}

# wait_for_pods_gone APP: waits until no pod of APP is still terminating. `rollout status`
# returns once the old ReplicaSet is scaled to zero, while its pods may still be in their
# preStop sleep and drain, answering requests routed to them before the endpoints updated.
wait_for_pods_gone() {
  local terminating=()
  read -r -a terminating <<<"$(k -n "$NAMESPACE" get pods -l "app.kubernetes.io/name=$1" \
    -o jsonpath='{range .items[?(@.metadata.deletionTimestamp)]}pod/{.metadata.name} {end}')"
  if ((${#terminating[@]} > 0)); then
    echo "Waiting for ${#terminating[@]} old $1 pod(s) to finish draining..."
    k -n "$NAMESPACE" wait --for=delete "${terminating[@]}" --timeout=60s
  fi
}

random_password() {
  if command -v openssl >/dev/null 2>&1; then
    openssl rand -hex 24
  else
    od -An -N24 -tx1 /dev/urandom | tr -d ' \n'
  fi
}

log "1/9 Checking tools"
require_tools docker kind kubectl curl
docker info >/dev/null 2>&1 || die "Docker is installed but not running (or this user may not use it): start it and retry"

log "2/9 Creating the kind cluster '$KIND_CLUSTER'"
if kind_cluster_exists; then
  echo "Cluster '$KIND_CLUSTER' already exists: reusing it."
else
  kind create cluster --config k8s/kind/cluster.yaml ${KIND_NODE_IMAGE:+--image "$KIND_NODE_IMAGE"} --wait 120s
fi
k cluster-info

log "3/9 Building the images"
if [[ "${SKIP_BUILD:-0}" == 1 ]]; then
  echo "SKIP_BUILD=1: using the local $API_IMAGE and $WEB_IMAGE."
else
  docker build -f apps/api/Dockerfile -t "$API_IMAGE" .
  docker build -f apps/web/Dockerfile -t "$WEB_IMAGE" .
fi

log "4/9 Loading the images into the kind node"
# The node's containerd cannot see this machine's images; `kind load` copies them in, and
# imagePullPolicy IfNotPresent makes the kubelet use them without a registry.
load_image_into_kind "$API_IMAGE"
load_image_into_kind "$WEB_IMAGE"
# Redis comes from Docker Hub; a copy this machine already has is loaded instead of pulled.
redis_image=$(sed -n 's/^ *image: \(redis:.*\)$/\1/p' k8s/base/redis/statefulset.yaml | head -n 1)
if docker image inspect "$redis_image" >/dev/null 2>&1; then
  load_image_into_kind "$redis_image"
fi

log "5/9 Installing the Gateway API ($GATEWAY_API_VERSION) and Traefik"
# Server-side apply: the CRDs are too large for the annotation a client-side apply keeps.
k apply --server-side -f "$GATEWAY_API_CRDS"
k wait --for=condition=Established --timeout=60s crd/gateways.gateway.networking.k8s.io crd/httproutes.gateway.networking.k8s.io
k apply -k k8s/traefik/kind
k -n traefik rollout status deployment/traefik --timeout=300s

log "6/9 Applying $OVERLAY"
if [[ ! -f "$SECRETS_FILE" ]]; then
  echo "Creating $SECRETS_FILE with a random Redis password (git-ignored)."
  (
    umask 077
    printf 'password=%s\n' "$(random_password)" >"$SECRETS_FILE"
  )
fi
# A Job's pod template is immutable: re-applying it with a new image tag or a new
# api-config hash would fail, and a finished Job would never run again anyway. Delete the
# previous run (foreground: its pods go with it) so the apply below creates a fresh Job,
# suspended, for this release.
k -n "$NAMESPACE" delete job "$MIGRATE_JOB" --ignore-not-found --cascade=foreground
already_deployed=$(k -n "$NAMESPACE" get deployment api web -o name 2>/dev/null || true)
k apply -k "$OVERLAY"
# Images rebuilt under the same tag leave the pod templates unchanged, so nothing would
# roll: restart what was already running, so the pods start from the images just loaded.
if [[ -n "$already_deployed" && "${SKIP_BUILD:-0}" != 1 ]]; then
  # shellcheck disable=SC2086 # one name per word
  k -n "$NAMESPACE" rollout restart $already_deployed
fi

log "7/9 Waiting for every rollout"
# rollout status prints each step ("1 of 2 updated replicas are available...") until the
# new pods pass readiness, and fails after the timeout with the reason.
k -n "$NAMESPACE" rollout status statefulset/redis --timeout=300s
k -n "$NAMESPACE" rollout status deployment/api --timeout=300s
k -n "$NAMESPACE" rollout status deployment/web --timeout=300s
k -n "$NAMESPACE" get pods -o wide

log "8/9 Running the data migration (job/$MIGRATE_JOB)"
# Q(zero-downtime-deploy): Why does the data migration run only after the api rollout in a zero-downtime deployment?
# Old and new pods serve side by side during the rollout, so the new release only adds to
# the data shape (expand) and both versions keep working. The backfill must run once the
# last old pod is gone, or links an old pod creates mid-rollout would be missed; running
# it as one Job here, instead of in every pod, keeps it out of the serving path entirely.
# A failure stops this script with the Job's log; the new api keeps serving meanwhile.
wait_for_pods_gone api
k -n "$NAMESPACE" patch job "$MIGRATE_JOB" --type=merge -p '{"spec":{"suspend":false}}'
wait_for_job "$MIGRATE_JOB" "$MIGRATE_TIMEOUT_SECONDS"
k -n "$NAMESPACE" logs "job/$MIGRATE_JOB" --tail=20

log "9/9 Smoke test through the Gateway"
# The Gateway is programmed once Traefik has taken its listener and routes.
k -n "$NAMESPACE" wait --for=condition=Programmed --timeout=120s gateway/shortly
bash scripts/kind-smoke-test.sh "$BASE_URL"

log "Shortly is running on kind: $BASE_URL"
cat <<EOT
  kubectl --context $KIND_CONTEXT -n $NAMESPACE get pods,svc,gateway,httproute
  kubectl --context $KIND_CONTEXT -n $NAMESPACE logs deploy/api -f
  k8s/README.md lists the commands that show each Kubernetes concept.
  Remove everything with: pnpm kind:down
EOT
