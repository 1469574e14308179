import Foundation
import Logging

/// How messages are written: `text` for people (the lines outputs.md shows), `json` for log
/// collectors (one object per line).
public enum LogFormat: String, Sendable, CaseIterable {
    case text, json
}

/// A swift-log handler that writes each message to stderr as one line.
///
/// Text: the message as it always read: findings and skipped files start with the file's
/// path (`exports/a.csv:12: reject: bad timestamp`), errors with `earshot: error: `, other
/// notes with `earshot: `. JSON: `{"level":"warning","message":"...","file":"...","line":12}`
/// with `file` and `line` where the message is about a place in a file, plus any other metadata.
public struct StderrLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public let format: LogFormat
    private let output: @Sendable (String) -> Void

    /// - Parameter output: where lines go (stderr by default; tests collect them).
    public init(format: LogFormat, level: Logger.Level,
                output: @escaping @Sendable (String) -> Void = { StandardError.shared.writeLine($0) }) {
        self.format = format
        self.logLevel = level
        self.output = output
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { $1 } }
        output(Self.line(level: event.level, message: "\(event.message)", metadata: all, format: format))
    }

    /// The line for one message.
    public static func line(level: Logger.Level, message: String, metadata: Logger.Metadata, format: LogFormat) -> String {
        let oneLine = message.replacingOccurrences(of: "\n", with: " ")
        switch format {
        case .text:
            switch level {
            case .error, .critical: return "earshot: error: " + oneLine
            case .warning: return oneLine
            default: return "earshot: " + oneLine
            }
        case .json:
            var fields = [("level", JSONValue.quote(name(of: level))), ("message", JSONValue.quote(message))]
            if case let .string(file)? = metadata["file"] { fields.append(("file", JSONValue.quote(file))) }
            if case let .string(line)? = metadata["line"], let number = Int(line) { fields.append(("line", String(number))) }
            for key in metadata.keys.sorted() where key != "file" && key != "line" {
                fields.append((key, JSONValue.quote("\(metadata[key]!)")))
            }
            return "{" + fields.map { JSONValue.quote($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
        }
    }

    /// `warning`, not swift-log's `warning` spelled otherwise: the names log collectors expect.
    static func name(of level: Logger.Level) -> String {
        switch level {
        case .trace: return "trace"
        case .debug: return "debug"
        case .info: return "info"
        case .notice: return "notice"
        case .warning: return "warning"
        case .error: return "error"
        case .critical: return "critical"
        }
    }
}

extension Logger {
    /// The metadata of a message about a place in a file.
    public static func place(file: String, line: Int) -> Metadata {
        line > 0 ? ["file": .string(file), "line": .string(String(line))] : ["file": .string(file)]
    }
}
