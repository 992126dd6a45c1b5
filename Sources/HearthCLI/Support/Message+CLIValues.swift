import ArgumentParser
import HearthCrypto
import HearthMessages

// The catalogue (HearthMessages) takes plain values; what only the command line knows (whether
// --verbose was given, today's recommended unlocking cost) is filled in here. Nothing here makes
// a message: each is a catalogue message, shown or handed on.

extension Message {
    /// A usage error (64) for ArgumentParser's `validate()`: it prints "Error: " and the usage after
    /// it. The only usage error the CLI makes, and always from a catalogue message.
    var usageError: ValidationError { ValidationError(rendered(verbose: Console.verbose)) }

    /// `weakSlots` with today's recommended minimum cost (`Argon2idParameters.recommendedMinimum`).
    static func weakSlots(_ slots: String, count: Int, justWritten: Bool) -> Message {
        .weakSlots(slots, count: count, justWritten: justWritten, recommended: Argon2idParameters.recommendedMinimum.summary)
    }
}
