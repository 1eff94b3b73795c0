import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The Python with pynwb/h5py: $IBL_NWB_PYTHON, the repository's .venv, or
 * the main checkout's .venv (worktrees share it).
 */
function python(): string {
  const repo = fileURLToPath(new URL('../../../', import.meta.url));
  const candidates = [
    process.env.IBL_NWB_PYTHON,
    join(repo, '.venv/bin/python'),
    join(repo, '../../main/.venv/bin/python'),
    '/work/main/.venv/bin/python'
  ];
  return candidates.find(p => p && existsSync(p)) ?? 'python3';
}

/**
 * Write a small NWB/HDF5 file with a Python script (pynwb or h5py, the
 * writers real files come from). The script gets the output path as
 * `OUT`; returns that path.
 */
export function writeWithPython(name: string, script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'nwb-viewer-fixture-'));
  const out = join(dir, name);
  const file = join(dir, 'make.py');
  writeFileSync(file, `OUT = ${JSON.stringify(out)}\n${script}`);
  execFileSync(python(), [file], { stdio: ['ignore', 'ignore', 'pipe'] });
  return out;
}

/**
 * Run a Python script (h5py/numpy/pynwb) that prints one JSON value: the
 * oracle a test compares the viewer's reading of a file with.
 */
export function pythonJson<T = unknown>(script: string): T {
  const out = execFileSync(python(), ['-c', script], {
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024
  });
  return JSON.parse(out.toString()) as T;
}
