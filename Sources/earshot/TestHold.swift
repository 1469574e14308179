import Foundation

/// A pause for the tests of what a killed run leaves behind: with
/// `EARSHOT_TEST_HOLD=<point>:<file>` in the environment, a run that reaches `<point>` creates
/// `<file>` and waits while it exists (a test then kills the run, or removes the file to let it
/// go on). Point: `commit` (every file of the new report written, nothing replaced yet). The
/// command line hands it to the job as the output folder's `beforeCommit`; the library knows
/// nothing of it.
enum TestHold {
    static func pause(at point: String) -> (@Sendable () -> Void)? {
        guard let spec = ProcessInfo.processInfo.environment["EARSHOT_TEST_HOLD"],
              let colon = spec.firstIndex(of: ":"), spec[..<colon] == point else { return nil }
        let file = String(spec[spec.index(after: colon)...])
        return {
            guard FileManager.default.createFile(atPath: file, contents: Data("\(getpid())\n".utf8)) else { return }
            while FileManager.default.fileExists(atPath: file) { usleep(10_000) }
        }
    }
}
