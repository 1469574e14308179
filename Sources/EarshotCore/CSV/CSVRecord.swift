/// One record of a CSV file: its fields as byte ranges into the reader's buffer.
///
/// Cheap to pass around while the next record is read; a record kept longer holds on to its
/// buffer (copy-on-write), so it stays correct, only dearer. Field access beyond `count` gives
/// an empty field, because ragged rows are normal in some exports.
public struct CSVRecord {
    public enum Problem: String, Sendable, Equatable {
        /// A quoted field was still open at the end of the file.
        case unterminatedQuote = "unterminated quoted field"
        /// The record was longer than the reader's limit and was skipped.
        case tooLong = "record too long"
    }

    struct Span {
        var start: Int
        var end: Int
        /// The range is the raw field, quotes included: `""` escapes (or bytes after the closing
        /// quote) must be undone. Otherwise it is exactly the field's content.
        var needsDecoding: Bool
    }

    /// Raw bytes kept for an excerpt: about 200 characters, even when every one takes 4 bytes.
    static let excerptByteLimit = 800

    let storage: [UInt8]
    let spans: [Span]
    /// The physical line (1-based) where the record starts.
    public let line: Int
    let rawStart: Int
    let rawEnd: Int
    /// Set when the record is damaged; its fields are then what could be read (none for
    /// `.tooLong`).
    public let problem: Problem?
    let excerptBytes: [UInt8]?

    /// The number of fields.
    public var count: Int { spans.count }

    /// The field's bytes with CSV quoting undone.
    public func bytes(at index: Int) -> ArraySlice<UInt8> {
        guard index >= 0 && index < spans.count else { return [] }
        let span = spans[index]
        if !span.needsDecoding { return storage[span.start..<span.end] }
        return decoded(span)[...]
    }

    public func isEmpty(at index: Int) -> Bool {
        guard index >= 0 && index < spans.count else { return true }
        let span = spans[index]
        if !span.needsDecoding { return span.start == span.end }
        return decoded(span).isEmpty
    }

    /// The field as text; invalid UTF-8 becomes U+FFFD.
    public func string(at index: Int) -> String {
        decodedString(at: index).text
    }

    public subscript(index: Int) -> String { string(at: index) }

    /// The field as text, and whether its bytes were valid UTF-8 (invalid sequences are
    /// replaced by U+FFFD, and the format reader counts a warning).
    public func decodedString(at index: Int) -> (text: String, isValidUTF8: Bool) {
        CSVRecord.decodeUTF8(bytes(at: index))
    }

    /// The field as a whole number when it is plain ASCII digits, optionally followed by `.0`
    /// (`18`, `"18.0"`), else `nil`: the fast path for counters, which avoids a `String`.
    /// Anything else (`1,234`, `100+`, `-`) is for `Counter.parse`.
    public func integer(at index: Int) -> Int? {
        guard index >= 0 && index < spans.count, !spans[index].needsDecoding else { return nil }
        let span = spans[index]
        return storage.withUnsafeBufferPointer { p -> Int? in
            var i = span.start
            var value = 0
            var digits = 0
            while i < span.end, p[i] >= ASCII.zero && p[i] <= ASCII.nine {
                let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(Int(p[i] - ASCII.zero))
                if overflow1 || overflow2 { return nil }
                value = sum
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            if i < span.end {
                guard p[i] == ASCII.dot, i + 1 < span.end else { return nil }
                i += 1
                while i < span.end {
                    if p[i] != ASCII.zero { return nil }
                    i += 1
                }
            }
            return value
        }
    }

    /// The start of the record's raw bytes (at most 200 characters) for a reject.
    public var excerpt: String {
        let raw: ArraySlice<UInt8>
        if let kept = excerptBytes {
            raw = kept[...]
        } else {
            raw = storage[rawStart..<min(rawEnd, rawStart + CSVRecord.excerptByteLimit)]
        }
        return String(String(decoding: raw, as: UTF8.self).prefix(200))
    }

    /// Whether the whole record's raw bytes are valid UTF-8.
    public var isValidUTF8: Bool {
        if let kept = excerptBytes { return CSVRecord.decodeUTF8(kept[...]).isValidUTF8 }
        return CSVRecord.decodeUTF8(storage[rawStart..<rawEnd]).isValidUTF8
    }

    private func decoded(_ span: Span) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(span.end - span.start)
        var i = span.start
        var inQuotes = false
        if i < span.end && storage[i] == ASCII.quote {
            inQuotes = true
            i += 1
        }
        while i < span.end {
            let byte = storage[i]
            if inQuotes && byte == ASCII.quote {
                if i + 1 < span.end && storage[i + 1] == ASCII.quote {
                    out.append(ASCII.quote)
                    i += 2
                } else {
                    inQuotes = false  // the closing quote; what follows is kept as it is
                    i += 1
                }
                continue
            }
            out.append(byte)
            i += 1
        }
        return out
    }

    static func decodeUTF8(_ bytes: ArraySlice<UInt8>) -> (text: String, isValidUTF8: Bool) {
        let ascii = bytes.withUnsafeBufferPointer { p in
            p.allSatisfy { $0 < 0x80 }
        }
        if ascii { return (String(decoding: bytes, as: UTF8.self), true) }
        if let valid = String(validating: bytes, as: UTF8.self) { return (valid, true) }
        return (String(decoding: bytes, as: UTF8.self), false)
    }
}
