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
