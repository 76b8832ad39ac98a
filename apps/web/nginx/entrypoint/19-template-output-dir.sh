#!/bin/sh
# Q(docker-cmd-vs-entrypoint): How do ENTRYPOINT and CMD combine when the container starts?
# The ENTRYPOINT (/docker-entrypoint.sh) runs /docker-entrypoint.d/* in `sort -V` order,
# then execs the CMD (nginx). The official 20-envsubst step never creates
# NGINX_ENVSUBST_OUTPUT_DIR and renders nothing without it; /tmp is empty at every start,
# so this step, sorted first, makes it (and stops the container if it cannot).
set -eu
mkdir -p "$NGINX_ENVSUBST_OUTPUT_DIR"
