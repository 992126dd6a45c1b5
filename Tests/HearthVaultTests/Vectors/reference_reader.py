#!/usr/bin/env python3
"""An independent reader of Hearth vault files, written from Docs/FORMAT.md alone.

It shares no code with Hearth: Argon2id comes from the Argon2 reference implementation
(argon2-cffi; without it, libsodium's crypto_pwhash through PyNaCl), BLAKE2b (checksum, MAC,
crypto_kdf, the key-table digest) from Python's hashlib, and only the two ciphers from libsodium
through PyNaCl. It reads format versions 1 and 2. It is how the test vectors beside it were
checked, and a starting point for anyone who wants to read their vault without Hearth.

    python3 -m venv venv && venv/bin/pip install argon2-cffi pynacl
    venv/bin/python reference_reader.py VAULT PASSPHRASE_FILE [--records]

Prints one JSON object: header fields, the BLAKE2b-256 of the payload and, with --records,
the journal entries read from the SQLite image. Exits 65 for damage, 69 for a newer format,
77 for a wrong passphrase, as the `hearth` command line does.
"""
import hashlib
import json
import sqlite3
import struct
import sys
import unicodedata

from nacl import bindings as sodium
from nacl.exceptions import CryptoError

MAGIC = b"\x89HEARTH\n"


def argon2id(secret, salt, ops, mem):
    """crypto_pwhash with crypto_pwhash_ALG_ARGON2ID13: Argon2id v1.3, parallelism 1, 32 bytes."""
    try:
        from argon2.low_level import Type, hash_secret_raw
    except ImportError:
        return sodium.crypto_pwhash_alg(32, secret, salt, ops, mem, sodium.crypto_pwhash_ALG_ARGON2ID13)
    return hash_secret_raw(secret, salt, time_cost=ops, memory_cost=mem // 1024, parallelism=1,
                           hash_len=32, type=Type.ID, version=19)


def fail(code, why):
    print(why, file=sys.stderr)
    sys.exit(code)


def kdf(key, subkey_id, context, length=32):
    """crypto_kdf_derive_from_key (BLAKE2b with salt = id, personal = context)."""
    return hashlib.blake2b(b"", digest_size=length, key=key, salt=struct.pack("<Q", subkey_id) + bytes(8),
                           person=context.encode() + bytes(8)).digest()


def read(path, passphrase, want_records):
    data = open(path, "rb").read()
    if len(data) < 10 or data[:8] != MAGIC:
        fail(65, "not a Hearth vault")
    version, = struct.unpack_from("<H", data, 8)
    if version > 2:
        fail(69, "made by a newer Hearth")
    if version not in (1, 2) or len(data) < 2048:
        fail(65, "damaged")
    h = data[:2048]
    if hashlib.blake2b(h[:2016], digest_size=32).digest() != h[2016:]:
        fail(65, "header checksum does not match")
    header_length, flags = struct.unpack_from("<HI", h, 10)
    vault_id = h[16:32]
    epoch, generation, chunk_size, slot_count = struct.unpack_from("<QQII", h, 32)
    if header_length != 2048 or flags or any(h[56:64]) or any(h[1816:1984]) or slot_count != 8:
        fail(65, "damaged header")
    if not 4096 <= chunk_size <= 16 << 20:
        fail(65, "chunk size out of range")
    payload_id, stream_header = h[1088:1104], h[1104:1128]
    payload_length, = struct.unpack_from("<Q", h, 1128)
    chunks = max(1, -(-payload_length // chunk_size))
    if len(data) != 2048 + payload_length + 17 * chunks:
        fail(65, "file length does not match the header")

    slots = []
    for i in range(8):
        s = h[64 + 128 * i: 64 + 128 * (i + 1)]
        if s[0] == 0:
            if any(s):
                fail(65, "empty slot holds data")
            continue
        ops, mem = struct.unpack_from("<QQ", s, 8)
        # kdf 2 is crypto_pwhash_ALG_ARGON2ID13. Byte 2, the binding: 1 (version 2 only) means
        # the slot's associated data binds the key epoch.
        binding_ok = s[2] == 0 or (s[2] == 1 and version == 2)
        if s[1] != 2 or not binding_ok or any(s[3:8]) or any(s[112:]) or s[0] not in (1, 2):
            fail(65, "damaged slot")
        if not (1 <= ops <= 32 and 8 << 20 <= mem <= 1 << 30 and mem % 1024 == 0 and ops * mem <= 8 << 30):
            fail(65, "impossible key-derivation cost")
        slots.append((i, s, ops, mem))
    if not slots:
        fail(65, "no key slot")
    if epoch < 1:
        fail(65, "key epoch is zero")

    # T, the key-table digest: the slot table, the metadata nonce and the sealed metadata.
    key_table = hashlib.blake2b(h[64:1088] + h[1136:1816], digest_size=32).digest()

    def mac_key_of(master):
        epoch_key = kdf(master, epoch, "HrthEpch")
        header_key = kdf(epoch_key, 2, "HrthHMac")
        if version == 1:
            return epoch_key, header_key
        return epoch_key, hashlib.blake2b(b"hearth-header-v2" + key_table, digest_size=32, key=header_key).digest()

    secret = unicodedata.normalize("NFC", passphrase).encode()
    master, opened_but_altered = None, False
    for i, s, ops, mem in slots:
        if s[0] != 1:
            continue
        wrapping = argon2id(secret, s[24:40], ops, mem)
        if s[2] == 1:
            ad = b"hearth-slot-v2" + vault_id + bytes([i]) + struct.pack("<Q", epoch) + s[:40]
        else:
            ad = b"hearth-slot-v1" + vault_id + bytes([i]) + s[:40]
        try:
            candidate = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(s[64:112], ad, s[40:64], wrapping)
        except CryptoError:
            continue
        epoch_key, mac_key = mac_key_of(candidate)
        if hashlib.blake2b(h[:1984], digest_size=32, key=mac_key).digest() != h[1984:2016]:
            opened_but_altered = True  # a later slot may still be the right one
            continue
        master = candidate
        break
    if master is None:
        fail(65, "header MAC does not match") if opened_but_altered else fail(77, "wrong passphrase")
    payload_key = kdf(epoch_key, 1, "HrthPayl")
    # The slot metadata's associated data carries a hash of the slot table (bytes 64..1087),
    # which authenticates the table under the master key.
    table_hash = hashlib.blake2b(h[64:1088], digest_size=32).digest()
    try:
        metadata = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
            h[1160:1816], b"hearth-slot-metadata-v1" + vault_id + table_hash, h[1136:1160], kdf(master, 1, "HrthSlMt"))
    except CryptoError:
        fail(65, "the key-slot table or its details were altered")

    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, stream_header, payload_key)
    ad = b"hearth-payload-v1" + vault_id + struct.pack("<Q", epoch) + payload_id
    payload, offset, left = bytearray(), 2048, payload_length
    for k in range(chunks):
        n = min(chunk_size, left)
        try:
            message, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(state, data[offset:offset + n + 17], ad)
        except CryptoError:
            fail(65, f"payload chunk {k} does not authenticate")
        if tag != (3 if k == chunks - 1 else 0):
            fail(65, "payload tags out of place")
        payload += message
        offset += n + 17
        left -= n

    labels = []
    for i, _, _, _ in slots:
        e = metadata[80 * i: 80 * (i + 1)]
        labels.append({"slot": i, "present": e[0] == 1, "label": e[18:18 + e[1]].decode()})
    out = {
        "format_version": version, "vault_id": vault_id.hex(), "key_epoch": epoch, "generation": generation,
        "chunk_size": chunk_size, "chunks": chunks, "payload_length": payload_length, "file_length": len(data),
        "slots": [dict({"index": i, "type": "passphrase" if s[0] == 1 else "recovery", "opslimit": ops, "memlimit": mem},
                       **({"binds_key_epoch": s[2] == 1} if version == 2 else {}))
                  for i, s, ops, mem in slots],
        "slot_metadata": labels,
        "payload_blake2b_256": hashlib.blake2b(bytes(payload), digest_size=32).hexdigest(),
    }
    if want_records:
        db = sqlite3.connect(":memory:")
        db.deserialize(bytes(payload))
        db.row_factory = sqlite3.Row
        records = []
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "journal_entry" in tables:  # schema v1-journal
            rows = db.execute("SELECT * FROM journal_entry ORDER BY at_utc, created_at")
            tag_query = "SELECT tag FROM record_tag WHERE record_id = ? ORDER BY tag"
            key = "id"
        else:  # v2-practice and later: record + journal, tags by seq
            rows = db.execute("SELECT r.seq, r.id, r.at, r.created_at, r.updated_at, r.starred, j.text FROM record r "
                              "JOIN journal j ON j.seq = r.seq ORDER BY r.at_utc, r.created_at")
            tag_query = "SELECT tag FROM record_tag WHERE record_seq = ? ORDER BY tag"
            key = "seq"
        for row in rows:
            tags = [t[0] for t in db.execute(tag_query, (row[key],))]
            records.append({"id": row["id"], "kind": "journal", "at": row["at"], "created_at": row["created_at"],
                            "updated_at": row["updated_at"], "tags": tags, "starred": bool(row["starred"]),
                            "text": row["text"]})
        out["records"] = records
    return out


if __name__ == "__main__":
    if len(sys.argv) < 3:
        fail(64, __doc__)
    with open(sys.argv[2], encoding="utf-8") as f:
        words = f.read()
    if words.endswith("\n"):
        words = words[:-1]
    print(json.dumps(read(sys.argv[1], words, "--records" in sys.argv), indent=2, ensure_ascii=False))
