import Foundation

/// T4: `twarc2 csv` output (twarc-csv). One row per tweet, any number of accounts: each row
/// belongs to its `author.username`.
///
/// - Kind markers from `referenced_tweets.{retweeted,replied_to,quoted}.id`, in the order of
///   metrics.md (repost, then reply, then quote), with targets from `retweeted_username`,
///   `in_reply_to_username`, `quoted_username`.
/// - twarc-csv gives a retweet the original's text, entities and counters; the counters are
///   kept on the post (the metrics ignore a repost's counters) and the text is also the
///   `repostedText`.
/// - `entities.*` cells are JSON arrays: twarc-csv writes `["@user"]`, `["#tag"]` and
///   `["https://..."]`; raw API objects (`username`, `tag`, `expanded_url`) are read too. When
///   the column exists an empty cell means "none" (`[]`), so the text is not searched.
///   A display URL without a scheme (media, `pic.twitter.com/...`) gets `https://`.
/// - Text newlines are written as the two characters `\n` and backslashes are not escaped, so
///   every `\n` becomes a newline (`\\n` reads as a backslash and a newline, the likeliest
///   original); then HTML entities are decoded once.
public struct Twarc2Reader: ExportReader {
    public var format: ExportFormat { .twarc2 }
    let bufferSize: Int

    public init() { bufferSize = CSVExport.defaultBufferSize }
    init(bufferSize: Int) { self.bufferSize = bufferSize }

    struct Columns {
        var id, created, author, text: Int
        var repliedTo, retweeted, quoted: Int?
        var replyTarget, retweetTarget, quoteTarget: Int?
        var likes, retweets, replies, quotes, impressions: Int?
        var mentions, hashtags, urls: Int?
        var followers: Int?
    }

    public func read(_ source: ByteSource, file: ExportFile, emit: (consuming ReaderEvent) -> Void) throws {
        try CSVExport.read(
            source, file: file, bufferSize: bufferSize, emit: emit,
            columns: { h in
                Columns(
                    id: h.required("id"), created: h.required("created_at"), author: h.required("author.username"),
                    text: h.required("text"),
                    repliedTo: h.optional("referenced_tweets.replied_to.id"),
                    retweeted: h.optional("referenced_tweets.retweeted.id"),
                    quoted: h.optional("referenced_tweets.quoted.id"),
                    replyTarget: h.optional("in_reply_to_username"),
                    retweetTarget: h.optional("retweeted_username"),
                    quoteTarget: h.optional("quoted_username"),
                    likes: h.optional("public_metrics.like_count"),
                    retweets: h.optional("public_metrics.retweet_count"),
                    replies: h.optional("public_metrics.reply_count"),
                    quotes: h.optional("public_metrics.quote_count"),
                    impressions: h.optional("public_metrics.impression_count"),
                    mentions: h.optional("entities.mentions"), hashtags: h.optional("entities.hashtags"),
                    urls: h.optional("entities.urls"),
                    followers: h.optional("author.public_metrics.followers_count"))
            },
            row: { row, c in
                let id = try row.postID(c.id).get()
                let created = try row.timestamp(c.created).get()
                guard let org = Optional(row.value(c.author)).normalizedHandle ?? file.fallbackOrg.normalizedHandle else {
                    throw RejectReason("unknown organization")
                }
                let text = row.postText(c.text, unescape: Twarc.unescapeNewlines)
                var marker: StructuralMarker?
                if !row.isEmpty(c.retweeted) {
                    marker = .repost(target: Optional(row.value(c.retweetTarget)).normalizedHandle)
                } else if !row.isEmpty(c.repliedTo) {
                    marker = .reply(target: Optional(row.value(c.replyTarget)).normalizedHandle)
                } else if !row.isEmpty(c.quoted) {
                    marker = .quote(target: Optional(row.value(c.quoteTarget)).normalizedHandle)
                }
                let mentions = Twarc.entityList(&row, c.mentions, name: "entities.mentions", key: "username")
                    .map { $0.map { Handle.normalize($0) }.filter { !$0.isEmpty } }
                let hashtags = Twarc.entityList(&row, c.hashtags, name: "entities.hashtags", key: "tag")
                    .map { $0.map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 }.filter { !$0.isEmpty } }
                let urls = Twarc.entityList(&row, c.urls, name: "entities.urls", key: "expanded_url")
                    .map(Twarc.absoluteURLs)
                var isRepost = false
                if case .repost = marker { isRepost = true }
                return Post(
                    org: org, id: id, created: created, text: text, format: .twarc2,
                    expandedURLs: urls, mentions: mentions, hashtags: hashtags,
                    likes: row.counter(c.likes, name: "public_metrics.like_count"),
                    reposts: row.counter(c.retweets, name: "public_metrics.retweet_count"),
                    replies: row.counter(c.replies, name: "public_metrics.reply_count"),
                    quotes: row.counter(c.quotes, name: "public_metrics.quote_count"),
                    impressions: row.counter(c.impressions, name: "public_metrics.impression_count"),
                    authorFollowers: row.counter(c.followers, name: "author.public_metrics.followers_count"),
                    marker: marker, repostedText: isRepost ? text : nil)
            })
    }
}

/// T4: twarc v1 `json2csv` output. One row per tweet, organization per row
/// (`user_screen_name`).
///
/// - Kind from `tweet_type` (`reply`, `retweet`, `quote`, `original`); targets from
///   `in_reply_to_screen_name` and `retweet_or_quote_screen_name` (older json2csv:
///   `retweet_screen_name`), a retweet's also from its `RT @x:` text. Without `tweet_type`
///   the reply and retweet columns decide.
/// - `favorite_count` and `retweet_count` are the only counters (a retweet's are the
///   original's, kept as for twarc2); `user_followers_count` is the author's followers.
/// - `hashtags` and `urls` are space-separated entity lists (`[]` when the cell is empty);
///   `user_mentions` too where a file has it, else mentions come from the text.
public struct Twarc1Reader: ExportReader {
    public var format: ExportFormat { .twarc1 }
    let bufferSize: Int

    public init() { bufferSize = CSVExport.defaultBufferSize }
    init(bufferSize: Int) { self.bufferSize = bufferSize }

    struct Columns {
        var id, created, author, text: Int
        var type: Int?
        var replyStatus, replyTarget, otherTarget, retweetID: Int?
        var likes, retweets, followers: Int?
        var hashtags, urls, mentions: Int?
    }

    public func read(_ source: ByteSource, file: ExportFile, emit: (consuming ReaderEvent) -> Void) throws {
        try CSVExport.read(
            source, file: file, bufferSize: bufferSize, emit: emit,
            columns: { h in
                Columns(
                    id: h.required("id"), created: h.required("created_at"),
                    author: h.required("user_screen_name"), text: h.required("text"),
                    type: h.optional("tweet_type"),
                    replyStatus: h.optional("in_reply_to_status_id"),
                    replyTarget: h.optional("in_reply_to_screen_name"),
                    otherTarget: h.optional("retweet_or_quote_screen_name", "retweet_screen_name"),
                    retweetID: h.optional("retweet_or_quote_id", "reweet_id", "retweet_id"),
                    likes: h.optional("favorite_count"), retweets: h.optional("retweet_count"),
                    followers: h.optional("user_followers_count"),
                    hashtags: h.optional("hashtags"), urls: h.optional("urls"),
                    mentions: h.optional("user_mentions"))
            },
            row: { row, c in
                let id = try row.postID(c.id).get()
                let created = try row.timestamp(c.created).get()
                guard let org = Optional(row.value(c.author)).normalizedHandle ?? file.fallbackOrg.normalizedHandle else {
                    throw RejectReason("unknown organization")
                }
                let text = row.postText(c.text)
                let otherTarget = Optional(row.value(c.otherTarget)).normalizedHandle
                var type = row.value(c.type).lowercased()
                if c.type == nil {
                    // Older json2csv: no tweet_type; a retweet id with an `RT @` text is a retweet.
                    if !row.isEmpty(c.replyStatus) {
                        type = "reply"
                    } else if !row.isEmpty(c.retweetID) && PostText.retweetedAuthor(text) != nil {
                        type = "retweet"
                    }
                }
                var marker: StructuralMarker?
                switch type {
                case "reply": marker = .reply(target: Optional(row.value(c.replyTarget)).normalizedHandle)
                case "retweet": marker = .repost(target: otherTarget ?? PostText.retweetedAuthor(text))
                case "quote": marker = .quote(target: otherTarget)
                case "original", "": marker = nil
                default:
                    row.warn("unknown tweet_type \"\(String(type.prefix(20)))\"; read as original")
                }
                let hashtags = c.hashtags.map { _ in
                    PostText.list(row.text(c.hashtags), separators: [ASCII.space]).map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 }
                }
                let urls = c.urls.map { _ in PostText.list(row.text(c.urls), separators: [ASCII.space]) }
                let mentions = c.mentions.map { _ in
                    PostText.list(row.text(c.mentions), separators: [ASCII.space, ASCII.comma]).map { Handle.normalize($0) }
                }
                return Post(
                    org: org, id: id, created: created, text: text, format: .twarc1,
                    expandedURLs: urls, mentions: mentions, hashtags: hashtags,
                    likes: row.counter(c.likes, name: "favorite_count"),
                    reposts: row.counter(c.retweets, name: "retweet_count"),
                    authorFollowers: row.counter(c.followers, name: "user_followers_count"),
                    marker: marker)
            })
    }
}

enum Twarc {
    /// twarc-csv writes each newline as `\n` (two characters) and leaves backslashes alone.
    static func unescapeNewlines(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "\\")) else { return text }
        var out: [UInt8] = []
        let bytes = Array(text.utf8)
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "\\") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "n") {
                out.append(ASCII.newline)
                i += 2
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON array cell: strings as they are, objects by `key`. `nil` when the column is
    /// absent or the cell is not a JSON array (with a warning); `[]` for an empty cell.
    static func entityList(_ row: inout CSVRow, _ column: Int?, name: String, key: String) -> [String]? {
        guard let column else { return nil }
        let cell = row.value(column)
        if cell.isEmpty || cell == "[]" { return [] }
        if let strings = plainStringArray(cell) { return strings }
        guard let array = (try? JSONSerialization.jsonObject(with: Data(cell.utf8))) as? [Any] else {
            row.warn("`\(name)` is not a JSON list; taken from the text instead")
            return nil
        }
        return array.compactMap { element -> String? in
            if let text = element as? String { return text }
            if let object = element as? [String: Any] { return object[key] as? String }
            return nil
        }
    }

    /// The strings of a cell that is a JSON array of plain strings (`["@a","#b"]`: no escapes,
    /// no control characters), as JSONSerialization reads them; nil for anything else, which
    /// goes through JSONSerialization. twarc's entity cells are nearly all this simple, and
    /// JSONSerialization was most of the cost of a collection row.
    static func plainStringArray(_ cell: String) -> [String]? {
        var cell = cell
        return cell.withUTF8 { b -> [String]? in
            func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
            var i = 0, end = b.count
            while i < end, isSpace(b[i]) { i += 1 }
            while end > i, isSpace(b[end - 1]) { end -= 1 }
            guard end - i >= 2, b[i] == UInt8(ascii: "["), b[end - 1] == UInt8(ascii: "]") else { return nil }
            i += 1
            end -= 1
            var strings: [String] = []
            while true {
                while i < end, isSpace(b[i]) { i += 1 }
                if i == end { return strings.isEmpty ? strings : nil }  // `[]`, or a trailing comma
                guard b[i] == UInt8(ascii: "\"") else { return nil }
                let start = i + 1
                var j = start
                while j < end, b[j] != UInt8(ascii: "\""), b[j] != UInt8(ascii: "\\"), b[j] >= 0x20 { j += 1 }
                guard j < end, b[j] == UInt8(ascii: "\"") else { return nil }
                strings.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<j]), as: UTF8.self))
                i = j + 1
                while i < end, isSpace(b[i]) { i += 1 }
                if i == end { return strings }
                guard b[i] == UInt8(ascii: ",") else { return nil }
                i += 1
            }
        }
    }

    /// Entity URLs as links: a scheme-less display URL (`pic.twitter.com/x`) gets `https://`.
    static func absoluteURLs(_ urls: [String]) -> [String] {
        var seen: [String] = []
        for raw in urls {
            let url = raw.trimmingWhiteSpace()
            if url.isEmpty { continue }
            let lower = url.lowercased()
            let absolute = lower.hasPrefix("http://") || lower.hasPrefix("https://") ? url : "https://" + url
            if !seen.contains(absolute) { seen.append(absolute) }
        }
        return seen
    }
}
