import Foundation

/// T9: any other CSV export (Meta Business Suite, Sprout Social, Hootsuite...) read through the
/// header map that fits its header best (`HeaderMap.best`).
///
/// Decisions where the spec is silent:
/// - A column the map names (and does not mark `optional`) that the export lacks rejects the
///   file as one reject on the header line, naming every missing column and the map file.
/// - Rows above the header and description rows under it (`rows:` in the map) are not records.
/// - Post ids are kept as written (Meta writes `<page id>_<post id>`); an id a spreadsheet has
///   turned into a number (`1.23457E+18`) is rejected as `bad id`.
/// - The account of a row: the handle in its `link` when that is a Twitter/X or Mastodon status
///   URL, else its `account` column when that holds a handle, else the file's name or path.
/// - Without a `kind` column that names replies, a text starting with `@x` makes a reply, as in
///   the other formats without reply markers.
public struct MappedCSVReader: ExportReader {
    public var format: ExportFormat { .mappedCSV }
    public let maps: [HeaderMap]
    let bufferSize: Int

    public init(maps: [HeaderMap]) {
        self.maps = maps
        bufferSize = CSVExport.defaultBufferSize
    }

    /// The resolved columns of one export.
    struct Columns {
        var fields: [HeaderMap.Field: [Int]] = [:]
        var kind: [Int] = []
        var platform: [Int] = []
    }

    public func read(_ source: ByteSource, file: ExportFile, emit: (consuming ReaderEvent) -> Void) throws {
        // The map is chosen from the header itself, so reading twice is not needed: buffer the
        // rows before the header of every map (at most a few) while choosing.
        var reader = CSVReader(source: source, bufferSize: bufferSize)
        var early: [CSVRecord] = []
        let deepest = maps.map { $0.rowsBeforeHeader }.max() ?? 0
        while early.count <= deepest, let record = try reader.next() { early.append(record) }
        guard let (map, headerIndex) = choose(early) else {
            if let first = early.first {
                emit(.finding(.reject(file: file.displayPath, line: first.line,
                                      reason: "no header map fits this CSV export (maps: \(maps.map(\.path).joined(separator: ", ")))",
                                      excerpt: first.excerpt)))
            }
            return
        }
        let headerRecord = early[headerIndex]
        let header = CSVHeader(headerRecord)
        var columns = Columns()
        var missing: [String] = []
        for field in HeaderMap.Field.allCases {
            guard let source = map.sources[field] else { continue }
            let found = source.columns.compactMap { header.index(of: $0) }
            if found.isEmpty && !source.optional {
                missing.append(source.columns.map { "`\($0)`" }.joined(separator: " or "))
            }
            columns.fields[field] = found
        }
        if let kinds = map.kinds {
            columns.kind = kinds.columns.compactMap { header.index(of: $0) }
            if columns.kind.isEmpty { missing.append(kinds.columns.map { "`\($0)`" }.joined(separator: " or ")) }
        }
        if case let .column(names, optional, _) = map.platform {
            columns.platform = names.compactMap { header.index(of: $0) }
            if columns.platform.isEmpty && !optional { missing.append(names.map { "`\($0)`" }.joined(separator: " or ")) }
        }
        if !missing.isEmpty {
            emit(.finding(.reject(
                file: file.displayPath, line: headerRecord.line,
                reason: "missing column\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) named by the header map \(map.path)",
                excerpt: headerRecord.excerpt)))
            return
        }
        let hasAccount = !(columns.fields[.link] ?? []).isEmpty || !(columns.fields[.account] ?? []).isEmpty
        if !hasAccount && file.fallbackOrg == nil {
            emit(CSVExport.unknownOrganization(file))
            return
        }

        var pending = Array(early[(headerIndex + 1)...])
        var descriptionRows = map.rowsAfterHeader
        var invalidUTF8Records = 0
        var firstInvalidUTF8Line = 0
        while true {
            let record: CSVRecord
            if !pending.isEmpty {
                record = pending.removeFirst()
            } else if let next = try reader.next() {
                record = next
            } else {
                break
            }
            if descriptionRows > 0 {
                descriptionRows -= 1
                continue
            }
            if let problem = record.problem {
                emit(.finding(.reject(file: file.displayPath, line: record.line, reason: problem.rawValue, excerpt: record.excerpt)))
                continue
            }
            if record.containsNUL {
                emit(.finding(.reject(file: file.displayPath, line: record.line, reason: CSVRecord.nulReason, excerpt: record.excerpt)))
                continue
            }
            var row = CSVRow(record: record)
            do {
                let post = try post(&row, map: map, columns: columns, file: file)
                emit(.post(post, line: record.line))
            } catch let reason as RejectReason {
                emit(.finding(.reject(file: file.displayPath, line: record.line, reason: reason.text, excerpt: record.excerpt)))
            }
            for warning in row.warnings(in: file) { emit(.finding(warning)) }
            if row.sawInvalidUTF8 {
                if invalidUTF8Records == 0 { firstInvalidUTF8Line = record.line }
                invalidUTF8Records += 1
            }
        }
        if invalidUTF8Records > 0 {
            emit(.finding(.warning(file: file.displayPath, line: firstInvalidUTF8Line,
                                   reason: "invalid UTF-8 replaced by U+FFFD in \(invalidUTF8Records) record\(invalidUTF8Records == 1 ? "" : "s") (first at line \(firstInvalidUTF8Line))")))
        }
    }

    /// The map whose header row fits best, and which of the early records is its header.
    func choose(_ early: [CSVRecord]) -> (HeaderMap, Int)? {
        var best: (map: HeaderMap, index: Int, score: Double)? = nil
        for map in maps where map.rowsBeforeHeader < early.count {
            let record = early[map.rowsBeforeHeader]
            guard record.problem == nil else { continue }
            let (found, required) = map.fit(CSVHeader(record))
            guard required > 0, found > 0, found * 2 >= required else { continue }
            let score = Double(found) / Double(required)
            if best == nil || score > best!.score { best = (map, map.rowsBeforeHeader, score) }
        }
        return best.map { ($0.map, $0.index) }
    }

    func post(_ row: inout CSVRow, map: HeaderMap, columns: Columns, file: ExportFile) throws -> Post {
        /// The first of a field's columns with a value in this row.
        func value(_ field: HeaderMap.Field, trimmed: Bool = true) -> (text: String, column: Int)? {
            for column in columns.fields[field] ?? [] where !row.isEmpty(column) {
                return (trimmed ? row.value(column) : row.postText(column), column)
            }
            return nil
        }
        guard let rawID = value(.id)?.text else { throw RejectReason("missing id") }
        guard Self.isPostID(rawID) else { throw RejectReason("bad id: \"\(String(rawID.prefix(40)))\"") }
        guard let when = value(.created)?.text, let created = map.time.parse(when) else { throw RejectReason("bad timestamp") }

        let link = value(.link)?.text ?? ""
        var org = StatusURL.parse(link)?.user
        if org == nil, let account = value(.account)?.text {
            let handle = Handle.normalize(account)
            if StatusURL.isHandle(handle) { org = handle }
        }
        guard let org = org ?? file.fallbackOrg.normalizedHandle else { throw RejectReason("unknown organization") }

        let text = value(.text, trimmed: false)?.text ?? ""
        /// A list column; an empty cell says nothing (the text's own links, tags and mentions count).
        func list(_ field: HeaderMap.Field, dropping prefix: Character? = nil) -> [String]? {
            guard let cell = value(field)?.text else { return nil }
            let items = PostText.list(cell, separators: [ASCII.comma, UInt8(ascii: ";")])
            guard let prefix else { return items }
            return items.map { $0.first == prefix ? String($0.dropFirst()) : $0 }
        }

        var counters: [HeaderMap.Field: Int] = [:]
        var percentages: [(HeaderMap.Field, Double)] = []
        for field in HeaderMap.Field.allCases where field.isCounter {
            guard let source = map.sources[field], let (raw, _) = value(field) else { continue }
            let number = Self.number(raw, map.numbers)
            switch (number, source.percentOf) {
            case (.unknown, _):
                continue
            case let (.value(v, percent: false), nil) where v == v.rounded() && v < 9.0e15:
                counters[field] = Int(v)
            case let (.value(v, _), _?):
                // A rate is a percentage, with or without its `%`.
                percentages.append((field, v))
            default:
                row.warn("`\(source.columns[0])` is not a \(source.percentOf == nil ? "count" : "percentage"): \"\(String(raw.prefix(40)))\"; taken as unknown")
            }
        }
        for (field, percent) in percentages {
            guard let base = map.sources[field]?.percentOf, let baseValue = counters[base] else { continue }
            let value = (percent / 100 * Double(baseValue)).rounded()
            if value.isFinite, value >= 0, value < 9.0e15 { counters[field] = Int(value) }
        }

        var marker: StructuralMarker? = nil
        if let kinds = map.kinds {
            var kind = ""
            for column in columns.kind where !row.isEmpty(column) {
                kind = row.value(column).lowercased()
                break
            }
            if kinds.repost.contains(kind) {
                marker = .repost(target: PostText.retweetedAuthor(text))
            } else if kinds.reply.contains(kind) {
                marker = .reply(target: nil)
            } else if kinds.quote.contains(kind) {
                marker = .quote(target: nil)
            }
        }
        var post = Post(
            org: org, id: rawID, created: created, text: text, format: .mappedCSV,
            expandedURLs: list(.urls), mentions: list(.mentions, dropping: "@"), hashtags: list(.hashtags, dropping: "#"),
            likes: counters[.likes], reposts: counters[.reposts], replies: counters[.replies], quotes: counters[.quotes],
            impressions: counters[.impressions], engagements: counters[.engagements], marker: marker,
            platform: platform(&row, map: map, columns: columns))
        post.textReplyAllowed = map.kinds?.reply.isEmpty ?? true
        return post
    }

    /// The row's platform: the map's, or the first non-empty cell of its platform column.
    func platform(_ row: inout CSVRow, map: HeaderMap, columns: Columns) -> Platform {
        switch map.platform {
        case let .fixed(platform): return platform
        case let .column(_, _, fallback):
            for column in columns.platform where !row.isEmpty(column) { return Platform.named(row.value(column)) }
            return fallback
        }
    }

    /// Ids are strings: digits, letters, `_`, `-`, `:` and `.`, but not a number in scientific notation.
    static func isPostID(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= 200 else { return false }
        let allowed = id.utf8.allSatisfy { b in
            (b >= 48 && b <= 57) || ((b | 0x20) >= 97 && (b | 0x20) <= 122) || b == 95 || b == 45 || b == 58 || b == 46
        }
        guard allowed else { return false }
        let upper = id.uppercased()
        if let e = upper.firstIndex(of: "E"), upper[upper.index(after: e)...].first == "+",
           upper[..<e].allSatisfy({ $0.isNumber || $0 == "." }) {
            return false
        }
        return true
    }

    enum Number: Equatable {
        case value(Double, percent: Bool)
        case unknown
        case invalid
    }

    /// A number cell in the map's number format: `1,234`, `1.234`, `1 234`, `18.0`, `12.5%`;
    /// empty, `-` or `N/A` is unknown.
    static func number(_ raw: String, _ format: HeaderMap.NumberFormat) -> Number {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.isEmpty || text == "-" || text == "--" || text.uppercased() == "N/A" { return .unknown }
        var isPercent = false
        if text.hasSuffix("%") {
            isPercent = true
            text = String(text.dropLast()).trimmingCharacters(in: .whitespaces)
        }
        if !format.thousands.isEmpty {
            let separators: Set<Character> = format.thousands == " " ? [" ", "\u{00A0}", "\u{202F}"] : [Character(format.thousands)]
            text.removeAll { separators.contains($0) }
        }
        if format.decimal == "," { text = text.replacingOccurrences(of: ",", with: ".") }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
              text.filter({ $0 == "." }).count <= 1, text.first != "." else { return .invalid }
        guard let value = Double(text), value.isFinite else { return .invalid }
        return .value(value, percent: isPercent)
    }
}
