import Foundation
import Logging
import EarshotCore

/// Lines a test's logger received.
public final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    public init() {}

    public func append(_ line: String) {
        lock.lock()
        stored.append(line)
        lock.unlock()
    }

    public var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }

    public var logger: Logger {
        Logger(label: "test") { _ in StderrLogHandler(format: .text, level: .info, output: { self.append($0) }) }
    }

    /// From the cache's line: (organizations unchanged, organizations read).
    public var cacheCounts: (unchanged: Int, read: Int)? {
        for line in all where line.contains(" organizations unchanged, ") {
            let words = line.split(separator: " ")
            guard let at = words.firstIndex(of: "organizations"), at > 0, let unchanged = Int(words[at - 1]),
                  let readAt = words.firstIndex(of: "read;"), readAt > 0, let read = Int(words[readAt - 1]) else { continue }
            return (unchanged, read)
        }
        return nil
    }
}
