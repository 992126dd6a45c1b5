#!/usr/bin/env python3
"""Makes the format-2 test vector `journal-v2-upgraded` with a built `hearth` binary, from the
committed format-1 vector, then reads it back with reference_reader.py (independent of Hearth's
code) and writes what it must yield to a JSON file.

    venv/bin/python make_vector_v2.py PATH/TO/hearth

What it does, so that the file holds both kinds of key slot (Docs/FORMAT.md, "Key slot"):
1. copies journal-v1-interactive.hearth (format 1, slot 0: PASSPHRASE, associated data A1);
2. `journal add` with PASSPHRASE: the first save writes format 2; slot 0 is copied unchanged
   (binding 0, A1);
3. `key add` of SECOND_PASSPHRASE at the `interactive` cost: slot 1, binding 1 (A2, bound to
   key epoch 1), with the label SECOND_LABEL.
The file is then read with each passphrase by reference_reader.py, and its records compared
with what the binary shows. Salts, nonces and keys come from libsodium's randombytes_buf, so a
run gives another file each time: run it only to make a new vector (a new file; old vectors
are never replaced and must keep opening).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from reference_reader import read

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = "journal-v1-interactive"
NAME = "journal-v2-upgraded"
PASSPHRASE = "Hearth test vector: café by the sea, 7 hearths"
SECOND_PASSPHRASE = "Second key of the v2 vector: ümlaut and 🔑"
SECOND_LABEL = "second, made by version 2"
ENTRY = (["--at", "2026-12-06T18:00", "--tag", "upgrade"], "Written by the save that upgraded the file to format 2.\n")


def main(binary):
    vault = os.path.join(HERE, NAME + ".hearth")
    if os.path.exists(vault):
        sys.exit(f"{vault} exists; remove it first if you really mean to replace the vector")
    with tempfile.TemporaryDirectory() as work:
        runtime = os.path.join(work, "run")
        os.mkdir(runtime, 0o700)
        first, second = os.path.join(work, "first"), os.path.join(work, "second")
        for path, text in ((first, PASSPHRASE), (second, SECOND_PASSPHRASE)):
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        env = {"PATH": "/usr/bin:/bin", "HEARTH_NO_TTY": "1", "XDG_RUNTIME_DIR": runtime, "TZ": "Europe/Berlin",
               "XDG_STATE_HOME": os.path.join(work, "state"), "XDG_DATA_HOME": os.path.join(work, "data")}
        shutil.copyfile(os.path.join(HERE, SOURCE + ".hearth"), vault)
        os.chmod(vault, 0o600)
        flags, text = ENTRY
        subprocess.run([binary, "journal", "add", "--vault", vault, "--passphrase-file", first] + flags,
                       input=text.encode(), env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run([binary, "key", "add", "--vault", vault, "--passphrase-file", first, "--new-passphrase-file", second,
                        "--kdf", "interactive", "--label", SECOND_LABEL],
                       env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        listed = json.loads(subprocess.run([binary, "journal", "list", "--json", "--vault", vault, "--passphrase-file", first],
                                           env=env, check=True, capture_output=True).stdout)
        shown = [json.loads(subprocess.run([binary, "journal", "show", e["id"], "--json", "--vault", vault,
                                            "--passphrase-file", second], env=env, check=True, capture_output=True).stdout)
                 for e in listed]
    if os.path.exists(vault + ".lock"):
        os.remove(vault + ".lock")
    found = read(vault, PASSPHRASE, True)
    assert read(vault, SECOND_PASSPHRASE, True) == found, "both passphrases read the same vault"
    records = found.pop("records")
    assert found["format_version"] == 2
    assert [s.get("binds_key_epoch") for s in found["slots"]] == [False, True], found["slots"]
    for mine, theirs in zip(records, shown):
        assert all(theirs[k] == v for k, v in mine.items()), (mine, theirs)
    assert len(records) == len(shown) == 5
    vector = {
        "about": "A Hearth vault (format 2) made by the `hearth` binary from the format-1 vector: its first save "
                 "upgraded it (slot 0 keeps the format-1 associated data A1), then a second passphrase was added "
                 "(slot 1, A2, bound to the key epoch). Another implementation passes if it opens the file with "
                 "`passphrase` and with `second_passphrase`, finds the `header` facts, decrypts a payload whose "
                 "BLAKE2b-256 is `payload_blake2b_256`, and reads `records`; with `wrong_passphrase` it must report "
                 "a wrong passphrase, not damage. See Docs/FORMAT.md, make_vector_v2.py and reference_reader.py.",
        "file": NAME + ".hearth",
        "passphrase": PASSPHRASE,
        "passphrase_nfd": __import__("unicodedata").normalize("NFD", PASSPHRASE),
        "second_passphrase": SECOND_PASSPHRASE,
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
