#!/usr/bin/env bash
# System packages the tests need: Debian's Chromium (galata drives /usr/bin/chromium)
# and fonts so screenshots render text; ffmpeg (ffmpeg, ffprobe) for the generator's camera movies
# (`--video yes`) and the tests that decode them. Installs only what is missing.
# As root (CI), also a one-node SLURM for tests/python/batch/test_slurm_array.py: slurmctld,
# slurmd, the client commands and munge (the test starts them itself, as root, in a temp folder;
# elsewhere it is skipped, so a developer without root is not asked for it).
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
command -v ffmpeg > /dev/null && command -v ffprobe > /dev/null || need+=(ffmpeg)
if [ "$(id -u)" -eq 0 ]; then
  for tool in slurmctld:slurmctld slurmd:slurmd sbatch:slurm-client munged:munge; do
    PATH="$PATH:/usr/sbin:/sbin" command -v "${tool%%:*}" > /dev/null || need+=("${tool#*:}")
  done
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo > /dev/null || { echo "Need root (or sudo) to apt-get install ${need[*]}" >&2; exit 1; }
  SUDO=sudo
fi
echo "Installing system packages: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
