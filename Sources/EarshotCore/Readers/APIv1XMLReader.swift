import Foundation

/// T5: Twitter API v1 XML (2008 to 2013): `<statuses type="array">` of `<status>`, or one
/// `<status>`. Child elements are found by name because their order changed over the years;
/// unknown elements are skipped.
///
/// - Text: the XML parser undoes the XML escaping, then HTML entities are decoded once (Twitter
///   escaped `&`, `<`, `>` in texts, so `&amp;amp;` in the file is `&`, and `&amp;amp;amp;` is the
///   literal `&amp;`).
/// - A nested `<retweeted_status>` is the original of a repost: it makes this status a repost of
///   its author and gives `repostedText`; it is never a second post.
/// - Each status belongs to its own `user/screen_name` (formats.md, rule 1 per record), else to the
///   file's folder or name.
/// - `favorited` is about the account that made the request, not a like count: likes are unknown.
/// - Expanded URLs come from `<entities><urls>` only (media links are the post's own photos), and
///   only when the status has `<entities>`; otherwise the URLs are those of the text.
public struct APIv1XMLReader: ExportReader {
    public var format: ExportFormat { .apiXML }

    public init() {}

    public func read(_ source: ByteSource, file: ExportFile, emit: (consuming ReaderEvent) -> Void) throws {
        let xml = try XMLStreamReader(source: source, fileName: file.displayPath)
        defer { emitReplacedCharacters(xml, file: file, emit: emit) }
        while try xml.next() {
            guard xml.nodeType == .element, xml.localName == "status" else { continue }
            let line = xml.line
            var status = Status()
            try status.read(xml)
            status.emitEvents(line: line, file: file, emit: emit)
        }
    }
}

/// The fields of one `<status>` element as read, before they become a post.
struct Status {
    var id = ""
    var createdAt = ""
    var text = ""
    var inReplyToStatusID = ""
    var inReplyToUserID = ""
    var inReplyToScreenName = ""
    var retweetCount = ""
    var screenName = ""
    var followersCount = ""
    /// Present when the status holds a `<retweeted_status>`.
    var original: (screenName: String, text: String)?
    /// Present when the status holds `<entities>`.
    var entities: (urls: [String], mentions: [String], hashtags: [String])?

    /// Reads from the `<status>` start tag to its end tag.
    mutating func read(_ xml: XMLStreamReader) throws {
        try forEachChild(of: xml) { name in
            switch name {
            case "id": id = try xml.readElementText()
            case "created_at": createdAt = try xml.readElementText()
            case "text": text = try xml.readElementText()
            case "in_reply_to_status_id": inReplyToStatusID = try xml.readElementText()
            case "in_reply_to_user_id": inReplyToUserID = try xml.readElementText()
            case "in_reply_to_screen_name": inReplyToScreenName = try xml.readElementText()
            case "retweet_count": retweetCount = try xml.readElementText()
            case "user":
                try forEachChild(of: xml) { field in
                    switch field {
                    case "screen_name": screenName = try xml.readElementText()
                    case "followers_count": followersCount = try xml.readElementText()
                    default: try xml.skipElement()
                    }
                }
            case "retweeted_status":
                var original = (screenName: "", text: "")
                try forEachChild(of: xml) { field in
                    switch field {
                    case "text": original.text = try xml.readElementText()
                    case "user":
                        try forEachChild(of: xml) { userField in
                            if userField == "screen_name" {
                                original.screenName = try xml.readElementText()
                            } else {
                                try xml.skipElement()
                            }
                        }
                    default: try xml.skipElement()
                    }
                }
                self.original = original
            case "entities":
                try readEntities(xml)
            default:
                try xml.skipElement()
            }
        }
    }

    /// `<urls><url><expanded_url>`, `<user_mentions><user_mention><screen_name>`,
    /// `<hashtags><hashtag><text>`, wherever below their group they sit.
    private mutating func readEntities(_ xml: XMLStreamReader) throws {
        var found = (urls: [String](), mentions: [String](), hashtags: [String]())
        try forEachChild(of: xml) { group in
            let wanted: String
            switch group {
            case "urls": wanted = "expanded_url"
            case "user_mentions": wanted = "screen_name"
            case "hashtags": wanted = "text"
            default: try xml.skipElement(); return
            }
            guard !xml.isEmptyElement else { return }
            let groupDepth = xml.depth
            while try xml.next() {
                if xml.nodeType == .endElement && xml.depth == groupDepth { break }
                guard xml.nodeType == .element, xml.localName == wanted else { continue }
                let value = asciiTrimmed(try xml.readElementText())
                guard !value.isEmpty else { continue }
                switch group {
                case "urls": if !found.urls.contains(value) { found.urls.append(value) }
                case "user_mentions": found.mentions.append(Handle.normalize(value))
                default: found.hashtags.append(value.hasPrefix("#") ? String(value.dropFirst()) : value)
                }
            }
        }
        entities = found
    }

    /// Emits the post, or the reject, then any warnings about its counters (one by one: an
    /// array of events per status copied each post out of it).
    func emitEvents(line: Int, file: ExportFile, emit: (consuming ReaderEvent) -> Void) {
        let trimmed = asciiTrimmed
        let id = trimmed(id)
        func reject(_ reason: String) {
            // Built only for a reject: most statuses have none.
            let excerpt = "<status> id=\(id) created_at=\(trimmed(createdAt)) text=\(text)"
            emit(.finding(.reject(file: file.displayPath, line: line, reason: reason, excerpt: excerpt)))
        }
        guard !id.isEmpty else { return reject("missing id") }
        guard StatusURL.isNumber(id) else { return reject("bad id: \"\(id.prefix(40))\"") }
        guard let created = Timestamp.parse(trimmed(createdAt)) else { return reject("bad timestamp") }
        let handle = trimmed(screenName)
        guard let org = handle.isEmpty ? file.fallbackOrg : Handle.normalize(handle) else {
            return reject("unknown organization")
        }

        var warnings: [ReaderEvent] = []
        func counter(_ raw: String, name: String) -> Int? {
            switch Counter.parse(raw) {
            case let .value(v): return v
            case .unknown: return nil
            case .invalid:
                warnings.append(.finding(.warning(
                    file: file.displayPath, line: line,
                    reason: "`\(name)` is not a count: \"\(String(trimmed(raw).prefix(40)))\"; taken as unknown")))
                return nil
            }
        }
        let reposts = counter(retweetCount, name: "retweet_count")
        let followers = counter(followersCount, name: "user/followers_count")

        var marker: StructuralMarker? = nil
        if let original {
            let author = trimmed(original.screenName)
            marker = .repost(target: author.isEmpty ? nil : Handle.normalize(author))
        } else if !trimmed(inReplyToStatusID).isEmpty || !trimmed(inReplyToUserID).isEmpty {
            let target = trimmed(inReplyToScreenName)
            marker = .reply(target: target.isEmpty ? nil : Handle.normalize(target))
        }
        let post = Post(
            org: org, id: id, created: created, text: HTMLEntities.decode(text), format: .apiXML,
            expandedURLs: entities?.urls, mentions: entities?.mentions, hashtags: entities?.hashtags,
            reposts: reposts, authorFollowers: followers,
            marker: marker, repostedText: original.map { HTMLEntities.decode($0.text) })
        emit(.post(post, line: line))
        for warning in warnings { emit(warning) }
    }
}

/// Calls `body` with the local name of each child element of the current element, the cursor on
/// that child; `body` must leave the cursor on the child's end (read, skip or descend fully).
/// Returns with the cursor on the current element's end.
func forEachChild(of xml: XMLStreamReader, _ body: (String) throws -> Void) throws {
    guard xml.nodeType == .element, !xml.isEmptyElement else { return }
    let parentDepth = xml.depth
    while try xml.next() {
        switch xml.nodeType {
        case .element where xml.depth == parentDepth + 1:
            try body(xml.localName)
        case .endElement where xml.depth == parentDepth:
            return
        default:
            continue
        }
    }
}

/// The text without leading and trailing ASCII white space (ids, times, handles, URLs): cheaper
/// than Foundation's Unicode trimming, which showed in the profile at one call per field.
func asciiTrimmed(_ text: String) -> String {
    let bytes = text.utf8
    func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }
    guard let first = bytes.first, let last = bytes.last else { return text }
    if !isSpace(first) && !isSpace(last) { return text }
    guard let start = bytes.firstIndex(where: { !isSpace($0) }),
          let end = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
    return String(text[start...end])
}

/// The per-file warning for text that was not valid UTF-8 (formats.md, "Common rules").
func emitReplacedCharacters(_ xml: XMLStreamReader, file: ExportFile, emit: (consuming ReaderEvent) -> Void) {
    guard xml.replacedCharacters > 0 else { return }
    emit(.finding(.warning(file: file.displayPath, line: 0,
                           reason: "invalid UTF-8 replaced by U+FFFD (\(xml.replacedCharacters) characters)")))
}
