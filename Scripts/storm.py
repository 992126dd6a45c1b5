#!/usr/bin/env python3
"""The kill storm (Scripts/storm): SIGKILLs `journal add`, `journal delete`, `passwd`, `key add`
(and `key remove`, to keep the slot table from filling), `rekey` and `backup` at random instants,
N times, and checks after every kill that nothing acknowledged was lost.

After each round:
- the vault opens with the secret valid at that moment (a passwd that said done: the new
  passphrase, and only it; one that was killed: exactly one of the old and the new);
- every acknowledged record is there (an add whose id was printed and whose process exited 0)
  and no record whose delete said done is back;
- a second passphrase opens exactly when its slot is there (key add / key remove / rekey), and
  the first one always opens;
- every finished backup file (a name ending in .hearth) verifies with the secret of its time.

Each command is killed a third of the time anywhere within its usual duration, a third in its
last quarter, and a third just after its temporary file appears (while the new file is written).
Vaults and slots use `--kdf interactive` so a round takes a fraction of a second.
"""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time


class Storm:
    def __init__(self, binary, root, seed):
        self.binary = binary
        self.root = root
        self.random = random.Random(seed)
        self.vault = os.path.join(root, "vault", "vault.hearth")
        self.backups = os.path.join(root, "drive")
        os.makedirs(self.backups)
        runtime = os.path.join(root, "runtime")
        os.makedirs(runtime, mode=0o700)
        self.env = {
            "PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": root, "XDG_RUNTIME_DIR": runtime,
            "XDG_DATA_HOME": os.path.join(root, "data"), "XDG_STATE_HOME": os.path.join(root, "state"),
            "XDG_CONFIG_HOME": os.path.join(root, "config"), "XDG_CACHE_HOME": os.path.join(root, "cache"),
            "HEARTH_NO_TTY": "1", "LANG": "C.UTF-8", "TZ": "UTC", "HEARTH_LOCK_TIMEOUT": "30",
        }
        self.secret_number = 0
        self.current = self.secret("first")      # the passphrase of slot 0
        self.second = None                        # the passphrase of the extra slot, when present
        self.acknowledged = set()                 # ids whose add said done
        self.deleted = set()                      # ids whose delete said done (or that are gone)
        self.maybe = set()                        # ids of killed adds seen nowhere yet
        self.durations = {}
        self.counts = {}                          # per command: [killed, completed, killed while writing]
        self.backup_files = {}                    # name -> passphrase valid when it was made
        self.rounds = 0

    # Running hearth.

    def secret(self, name):
        self.secret_number += 1
        path = os.path.join(self.root, "secrets", f"{self.secret_number}-{name}")
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        with open(path, "w") as f:
            f.write(f"storm passphrase {self.secret_number} {name}")
        os.chmod(path, 0o600)
        return path

    def run(self, args, stdin=None):
        p = subprocess.run([self.binary] + args + ["--vault", self.vault],
                           input=(stdin or "").encode(), capture_output=True, env=self.env, timeout=120)
        return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")

    def temporaries(self):
        found = set()
        for folder in (os.path.dirname(self.vault), self.backups, os.path.join(self.backups, "Hearth")):
            try:
                found |= {os.path.join(folder, n) for n in os.listdir(folder) if ".tmp-" in n}
            except FileNotFoundError:
                pass
        return found

    def killed_run(self, name, args, stdin=None):
        """Runs hearth with `args` and SIGKILLs it at a random instant. Returns (status, stdout)."""
        duration = self.durations.get(name, 0.3)
        stale = self.temporaries()
        started = time.monotonic()
        p = subprocess.Popen([self.binary] + args + ["--vault", self.vault], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env)
        if stdin is not None:
            try:
                p.stdin.write(stdin.encode())
            except BrokenPipeError:
                pass
        p.stdin.close()
        p.stdin = None
        how = self.random.randrange(3)
        if how == 0:
            time.sleep(duration * self.random.uniform(0, 1.3))
        elif how == 1:
            time.sleep(duration * self.random.uniform(0.75, 1.05))
        else:
            deadline = started + duration * 1.5
            while time.monotonic() < deadline and p.poll() is None and not (self.temporaries() - stale):
                time.sleep(0.0002)
            time.sleep(self.random.uniform(0, 0.003))
        try:
            p.send_signal(signal.SIGKILL)
        except ProcessLookupError:
            pass
        out, err = p.communicate()
        counts = self.counts.setdefault(name, [0, 0, 0])
        if p.returncode == -signal.SIGKILL:
            counts[0] += 1
            if self.temporaries() - stale:
                counts[2] += 1
        else:
            if p.returncode != 0:
                self.fail(f"{name} exited {p.returncode} on its own: {err.decode(errors='replace').strip()}")
            counts[1] += 1
        return p.returncode, out.decode(errors="replace"), err.decode(errors="replace")

    # Checks.

    def fail(self, what):
        raise SystemExit(f"storm: LOSS OR INCONSISTENCY in round {self.rounds}: {what}\n"
                         f"  vault and secrets kept in {self.root}")

    def ids(self, passphrase):
        """Journal ids when `passphrase` opens the vault; None for a wrong passphrase (77)."""
        status, out, err = self.run(["journal", "list", "--json", "--passphrase-file", passphrase])
        if status == 77:
            return None
        if status != 0:
            self.fail(f"journal list exited {status}: {err.strip()}")
        return {r["id"] for r in json.loads(out)}

    def check_records(self, ids):
        missing = self.acknowledged - ids
        if missing:
            self.fail(f"acknowledged record(s) missing: {sorted(missing)}")
        back = self.deleted & ids
        if back:
            self.fail(f"deleted record(s) came back: {sorted(back)}")
        unknown = ids - self.acknowledged - self.maybe
        if unknown:
            self.fail(f"record(s) nobody added: {sorted(unknown)}")
        # A killed add that landed is a record like any other from now on.
        self.acknowledged |= ids & self.maybe
        self.maybe -= ids

    def check(self):
        ids = self.ids(self.current)
        if ids is None:
            self.fail("the current passphrase does not open the vault")
        self.check_records(ids)
        if self.second is not None and self.ids(self.second) is None:
            self.fail("the second passphrase, whose slot is there, does not open the vault")
        return ids

    def slot_count(self):
        status, out, err = self.run(["key", "list", "--json", "--passphrase-file", self.current])
        if status != 0:
            self.fail(f"key list exited {status}: {err.strip()}")
        return json.loads(out)

    # The commands of the storm.

    def add(self):
        text = f"storm entry {self.rounds} {self.random.random()}\n" * self.random.randint(1, 40)
        status, out, _ = self.killed_run("add", ["journal", "add", "--passphrase-file", self.current], stdin=text)
        printed = out.strip()
        if status == 0:
            if not printed:
                self.fail("an add exited 0 without printing an id")
            self.acknowledged.add(printed)
        elif printed:
            # The id was printed but the process did not exit 0: not acknowledged, may be there.
            self.maybe.add(printed)
        else:
            # Killed before printing: whatever appears from it is unknown to us; allow one.
            self.maybe.add(None)
        self.after_add()

    def after_add(self):
        ids = self.ids(self.current)
        if ids is None:
            self.fail("the current passphrase does not open the vault after an add")
        unknown = ids - self.acknowledged - {i for i in self.maybe if i}
        if None in self.maybe:
            self.maybe.discard(None)
            if len(unknown) > 1:
                self.fail(f"more than one new record after one killed add: {sorted(unknown)}")
            self.maybe |= unknown
        self.check_records(ids)
        self.maybe.clear()  # a killed add not there now never lands later

    def delete(self):
        if not self.acknowledged:
            return self.add()
        victim = self.random.choice(sorted(self.acknowledged))
        status, _, _ = self.killed_run("delete", ["journal", "delete", victim, "--passphrase-file", self.current])
        ids = self.ids(self.current)
        if ids is None:
            self.fail("the current passphrase does not open the vault after a delete")
        if status == 0 and victim in ids:
            self.fail(f"delete of {victim} said done, and it is still there")
        if victim not in ids:
            self.acknowledged.discard(victim)
            self.deleted.add(victim)
        self.check_records(ids)

    def passwd(self):
        new = self.secret("passwd")
        status, _, _ = self.killed_run("passwd", ["passwd", "--kdf", "interactive", "--passphrase-file", self.current,
                                                  "--new-passphrase-file", new])
        old_ids = self.ids(self.current)
        new_ids = self.ids(new)
        if (old_ids is None) == (new_ids is None):
            self.fail(f"after passwd (exit {status}) {'both' if old_ids is not None else 'neither'} old and new passphrase open")
        if status == 0 and new_ids is None:
            self.fail("passwd said done, and the new passphrase does not open")
        if new_ids is not None:
            self.current = new
        self.check()

    def key(self):
        slots = self.slot_count()
        if self.second is None and len(slots) == 1:
            new = self.secret("key-add")
            status, _, _ = self.killed_run("key add", ["key", "add", "--kdf", "interactive", "--passphrase-file", self.current,
                                                       "--new-passphrase-file", new])
            present = len(self.slot_count()) == 2
            opens = self.ids(new) is not None
            if present != opens:
                self.fail(f"after key add (exit {status}) the new slot is {'there' if present else 'not there'} but the passphrase {'opens' if opens else 'does not open'}")
            if status == 0 and not present:
                self.fail("key add said done, and there is no new slot")
            if present:
                self.second = new
        else:
            extra = [s for s in slots if s is not slots[0]]
            slot_id = str(extra[-1]["id"])
            status, _, _ = self.killed_run("key remove", ["key", "remove", slot_id, "--passphrase-file", self.current])
            present = len(self.slot_count()) == 2
            if status == 0 and present:
                self.fail("key remove said done, and the slot is still there")
            if self.second is not None:
                opens = self.ids(self.second) is not None
                if present != opens:
                    self.fail(f"after key remove (exit {status}) the slot is {'there' if present else 'gone'} but its passphrase {'opens' if opens else 'does not'}")
            if not present:
                self.second = None
        self.check()

    def header_epoch(self):
        status, out, err = self.run(["status", "--json"])
        if status != 0:
            self.fail(f"status exited {status}: {err.strip()}")
        return json.loads(out)["key_epoch"]

    def rekey(self):
        before = self.header_epoch()
        args = ["rekey", "--passphrase-file", self.current]
        if self.second is not None:
            args += ["--keep-passphrase-file", self.second]
        status, _, _ = self.killed_run("rekey", args)
        after = self.header_epoch()
        if after not in (before, before + 1):
            self.fail(f"rekey moved the key epoch from {before} to {after}")
        if status == 0 and after != before + 1:
            self.fail("rekey said done, and the key epoch did not change")
        self.check()

    def backup(self):
        before = set(self.finished_backups())
        status, _, _ = self.killed_run("backup", ["backup", self.backups, "--passphrase-file", self.current])
        made = set(self.finished_backups()) - before
        if status == 0 and not made:
            self.fail("backup said done, and no new backup file is there")
        for path in made:
            code, _, err = self.run_plain(["verify", path, "--passphrase-file", self.current])
            if code != 0:
                self.fail(f"the finished backup {os.path.basename(path)} does not verify (exit {code}): {err.strip()}")
            self.backup_files[path] = self.current
        self.check()
        # Keep the drive small: the storm is about the vault, not about pruning.
        for path in made:
            if len(self.backup_files) > 3:
                os.unlink(path)

    def run_plain(self, args):
        p = subprocess.run([self.binary] + args, capture_output=True, env=self.env, timeout=120)
        return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")

    def finished_backups(self):
        folder = os.path.join(self.backups, "Hearth")
        try:
            return [os.path.join(folder, n) for n in os.listdir(folder) if n.endswith(".hearth") and not n.startswith(".")]
        except FileNotFoundError:
            return []

    # The storm.

    def setup(self):
        status, _, err = self.run(["init", "--kdf", "interactive", "--new-passphrase-file", self.current])
        if status != 0:
            raise SystemExit(f"storm: init failed ({status}): {err.strip()}")
        for i in range(5):
            status, out, err = self.run(["journal", "add", "--passphrase-file", self.current], stdin=f"seed entry {i}\n")
            if status != 0:
                raise SystemExit(f"storm: add failed ({status}): {err.strip()}")
            self.acknowledged.add(out.strip())
        self.calibrate()

    def timed(self, name, args, stdin=None):
        """Runs a command uncut and remembers how long it took (the kill window is based on it)."""
        started = time.monotonic()
        status, out, err = self.run(args, stdin)
        if status != 0:
            raise SystemExit(f"storm: {name} failed in calibration ({status}): {err.strip()}")
        self.durations[name] = max(self.durations.get(name, 0), time.monotonic() - started)
        return out

    def calibrate(self):
        """How long each command takes on this machine now, uncut (the slowest of its runs)."""
        for _ in range(2):
            added = self.timed("add", ["journal", "add", "--passphrase-file", self.current], "calibration\n").strip()
            self.timed("delete", ["journal", "delete", added, "--passphrase-file", self.current])
            self.deleted.add(added)
            new = self.secret("calibration")
            self.timed("passwd", ["passwd", "--kdf", "interactive", "--passphrase-file", self.current,
                                  "--new-passphrase-file", new])
            self.current = new
            second = self.secret("calibration-key")
            self.timed("key add", ["key", "add", "--kdf", "interactive", "--passphrase-file", self.current,
                                   "--new-passphrase-file", second])
            slot = str(self.slot_count()[-1]["id"])
            self.timed("key remove", ["key", "remove", slot, "--passphrase-file", self.current])
            self.timed("rekey", ["rekey", "--passphrase-file", self.current])
            self.timed("backup", ["backup", self.backups, "--passphrase-file", self.current])
        for path in self.finished_backups():
            os.unlink(path)
        print("# uncut durations: " + ", ".join(f"{k} {v:.2f} s" for k, v in sorted(self.durations.items())), flush=True)

    def storm(self, rounds):
        commands = [self.add, self.add, self.delete, self.passwd, self.key, self.rekey, self.backup]
        started = time.monotonic()
        for self.rounds in range(1, rounds + 1):
            self.random.choice(commands)()
            if self.rounds % 50 == 0:
                print(f"  {self.rounds} rounds, {time.monotonic() - started:.0f} s, {len(self.acknowledged)} records", flush=True)
        return time.monotonic() - started


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    binary = sys.argv[2]
    seed = int(os.environ.get("STORM_SEED", str(int(time.time()))))
    root = tempfile.mkdtemp(prefix="hearth-storm.", dir=os.environ.get("STORM_DIR", "/tmp"))
    storm = Storm(binary, root, seed)
    print(f"# kill storm: {rounds} rounds, seed {seed}, vault folder {root}", flush=True)
    storm.setup()
    elapsed = storm.storm(rounds)
    storm.check()
    kills = sum(c[0] for c in storm.counts.values())
    print(f"# {rounds} rounds in {elapsed:.0f} s ({elapsed / rounds:.2f} s a round): {kills} kills, no loss")
    print("| command | killed | of which while writing a new file | finished before the kill |")
    print("|---|---:|---:|---:|")
    for name, (killed, completed, writing) in sorted(storm.counts.items()):
        print(f"| {name} | {killed} | {writing} | {completed} |")
    print(f"# {len(storm.acknowledged)} records at the end, {len(storm.deleted)} deleted; backups verified: {len(storm.backup_files)}")
    shutil.rmtree(root)


if __name__ == "__main__":
    main()
