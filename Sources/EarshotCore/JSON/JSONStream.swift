import Foundation

/// Why a JSON export could not be read on: the structure ended early or broke.
public struct JSONStreamError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var message: String

    public var description: String { "\(file):\(line): malformed JSON: \(message)" }
}

/// A forward-only walk through a large JSON document read from a `ByteSource`, one value at a
/// time: the containers the caller cares about (the top-level array of `tweets.js`, the
/// `orderedItems` of a Mastodon outbox) are stepped through, and each element is captured as its
/// own bytes, to be parsed on its own by `JSONSerialization`. Memory is one buffer plus the
/// largest element, never the whole document: `JSONSerialization` on a whole 100 MB `tweets.js`
/// builds several GB of Foundation objects.
///
/// Only the structure is checked here (strings, escapes, nesting); whether an element is valid
/// JSON is for the parser of that element to say, so one damaged record is one reject.
struct JSONStream {
    private let source: ByteSource
    private let fileName: String
    private var buffer: [UInt8]
    private var position = 0
    private var end = 0
    private var atEnd = false
    /// The line of the next unread byte (1-based).
    private(set) var line = 1
    /// The longest element that is captured; longer ones are skipped and reported as too large.
    let maxValueBytes: Int

    init(source: ByteSource, fileName: String, bufferSize: Int = 1 << 16, maxValueBytes: Int = ResourceLimits.current.maxJSONElementBytes) {
        self.source = source
        self.fileName = fileName
        buffer = [UInt8](repeating: 0, count: max(16, bufferSize))
        self.maxValueBytes = maxValueBytes
    }

    /// What `captureValue` found.
    enum Captured {
        case bytes([UInt8])
        /// The value was longer than `maxValueBytes` and was skipped: its size in bytes.
        case tooLarge(Int)
    }

    func error(_ message: String) -> JSONStreamError {
        JSONStreamError(file: fileName, line: line, message: message)
    }

    // MARK: Bytes

    /// Refills the buffer when it is used up; false at the end of the stream.
    private mutating func fill() throws -> Bool {
        if position < end { return true }
        if atEnd { return false }
        position = 0
        end = 0
        let n = try buffer.withUnsafeMutableBytes { try source.read(into: $0) }
        if n == 0 {
            atEnd = true
            return false
        }
        end = n
        return true
    }

    private mutating func peekByte() throws -> UInt8? {
        try fill() ? buffer[position] : nil
    }

    private mutating func takeByte() throws -> UInt8? {
        guard try fill() else { return nil }
        let b = buffer[position]
        position += 1
        if b == 10 { line += 1 }
        return b
    }

    /// Skips white space (and a byte-order mark at the very start); the next byte, not taken.
    mutating func peekNonSpace() throws -> UInt8? {
        while let b = try peekByte() {
            switch b {
            case 0x20, 0x09, 0x0D: position += 1
            case 0x0A: position += 1; line += 1
            case 0xEF, 0xBB, 0xBF: position += 1 // BOM bytes between tokens are never valid JSON anyway
            default: return b
            }
        }
        return nil
    }

    /// Whether `skipAssignment` found its `=`.
    private(set) var sawAssignment = false

    /// Skips a JavaScript assignment's left side (`window.YTD.tweets.part0 =`): up to and
    /// including the first `=`, or up to the first `[` or `{` when there is no `=` before it.
    /// - Returns: false when the stream ends first.
    mutating func skipAssignment() throws -> Bool {
        while let b = try peekByte() {
            if b == UInt8(ascii: "[") || b == UInt8(ascii: "{") { return true }
            position += 1
            if b == 10 { line += 1 }
            if b == UInt8(ascii: "=") {
                sawAssignment = true
                return true
            }
        }
        return false
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws {
        guard let b = try peekNonSpace() else { throw error("the document ends early: expected \(what)") }
        guard b == byte else { throw error("expected \(what), found `\(Self.show(b))`") }
        position += 1
    }

    static func show(_ b: UInt8) -> String {
        b >= 0x20 && b < 0x7F ? String(UnicodeScalar(b)) : String(format: "0x%02X", b)
    }

    // MARK: Containers

    /// Inside an array (after `[` or after an element): true when another element follows (its
    /// first byte is next), false after the closing `]` is taken.
    mutating func nextElement(first: Bool) throws -> Bool {
        guard let b = try peekNonSpace() else { throw error("the document ends early inside an array") }
        if b == UInt8(ascii: "]") {
            position += 1
            return false
        }
        if !first {
            guard b == UInt8(ascii: ",") else { throw error("expected `,` or `]` after an array element, found `\(Self.show(b))`") }
            position += 1
            guard let next = try peekNonSpace() else { throw error("the document ends early inside an array") }
            if next == UInt8(ascii: "]") { // a trailing comma: tolerated
                position += 1
                return false
            }
        }
        return true
    }

    /// Inside an object (after `{` or after a value): the next key, with its `:` taken, or `nil`
    /// after the closing `}` is taken.
    mutating func nextKey(first: Bool) throws -> String? {
        guard var b = try peekNonSpace() else { throw error("the document ends early inside an object") }
        if b == UInt8(ascii: "}") {
            position += 1
            return nil
        }
        if !first {
            guard b == UInt8(ascii: ",") else { throw error("expected `,` or `}` after a value, found `\(Self.show(b))`") }
            position += 1
            guard let next = try peekNonSpace() else { throw error("the document ends early inside an object") }
            b = next
            if b == UInt8(ascii: "}") {
                position += 1
                return nil
            }
        }
        guard b == UInt8(ascii: "\"") else { throw error("expected a key, found `\(Self.show(b))`") }
        guard case let .bytes(raw) = try captureValue() else { throw error("a key longer than \(maxValueBytes) bytes") }
        guard let key = (try? JSONSerialization.jsonObject(with: Data(raw), options: .fragmentsAllowed)) as? String else {
            throw error("a key that is not a valid JSON string")
        }
        try expect(UInt8(ascii: ":"), "`:` after a key")
        return key
    }

    // MARK: Values

    /// The next value's bytes, exactly (a string with its quotes, an object with its braces).
    mutating func captureValue() throws -> Captured {
        try scanValue(keep: true)
    }

    /// Skips the next value without keeping it.
    mutating func skipValue() throws {
        _ = try scanValue(keep: false)
    }

    private mutating func scanValue(keep: Bool) throws -> Captured {
        guard let first = try peekNonSpace() else { throw error("the document ends early: expected a value") }
        var out: [UInt8] = []
        var size = 0
        var keeping = keep
        func append(_ chunk: ArraySlice<UInt8>) {
            size += chunk.count
            guard keeping else { return }
            if size > maxValueBytes {
                keeping = false
                out = []
            } else {
                out.append(contentsOf: chunk)
            }
        }
        let startLine = line
        switch first {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""):
            var depth = 0
            var inString = false
            var escaped = false
            scanning: while true {
                guard try fill() else {
                    throw JSONStreamError(file: fileName, line: line,
                                          message: "the document ends early inside a value that starts on line \(startLine)")
                }
                let chunkStart = position
                let chunkEnd = end
                var i = position
                var finished = false
                var newlines = 0
                buffer.withUnsafeBufferPointer { p in
                    while i < chunkEnd {
                        let b = p[i]
                        i += 1
                        if b == 10 { newlines += 1 }
                        if inString {
                            if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 {
                                inString = false
                                if depth == 0 { finished = true; return }
                            }
                            continue
                        }
                        switch b {
                        case 0x22: inString = true
                        case 0x7B, 0x5B: depth += 1
                        case 0x7D, 0x5D:
                            // A closer too many ends the value too: the element parser rejects it.
                            depth -= 1
                            if depth <= 0 { finished = true; return }
                        default: break
                        }
                    }
                }
                line += newlines
                append(buffer[chunkStart..<i])
                position = i
                if finished { break scanning }
            }
        default:
            // A number, true, false or null: up to the next delimiter.
            while let b = try peekByte() {
                if b == UInt8(ascii: ",") || b == UInt8(ascii: "]") || b == UInt8(ascii: "}") || b == 0x20 || b == 0x0A
                    || b == 0x0D || b == 0x09 { break }
                append(buffer[position..<(position + 1)])
                position += 1
            }
            if size == 0 { throw error("expected a value, found `\(Self.show(first))`") }
        }
        if keep && !keeping { return .tooLarge(size) }
        return .bytes(out)
    }
}

/// Reading fields out of a record parsed by `JSONSerialization`, tolerant of the ways exports
/// write them: numbers as strings (`"favorite_count" : "1"`), `null` for absent.
enum JSONField {
    /// A string field; numbers are written out as the digits they hold.
    static func string(_ value: Any?) -> String? {
        switch value {
        case let s as String: return s
        case let n as NSNumber: return n.stringValue
        default: return nil
        }
    }

    /// A non-empty string, trimmed.
    static func nonEmpty(_ value: Any?) -> String? {
        guard let s = string(value)?.trimmingCharacters(in: .whitespacesAndNewlines), !s.isEmpty else { return nil }
        return s
    }

    static func object(_ value: Any?) -> [String: Any]? { value as? [String: Any] }

    static func array(_ value: Any?) -> [Any] { value as? [Any] ?? [] }

    /// A counter: a JSON number or a string of digits; `.unknown` when absent or null.
    static func counter(_ value: Any?) -> Counter {
        switch value {
        case nil, is NSNull: return .unknown
        case let s as String: return Counter.parse(s)
        case let n as NSNumber:
            let d = n.doubleValue
            guard d >= 0, d < 9.0e15, d == d.rounded() else { return .invalid }
            return .value(Int(d))
        default: return .invalid
        }
    }

    /// Parses one captured element; `nil` when it is not a JSON object.
    static func parseObject(_ bytes: [UInt8]) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any]
    }
}
