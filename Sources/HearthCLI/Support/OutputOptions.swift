import ArgumentParser

/// How much a command says besides what was asked for: taken by every command (inside
/// `VaultOptions`, and on its own by the few commands without a vault to open).
struct OutputOptions: ParsableArguments {
    static let quietHelp: ArgumentHelp = "Say nothing but the output asked for, warnings and errors: no notes, no progress line."

    @Flag(name: [.customShort("q"), .long], help: quietHelp)
    var quiet = false

    /// Runs right after parsing, before the command says anything.
    func validate() throws {
        if quiet { Console.quiet = true }
    }
}
