#!/bin/sh
# Compiles a crate of the workspace with the lints on, any warning an error. Given to cargo
# as the compiler of the workspace's own crates, it lets the test builds lint as they
# build: the dependencies are compiled once per target, not once to check and once more
# to build. (Cargo calls it with the compiler's path first, as clippy's driver expects.)
exec clippy-driver "$@" -D warnings
