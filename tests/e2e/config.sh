#!/bin/sh
# config.sh - being written
exit 77
