#!/bin/sh
# demo.sh BUILD_DIR: the main job run by './lab demo'.
echo "demo: not yet written" >&2
exit 1
