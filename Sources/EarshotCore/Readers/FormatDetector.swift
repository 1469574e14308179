import Foundation

/// Recognises an export from its first bytes (formats.md): the root element of XML, the header
/// row of CSV. The file name is never consulted.
public enum FormatDetector {
    /// - Parameter headerMaps: the maps given with `--map`: a CSV export that is none of the
    ///   built-in formats is read through the one that fits its header (T9).
    public static func detect(_ head: [UInt8], headerMaps: [HeaderMap] = []) -> ExportFormat? {
        // Binary, so before the checks for text: a CAR file's first varint and header map (T10).
        if CARFile.looksLikeCAR(head) { return .bluesky }
        var start = 0
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < head.count, [9, 10, 13, 32].contains(head[start]) { start += 1 }
        guard start < head.count else { return nil }
        if looksBinary(head, from: start) { return nil }
        if let name = archiveDataName(head, from: start) { return name == "tweets" || name == "tweet" ? .tweetsJS : nil }
        switch head[start] {
        case UInt8(ascii: "<"):
            return xmlFormat(rootElement(head, from: start))
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return jsonFormat(head, from: start)
        default:
            if let format = csvFormat(headerNames(head)) { return format }
            if !headerMaps.isEmpty, HeaderMap.best(for: head, among: headerMaps) != nil { return .mappedCSV }
            return nil
        }
    }

    /// The format `detect` gives for every longer head of the same content, when this part of it
    /// already settles it; nil when it takes more bytes to be sure (or it is no CSV format). Only
    /// the CSV formats of the header row are settled early: the row must be complete (another
    /// record follows it), and the 4 KiB that `detect` checks for binary bytes all present.
    static func settledFormat(_ head: [UInt8]) -> ExportFormat? {
        var start = 0
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < head.count, [9, 10, 13, 32].contains(head[start]) { start += 1 }
        guard head.count >= start + 4096 else { return nil }
        guard !looksBinary(head, from: start), !head[start...].starts(with: Self.archivePrefix) else { return nil }
        switch head[start] {
        case UInt8(ascii: "<"), UInt8(ascii: "{"), UInt8(ascii: "["): return nil
        default: break
        }
        // The reader takes the head as it is (no copy into a buffer of its own).
        var reader = CSVReader(source: MemorySource(head, lendsWhole: true), bufferSize: head.count + 1)
        guard let header = try? reader.next(), header.problem == nil, (try? reader.next()) != nil else { return nil }
        return csvFormat(headerNames(header))
    }

    /// Binary content: more than a few NUL bytes in the first 4 KiB. One stray NUL (a damaged
    /// byte) does not make a CSV export unrecognisable: its row becomes a reject instead of the
    /// whole file vanishing as "unrecognised". UTF-16 text and binary formats have NULs
    /// throughout.
    static func looksBinary(_ head: [UInt8], from start: Int) -> Bool {
        var nuls = 0
        for byte in head[start..<min(head.count, start + 4096)] where byte == 0 {
            nuls += 1
            if nuls > maxStrayNULs { return true }
        }
        return false
    }

    static let maxStrayNULs = 8

    /// The data name of a modern Twitter archive file: `tweets` for `window.YTD.tweets.part0 = [`.
    private static let archivePrefix = Array("window.YTD.".utf8)

    static func archiveDataName(_ head: [UInt8], from start: Int) -> String? {
        let prefix = archivePrefix
        guard head[start...].starts(with: prefix) else { return nil }
        let name = head[(start + prefix.count)...].prefix { $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "=") }
        return String(decoding: name, as: UTF8.self)
    }

    /// JSON exports: a Mastodon outbox (an ActivityStreams `OrderedCollection`), or a modern
    /// archive's tweets array with its `window.YTD...` prefix edited away.
    static func jsonFormat(_ head: [UInt8], from start: Int) -> ExportFormat? {
        let text = String(decoding: head[start...], as: UTF8.self)
        if head[start] == UInt8(ascii: "{") {
            return text.contains("\"OrderedCollection") && text.contains("\"orderedItems\"") ? .mastodon : nil
        }
        let compact = text.prefix(4096).filter { !$0.isWhitespace }
        return compact.hasPrefix("[{\"tweet\":{") ? .tweetsJS : nil
    }

    /// Why a file that is not an export is skipped, when more can be said than "unrecognised".
    public static func whyNotAnExport(_ head: [UInt8]) -> String? {
        var start = 0
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < head.count, [9, 10, 13, 32].contains(head[start]) { start += 1 }
        guard start < head.count else { return nil }
        if let name = archiveDataName(head, from: start) {
            return "a Twitter archive file without posts (window.YTD.\(name))"
        }
        if head[start...].starts(with: Array("window.__THAR_CONFIG".utf8)) { return "a Twitter archive's manifest (no posts)" }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "a zip archive inside an archive: not read (unzip the outer one first)" }
        if head[start] == UInt8(ascii: "{") {
            let text = String(decoding: head[start...].prefix(4096), as: UTF8.self)
            if text.contains("\"Person\"") || text.contains("\"Service\"") { return "a Mastodon archive's actor (no posts)" }
        }
        return nil
    }

    static func xmlFormat(_ root: String?) -> ExportFormat? {
        switch root {
        case "statuses", "status": return .apiXML
        case "rss": return .rss
        case "feed": return .atom
        default: return nil
        }
    }

    static func csvFormat(_ names: Set<String>) -> ExportFormat? {
        func has(_ wanted: String...) -> Bool { wanted.allSatisfy(names.contains) }
        if has("tweet_id", "timestamp") { return .legacyArchive }
        if has("tweet id", "tweet permalink", "tweet text", "time", "impressions", "engagements") { return .analytics }
        if has("post id", "date", "post text", "post link") { return .xAnalytics }
        if has("id", "created_at", "author.username"), names.contains(where: { $0.hasPrefix("referenced_tweets.") }) { return .twarc2 }
        if has("id", "tweet_url", "created_at", "user_screen_name", "tweet_type") { return .twarc1 }
        return nil
    }

    /// The header row's names, lower-cased and trimmed.
    static func headerNames(_ head: [UInt8]) -> Set<String> {
        var reader = CSVReader(source: MemorySource(head), bufferSize: min(head.count + 1, 1 << 18))
        guard let header = try? reader.next() else { return [] }
        return headerNames(header)
    }

    static func headerNames(_ header: CSVRecord) -> Set<String> {
        var names = Set<String>(minimumCapacity: header.count)
        for i in 0..<header.count {
            let name = header.withBytes(at: i) { bytes -> String? in
                guard ASCII.isAll(bytes) else { return nil }
                // ASCII: `.whitespaces` is space and tab, and lower-casing is A-Z to a-z.
                var from = 0, to = bytes.count
                while from < to, bytes[from] == 0x20 || bytes[from] == 0x09 { from += 1 }
                while to > from, bytes[to - 1] == 0x20 || bytes[to - 1] == 0x09 { to -= 1 }
                return String(unsafeUninitializedCapacity: to - from) { out in
                    for k in from..<to { out[k - from] = bytes[k] &- 0x41 < 26 ? bytes[k] | 0x20 : bytes[k] }
                    return to - from
                }
            }
            names.insert(name ?? header.string(at: i).trimmingCharacters(in: .whitespaces).lowercased())
        }
        return names
    }

    /// The local name of the first element, after the declaration, comments and a DOCTYPE.
    static func rootElement(_ head: [UInt8], from start: Int) -> String? {
        var i = start
        while i + 1 < head.count {
            guard head[i] == UInt8(ascii: "<") else { i += 1; continue }
            let next = head[i + 1]
            if next == UInt8(ascii: "?") || next == UInt8(ascii: "!") {
                // Skip `<?...?>`, `<!-- ... -->` and `<!DOCTYPE ...>` (without an internal subset).
                if head[i...].starts(with: Array("<!--".utf8)) {
                    guard let end = find(Array("-->".utf8), in: head, from: i + 4) else { return nil }
                    i = end + 3
                } else {
                    guard let end = head[(i + 2)...].firstIndex(of: UInt8(ascii: ">")) else { return nil }
                    i = end + 1
                }
                continue
            }
            var j = i + 1
            var name: [UInt8] = []
            while j < head.count, ![9, 10, 13, 32, UInt8(ascii: ">"), UInt8(ascii: "/")].contains(head[j]) {
                name.append(head[j])
                j += 1
            }
            let qualified = String(decoding: name, as: UTF8.self)
            return qualified.split(separator: ":").last.map(String.init)
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var i = from
        while i + needle.count <= haystack.count {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
