"""The lock files `make install` installs from agree with the pins in requirements*.txt.

A pin bumped without running `make lock` would leave the lock installing the old version; these
tests fail until the lock is regenerated.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The lock each pins file is resolved into by `make lock`.
LOCKS = {"requirements.txt": "requirements.lock", "requirements-dev.txt": "requirements-dev.lock"}

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)$")
LOCKED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}\b")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def top_level_pins(filename: str) -> dict[str, str]:
    """name -> version for every pin in a requirements file and the files it includes with -r."""
    pins = {}
    for raw in (ROOT / filename).read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-r "):
            pins.update(top_level_pins(line[3:].strip()))
            continue
        match = PIN.match(line)
        assert match, f"{filename}: {raw!r} is not pinned as name==version"
        pins[normalise(match[1])] = match[2]
    return pins


def parse_lock(text: str) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) for each entry of a lock file."""
    entries = {}
    name = None
    for line in text.splitlines():
        match = LOCKED.match(line)
        if match:
            name = normalise(match[1])
            entries[name] = (match[2], 0)
        if name and HASH.search(line):
            version, count = entries[name]
            entries[name] = (version, count + len(HASH.findall(line)))
    return entries


def read_lock(filename: str) -> dict[str, tuple[str, int]]:
    return parse_lock((ROOT / filename).read_text())


def mismatches(pins: dict[str, str], lock: dict[str, tuple[str, int]]) -> list[str]:
    problems = []
    for name, version in sorted(pins.items()):
        if name not in lock:
            problems.append(f"{name}=={version} is not in the lock")
        elif lock[name][0] != version:
            problems.append(f"{name} is pinned at {version} but locked at {lock[name][0]}")
    return problems


@pytest.mark.parametrize("pins_file", sorted(LOCKS))
def test_every_top_level_pin_is_locked_at_its_version(pins_file):
    problems = mismatches(top_level_pins(pins_file), read_lock(LOCKS[pins_file]))
    assert not problems, "Run `make lock` and commit the lock: " + "; ".join(problems)


@pytest.mark.parametrize("lock_file", sorted(LOCKS.values()))
def test_every_locked_package_has_a_hash(lock_file):
    lock = read_lock(lock_file)
    assert len(lock) > len(top_level_pins("requirements.txt"))
    assert not [name for name, (_, hashes) in lock.items() if hashes == 0]


def test_production_runs_the_versions_the_tests_ran():
    runtime, dev = read_lock("requirements.lock"), read_lock("requirements-dev.lock")
    assert {name: dev.get(name, (None,))[0] for name in runtime} == {name: v for name, (v, _) in runtime.items()}


def test_a_bumped_pin_is_caught():
    lock = parse_lock("django==6.1.3 \\\n    --hash=sha256:" + "a" * 64 + "\n    # via -r requirements.txt\n")
    assert mismatches({"django": "6.1.3"}, lock) == []
    assert mismatches({"django": "6.1.4"}, lock) == ["django is pinned at 6.1.4 but locked at 6.1.3"]
    assert mismatches({"redis": "8.1.0"}, lock) == ["redis==8.1.0 is not in the lock"]
