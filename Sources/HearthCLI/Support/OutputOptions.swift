import ArgumentParser

/// How much a command says besides what was asked for: taken by every command (inside
/// `VaultOptions`, and on its own by the few commands without a vault to open).
struct OutputOptions: ParsableArguments {
    @Flag(name: [.customShort("q"), .long], help: "Say nothing but the output asked for and errors: no notes, no progress line.")
    var quiet = false

    /// Runs right after parsing, before the command says anything.
    func validate() throws {
        if quiet { Console.quiet = true }
    }
}
