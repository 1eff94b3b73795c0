"""A one-node SLURM cluster for tests: munged, slurmctld and slurmd started as root from Debian's
slurm-wlm, every file (key, sockets, state, spool, logs) in one temporary folder, no cgroups
(proctrack/linuxproc, task/none), so it runs in a container. `stop()` ends what it started."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

DAEMONS = ("munged", "slurmctld", "slurmd")
CLIENTS = ("sbatch", "squeue", "sinfo", "scontrol", "scancel")


def missing_programs() -> list[str]:
    """Programs of the cluster that are not installed (Debian: slurmctld slurmd slurm-client munge)."""
    found = {name: shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin") for name in (*DAEMONS, *CLIENTS)}
    return [name for name, path in found.items() if path is None]


def program(name: str) -> str:
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin") or name


def free_ports(count: int) -> list[int]:
    """Ports free now: sockets bound to port 0 and held until all are chosen, so they differ."""
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def slurm_conf(root: Path, host: str, ports: list[int], cpus: int, memory_mb: int) -> str:
    """The whole configuration of a one-node cluster on this host."""
    return f"""\
ClusterName=ibltest
SlurmctldHost={host}(127.0.0.1)
SlurmctldPort={ports[0]}
SlurmdPort={ports[1]}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={root}/munge/munge.socket
StateSaveLocation={root}/state
SlurmdSpoolDir={root}/spool
SlurmctldPidFile={root}/run/slurmctld.pid
SlurmdPidFile={root}/run/slurmd.pid
SlurmctldLogFile={root}/log/slurmctld.log
SlurmdLogFile={root}/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
PlugStackConfig={root}/plugstack.conf
# No cgroups: a container may not delegate them.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
SwitchType=switch/none
MailProg=/bin/true
ReturnToService=2
# Quick teardown of a cancelled or requeued task; finished jobs stay visible for scontrol.
KillWait=5
MinJobAge=600
JobRequeue=1
# The node as declared here, whatever this machine has (CI runners differ).
SlurmdParameters=config_overrides
NodeName={host} NodeAddr=127.0.0.1 CPUs={cpus} RealMemory={memory_mb} State=UNKNOWN
PartitionName=debug Nodes={host} Default=YES MaxTime=INFINITE State=UP
"""


class SlurmCluster:
    """Start with `start()`, submit with `run('sbatch', ...)`, always `stop()` (a finalizer)."""

    def __init__(self, root: Path, cpus: int = 4, memory_mb: int = 8192):
        self.root = root
        self.host = socket.gethostname().split(".")[0]
        self.conf = root / "slurm.conf"
        self.cpus, self.memory_mb = cpus, memory_mb
        self.daemons: dict[str, subprocess.Popen] = {}
        self.env = {**os.environ, "SLURM_CONF": str(self.conf)}

    def start(self, timeout: float = 60) -> None:
        for sub in ("munge", "state", "spool", "run", "log"):
            (self.root / sub).mkdir(mode=0o700, parents=True, exist_ok=True)
        (self.root / "plugstack.conf").write_text("")
        self.conf.write_text(slurm_conf(self.root, self.host, free_ports(2), self.cpus, self.memory_mb))
        self._start_munge()
        conf = ["-f", str(self.conf)]
        self._spawn("slurmctld", [program("slurmctld"), "-D", "-i", *conf])
        self._spawn("slurmd", [program("slurmd"), "-D", "-N", self.host, *conf])
        self._wait_idle(timeout)

    def _start_munge(self) -> None:
        munge = self.root / "munge"
        key = munge / "munge.key"
        key.write_bytes(os.urandom(1024))  # our own key: the machine's munged is not involved
        key.chmod(0o400)
        self._spawn("munged", [
            program("munged"), "--foreground", "--force", f"--socket={munge}/munge.socket",
            f"--key-file={key}", f"--pid-file={munge}/munged.pid", f"--log-file={self.root}/log/munged.log",
            f"--seed-file={munge}/munged.seed",
        ])
        deadline = time.monotonic() + 20
        while not (munge / "munge.socket").exists():
            self._check_alive()
            if time.monotonic() > deadline:
                raise RuntimeError(f"munged did not open its socket:\n{self.logs()}")
            time.sleep(0.1)

    def _spawn(self, name: str, argv: list[str]) -> None:
        out = open(self.root / "log" / f"{name}.out", "w")
        # Own session: the finalizer signals the daemon's whole process group.
        self.daemons[name] = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=self.env,
                                              start_new_session=True)
        out.close()

    def _check_alive(self) -> None:
        for name, proc in self.daemons.items():
            if proc.poll() is not None:
                raise RuntimeError(f"{name} exited with {proc.returncode}:\n{self.logs()}")

    def _wait_idle(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        state = ""
        while time.monotonic() < deadline:
            self._check_alive()
            done = self.run("sinfo", "-h", "-n", self.host, "-o", "%T", check=False)
            state = done.stdout.strip()
            if state == "idle":
                return
            time.sleep(0.5)
        raise RuntimeError(f"the node is not idle after {timeout:.0f} s (sinfo: {state!r}):\n{self.logs()}")

    def run(self, *argv: str, check: bool = True, cwd: Path | None = None, timeout: float = 60,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        done = subprocess.run([program(argv[0]), *argv[1:]], capture_output=True, text=True, timeout=timeout,
                              cwd=cwd, env={**self.env, **(env or {})})
        if check and done.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr}\n{self.logs()}")
        return done

    def logs(self, tail: int = 30) -> str:
        parts = []
        for path in sorted((self.root / "log").glob("*")):
            lines = path.read_text(errors="replace").splitlines()[-tail:]
            parts.append(f"--- {path.name}\n" + "\n".join(lines))
        return "\n".join(parts)

    def stop(self) -> None:
        """Cancel every job, then end the daemons (slurmd first) and anything they left running."""
        if "slurmctld" in self.daemons and self.daemons["slurmctld"].poll() is None:
            self.run("scancel", "--full", "--user=root", check=False)
        for name in ("slurmd", "slurmctld", "munged"):
            proc = self.daemons.get(name)
            if proc is None:
                continue
            _signal_group(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                _signal_group(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        # slurmstepd forks off the daemons' groups: end any still running under our spool.
        for pid in stepds_under(self.root):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def _signal_group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass


def stepds_under(root: Path) -> list[int]:
    """Processes started with our configuration in their environment (slurmstepd and the jobs
    inherit SLURM_CONF from the daemons and sbatch), never this process or its parents."""
    needle = f"SLURM_CONF={root / 'slurm.conf'}".encode() + b"\0"
    ours = {os.getpid(), *_ancestors()}
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in ours:
            continue
        try:
            if needle in (entry / "environ").read_bytes() + b"\0":
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _ancestors() -> list[int]:
    pids, pid = [], os.getppid()
    while pid > 1:
        pids.append(pid)
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
    return pids
