/// The headings that gather the options many commands repeat (where the vault is, where its
/// secret comes from), so that each command's help shows its own options first.
enum OptionTitle {
    static let vault = "Vault and secret options"
    static let newPassphrase = "New passphrase options"
    static let backupSecret = "The backup's secret (when it differs)"
    static let otherSecret = "The other copy's secret (when it differs)"
}
