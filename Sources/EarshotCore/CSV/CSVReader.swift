#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming RFC 4180 reader over a `ByteSource`, working on bytes in one bounded buffer.
///
/// This is the hot path of every CSV format, so fields are byte ranges into the buffer; a field
/// becomes a `String` only when a format reader asks for it, and `""` escapes are undone only
/// for the fields that contain them.
///
/// Decisions where RFC 4180 is silent or strict (formats.md, "Common rules"):
/// - A UTF-8 byte-order mark at the very start is dropped.
/// - Records end at LF or CRLF; the last line may lack a line end. A lone CR is ordinary data
///   (classic Mac files are not an export format we meet).
/// - Empty lines (nothing, or only a CR, before the line end) are skipped; line numbers still
///   count them, and count the newlines inside quoted fields, so that `line` is the physical
///   line an editor shows.
/// - Lenient with stray quotes: a `"` inside an unquoted field is kept as data, and bytes after
///   the closing quote of a quoted field are kept as data too (`"ab"c` reads `abc`).
/// - A quoted field still open at the end of the stream makes a record with
///   `problem == .unterminatedQuote` holding everything from its start.
/// - A record longer than `maxRecordBytes` is skipped without being buffered and delivered with
///   `problem == .tooLong` and no fields, so that one runaway quote cannot load a whole file.
///
/// Ragged rows are delivered as they are: `CSVRecord.count` says how many fields a row has,
/// and the format readers decide what that means.
public struct CSVReader {
    private let source: ByteSource
    /// The bytes read and not yet consumed are `buffer[position..<end]`.
    private var buffer: [UInt8]
    private var position = 0
    private var end = 0
    private var atEndOfStream = false
    private let initialCapacity: Int
    private let maxRecordBytes: Int
    /// The spans of the record being scanned: the first `spanCount`; the array is only ever
    /// grown, and written through a pointer (an append per field was much of the scan's time).
    private var spans: [CSVRecord.Span] = []
    private var spanCount = 0
    /// The physical line where the next record starts.
    private var line = 1
    private var checkedByteOrderMark = false
    /// A source error held back while the bytes read before it are scanned.
    private var pendingError: Error?

    /// - Parameters:
    ///   - bufferSize: the working buffer. It grows only while one record is longer, and shrinks
    ///     back afterwards. Tiny sizes work (tests use them to shake out boundary bugs).
    ///   - maxRecordBytes: the longest record that is kept; longer ones become `.tooLong`.
    public init(source: ByteSource, bufferSize: Int = 1 << 18, maxRecordBytes: Int = ResourceLimits.current.maxRecordBytes) {
        self.source = source
        initialCapacity = max(1, bufferSize)
        self.maxRecordBytes = max(1, maxRecordBytes)
        spans = Array(repeating: CSVRecord.Span(start: 0, end: 0, needsDecoding: false), count: 64)
        // A whole decompressed file is scanned where it lies: copying it into the buffer was a
        // memcpy of every byte read.
        if let memory = source as? MemorySource, memory.lendsWhole {
            buffer = memory.takeRest()
            end = buffer.count
            atEndOfStream = true
            if !buffer.isEmpty { return }
        }
        buffer = uninitializedBytes(initialCapacity)
        end = 0
    }

    /// The next record, or `nil` at the end of the stream. Errors of the source (a truncated
    /// gzip stream) propagate; the records returned before stay valid.
    public mutating func next() throws -> CSVRecord? {
        while true {
            if !checkedByteOrderMark {
                if end - position < 3 && !atEndOfStream {
                    try makeRoom()
                    continue
                }
                checkedByteOrderMark = true
                if end - position >= 3 && buffer[position] == 0xEF && buffer[position + 1] == 0xBB
                    && buffer[position + 2] == 0xBF {
                    position += 3
                }
            }
            if position == end {
                if atEndOfStream { return nil }
                try makeRoom()
                continue
            }
            switch scanRecord() {
            case .moreFields:
                spans.append(contentsOf: repeatElement(CSVRecord.Span(start: 0, end: 0, needsDecoding: false), count: spans.count))
            case .needMore:
                if end - position >= maxRecordBytes {
                    return try skipLongRecord()
                }
                try makeRoom()
            case let .complete(rawEnd, next, newlines, problem):
                let start = position
                let recordLine = line
                position = next
                line += newlines
                if problem == nil && rawEnd == start {
                    continue  // an empty line
                }
                if next - start > maxRecordBytes {
                    return CSVRecord(
                        storage: [], spans: [], line: recordLine, rawStart: 0, rawEnd: 0,
                        problem: problem ?? .tooLong,
                        excerptBytes: Array(buffer[start..<min(rawEnd, start + CSVRecord.excerptByteLimit)]))
                }
                return CSVRecord(
                    storage: buffer, spans: spans, count: spanCount, line: recordLine, rawStart: start, rawEnd: rawEnd,
                    problem: problem, excerptBytes: nil)
            }
        }
    }

    // MARK: - Buffer

    /// Moves the unconsumed bytes to the front (growing the buffer when they fill it, shrinking
    /// it back when a long record is gone) and reads more.
    private mutating func makeRoom() throws {
        let remaining = end - position
        if buffer.count > initialCapacity && remaining < initialCapacity {
            var smaller = uninitializedBytes(initialCapacity)
            if remaining > 0 {
                smaller.withUnsafeMutableBytes { target in
                    buffer.withUnsafeBytes { from in
                        target.baseAddress!.copyMemory(from: from.baseAddress! + position, byteCount: remaining)
                    }
                }
            }
            buffer = smaller
        } else if position > 0 {
            if remaining > 0 {
                let from = position
                buffer.withUnsafeMutableBytes { bytes in
                    _ = memmove(bytes.baseAddress!, bytes.baseAddress! + from, remaining)
                }
            }
        }
        position = 0
        end = remaining
        if end == buffer.count {
            let limit = max(maxRecordBytes, initialCapacity)
            let grown = max(buffer.count + 1, min(buffer.count * 2, limit))
            buffer.append(contentsOf: repeatElement(0, count: grown - buffer.count))
        }
        try fill()
    }

    /// Reads until the buffer is full or the stream ends. An error after some bytes came in is
    /// held back until those bytes are used up, so that every complete record before the damage
    /// is still delivered.
    private mutating func fill() throws {
        if let error = pendingError {
            pendingError = nil
            throw error
        }
        let capacity = buffer.count
        let before = end
        while end < capacity && !atEndOfStream {
            let start = end
            do {
                let n = try buffer.withUnsafeMutableBytes { bytes in
                    try source.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[start..<capacity]))
                }
                if n <= 0 {
                    atEndOfStream = true
                } else {
                    end += n
                }
            } catch {
                if end == before { throw error }
                pendingError = error
                return
            }
        }
    }

    // MARK: - Scanning

    private enum Scan {
        /// The record ends inside the bytes at hand. `rawEnd` excludes the line end.
        case complete(rawEnd: Int, next: Int, newlines: Int, problem: CSVRecord.Problem?)
        /// The bytes at hand end inside the record, and more may come.
        case needMore
        /// The record has more fields than `spans` has room for: grow it and scan again.
        case moreFields
    }

    /// Scans one record from `position`, filling `spans`. After a refill it starts again from
    /// the record's start: simpler than a resumable state machine, and cheap because the buffer
    /// is far larger than a record (and doubles when it is not).
    private mutating func scanRecord() -> Scan {
        let eof = atEndOfStream
        let start = position
        let end = self.end
        var count = 0
        let scan = spans.withUnsafeMutableBufferPointer { out in
            buffer.withUnsafeBufferPointer { bufferPointer -> Scan in
                Self.scanRecord(bufferPointer.baseAddress!, start: start, end: end, eof: eof, spans: out, written: &count)
            }
        }
        spanCount = count
        return scan
    }

    /// `scanRecord()` over plain pointers: the spans go to `spans` (`count` of them written).
    private static func scanRecord(_ p: UnsafePointer<UInt8>, start: Int, end: Int, eof: Bool,
                                   spans out: UnsafeMutableBufferPointer<CSVRecord.Span>, written: inout Int) -> Scan {
        let capacity = out.count
        var count = 0
        defer { written = count }
        var i = start
        var newlines = 0
        while true {
            let fieldStart = i
            if count == capacity { return .moreFields }
            if i == end {
                // After a comma at the end of the stream: an empty last field.
                if !eof { return .needMore }
                out[count] = CSVRecord.Span(start: i, end: i, needsDecoding: false)
                count += 1
                return .complete(rawEnd: i, next: i, newlines: newlines, problem: nil)
            }
            let contentStart: Int
            var contentEnd: Int
            var needsDecoding = false
            if p[i] == ASCII.quote {
                i += 1
                var escaped = false
                var closed = false
                while true {
                    let found = findQuote(p, from: i, to: end)
                    newlines += found.newlines
                    i = found.index
                    if i == end { break }
                    if i + 1 == end {
                        if !eof { return .needMore }  // maybe the first half of `""`
                        i += 1
                        closed = true
                        break
                    }
                    if p[i + 1] == ASCII.quote {
                        escaped = true
                        i += 2
                        continue
                    }
                    i += 1
                    closed = true
                    break
                }
                if !closed {
                    if !eof { return .needMore }
                    out[count] = CSVRecord.Span(start: fieldStart, end: end, needsDecoding: true)
                    count += 1
                    return .complete(rawEnd: end, next: end, newlines: newlines, problem: .unterminatedQuote)
                }
                let closingEnd = i
                i = findDelimiter(p, from: i, to: end)
                if i == end && !eof { return .needMore }
                var tailEnd = i
                if tailEnd > closingEnd && p[tailEnd - 1] == ASCII.carriageReturn
                    && (i == end || p[i] == ASCII.newline) {
                    tailEnd -= 1  // the CR of a CRLF (or of a last line without LF)
                }
                if tailEnd == closingEnd && !escaped {
                    contentStart = fieldStart + 1
                    contentEnd = closingEnd - 1
                } else {
                    contentStart = fieldStart
                    contentEnd = tailEnd
                    needsDecoding = true
                }
            } else {
                i = findDelimiter(p, from: i, to: end)
                if i == end && !eof { return .needMore }
                contentStart = fieldStart
                contentEnd = i
                if contentEnd > contentStart && p[contentEnd - 1] == ASCII.carriageReturn
                    && (i == end || p[i] == ASCII.newline) {
                    contentEnd -= 1
                }
            }
            out[count] = CSVRecord.Span(start: contentStart, end: contentEnd, needsDecoding: needsDecoding)
            count += 1
            if i == end {
                return .complete(rawEnd: lineContentEnd(p, start: start, lineEnd: end), next: end,
                                 newlines: newlines, problem: nil)
            }
            if p[i] == ASCII.comma {
                i += 1
                continue
            }
            return .complete(rawEnd: lineContentEnd(p, start: start, lineEnd: i), next: i + 1,
                             newlines: newlines + 1, problem: nil)
        }
    }

    /// Skips a record longer than `maxRecordBytes` without buffering it, keeping its first bytes
    /// for the excerpt. A small state machine, because the record no longer fits the buffer.
    private mutating func skipLongRecord() throws -> CSVRecord {
        enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
        let excerpt = Array(buffer[position..<min(end, position + CSVRecord.excerptByteLimit)])
        let recordLine = line
        var state = State.fieldStart
        var newlines = 0
        while true {
            var i = position
            var finished = false
            while i < end {
                let byte = buffer[i]
                i += 1
                if byte == ASCII.newline {
                    newlines += 1
                    if state != .quoted {
                        finished = true
                        break
                    }
                    continue
                }
                switch state {
                case .fieldStart:
                    state = byte == ASCII.quote ? .quoted : (byte == ASCII.comma ? .fieldStart : .unquoted)
                case .unquoted:
                    if byte == ASCII.comma { state = .fieldStart }
                case .quoted:
                    if byte == ASCII.quote { state = .quoteInQuoted }
                case .quoteInQuoted:
                    state = byte == ASCII.quote ? .quoted : (byte == ASCII.comma ? .fieldStart : .unquoted)
                }
            }
            position = i
            if finished || (atEndOfStream && position == end) {
                line += newlines
                let problem: CSVRecord.Problem = !finished && state == .quoted ? .unterminatedQuote : .tooLong
                return CSVRecord(storage: [], spans: [], line: recordLine, rawStart: 0, rawEnd: 0,
                                 problem: problem, excerptBytes: excerpt)
            }
            // Nothing of this record is kept: start the buffer afresh.
            position = 0
            end = 0
            if buffer.count > initialCapacity {
                buffer = uninitializedBytes(initialCapacity)
            }
            try fill()
        }
    }
}

enum ASCII {
    static let quote = UInt8(ascii: "\"")
    static let comma = UInt8(ascii: ",")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let dot = UInt8(ascii: ".")

    @inline(__always)
    static func isWhiteSpace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == newline || byte == carriageReturn
    }

    /// Whether every byte is below 0x80, eight bytes at a time: `allSatisfy` takes a byte and a
    /// branch at a time, and this runs over every text field of every row.
    @inline(__always)
    static func isAll(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(p)
        let n = bytes.count
        var seen: UInt64 = 0
        var i = 0
        while i + 32 <= n {
            seen |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                | raw.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self) | raw.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
            if seen & 0x8080_8080_8080_8080 != 0 { return false }
            i += 32
        }
        while i + 8 <= n {
            seen |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            i += 8
        }
        while i < n {
            seen |= UInt64(p[i])
            i += 1
        }
        return seen & 0x8080_8080_8080_8080 == 0
    }
}

/// The end of a line's content: before its CR when it ends in CRLF.
@inline(__always)
private func lineContentEnd(_ p: UnsafePointer<UInt8>, start: Int, lineEnd: Int) -> Int {
    lineEnd > start && p[lineEnd - 1] == ASCII.carriageReturn ? lineEnd - 1 : lineEnd
}

/// The first `"` in `from..<to` (or `to`), and how many newlines come before it: memchr does
/// the searching, since quoted text is most of the bytes of a tweet export.
@inline(__always)
private func findQuote(_ p: UnsafePointer<UInt8>, from: Int, to: Int) -> (index: Int, newlines: Int) {
    guard from < to else { return (to, 0) }
    // Most quoted fields are short (`"0.0"`): their first bytes in one pass, without two
    // library calls per field; memchr for the rest of a long one.
    var newlines = 0
    var i = from
    let shortEnd = min(to, from + 32)
    // Eight bytes at a time: a word without `"` or LF is skipped in a few instructions.
    while i + 8 <= shortEnd {
        let word = UInt64(littleEndian: UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self))
        let quotes = zeroBytes(word ^ 0x2222_2222_2222_2222)
        let lineFeeds = zeroBytes(word ^ 0x0A0A_0A0A_0A0A_0A0A)
        if quotes | lineFeeds == 0 {
            i += 8
            continue
        }
        // The lowest flag of each is exact (higher ones may be false): the first quote is
        // there, and a line feed comes before it only if the lowest line-feed flag does.
        let quoteAt = quotes == 0 ? 8 : quotes.trailingZeroBitCount >> 3
        if lineFeeds != 0 && lineFeeds.trailingZeroBitCount >> 3 < quoteAt {
            for k in 0..<quoteAt where p[i + k] == ASCII.newline { newlines += 1 }
        }
        if quotes != 0 { return (i + quoteAt, newlines) }
        i += 8
    }
    while i < shortEnd {
        let byte = p[i]
        if byte == ASCII.quote { return (i, newlines) }
        if byte == ASCII.newline { newlines += 1 }
        i += 1
    }
    if i == to { return (to, newlines) }
    let quoteAt: Int
    if let hit = memchr(p + i, Int32(ASCII.quote), to - i) {
        quoteAt = UnsafeRawPointer(hit) - UnsafeRawPointer(p)
    } else {
        quoteAt = to
    }
    while i < quoteAt, let hit = memchr(p + i, Int32(ASCII.newline), quoteAt - i) {
        newlines += 1
        i = UnsafeRawPointer(hit) - UnsafeRawPointer(p) + 1
    }
    return (quoteAt, newlines)
}

/// The high bit of each zero byte of `x`: the lowest one set is exactly the first zero byte;
/// bytes above a zero byte may be flagged falsely (a borrow), so only the lowest is to be trusted.
@inline(__always)
private func zeroBytes(_ x: UInt64) -> UInt64 {
    (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
}

/// The first comma or newline in `from..<to` (or `to`).
@inline(__always)
private func findDelimiter(_ p: UnsafePointer<UInt8>, from: Int, to: Int) -> Int {
    var i = from
    while i < to {
        let byte = p[i]
        if byte == ASCII.comma || byte == ASCII.newline { return i }
        i += 1
    }
    return to
}
