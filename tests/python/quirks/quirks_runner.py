"""Build the quirks corpus (src/one/generate/quirks, run by tsx) and run the bundled `ibl2nwb convert`
on its cases, once with --json (events) and, where a message or a note is expected, once in human mode."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
TSX = REPO / "node_modules" / ".bin" / "tsx"
QUIRKS_MAIN = REPO / "src" / "one" / "generate" / "quirks" / "main.ts"
CLI = REPO / "jupyterlab_ibl_nwb" / "cli" / "ibl2nwb.mjs"
SEED = 19


def case_names() -> list[str]:
    """The corpus's case names, from its own index (so a new case file is a new test)."""
    proc = subprocess.run([str(TSX), str(QUIRKS_MAIN), "--list"], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"listing the quirk cases failed: {proc.stderr}")
    return proc.stdout.split()


def build_corpus(out: Path, names: list[str] | None = None, seed: int = SEED) -> dict[str, dict]:
    args = [str(TSX), str(QUIRKS_MAIN), "--out", str(out), "--seed", str(seed)]
    for name in names or []:
        args += ["--case", name]
    proc = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"building the quirks corpus failed ({proc.returncode}): {proc.stderr}")
    return {case["name"]: case for case in json.loads((out / "manifest.json").read_text())}


def cli(node: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    if not CLI.is_file():
        raise RuntimeError(f"{CLI} is missing: run `npm run build:cli`")
    return subprocess.run([node, str(CLI), *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "NO_COLOR": "1"})


@dataclass
class Run:
    """One case's runs and what they left."""

    name: str
    case: dict
    returncode: int
    stdout: str
    stderr: str
    events: list[dict]
    human: subprocess.CompletedProcess | None = None
    prepare_error: str | None = None
    untouched_before: dict[str, bytes] = field(default_factory=dict)

    @property
    def build(self) -> dict:
        return self.case["build"]

    @property
    def error(self) -> dict | None:
        errors = [e for e in self.events if e.get("type") == "error"]
        return errors[-1] if errors else None

    @property
    def done(self) -> list[dict]:
        return [e for e in self.events if e.get("type") == "done"]

    def transcript(self) -> str:
        text = f"exit {self.returncode}\n--- --json events ---\n{_events_summary(self.events)}\n--- stderr ---\n{_tail(self.stderr)}"
        if self.human is not None:
            text += f"\n--- human run: exit {self.human.returncode}, stderr ---\n{_tail(self.human.stderr)}"
        return text


def _events_summary(events: list[dict]) -> str:
    """The error events whole; a done event as its status, interfaces and notes (the report is ~30 KB)."""
    lines = []
    for event in events:
        if event.get("type") == "error":
            lines.append(json.dumps({k: v for k, v in event.items() if k != "report"}))
        elif event.get("type") == "done":
            report = event.get("report") or {}
            lines.append(f"done: status {report.get('status')!r}, reportPath {event.get('reportPath')!r}, "
                         f"notes {report.get('notes')}")
            for i in report.get("interfaces", []):
                lines.append(f"  {i.get('name')}: {i.get('status')} {i.get('reason') or ''}")
        elif event.get("type") in ("skipped", "unparsable"):
            lines.append(json.dumps(event))
    return "\n".join(lines) or "(none)"


def _tail(text: str, limit: int = 3000) -> str:
    return text if len(text) <= limit else f"…{text[-limit:]}"


def _fill(path: Path, values: dict) -> None:
    document = json.loads(path.read_text())
    for dotted, value in values.items():
        node = document
        *parents, last = dotted.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[last] = value
    path.write_text(json.dumps(document, indent=2))


def _json_lines(stdout: str) -> list[dict]:
    events = []
    for line in stdout.splitlines():
        line = line.strip()
        if line.startswith("{"):
            try:
                events.append(json.loads(line))
            except json.JSONDecodeError:
                events.append({"type": "unparsable", "line": line[:500]})
    return events


def _human_args(case: dict, json_exit: int) -> list[str]:
    """The same run in human mode; after a success it writes under human/, not over the first output."""
    args = list(case["build"]["args"])
    if json_exit != 0:
        return args
    output = Path(case["build"]["output"])
    human = output.parent.parent / "human"
    human.mkdir(exist_ok=True)
    return [str(human / output.name) if a == str(output) else a for a in args]


def run_case(node: str, case: dict) -> Run:
    build = case["build"]
    for step in build.get("prepare", []):
        proc = cli(node, *step["args"])
        if proc.returncode != 0:
            return Run(case["name"], case, -1, proc.stdout, proc.stderr, [],
                       prepare_error=f"`ibl2nwb {' '.join(step['args'])}` exited {proc.returncode}: {proc.stderr}")
        if "fill" in step:
            _fill(Path(step["fill"]["file"]), step["fill"]["set"])
    before = {p: Path(p).read_bytes() for p in build.get("untouched", [])}
    proc = cli(node, "convert", *build["args"], "--json")
    run = Run(case["name"], case, proc.returncode, proc.stdout, proc.stderr, _json_lines(proc.stdout),
              untouched_before=before)
    expect = case["expect"]
    if expect["exit"] != 0 or expect.get("notes") or proc.returncode != 0 or expect.get("alternative"):
        run.human = cli(node, "convert", *_human_args(case, proc.returncode))
    return run


def clear_human_outputs(case: dict) -> None:
    human = Path(case["build"]["output"]).parent.parent / "human"
    shutil.rmtree(human, ignore_errors=True)
