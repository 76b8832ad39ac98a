#!/bin/sh
# Q(docker-cmd-vs-entrypoint): How do ENTRYPOINT and CMD combine when the container starts?
# The image's ENTRYPOINT, /docker-entrypoint.sh, runs the scripts of /docker-entrypoint.d
# in order when the CMD starts nginx, then execs the CMD: this script is one of them.
# The official 20-envsubst-on-templates.sh never creates NGINX_ENVSUBST_OUTPUT_DIR: when
# it is missing it logs an ERROR, renders nothing and exits 0, and nginx then fails on the
# site's unknown variables. /tmp is an empty tmpfs (Compose) or emptyDir (Kubernetes) at
# every start, so the folder is made here; the entrypoint runs its scripts in `sort -V`
# order, so 19 comes first. `set -e`: if it cannot be made, the container stops here.
set -eu
mkdir -p "$NGINX_ENVSUBST_OUTPUT_DIR"
