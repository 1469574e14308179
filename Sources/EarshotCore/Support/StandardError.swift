import Foundation

/// stderr, shared by the log messages and the progress line: a message first clears the
/// progress line, is written whole (one `write(2)` per line, so lines of different threads
/// never interleave), and the progress line is drawn again below it.
public final class StandardError: @unchecked Sendable {
    public static let shared = StandardError()
    private let lock = NSLock()
    private var status: String?

    /// Whether stderr is a terminal (the progress line is shown only there, unless forced).
    public static var isTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    public func writeLine(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        var text = status == nil ? "" : "\r\u{1B}[K"
        text += line + "\n"
        if let status { text += status }
        Self.emit(text)
    }

    /// Replaces the progress line (no newline); nil removes it.
    public func setStatus(_ line: String?) {
        lock.lock()
        defer { lock.unlock() }
        if status != nil || line != nil { Self.emit("\r\u{1B}[K" + (line ?? "")) }
        status = line
    }

    private static func emit(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += n
        }
        bytes.removeAll()
    }
}
