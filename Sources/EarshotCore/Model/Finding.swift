/// A problem in the user's input: data that flows to `rejects.csv`, the summary and the
/// messages, never an error that stops the run.
public struct Finding: Sendable, Equatable {
    public enum Severity: String, Sendable { case reject, warning }
    public var severity: Severity
    /// The file as the user named it (relative to the input it was found under).
    public var file: String
    /// Physical line (CSV, XML) or record number; 0 for the file as a whole.
    public var line: Int
    public var reason: String
    /// At most 200 characters of the raw record.
    public var excerpt: String

    public init(_ severity: Severity, file: String, line: Int, reason: String, excerpt: String = "") {
        self.severity = severity
        self.file = file
        self.line = line
        self.reason = reason
        self.excerpt = String(excerpt.prefix(200))
    }

    public static func reject(file: String, line: Int, reason: String, excerpt: String = "") -> Finding {
        Finding(.reject, file: file, line: line, reason: reason, excerpt: excerpt)
    }

    public static func warning(file: String, line: Int, reason: String, excerpt: String = "") -> Finding {
        Finding(.warning, file: file, line: line, reason: reason, excerpt: excerpt)
    }

    /// One line for stderr: `file:line: reason`.
    public var message: String {
        line > 0 ? "\(file):\(line): \(severity.rawValue): \(reason)" : "\(file): \(severity.rawValue): \(reason)"
    }
}
