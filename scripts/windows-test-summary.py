#!/usr/bin/env python3
"""Counts the last Windows-JVM run from its surefire and failsafe reports, per module: tests
run, executed, skipped for Unix ("Unix only: ..."), skipped for Wine ("Wine gap: ..."), skipped for
a missing tool or root ("Missing tool: ...", "Needs root: ..." of RequiredTool), skipped otherwise,
failed. Fails (exit 1) on any failure or error, on a module without reports, when fewer tests were
executed than the baseline file records, and with CI=true on a skip for a missing tool (CI installs
every tool; RequiredTool fails such a test there, so this is a second guard).

Usage: windows-test-summary.py <root> <baseline file> <module>...
"""
import collections
import os
import pathlib
import re
import sys
import xml.etree.ElementTree as ElementTree


def classify(message):
    if "Unix only:" in message:
        return "unix"
    if "Wine gap:" in message:
        return "wine"
    if "Missing tool:" in message or "Needs root:" in message:
        return "tool"
    return "other"


def skip_text(skipped):
    """An aborted test's reason: surefire reports no message, only the exception's stack trace."""
    lines = (skipped.text or "").strip().splitlines()
    return re.sub(r"^[\w.$]+: ", "", lines[0]) if lines else ""


def module_counts(root, module):
    counts = collections.Counter()
    reasons = collections.Counter()
    failures = []
    reports = sorted((root / module / "target").glob("*-reports/TEST-*.xml"))
    for report in reports:
        for case in ElementTree.parse(report).getroot().iter("testcase"):
            counts["run"] += 1
            name = case.get("classname", "?") + "." + case.get("name", "?")
            skipped = case.find("skipped")
            failed = case.find("failure") if case.find("failure") is not None else case.find("error")
            if failed is not None:
                counts["failed"] += 1
                failures.append(name + ": " + (failed.get("message") or failed.get("type") or "").splitlines()[0][:200]
                                if (failed.get("message") or failed.get("type")) else name)
            elif skipped is not None:
                message = skipped.get("message") or skip_text(skipped)
                kind = classify(message)
                counts[kind] += 1
                reason = re.sub(r".*==> ", "", message)
                reasons[(kind, reason)] += 1
            else:
                counts["executed"] += 1
    return len(reports), counts, reasons, failures


def main():
    root = pathlib.Path(sys.argv[1])
    baseline_file = pathlib.Path(sys.argv[2])
    modules = sys.argv[3:]
    totals = collections.Counter()
    all_reasons = collections.Counter()
    all_failures = []
    problems = []
    columns = ("run", "executed", "unix", "wine", "tool", "other", "failed")
    row = "  %-38s %6s %9s %11s %11s %11s %11s %7s"
    print("Windows JVM under Wine: tests per module")
    print(row % ("module", "run", "executed", "skip: Unix", "skip: Wine", "skip: tool", "skip: other", "failed"))
    for module in modules:
        reports, counts, reasons, failures = module_counts(root, module)
        if reports == 0:
            problems.append("no test reports in " + module)
        totals.update(counts)
        all_reasons.update(reasons)
        all_failures.extend(failures)
        print(row % ((module,) + tuple(counts[c] for c in columns)))
    print(row % (("all",) + tuple(totals[c] for c in columns)))
    for kind, title in (("wine", "Skipped for Wine gaps (run on real Windows)"),
                        ("tool", "Skipped for a missing tool or root"), ("other", "Skipped otherwise"),
                        ("unix", "Skipped for Unix")):
        listed = [(reason, count) for (k, reason), count in sorted(all_reasons.items()) if k == kind]
        if listed:
            print(title + ":")
            for reason, count in listed:
                print("  %4d  %s" % (count, reason))
    if all_failures:
        print("Failed:")
        for failure in all_failures:
            print("  " + failure)
        problems.append("%d tests failed" % len(all_failures))
    if totals["tool"] and os.environ.get("CI") == "true":
        problems.append("%d tests skipped for a missing tool or root with CI=true: install it" % totals["tool"])
    baseline = None
    for line in baseline_file.read_text().splitlines():
        match = re.fullmatch(r"executed=(\d+)", line.strip())
        if match:
            baseline = int(match.group(1))
    if baseline is None:
        problems.append("no 'executed=<count>' line in " + str(baseline_file))
    elif totals["executed"] < baseline:
        problems.append("%d tests executed, fewer than the %d of %s: restore them, or lower the baseline there "
                        "with the reason" % (totals["executed"], baseline, baseline_file.name))
    elif totals["executed"] > baseline:
        print("%d tests executed, more than the baseline's %d: raise it in %s" % (totals["executed"], baseline,
                                                                               baseline_file))
    for problem in problems:
        print("FAILED: " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
