#!/usr/bin/env python3
"""Makes the test vector beside this file with a built `hearth` binary, then reads it back with
reference_reader.py (independent of Hearth's code) and writes what it must yield to a JSON file.

    venv/bin/python make_vector.py PATH/TO/hearth

Run it only to replace the vector on purpose (a new vector is a new file: old ones must keep
opening). Needs argon2-cffi and pynacl (see reference_reader.py).
"""
import json
import os
import subprocess
import sys
import tempfile
import unicodedata

from reference_reader import read

HERE = os.path.dirname(os.path.abspath(__file__))
NAME = "journal-v1-interactive"
PASSPHRASE = "Hearth test vector: café by the sea, 7 hearths"
LONG = "".join(f"Line {i:04d} of a long entry, written so that the payload needs a second chunk.\n"
               for i in range(1, 601))
ENTRIES = [
    (["--at", "2026-11-24T21:30", "--tag", "connection", "--tag", "evening"],
     "A slow evening with Sam.\nWe talked about the move, and I noticed my shoulders drop when they laughed.\n"),
    (["--at", "2026-11-25T08:05:00+00:00", "--tag", "body", "--starred"],
     "Body check-in: tight chest after the phone call, eased after a walk by the river."),
    (["--at", "2026-07-01"], "Ünïcödé: «Ich bin sicher.» — 安心 🌿\n\nSecond paragraph after an empty line.\n"),
    (["--at", "2026-10-03T12:00", "--tag", "long"], LONG),
]


def main(binary):
    vault = os.path.join(HERE, NAME + ".hearth")
    if os.path.exists(vault):
        sys.exit(f"{vault} exists; remove it first if you really mean to replace the vector")
    with tempfile.TemporaryDirectory() as work:
        runtime = os.path.join(work, "run")
        os.mkdir(runtime, 0o700)
        secret = os.path.join(work, "passphrase")
        with open(secret, "w", encoding="utf-8") as f:
            f.write(PASSPHRASE)
        env = {"PATH": "/usr/bin:/bin", "HEARTH_NO_TTY": "1", "XDG_RUNTIME_DIR": runtime, "TZ": "Europe/Berlin"}
        subprocess.run([binary, "init", "--vault", vault, "--kdf", "interactive", "--new-passphrase-file", secret],
                       env=env, check=True, stderr=subprocess.DEVNULL)
        for flags, text in ENTRIES:
            subprocess.run([binary, "journal", "add", "--vault", vault, "--passphrase-file", secret] + flags,
                           input=text.encode(), env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        listed = json.loads(subprocess.run([binary, "journal", "list", "--json", "--vault", vault, "--passphrase-file", secret],
                                           env=env, check=True, capture_output=True).stdout)
        shown = [json.loads(subprocess.run([binary, "journal", "show", e["id"], "--json", "--vault", vault,
                                            "--passphrase-file", secret], env=env, check=True, capture_output=True).stdout)
                 for e in listed]
    if os.path.exists(vault + ".lock"):  # an older Hearth's writer lock; newer ones keep it elsewhere
        os.remove(vault + ".lock")
    found = read(vault, PASSPHRASE, True)
    records = found.pop("records")
    # The independent reader and the binary must agree on every field the reader knows.
    for mine, theirs in zip(records, shown):
        assert all(theirs[k] == v for k, v in mine.items()), (mine, theirs)
    assert len(records) == len(shown) == len(ENTRIES)
    vector = {
        "about": "A Hearth vault (format 1) made by the `hearth` binary at the `interactive` KDF cost, and what "
                 "it must yield. Another implementation passes if it opens the file with `passphrase` (or with "
                 "`passphrase_nfd` after NFC normalization), finds the `header` facts, decrypts a payload whose "
                 "BLAKE2b-256 is `payload_blake2b_256`, and reads `records` from it; with `wrong_passphrase` it "
                 "must report a wrong passphrase, not damage. See Docs/FORMAT.md and reference_reader.py.",
        "file": NAME + ".hearth",
        "passphrase": PASSPHRASE,
        "passphrase_nfd": unicodedata.normalize("NFD", PASSPHRASE),
        "wrong_passphrase": PASSPHRASE + " ",
        "kdf": "interactive",
        "header": {k: v for k, v in found.items() if k != "payload_blake2b_256"},
        "payload_blake2b_256": found["payload_blake2b_256"],
        "payload_starts_with_hex": b"SQLite format 3\x00".hex(),
        "records": records,
    }
    with open(os.path.join(HERE, NAME + ".json"), "w", encoding="utf-8") as f:
        json.dump(vector, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main(os.path.abspath(sys.argv[1]))
