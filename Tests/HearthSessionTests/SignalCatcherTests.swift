import Foundation
import Testing

@testable import HearthSession

@Suite(.serialized) struct SignalCatcherTests {
    @Test func catchesASignalEvenWhenItWasBlocked() throws {
        // A parent may start Hearth with signals blocked; the catcher must still get them.
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGUSR2)
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
        let catcher = try #require(SignalCatcher([SIGUSR2]))
        #expect(SignalCatcher([SIGUSR1]) == nil, "one catcher at a time")
        raise(SIGUSR2)
        catcher.wait(seconds: 1)
        #expect(catcher.pending() == [SIGUSR2])
        #expect(catcher.pending().isEmpty)
        catcher.release()
        // Released: the previous disposition is back, and a new catcher can start.
        var previous = sigaction()
        sigaction(SIGUSR2, nil, &previous)
        #expect(previous.__sigaction_handler.sa_handler == nil)
        let again = try #require(SignalCatcher([SIGUSR1]))
        again.release()
    }
}
