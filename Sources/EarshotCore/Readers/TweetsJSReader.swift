import Foundation

/// T7: the modern archive's `data/tweets.js` (`tweet.js`, `tweets-partN.js`), loose or in the
/// archive zip: `window.YTD.tweets.part0 = [ {"tweet": {...}}, ... ]`.
///
/// The array is walked one element at a time (`JSONStream`), so a 100 MB part needs memory for
/// one post, not for the whole document. Every number in the file is a string.
///
/// Decisions where the spec is silent:
/// - The account is the archive's (`account.js` or `manifest.js`), else the file's path; a part
///   with neither is rejected whole as `unknown organization`.
/// - A part without `=` (the JavaScript prefix edited away) is read from its `[` with a warning.
/// - Elements without the `{"tweet": ...}` wrapper (early 2019 archives) are read as the post
///   itself when they have an `id_str`.
/// - A repost (`RT @x: `) carries `"0"` for both counters, which are not the original's counts:
///   they are left unknown.
/// - Long posts: `full_text` is cut at 280 characters; the note in `note-tweet.js` with the same
///   creation second whose text starts like the cut text gives the whole text.
public struct TweetsJSReader: ExportReader {
    public var format: ExportFormat { .tweetsJS }

    public init() {}

    public func read(_ source: ByteSource, file: ExportFile, emit: (consuming ReaderEvent) -> Void) throws {
        var json = JSONStream(source: source, fileName: file.displayPath)
        // The JavaScript assignment before the JSON: everything up to the first `=`, which
        // must come before the array starts.
        guard let start = try json.peekNonSpace() else { return }
        if start != UInt8(ascii: "[") {
            guard try json.skipAssignment() else {
                emit(.finding(.reject(file: file.displayPath, line: json.line,
                                      reason: "no JSON array after `window.YTD...`: not a tweets.js part")))
                return
            }
            if !json.sawAssignment {
                emit(.finding(.warning(file: file.displayPath, line: json.line,
                                       reason: "no `=` between `window.YTD...` and the JSON array: read from its `[`")))
            }
        }
        try json.expect(UInt8(ascii: "["), "`[`")
        guard let org = file.fallbackOrg.normalizedHandle else {
            emit(.finding(.reject(
                file: file.displayPath, line: 0, reason: "unknown organization",
                excerpt: "no account.js or manifest.js beside this tweets.js and no registry handle in its path: keep the "
                    + "archive's data/account.js with it, or put it under a folder named after the organization's handle")))
            return
        }
        let notes = NoteTweets(files: file.archive?.noteTweets ?? [])
        let invalidUTF8 = try json.readElements(file: file, emit: emit) { element, warnings in
            Self.post(element, org: org, notes: notes, warnings: &warnings)
        }
        if invalidUTF8 > 0 {
            emit(.finding(.warning(file: file.displayPath, line: 0,
                                   reason: "invalid UTF-8 replaced by U+FFFD in \(invalidUTF8) record\(invalidUTF8 == 1 ? "" : "s")")))
        }
    }

    /// One element of the array as a post.
    static func post(_ element: [String: Any], org: String, notes: NoteTweets, warnings: inout [String]) -> Result<Post, RejectReason> {
        let tweet: [String: Any]
        if let wrapped = JSONField.object(element["tweet"]) {
            tweet = wrapped
        } else if element["id_str"] != nil {
            tweet = element
        } else {
            return .failure(RejectReason("not a post (no `tweet` object)"))
        }
        guard let id = JSONField.nonEmpty(tweet["id_str"]) ?? JSONField.nonEmpty(tweet["id"]) else {
            return .failure(RejectReason("missing id"))
        }
        guard StatusURL.isNumber(id) else { return .failure(RejectReason("bad id: \"\(String(id.prefix(40)))\"")) }
        guard let when = JSONField.nonEmpty(tweet["created_at"]), let created = Timestamp.parse(when) else {
            return .failure(RejectReason("bad timestamp"))
        }
        var text = HTMLEntities.decode(JSONField.string(tweet["full_text"]) ?? JSONField.string(tweet["text"]) ?? "")
        if let long = notes.fullText(created: created, shortText: text) { text = long }

        var urls: [String]? = nil, mentions: [String]? = nil, hashtags: [String]? = nil
        if let entities = JSONField.object(tweet["entities"]) {
            urls = JSONField.array(entities["urls"]).compactMap {
                JSONField.nonEmpty(JSONField.object($0)?["expanded_url"]) ?? JSONField.nonEmpty(JSONField.object($0)?["url"])
            }
            mentions = JSONField.array(entities["user_mentions"]).compactMap {
                JSONField.nonEmpty(JSONField.object($0)?["screen_name"]).map { Handle.normalize($0) }
            }
            hashtags = JSONField.array(entities["hashtags"]).compactMap { JSONField.nonEmpty(JSONField.object($0)?["text"]) }
        }

        func counter(_ key: String, _ name: String) -> Int? {
            switch JSONField.counter(tweet[key]) {
            case let .value(v): return v
            case .unknown: return nil
            case .invalid:
                warnings.append("`\(key)` is not a count: \"\(String((JSONField.string(tweet[key]) ?? "?").prefix(40)))\"; taken as unknown")
                return nil
            }
        }
        let isRepost = PostText.retweetedAuthor(text) != nil
        let likes = counter("favorite_count", "likes")
        let reposts = counter("retweet_count", "reposts")

        var marker: StructuralMarker? = nil
        if JSONField.nonEmpty(tweet["in_reply_to_status_id_str"]) != nil || JSONField.nonEmpty(tweet["in_reply_to_user_id_str"]) != nil
            || JSONField.nonEmpty(tweet["in_reply_to_status_id"]) != nil || JSONField.nonEmpty(tweet["in_reply_to_user_id"]) != nil {
            marker = .reply(target: JSONField.nonEmpty(tweet["in_reply_to_screen_name"]).map { Handle.normalize($0) })
        }
        return .success(Post(
            org: org, id: id, created: created, text: text, format: .tweetsJS,
            expandedURLs: urls, mentions: mentions, hashtags: hashtags,
            likes: isRepost ? nil : likes, reposts: isRepost ? nil : reposts, marker: marker))
    }
}

/// The long posts of an archive (`note-tweet.js`), found by creation second and text start.
struct NoteTweets {
    /// Note texts by their creation second.
    private var bySecond: [Int64: [String]] = [:]

    init(files: [ExportFile]) {
        for file in files {
            guard let source = try? InputOpener.open(file) else { continue }
            var json = JSONStream(source: source, fileName: file.displayPath)
            do {
                guard try json.skipAssignment() else { continue }
                try json.expect(UInt8(ascii: "["), "`[`")
                var first = true
                while try json.nextElement(first: first) {
                    first = false
                    guard case let .bytes(bytes) = try json.captureValue() else { continue }
                    var repaired = false
                    guard let element = JSONRecord.parse(bytes, repaired: &repaired),
                          let note = JSONField.object(element["noteTweet"]),
                          let when = JSONField.nonEmpty(note["createdAt"]), let created = Timestamp.parse(when),
                          let text = JSONField.string(JSONField.object(note["core"])?["text"]) else { continue }
                    bySecond[created, default: []].append(HTMLEntities.decode(text))
                }
            } catch {
                continue // a damaged note file only costs the long texts
            }
        }
    }

    var isEmpty: Bool { bySecond.isEmpty }

    /// The whole text of a post whose `full_text` was cut, if a note matches it.
    func fullText(created: Int64, shortText: String) -> String? {
        guard let candidates = bySecond[created] else { return nil }
        // The cut text ends with `…` and a t.co link: compare the words before them.
        let key = Self.comparable(shortText)
        let prefix = String(key.prefix(40))
        return candidates.first { candidate in
            let full = Self.comparable(candidate)
            return prefix.isEmpty ? candidates.count == 1 : full.hasPrefix(prefix)
        }
    }

    /// White space collapsed, and the cut's `…` with what follows it dropped.
    static func comparable(_ text: String) -> String {
        var t = Substring(text)
        if let ellipsis = t.firstIndex(of: "\u{2026}") { t = t[..<ellipsis] }
        return t.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// Parsing one captured record, repairing invalid UTF-8 (formats.md: replaced by U+FFFD and
/// counted as a warning, not rejected).
enum JSONRecord {
    static func parse(_ bytes: [UInt8], repaired: inout Bool) -> [String: Any]? {
        if let object = JSONField.parseObject(bytes) { return object }
        guard String(validating: bytes, as: UTF8.self) == nil else { return nil }
        repaired = true
        return JSONField.parseObject(Array(String(decoding: bytes, as: UTF8.self).utf8))
    }
}
