"""CI's dependency audit: pip-audit over the installed environment (what pyproject.toml resolved).

Fails on any known vulnerability. Where the vulnerability data cannot be reached
(no network, or an index without PyPI's JSON API: every package is then skipped),
it says so and passes: the audit is then a release step (docs/deploy.md, Security).
"""

import json
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def main() -> int:
    try:
        result = subprocess.run(  # noqa: S603 - the venv's own pip-audit, fixed arguments
            [
                str(BIN / "pip-audit"),
                "--local",
                "--skip-editable",
                "--format",
                "json",
                "--progress-spinner",
                "off",
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        print(f"ci: pip-audit did not run ({error}); audit before release (docs/deploy.md)")
        return 0
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"ci: pip-audit could not reach the vulnerability data ({last});")
        print("    audit before release instead (docs/deploy.md, Security)")
        return 0
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if "skip_reason" in d]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            print(
                f"ci: {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})"
            )
    audited = len(dependencies) - len(skipped)
    print(
        f"ci: pip-audit: {audited} packages audited, {len(skipped)} skipped, "
        f"{len(vulnerable)} with known vulnerabilities"
    )
    if dependencies and not audited:
        print(
            "ci: no vulnerability data reachable from here; audit before release "
            "(docs/deploy.md, Security)"
        )
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
