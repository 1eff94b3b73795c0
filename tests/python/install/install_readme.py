"""The README's install block as commands and the output each promises (`# → text`)."""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from install_build import ANSI, REPO


@dataclass
class Step:
    command: str
    expect: str | None  # text its output must contain


def install_steps(readme: Path = REPO / "README.md") -> list[Step]:
    """The first ```bash block of the README's "## Install" section, line by line."""
    text = readme.read_text()
    section = text.split("\n## Install\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block, "README.md: no ```bash block in ## Install"
    steps = []
    for line in block.group(1).splitlines():
        command, _, comment = line.partition("  #")
        if command.strip():
            expect = comment.split("→", 1)[1].strip() if "→" in comment else None
            steps.append(Step(command.strip(), expect))
    return steps


def run_steps(steps: list[Step], cwd: Path, env: dict[str, str], timeout: float = 900) -> list[str]:
    """Run the steps in one bash session (so `SAMPLE=$(…)` carries over), stopping at the first failure;
    each step's output, with an assertion naming the step that failed or broke its promise."""
    logs = [cwd / f".step{i}.log" for i in range(len(steps))]
    script = ["set -uo pipefail"]
    for step, log in zip(steps, logs):
        script.append(f"{{ {step.command} ; }} > {log} 2>&1 || {{ echo \"exit $? at: {log.name}\" >&2; exit 1; }}")
    result = subprocess.run(["bash", "-c", "\n".join(script)], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=timeout)
    outputs = [ANSI.sub("", log.read_text()) if log.exists() else "" for log in logs]
    if result.returncode != 0:
        failed = next((i for i, log in enumerate(logs) if f"at: {log.name}" in result.stderr), -1)
        raise AssertionError(f"README step failed: {steps[failed].command}\n{outputs[failed][-4000:]}"
                             f"\n{result.stderr[-2000:]}")
    for step, output in zip(steps, outputs):
        if step.expect is not None:
            assert " ".join(step.expect.split()) in " ".join(output.split()), (
                f"README promises {step.expect!r} from `{step.command}`, got:\n{output[-3000:]}")
    return outputs
