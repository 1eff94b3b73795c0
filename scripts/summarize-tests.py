"""Sum the test results of the three layers and print one closing line.

Exits 1 if a layer's result file is missing or a layer ran no test, so an
empty layer cannot pass silently.
"""
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def vitest(path: Path):
    data = json.loads(path.read_text())
    return data["numPassedTests"], data["numFailedTests"], data.get("numPendingTests", 0) + data.get("numTodoTests", 0)


def pytest(path: Path):
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root)
    tests = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    return tests - failed - skipped, failed, skipped


def playwright(path: Path):
    stats = json.loads(path.read_text())["stats"]
    return stats["expected"] + stats.get("flaky", 0), stats["unexpected"], stats.get("skipped", 0)


def main(out: Path) -> int:
    total = [0, 0, 0]
    ok = True
    for name, reader, file in (
        ("TypeScript (vitest)", vitest, "vitest.json"),
        ("Python (pytest)", pytest, "pytest.xml"),
        ("UI (galata)", playwright, "playwright.json"),
        ("UI (galata, toy CLI)", playwright, "playwright-toy.json"),
    ):
        path = out / file
        if not path.is_file():
            print(f"{name}: no result file {path} — the layer did not run")
            ok = False
            continue
        passed, failed, skipped = reader(path)
        print(f"{name}: {passed} passed, {failed} failed, {skipped} skipped")
        if passed + failed == 0:
            print(f"{name}: ran no test")
            ok = False
        total = [t + v for t, v in zip(total, (passed, failed, skipped))]
        ok = ok and failed == 0
    print(f"{total[0]} passed, {total[1]} failed, {total[2]} skipped")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
