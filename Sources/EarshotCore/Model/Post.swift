/// The kind of a post (metrics.md section 1).
public enum PostKind: String, Sendable, CaseIterable {
    case original, reply, thread, repost, quote
}

/// What one record says about the kind of its post, before the organization is known to be the
/// target or not. Only *structural* markers go here (fields of the export, not text heuristics);
/// text heuristics (`RT @x:`, a leading `@x`, status links) are applied later by `PostKindResolver`.
public enum StructuralMarker: Sendable, Equatable {
    /// retweeted_status, referenced_tweets.retweeted, tweet_type=retweet, Announce, Nitter `RT: `.
    case repost(target: String?)
    /// in_reply_to_*, referenced_tweets.replied_to, inReplyTo. Target: the replied-to handle
    /// where the source names it.
    case reply(target: String?)
    /// referenced_tweets.quoted, tweet_type=quote.
    case quote(target: String?)
}

/// One post as a reader produces it from one record, and, after merging, the post itself
/// (metrics.md section 1). Counters are `nil` when the source does not carry them: never 0.
public struct Post: Sendable {
    /// The organization's handle, lower-case, without `@`.
    public var org: String
    /// The post id, a string (snowflake ids exceed 2^53).
    public var id: String
    /// Seconds since 1970-01-01 UTC.
    public var created: Int64
    /// Decoded text: container escaping undone, HTML entities decoded exactly once.
    public var text: String
    /// Expanded URLs from the source's entities or columns; `nil` when the source has none
    /// (then the URLs are those found in the text).
    public var expandedURLs: [String]?
    /// Mentions (handles without `@`) from the source's entities; `nil` to take them from the text.
    public var mentions: [String]?
    /// Hashtags (without `#`) from the source's entities; `nil` to take them from the text.
    public var hashtags: [String]?
    public var likes: Int?
    public var reposts: Int?
    public var replies: Int?
    public var quotes: Int?
    public var impressions: Int?
    public var engagements: Int?
    /// The account's follower count as this record gives it (XML, twarc), for `followers`.
    public var authorFollowers: Int?
    /// The structural kind marker of the first record that had one.
    public var marker: StructuralMarker?
    /// True when some record came from a format without reply markers, so that a leading `@x`
    /// in the text makes a reply.
    public var textReplyAllowed: Bool
    /// The original's text for a repost, where the source gives it (for self-reposts).
    public var repostedText: String?
    /// The formats that contributed to this post.
    public var sources: ExportFormatSet
    /// Where it was published: with org and id, the merge key (formats.md "Platforms").
    public var platform: Platform

    /// Folds a later record of the same (org, id) into this post (metrics.md, "Merging").
    public mutating func merge(_ later: Post) {
        func larger(_ a: Int?, _ b: Int?) -> Int? {
            switch (a, b) {
            case let (x?, y?): return max(x, y)
            default: return a ?? b
            }
        }
        likes = larger(likes, later.likes)
        reposts = larger(reposts, later.reposts)
        replies = larger(replies, later.replies)
        quotes = larger(quotes, later.quotes)
        impressions = larger(impressions, later.impressions)
        engagements = larger(engagements, later.engagements)
        authorFollowers = larger(authorFollowers, later.authorFollowers)
        if let more = later.expandedURLs {
            // In place: a copy of the list for every merged record, nearly always adding nothing.
            if expandedURLs == nil { expandedURLs = [] }
            for url in more where !expandedURLs!.contains(url) { expandedURLs!.append(url) }
        }
        if mentions == nil { mentions = later.mentions }
        if hashtags == nil { hashtags = later.hashtags }
        if marker == nil { marker = later.marker }
        if text.isEmpty { text = later.text }
        if repostedText == nil { repostedText = later.repostedText }
        textReplyAllowed = textReplyAllowed || later.textReplyAllowed
        sources.formUnion(later.sources)
    }
}

extension Post {
    // In an extension, so that the struct keeps its memberwise initialiser: written with the
    // assignments of a struct's own init, the optimiser built each post twice and copied it
    // (a retain and release of every field, for every record read).
    public init(
        org: String, id: String, created: Int64, text: String, format: ExportFormat,
        expandedURLs: [String]? = nil, mentions: [String]? = nil, hashtags: [String]? = nil,
        likes: Int? = nil, reposts: Int? = nil, replies: Int? = nil, quotes: Int? = nil,
        impressions: Int? = nil, engagements: Int? = nil, authorFollowers: Int? = nil,
        marker: StructuralMarker? = nil, repostedText: String? = nil, platform: Platform? = nil
    ) {
        self.init(org: org, id: id, created: created, text: text, expandedURLs: expandedURLs, mentions: mentions,
                  hashtags: hashtags, likes: likes, reposts: reposts, replies: replies, quotes: quotes,
                  impressions: impressions, engagements: engagements, authorFollowers: authorFollowers,
                  marker: marker, textReplyAllowed: !format.hasReplyMarker, repostedText: repostedText,
                  sources: ExportFormatSet(format), platform: platform ?? format.platform)
    }
}
