import HearthCrypto
import Testing

/// Argon2id known answers. RFC 9106's Argon2id vector uses a secret and associated data,
/// which libsodium's `crypto_pwhash` cannot take, so the vectors here are ones libsodium can:
/// - libsodium's own published vectors (test/default/pwhash_argon2id.c and .exp in the
///   libsodium repository), re-checked with the Argon2 reference implementation through
///   argon2-cffi 25.1 (`argon2.low_level.hash_secret_raw`, type ID, version 19);
/// - the argon2 reference test vector "password"/"somesalt" at t=2, m=64 MiB, p=1 cannot be
///   used as it is (libsodium needs a 16-byte salt), so the same inputs with the salt
///   "somesaltsomesalt" were computed with the reference implementation (argon2-cffi) alone.
///   That vector is exactly libsodium's INTERACTIVE preset, the cost Hearth's tests use.
/// Passing them shows that Hearth hands libsodium the right algorithm (Argon2id v1.3), the
/// memory in bytes (not KiB) and the passes unchanged.
@Suite struct PasswordHashTests {
    @Test func libsodiumVectorOnePass() throws {
        let key = try PasswordHash.deriveKey(
            passphrase: SecretBytes(copying: hex("b540beb016a5366524d4605156493f9874514a5aa58818cd0c6dfffaa9e90205f17b")),
            salt: hex("44071f6d181561670bda728d43fb79b4"),
            parameters: Argon2idParameters(opsLimit: 1, memLimitBytes: 1_631_659), keyLength: 231)
        #expect(key == (try SecretBytes(copying: hex("""
            7fb72409b0987f8190c3729710e98c3f80c5a8727d425fdcde7f3644d467fe973f5b5fee683bd3fce812cb9ae5e9921a2d06c2f1905e4e
            839692f2b934b682f11a2fe2b90482ea5dd234863516dba6f52dc0702d324ec77d860c2e181f84472bd7104fedce071ffa93c530949
            4ad51623d214447a7b2b1462dc7d5d55a1f6fd5b54ce024118d86f0c6489d16545aaa87b6689dad9f2fb47fda9894f8e12b87d978b
            483ccd4cc5fd9595cdc7a818452f915ce2f7df95ec12b1c72e3788d473441d884f9748eb14703c21b45d82fd667b85f5b2d98c1330
            3b3fe76285531a826b6fc0fe8e3dddecf
            """))))
    }

    @Test func libsodiumVectorThreePasses() throws {
        let key = try PasswordHash.deriveKey(
            passphrase: SecretBytes(copying: hex("""
                4a857e2ee8aa9b6056f2424e84d24a72473378906ee04a46cb05311502d5250b82ad86b83c8f20a23dbb74f6da60b0b6ecffd6
                7134d45946ac8ebfb3064294bc097d43ced68642bfb8bbbdd0f50b30118f5e
                """)),
            salt: hex("39d82eef32010b8b79cc5ba88ed539fb"),
            parameters: Argon2idParameters(opsLimit: 3, memLimitBytes: 1_432_947), keyLength: 190)
        #expect(key == (try SecretBytes(copying: hex("""
            08d8cd330c57e1b4643241d05bb468ba4ee4e932cd0858816be9ef15360b27bbd06a87130ee92222be267a29b81f5ae8fe861332
            4cfc4832dc49387fd0602f1c57b4d0f3855db94fb7e12eb05f9a484aed4a4307abf586cd3d55c809bc081541e00b682772fb20665
            04ff935b8ebc551a2083882f874bc0fae68e56848ae34c91097c3bf0cca8e75c0797eef3efde3f75e005815018db3cf7c109a81226
            4c4de69dcb22322dbbcfa447f5b00ecd1b04a7be1569c8e556adb7bba48adf81d
            """))))
    }

    @Test func referenceImplementationVectorAtInteractiveCost() throws {
        #expect(Argon2idParameters.interactive == Argon2idParameters(opsLimit: 2, memLimitBytes: 64 << 20))
        let key = try PasswordHash.deriveKey(
            passphrase: SecretBytes(copying: Array("password".utf8)), salt: Array("somesaltsomesalt".utf8),
            parameters: .interactive)
        #expect(key == (try SecretBytes(copying: hex("fc33b78139231d34b71626bd6245c1d72efa190ad605c3d8166a72adcedfa2c2"))))
    }

    @Test func emptyPassphraseIsAllowedAndDistinct() throws {
        let salt = [UInt8](repeating: 0, count: PasswordHash.saltLength)
        let empty = try PasswordHash.deriveKey(passphrase: SecretBytes(count: 0), salt: salt, parameters: .interactive)
        // Computed with the Argon2 reference implementation (argon2-cffi 25.1).
        #expect(empty == (try SecretBytes(copying: hex("537cfb3454f816e890340e7d05c6d293d6433f9f999a39fd554f0bc3a50e32e4"))))
    }

    @Test func saltOfTheWrongLengthIsRefused() throws {
        let secret = try SecretBytes(copying: Array("password".utf8))
        #expect(throws: CryptoError.invalidLength(what: "salt", expected: 16, actual: 8)) {
            try PasswordHash.deriveKey(passphrase: secret, salt: Array("somesalt".utf8), parameters: .interactive)
        }
    }

    @Test func costsLibsodiumRejectsAreRefusedWithoutRunning() throws {
        let secret = try SecretBytes(copying: Array("password".utf8))
        let salt = [UInt8](repeating: 1, count: 16)
        #expect(throws: CryptoError.invalidKDFParameters) {
            try PasswordHash.deriveKey(passphrase: secret, salt: salt, parameters: .init(opsLimit: 0, memLimitBytes: 8 << 20))
        }
        #expect(throws: CryptoError.invalidKDFParameters) {
            try PasswordHash.deriveKey(passphrase: secret, salt: salt, parameters: .init(opsLimit: 2, memLimitBytes: 1024))
        }
    }

    @Test func readBoundsAcceptThePresetsAndRefuseAbsurdCosts() {
        #expect(Argon2idParameters.interactive.isWithinReadBounds)
        #expect(Argon2idParameters.moderate.isWithinReadBounds)
        #expect(Argon2idParameters.sensitive.isWithinReadBounds)
        #expect(Argon2idParameters(opsLimit: 3, memLimitBytes: 256 << 20).isWithinReadBounds)
        // CLI.md: memory above 1 GiB or below 8 MiB, or an absurd time cost, is damage.
        #expect(!Argon2idParameters(opsLimit: 2, memLimitBytes: (1 << 30) + 1).isWithinReadBounds)
        #expect(!Argon2idParameters(opsLimit: 2, memLimitBytes: (8 << 20) - 1).isWithinReadBounds)
        #expect(!Argon2idParameters(opsLimit: 2, memLimitBytes: 1 << 40).isWithinReadBounds)
        #expect(!Argon2idParameters(opsLimit: 0, memLimitBytes: 64 << 20).isWithinReadBounds)
        #expect(!Argon2idParameters(opsLimit: 1 << 32, memLimitBytes: 64 << 20).isWithinReadBounds)
        #expect(!Argon2idParameters(opsLimit: .max, memLimitBytes: .max).isWithinReadBounds)
    }

    @Test func moderateThresholdForTheWarning() {
        #expect(!Argon2idParameters.interactive.isAtLeastModerate)
        #expect(Argon2idParameters.moderate.isAtLeastModerate)
        #expect(Argon2idParameters.sensitive.isAtLeastModerate)
        #expect(Argon2idParameters(opsLimit: 5, memLimitBytes: 256 << 20).isAtLeastModerate)
        #expect(!Argon2idParameters(opsLimit: 2, memLimitBytes: 256 << 20).isAtLeastModerate)
        // Many passes cannot make up for too little memory.
        #expect(!Argon2idParameters(opsLimit: 64, memLimitBytes: 64 << 20).isAtLeastModerate)
    }
}
