/// The platform a post was published on (formats.md "Platforms"). Posts merge only within one
/// platform: the merge key is (org, platform, id). The raw value is what the CSV files write.
public enum Platform: String, CaseIterable, Sendable, Comparable, Codable {
    case bluesky, facebook, instagram, linkedin, mastodon, other, twitter

    /// Sorted by name, as the CSV files sort them.
    public static func < (a: Platform, b: Platform) -> Bool { a.rawValue < b.rawValue }

    /// A platform as a tool's export or a header map names it, case-insensitively: `X`,
    /// `Twitter` and `X (Twitter)` are `twitter`; a name that is none of ours is `other`.
    public static func named(_ raw: String) -> Platform {
        let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
        switch name {
        case "x", "twitter", "x (twitter)", "twitter/x", "x/twitter", "x.com", "twitter.com": return .twitter
        case "facebook", "fb", "facebook page", "facebook pages", "meta": return .facebook
        case "instagram", "ig", "instagram business", "instagram professional": return .instagram
        case "linkedin", "linkedin page", "linkedin pages", "linkedin company": return .linkedin
        case "mastodon": return .mastodon
        case "bluesky", "bsky": return .bluesky
        default: return Platform(rawValue: name) ?? .other
        }
    }
}

extension ExportFormat {
    /// The platform a format's posts come from, where the format alone decides it. RSS and Atom
    /// feeds are Twitter's or Nitter's unless their status links are Mastodon's (the feed reader
    /// says so per post); header maps say theirs (`platform:`, default `other`).
    public var platform: Platform {
        switch self {
        case .legacyArchive, .analytics, .xAnalytics, .twarc2, .twarc1, .apiXML, .rss, .atom, .tweetsJS: return .twitter
        case .mastodon: return .mastodon
        case .bluesky: return .bluesky
        case .mappedCSV: return .other
        }
    }
}
