import HearthCrypto
import HearthVault
import Testing

/// A key slot's cost as a person reads it (messages, `status`, `key list --json`'s preset).
struct KeySlotCostTests {
    @Test func aCostReadsAsPassesAndMebibytesAndNamesItsPreset() {
        #expect(Argon2idParameters(opsLimit: 3, memLimitBytes: 256 << 20).summary == "3 passes, 256 MiB")
        #expect(Argon2idParameters.moderate.presetName == "moderate")
        #expect(Argon2idParameters.interactive.presetName == "interactive")
        #expect(Argon2idParameters.sensitive.presetName == "sensitive")
        let custom = Argon2idParameters(opsLimit: Argon2idParameters.moderate.opsLimit + 1, memLimitBytes: Argon2idParameters.moderate.memLimitBytes)
        #expect(custom.presetName == "custom")
    }
}
