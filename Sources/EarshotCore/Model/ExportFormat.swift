/// The export formats Earshot reads (formats.md). The raw value is the name used in
/// `summary.json`, `posts.csv.gz` (`sources`) and `earshot inspect`.
public enum ExportFormat: String, CaseIterable, Sendable, Comparable, Codable {
    case legacyArchive = "legacy-archive"      // T1 tweets.csv, layouts A and B
    case analytics = "analytics"               // T2 tweet_activity_metrics
    case xAnalytics = "x-analytics"            // T3 account_analytics_content
    case twarc2 = "twarc2"                     // T4 twarc2 csv
    case twarc1 = "twarc1"                     // T4 twarc v1 json2csv
    case apiXML = "api-xml"                    // T5 API v1 XML
    case rss = "rss"                           // T6 RSS 2.0
    case atom = "atom"                         // T6 Atom
    case tweetsJS = "tweets-js"                // T7 modern archive
    case mastodon = "mastodon"                 // T8 outbox.json
    case mappedCSV = "mapped-csv"              // T9 CSV through a header map
    case bluesky = "bluesky"                   // T10 Bluesky repository (.car)

    public static func < (a: ExportFormat, b: ExportFormat) -> Bool {
        a.rawValue < b.rawValue
    }

    /// Formats that carry no reply marker at all: there a text starting with `@x` is a reply
    /// (metrics.md section 1).
    public var hasReplyMarker: Bool {
        switch self {
        case .analytics, .xAnalytics, .rss, .atom: return false
        default: return true
        }
    }
}

/// The formats that contributed to a post: a bit per format. A post is built from every record
/// of every export, so this is a word, not a `Set` (whose storage was an allocation per record).
public struct ExportFormatSet: Sendable, Hashable, ExpressibleByArrayLiteral, Sequence {
    private var bits: UInt16

    public init() { bits = 0 }
    /// One format (an array literal allocates its array first).
    public init(_ format: ExportFormat) { bits = Self.bit(format) }
    public init(arrayLiteral formats: ExportFormat...) {
        bits = 0
        for format in formats { insert(format) }
    }
    public init<S: Sequence>(_ formats: S) where S.Element == ExportFormat {
        bits = 0
        for format in formats { insert(format) }
    }

    private static func bit(_ format: ExportFormat) -> UInt16 {
        switch format {
        case .legacyArchive: 1 << 0
        case .analytics: 1 << 1
        case .xAnalytics: 1 << 2
        case .twarc2: 1 << 3
        case .twarc1: 1 << 4
        case .apiXML: 1 << 5
        case .rss: 1 << 6
        case .atom: 1 << 7
        case .tweetsJS: 1 << 8
        case .mastodon: 1 << 9
        case .mappedCSV: 1 << 10
        case .bluesky: 1 << 11
        }
    }

    public var isEmpty: Bool { bits == 0 }
    public func contains(_ format: ExportFormat) -> Bool { bits & Self.bit(format) != 0 }
    public mutating func insert(_ format: ExportFormat) { bits |= Self.bit(format) }
    public mutating func formUnion(_ other: ExportFormatSet) { bits |= other.bits }

    /// The formats in declaration order.
    public func makeIterator() -> IndexingIterator<[ExportFormat]> {
        ExportFormat.allCases.filter(contains).makeIterator()
    }
}
