import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the CSV export readers (T1 to T4) share: the header check, one event per record, the
/// problem records of the CSV layer, counters with warnings, and the invalid UTF-8 warning.
///
/// Decisions where the spec is silent:
/// - A header missing a required column rejects the file as one reject on the header's line
///   (1, unless empty lines come first), naming every missing column; nothing else is read.
/// - An empty file (no header) emits nothing: there is no record to lose.
/// - Invalid UTF-8 gives one warning per file (at the end), naming how many records had it and
///   the first line, rather than one per record.
/// - Post ids must be ASCII digits: an id such as `1.23457E+18` (a spreadsheet has been at the
///   file) would silently merge different posts, so it is rejected as `bad id`.
enum CSVExport {
    /// The reader's buffer size; tests make it tiny.
    static let defaultBufferSize = 1 << 18

    /// Streams the rows of a CSV export.
    /// - Parameters:
    ///   - columns: resolves the reader's column indexes once from the header; a required
    ///     column that is missing rejects the file.
    ///   - row: turns one data row into a post, or throws a `RejectReason`; warnings go to the
    ///     row.
    static func read<Columns>(
        _ source: ByteSource, file: ExportFile, bufferSize: Int,
        emit: (consuming ReaderEvent) -> Void,
        columns: (inout ColumnLookup) -> Columns,
        row: (inout CSVRow, Columns) throws -> Post
    ) throws {
        var reader = CSVReader(source: source, bufferSize: bufferSize)
        guard let headerRecord = try reader.next() else { return }
        if let problem = headerRecord.problem {
            emit(.finding(.reject(file: file.displayPath, line: headerRecord.line,
                                  reason: "\(problem.rawValue) in the header", excerpt: headerRecord.excerpt)))
            return
        }
        var lookup = ColumnLookup(header: CSVHeaderCache.shared.header(of: headerRecord))
        let resolved = columns(&lookup)
        let missing = lookup.missing
        if !missing.isEmpty {
            let names = missing.map { "`\($0)`" }.joined(separator: ", ")
            emit(.finding(.reject(file: file.displayPath, line: headerRecord.line,
                                  reason: "missing column\(missing.count > 1 ? "s" : ""): \(names)",
                                  excerpt: headerRecord.excerpt)))
            return
        }
        var invalidUTF8Records = 0
        var firstInvalidUTF8Line = 0
        defer {
            if invalidUTF8Records > 0 {
                let records = invalidUTF8Records == 1 ? "1 record" : "\(invalidUTF8Records) records"
                emit(.finding(.warning(
                    file: file.displayPath, line: firstInvalidUTF8Line,
                    reason: "invalid UTF-8 replaced by U+FFFD in \(records) (first at line \(firstInvalidUTF8Line))")))
            }
        }
        while let record = try reader.next() {
            if let problem = record.problem {
                emit(.finding(.reject(file: file.displayPath, line: record.line, reason: problem.rawValue,
                                      excerpt: record.excerpt)))
                continue
            }
            if record.containsNUL {
                emit(.finding(.reject(file: file.displayPath, line: record.line, reason: CSVRecord.nulReason,
                                      excerpt: record.excerpt)))
                continue
            }
            var current = CSVRow(record: record)
            // A row closure throws a `RejectReason` to reject its row. It returns the post itself,
            // not an enum holding it: wrapping a post cost a copy of it per row.
            do {
                let post = try row(&current, resolved)
                emit(.post(post, line: record.line))
            } catch let reason as RejectReason {
                emit(.finding(.reject(file: file.displayPath, line: record.line, reason: reason.text,
                                      excerpt: record.excerpt)))
            }
            if !current.warningReasons.isEmpty {
                for warning in current.warnings(in: file) { emit(.finding(warning)) }
            }
            if current.sawInvalidUTF8 {
                if invalidUTF8Records == 0 { firstInvalidUTF8Line = record.line }
                invalidUTF8Records += 1
            }
        }
    }

    /// The one reject for a file whose organization cannot be known (formats.md).
    static func unknownOrganization(_ file: ExportFile) -> ReaderEvent {
        .finding(.reject(
            file: file.displayPath, line: 0, reason: "unknown organization",
            excerpt: "no handle in the file, its name or its path: put the file under a folder named "
                + "after the organization's registry handle (for example exports/<handle>/tweets.csv)"))
    }
}

/// Headers already read, by their raw bytes: a folder of analytics downloads repeats the same
/// 40-column header thousands of times, and each file's header is read twice (scanning and
/// reading). Bounded, shared by the workers.
final class CSVHeaderCache: @unchecked Sendable {
    static let shared = CSVHeaderCache()
    private let lock = NSLock()
    private var headers: [[UInt8]: CSVHeader] = [:]
    private let limit = 64

    func header(of record: CSVRecord) -> CSVHeader {
        guard record.problem == nil, record.rawEnd - record.rawStart <= 16 * 1024 else { return CSVHeader(record) }
        let key = Array(record.storage[record.rawStart..<record.rawEnd])
        lock.lock()
        let known = headers[key]
        lock.unlock()
        if let known { return known }
        let header = CSVHeader(record)
        lock.lock()
        if headers.count >= limit { headers.removeAll() }
        headers[key] = header
        lock.unlock()
        return header
    }
}

/// Finds a reader's columns in the header, noting the required ones that are missing.
struct ColumnLookup {
    let header: CSVHeader
    private(set) var missing: [String] = []

    /// The first of `names` that is a column; when none is, the first name is reported missing
    /// (and -1, which reads as an empty field, is returned: the file is rejected anyway).
    mutating func required(_ names: String...) -> Int {
        if let index = header.index(ofAny: names) { return index }
        missing.append(names.joined(separator: "` or `"))
        return -1
    }

    func optional(_ names: String...) -> Int? { header.index(ofAny: names) }

    func contains(_ name: String) -> Bool { header.contains(name) }

    var count: Int { header.count }
}

/// One data row as a format reader reads it: fields by column index, with the bookkeeping of
/// invalid UTF-8 and counter warnings.
struct CSVRow {
    let record: CSVRecord
    private(set) var sawInvalidUTF8 = false
    /// The reasons of the row's warnings; `warnings(in:)` makes them findings. (A row is made
    /// per record, so it keeps nothing of its file, not even the path to retain and release.)
    private(set) var warningReasons: [String] = []

    init(record: CSVRecord) {
        self.record = record
    }

    /// The row's warnings as findings of `file`.
    func warnings(in file: ExportFile) -> [Finding] {
        warningReasons.map { .warning(file: file.displayPath, line: record.line, reason: $0) }
    }

    var line: Int { record.line }
    var fieldCount: Int { record.count }

    /// The field as it is (no trimming): "" when the column is absent or the row is short.
    mutating func text(_ column: Int?) -> String {
        guard let column else { return "" }
        let decoded = record.withBytes(at: column) { CSVRecord.decodeUTF8($0) }
        if !decoded.isValidUTF8 { sawInvalidUTF8 = true }
        return decoded.text
    }

    /// A post's text: the CSV quoting is undone by the reader, then the format's own escaping
    /// (`unescape`), then HTML entities are decoded exactly once. Fields without `&` skip the
    /// entity pass: most texts have none, and this runs for every row.
    mutating func postText(_ column: Int?, unescape: ((String) -> String)? = nil) -> String {
        guard let column else { return "" }
        let (hasAmpersand, decoded) = record.withBytes(at: column) { p in
            (p.count > 0 && memchr(p.baseAddress!, Int32(UInt8(ascii: "&")), p.count) != nil, CSVRecord.decodeUTF8(p))
        }
        if !decoded.isValidUTF8 { sawInvalidUTF8 = true }
        let text = unescape.map { $0(decoded.text) } ?? decoded.text
        return hasAmpersand ? HTMLEntities.decode(text) : text
    }

    /// The field trimmed of white space: for ids, handles, timestamps, URLs.
    mutating func value(_ column: Int?) -> String {
        guard let column else { return "" }
        let decoded = record.withBytes(at: column, trimmed: true) { CSVRecord.decodeUTF8($0) }
        if !decoded.isValidUTF8 { sawInvalidUTF8 = true }
        return decoded.text
    }

    /// Whether the field is empty or white space only.
    func isEmpty(_ column: Int?) -> Bool {
        guard let column else { return true }
        return record.withBytes(at: column, trimmed: true) { $0.isEmpty }
    }

    /// A counter column: known, unknown (`nil`, also when the column is absent), or invalid
    /// (`nil` plus a warning; the row is kept).
    mutating func counter(_ column: Int?, name: String) -> Int? {
        guard let column else { return nil }
        if let fast = record.integer(at: column) { return fast }
        let raw = text(column)
        switch Counter.parse(raw) {
        case let .value(v): return v
        case .unknown: return nil
        case .invalid:
            warn("`\(name)` is not a count: \"\(String(raw.prefix(40)))\"; taken as unknown")
            return nil
        }
    }

    /// The post id, or the reason to reject the row. Checked on the bytes: it runs per row.
    mutating func postID(_ column: Int?) -> Result<String, RejectReason> {
        guard let column else { return .failure(RejectReason("missing id")) }
        let id = record.withBytes(at: column, trimmed: true) { p -> String?? in
            if p.isEmpty { return .some(nil) }
            guard p.allSatisfy({ $0 >= ASCII.zero && $0 <= ASCII.nine }) else { return .none }
            return .some(String(decoding: p, as: UTF8.self))
        }
        switch id {
        case .some(.some(let id)): return .success(id)
        case .some(.none): return .failure(RejectReason("missing id"))
        case .none: return .failure(RejectReason("bad id: \"\(String(value(column).prefix(40)))\""))
        }
    }

    /// The post time, or the reason to reject the row.
    mutating func timestamp(_ column: Int?) -> Result<Int64, RejectReason> {
        if let column {
            // ASCII (every well-formed time) is parsed from the bytes; anything else as text,
            // which also notes invalid UTF-8.
            let parsed = record.withBytes(at: column, trimmed: true) { p -> Int64?? in
                ASCII.isAll(p) ? .some(Timestamp.parse(utf8: p)) : .none
            }
            if let parsed {
                guard let seconds = parsed else { return .failure(RejectReason("bad timestamp")) }
                return .success(seconds)
            }
        }
        guard let seconds = Timestamp.parse(value(column)) else { return .failure(RejectReason("bad timestamp")) }
        return .success(seconds)
    }

    mutating func warn(_ reason: String) {
        warningReasons.append(reason)
    }
}

struct RejectReason: Error {
    var text: String
    init(_ text: String) { self.text = text }
}

enum PostText {
    /// The author of a repost from its text: `RT @x: ...` gives `x`, lower-case.
    static func retweetedAuthor(_ text: String) -> String? {
        var copy = text
        if let fast = copy.withUTF8({ retweetedAuthorASCII($0) }) { return fast }
        return retweetedAuthorText(text)
    }

    /// `retweetedAuthor` over bytes when the answer cannot depend on Unicode: the text starts
    /// with ASCII that is not white space, and no non-ASCII byte touches the `RT @x` part (a
    /// combining mark there would join a character). `nil` means "ask the text".
    static func retweetedAuthorASCII(_ utf8: UnsafeBufferPointer<UInt8>) -> String?? {
        let n = utf8.count
        guard n > 0, utf8[0] < 0x80, !(utf8[0] == 0x20 || (utf8[0] >= 0x09 && utf8[0] <= 0x0D)) else { return nil }
        guard n >= 4, utf8[0] == 0x52, utf8[1] == 0x54, utf8[2] == 0x20, utf8[3] == 0x40 else {
            // Not `RT @`, unless a combining mark follows one of its first bytes.
            for i in 1..<min(n, 5) where utf8[i] >= 0x80 { return nil }
            return .some(nil)
        }
        var end = 4
        while end < n, CharClass.isHandle(Unicode.Scalar(utf8[end])) { end += 1 }
        if end < n, utf8[end] >= 0x80 { return nil }
        guard end > 4 else { return .some(nil) }
        return .some(String(unsafeUninitializedCapacity: end - 4) { out in
            for i in 4..<end { out[i - 4] = utf8[i] >= 0x41 && utf8[i] <= 0x5A ? utf8[i] + 0x20 : utf8[i] }
            return end - 4
        })
    }

    static func retweetedAuthorText(_ text: String) -> String? {
        var rest = Substring(text)
        while let first = rest.first, first.isWhitespace { rest = rest.dropFirst() }
        guard rest.hasPrefix("RT @") else { return nil }
        let handle = rest.dropFirst(4).prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        return handle.isEmpty ? nil : handle.lowercased()
    }

    /// Splits a list cell (URLs, hashtags: comma- or space-separated), dropping empty parts and
    /// repeats. Works on bytes: the separators are ASCII.
    static func list(_ cell: String, separators: [UInt8]) -> [String] {
        var cell = cell
        return cell.withUTF8 { utf8 in
            var seen: [String] = []
            var start = 0
            // Separators are ASCII: they never cut a character in two.
            func finish(_ end: Int) {
                if end > start {
                    let item = String(decoding: UnsafeBufferPointer(rebasing: utf8[start..<end]), as: UTF8.self)
                    if !seen.contains(item) { seen.append(item) }
                }
                start = end + 1
            }
            // The separators and the white space as a bit set over the byte values below 64
            // (white space is, and so is every separator used): one test per byte.
            var mask: UInt64 = 0
            for b in separators where b < 64 { mask |= 1 << UInt64(b) }
            for b in 0..<UInt8(64) where ASCII.isWhiteSpace(b) { mask |= 1 << UInt64(b) }
            let anyHigh = separators.contains { $0 >= 64 }
            for i in 0..<utf8.count {
                let b = utf8[i]
                if b < 64 ? (mask >> UInt64(b)) & 1 != 0 : anyHigh && separators.contains(b) { finish(i) }
            }
            finish(utf8.count)
            return seen
        }
    }
}

extension Optional where Wrapped == String {
    /// A handle as the model keeps it (lower-case, no `@`), or nil when empty.
    var normalizedHandle: String? {
        guard let self else { return nil }
        let handle = Handle.normalize(self)
        return handle.isEmpty ? nil : handle
    }
}

extension CSVExport {
    /// The account of a row: the handle in its status permalink (rule 1, per record), else the
    /// file's name, else its path (rules 2 and 3).
    static func organization(permalink: String, file: ExportFile) -> String? {
        if let status = StatusURL.parse(permalink, mastodon: false) { return status.user }
        return file.fallbackOrg.normalizedHandle
    }

    /// The same from a row's permalink column, read from the CSV bytes when they are ASCII
    /// (every real permalink): it runs for every row of an analytics export.
    static func organization(permalinkIn row: inout CSVRow, column: Int?, file: ExportFile) -> String? {
        guard let column else { return organization(permalink: "", file: file) }
        let bytes = row.record.trimmedBytes(at: column)
        if let user = bytes.withUnsafeBufferPointer({ StatusURL.userASCII($0, mastodon: false) }) {
            return user ?? file.fallbackOrg.normalizedHandle
        }
        return organization(permalink: row.value(column), file: file)
    }
}

/// The organization named by each row's permalink, for the analytics readers. The permalinks of
/// one export differ only in the id at their end (`https://twitter.com/RedCross/status/<id>`), so
/// once a permalink has been parsed, a later one with the same text up to its last `/` and only
/// digits after it has the same owner: parsing every row's link was a noticeable part of reading.
struct PermalinkOwners {
    /// The last fully parsed permalink up to and including its last `/`, and the account it named.
    private var prefix: [UInt8] = []
    private var owner: String?

    mutating func organization(permalinkIn row: inout CSVRow, column: Int?, file: ExportFile) -> String? {
        guard let column else { return CSVExport.organization(permalinkIn: &row, column: nil, file: file) }
        let bytes = row.record.trimmedBytes(at: column)
        if let owner, Self.sameOwner(bytes, prefix) { return owner }
        let found = CSVExport.organization(permalinkIn: &row, column: column, file: file)
        // Remembered only when the link itself named the account (not the file's fallback).
        let named = bytes.withUnsafeBufferPointer { StatusURL.userASCII($0, mastodon: false) }
        if case let .some(.some(user)) = named, let slash = bytes.lastIndex(of: 0x2F), Self.digitsOnly(bytes[(slash + 1)...]) {
            prefix = Array(bytes[...slash])
            owner = user
        } else {
            owner = nil
        }
        return found
    }

    private static func sameOwner(_ bytes: ArraySlice<UInt8>, _ prefix: [UInt8]) -> Bool {
        guard bytes.count > prefix.count else { return false }
        return bytes.withUnsafeBufferPointer { b in
            prefix.withUnsafeBufferPointer { memcmp(b.baseAddress!, $0.baseAddress!, $0.count) == 0 }
        } && digitsOnly(bytes[(bytes.startIndex + prefix.count)...])
    }

    private static func digitsOnly(_ bytes: ArraySlice<UInt8>) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy { $0 &- 0x30 < 10 }
    }
}
