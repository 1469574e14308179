#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// The fields' spans: the first `count` of them (the reader's array is longer, reused from
    /// record to record).
    let spans: [Span]
    /// The number of fields.
    public let count: Int
    /// The physical line (1-based) where the record starts.
    public let line: Int
    let rawStart: Int
    let rawEnd: Int
    /// Set when the record is damaged; its fields are then what could be read (none for
    /// `.tooLong`).
    public let problem: Problem?
    let excerptBytes: [UInt8]?

    init(storage: [UInt8], spans: [Span], count: Int? = nil, line: Int, rawStart: Int, rawEnd: Int, problem: Problem?,
         excerptBytes: [UInt8]?) {
        precondition((count ?? spans.count) <= spans.count)
        self.storage = storage
        self.spans = spans
        self.count = count ?? spans.count
        self.line = line
        self.rawStart = rawStart
        self.rawEnd = rawEnd
        self.problem = problem
        self.excerptBytes = excerptBytes
    }

    /// The field's bytes with CSV quoting undone.
    public func bytes(at index: Int) -> ArraySlice<UInt8> {
        guard index >= 0 && index < count else { return [] }
        let span = spans[index]
        if !span.needsDecoding { return storage[span.start..<span.end] }
        return decoded(span)[...]
    }

    /// Calls `body` with the field's bytes (quoting undone; with `trimmed`, without leading and
    /// trailing ASCII white space) where they lie: the readers' per-field path, which
    /// `bytes(at:)` slowed with a retain and release of the record's storage per field.
    @inline(__always)
    func withBytes<R>(at index: Int, trimmed: Bool = false, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        guard index >= 0 && index < count else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        let span = spans[index]
        if span.needsDecoding {
            return decoded(span).withUnsafeBufferPointer { body(trimmed ? Self.trim($0) : $0) }
        }
        return storage.withUnsafeBufferPointer { all in
            let field = UnsafeBufferPointer(rebasing: all[span.start..<span.end])
            return body(trimmed ? Self.trim(field) : field)
        }
    }

    private static func trim(_ field: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0, end = field.count
        while start < end, ASCII.isWhiteSpace(field[start]) { start += 1 }
        while end > start, ASCII.isWhiteSpace(field[end - 1]) { end -= 1 }
        return UnsafeBufferPointer(rebasing: field[start..<end])
    }

    /// The field's bytes without leading and trailing ASCII white space.
    public func trimmedBytes(at index: Int) -> ArraySlice<UInt8> {
        var bytes = bytes(at: index)
        while let first = bytes.first, ASCII.isWhiteSpace(first) { bytes.removeFirst() }
        while let last = bytes.last, ASCII.isWhiteSpace(last) { bytes.removeLast() }
        return bytes
    }

    public func isEmpty(at index: Int) -> Bool {
        guard index >= 0 && index < count else { return true }
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
        guard index >= 0 && index < count, !spans[index].needsDecoding else { return nil }
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

    /// Whether a NUL byte is among the record's raw bytes (a damaged file: no export writes one).
    public var containsNUL: Bool {
        if let kept = excerptBytes, rawEnd - rawStart > kept.count || storage.isEmpty { return kept.contains(0) }
        guard rawEnd > rawStart else { return false }
        return storage.withUnsafeBufferPointer { memchr($0.baseAddress! + rawStart, 0, rawEnd - rawStart) != nil }
    }

    static let nulReason = "NUL byte in the record (a damaged file?)"

    /// Whether the whole record's raw bytes are valid UTF-8.
    public var isValidUTF8: Bool {
        if let kept = excerptBytes { return CSVRecord.decodeUTF8(kept[...]).isValidUTF8 }
        return CSVRecord.decodeUTF8(storage[rawStart..<rawEnd]).isValidUTF8
    }

    /// Undoes the quoting of a raw field: copies the runs between quotes, `""` gives one `"`,
    /// the closing quote ends the quoted part and what follows is kept as it is.
    private func decoded(_ span: Span) -> [UInt8] {
        storage.withUnsafeBufferPointer { buffer -> [UInt8] in
            guard let p = buffer.baseAddress, span.end > span.start else { return [] }
            return [UInt8](unsafeUninitializedCapacity: span.end - span.start) { out, written in
                var n = 0
                var i = span.start
                var inQuotes = false
                if p[i] == ASCII.quote {
                    inQuotes = true
                    i += 1
                }
                while i < span.end {
                    if !inQuotes {
                        let run = span.end - i
                        (out.baseAddress! + n).update(from: p + i, count: run)
                        n += run
                        break
                    }
                    let quoteAt: Int
                    if let hit = memchr(p + i, Int32(ASCII.quote), span.end - i) {
                        quoteAt = UnsafeRawPointer(hit) - UnsafeRawPointer(p)
                    } else {
                        quoteAt = span.end  // an unterminated field: the rest is content
                    }
                    (out.baseAddress! + n).update(from: p + i, count: quoteAt - i)
                    n += quoteAt - i
                    i = quoteAt
                    if i == span.end { break }
                    if i + 1 < span.end && p[i + 1] == ASCII.quote {
                        out[n] = ASCII.quote
                        n += 1
                        i += 2
                    } else {
                        inQuotes = false
                        i += 1
                    }
                }
                written = n
            }
        }
    }

    static func decodeUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> (text: String, isValidUTF8: Bool) {
        if ASCII.isAll(bytes) { return (String(decoding: bytes, as: UTF8.self), true) }
        if let valid = String(validating: bytes, as: UTF8.self) { return (valid, true) }
        return (String(decoding: bytes, as: UTF8.self), false)
    }

    static func decodeUTF8(_ bytes: ArraySlice<UInt8>) -> (text: String, isValidUTF8: Bool) {
        let ascii = bytes.withUnsafeBufferPointer { ASCII.isAll($0) }
        if ascii { return (String(decoding: bytes, as: UTF8.self), true) }
        if let valid = String(validating: bytes, as: UTF8.self) { return (valid, true) }
        return (String(decoding: bytes, as: UTF8.self), false)
    }
}
