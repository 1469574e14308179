import Foundation

/// T6: RSS 2.0 timelines (Twitter until 2013, Mastodon `@user.rss`, Nitter) and Atom feeds; the
/// root element decides between `.rss` and `.atom`. Feeds carry no counters (all unknown) and no
/// reply markers (a reply is recognised later from a leading `@x`).
///
/// - The post id is the last path segment of the item's status URL (guid, link, or Atom id),
///   without query or fragment.
/// - The organization is the account of the feed's own link (`http://twitter.com/<handle>`,
///   `https://host/@user`, `https://nitter.host/<user>`), else the item's author (the Twitter
///   `<handle>: ` prefix, `dc:creator`, the status URL's account; for a Nitter repost the reposter
///   from `RT by @x: `), else the file's folder or name.
/// - Nitter reposts (`RT: ` / `RT by @x: ` titles) belong to the account whose feed it is, with
///   the original author (`dc:creator`, else the status URL's account) as the repost's target:
///   the same rule as a `retweeted_status` in API XML.
/// - Text: Twitter's `<handle>: ` prefix and Nitter's `Pinned: ` prefix are removed. HTML bodies
///   (Mastodon, Nitter, Atom `type="html"`) lose their tags through `HTMLText`, whose link
///   targets become the expanded URLs; plain bodies have their HTML entities decoded once.
/// - Hashtags: one `category` per hashtag (Mastodon) where the item has any; else from the text.
public struct FeedReader: ExportReader {
    public var format: ExportFormat { .rss }

    public init() {}

    public func read(_ source: ByteSource, file: ExportFile, emit: (consuming ReaderEvent) -> Void) throws {
        let xml = try XMLStreamReader(source: source, fileName: file.displayPath)
        defer { emitReplacedCharacters(xml, file: file, emit: emit) }
        var format = ExportFormat.rss
        var feed = FeedAccount()
        // Without an account link, the first item that names its author names the feed's account,
        // for items that name none (an old Nitter `RT: ` item names only the original author).
        var firstItemAuthor: String?
        var rootSeen = false
        while try xml.next() {
            guard xml.nodeType == .element else { continue }
            if !rootSeen {
                rootSeen = true
                if xml.localName == "feed" { format = .atom }
                continue
            }
            switch xml.localName {
            case "item", "entry":
                let line = xml.line
                var item = FeedItem(format: format)
                try item.read(xml)
                let (event, author) = item.event(feedAccount: feed.account, firstItemAuthor: firstItemAuthor,
                                                 line: line, file: file)
                if firstItemAuthor == nil { firstItemAuthor = author }
                emit(event)
            case "link" where xml.depth <= 2 && isFeedLevel(xml, format: format):
                // RSS `channel/link` holds the URL as text; Atom `feed/link` in `href`.
                if let href = xml.attribute("href") {
                    if (xml.attribute("rel") ?? "alternate") == "alternate" { feed.offer(href, strength: 2) }
                } else if xml.namespaceURI == nil {
                    feed.offer(try xml.readElementText(), strength: 2)
                }
            case "author" where format == .atom && xml.depth == 1:
                try forEachChild(of: xml) { field in
                    if field == "uri" { feed.offer(try xml.readElementText(), strength: 1) } else { try xml.skipElement() }
                }
            default:
                continue
            }
        }
    }

    /// `rss/channel/link` (depth 2) or `feed/link` (depth 1).
    private func isFeedLevel(_ xml: XMLStreamReader, format: ExportFormat) -> Bool {
        format == .atom ? xml.depth == 1 : xml.depth == 2
    }

    /// `http://twitter.com/redcross`, `https://mastodon.social/@user`,
    /// `https://host/users/user`, `https://nitter.net/user`: the account, lower-case.
    static func account(fromProfileURL url: String) -> String? {
        var rest = Substring(url.trimmingCharacters(in: .whitespacesAndNewlines))
        guard let scheme = rest.range(of: "://") else { return nil }
        rest = rest[scheme.upperBound...]
        if let cut = rest.firstIndex(where: { $0 == "#" || $0 == "?" }) { rest = rest[..<cut] }
        let parts = rest.split(separator: "/")
        let user: Substring
        switch parts.count {
        case 2: user = parts[1].hasPrefix("@") ? parts[1].dropFirst() : parts[1]
        case 3 where parts[1] == "users": user = parts[2]
        default: return nil
        }
        return StatusURL.isHandle(user) ? user.lowercased() : nil
    }
}

/// The feed's own account, from the strongest evidence seen so far (a link beats an author URI).
private struct FeedAccount {
    private(set) var account: String?
    private var strength = 0

    mutating func offer(_ url: String, strength: Int) {
        guard strength > self.strength, let found = FeedReader.account(fromProfileURL: url) else { return }
        account = found
        self.strength = strength
    }
}

/// A status URL in a feed, on any host: `/<user>/status/<id>` (Twitter, Nitter),
/// `/<user>/statuses/<id>` (old Twitter), `/@<user>/<id>` and `/users/<user>/statuses/<id>`
/// (Mastodon). Atom ids of the form `tag:twitter.com,2007:http://...` hold such a URL too.
struct FeedStatusLink: Equatable {
    var user: String?
    var id: String
    /// A Mastodon form (`/@<user>/<id>`, `/users/<user>/statuses/<id>`): the post is Mastodon's.
    var isMastodon = false

    init(user: String?, id: String, isMastodon: Bool = false) {
        self.user = user
        self.id = id
        self.isMastodon = isMastodon
    }

    init?(_ text: String) {
        var rest = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        guard let scheme = rest.range(of: "://") else { return nil }
        rest = rest[scheme.upperBound...]
        if rest.hasPrefix("/") { return nil }
        if let cut = rest.firstIndex(where: { $0 == "#" || $0 == "?" }) { rest = rest[..<cut] }
        let parts = Array(rest.split(separator: "/").dropFirst())  // without the host
        guard let last = parts.last, StatusURL.isNumber(last) else { return nil }
        id = String(last)
        let n = parts.count
        if n >= 3, parts[n - 2] == "status" || parts[n - 2] == "statuses", StatusURL.isHandle(parts[n - 3]) {
            user = parts[n - 3].lowercased()
            isMastodon = n >= 4 && parts[n - 4] == "users" && parts[n - 2] == "statuses"
        } else if n == 2, parts[0].hasPrefix("@"), StatusURL.isHandle(parts[0].dropFirst()) {
            user = parts[0].dropFirst().lowercased()
            isMastodon = true
        } else {
            user = nil
        }
    }
}

/// One `<item>` or `<entry>` as read.
private struct FeedItem {
    let format: ExportFormat
    var title = ""
    var body: String?
    var bodyIsHTML: Bool?
    var published = ""
    var updated = ""
    var guid = ""
    var link = ""
    var atomID = ""
    var creator = ""
    var authorURI = ""
    var categories: [String] = []

    static let atomNamespace = "http://www.w3.org/2005/Atom"
    static let dublinCoreNamespace = "http://purl.org/dc/elements/1.1/"

    init(format: ExportFormat) { self.format = format }

    /// Reads from the item's start tag to its end tag.
    mutating func read(_ xml: XMLStreamReader) throws {
        try forEachChild(of: xml) { name in
            let namespace = xml.namespaceURI
            if namespace == Self.dublinCoreNamespace || (namespace == nil && xml.prefix == "dc") {
                switch name {
                case "creator": creator = try xml.readElementText()
                case "date": if published.isEmpty { published = try xml.readElementText() } else { try xml.skipElement() }
                default: try xml.skipElement()
                }
                return
            }
            // Only the feed's own vocabulary: `media:content` is not Atom's `content`.
            let ownVocabulary = format == .atom ? (namespace == Self.atomNamespace || namespace == nil) : namespace == nil
            guard ownVocabulary else { try xml.skipElement(); return }
            switch name {
            case "title": title = try xml.readElementText()
            case "description" where format == .rss:
                body = try xml.readElementText()
            case "content" where format == .atom, "summary" where format == .atom:
                if name == "summary" && body != nil { try xml.skipElement(); return }
                let type = (xml.attribute("type") ?? "text").lowercased()
                bodyIsHTML = type == "html" || type == "xhtml" || type.contains("html")
                body = try xml.readElementText()
            case "pubDate", "published": published = try xml.readElementText()
            case "updated": updated = try xml.readElementText()
            case "guid": guid = try xml.readElementText()
            case "id": atomID = try xml.readElementText()
            case "link":
                if let href = xml.attribute("href") {
                    // Atom: the first `rel="alternate"` link (no `rel` means alternate).
                    if link.isEmpty && (xml.attribute("rel") ?? "alternate") == "alternate" { link = href }
                    try xml.skipElement()
                } else {
                    link = try xml.readElementText()
                }
            case "category":
                let term = try xml.attribute("term") ?? xml.readElementText()
                let tag = term.trimmingCharacters(in: .whitespacesAndNewlines)
                if !tag.isEmpty { categories.append(tag.hasPrefix("#") ? String(tag.dropFirst()) : tag) }
                if !xml.isEmptyElement && xml.nodeType == .element { try xml.skipElement() }
            case "author":
                try forEachChild(of: xml) { field in
                    if field == "uri" { authorURI = try xml.readElementText() } else { try xml.skipElement() }
                }
            default:
                try xml.skipElement()
            }
        }
    }

    /// The post or the reject, and the account the item itself names as its own (not the
    /// original author of a repost).
    func event(feedAccount: String?, firstItemAuthor: String?, line: Int, file: ExportFile) -> (ReaderEvent, author: String?) {
        let trimmed = asciiTrimmed
        let status = [guid, link, atomID].lazy.compactMap { FeedStatusLink($0) }.first
        let excerpt = "\(format == .atom ? "<entry>" : "<item>") \(trimmed(guid.isEmpty ? link : guid)) \(trimmed(title))"
        func reject(_ reason: String) -> (ReaderEvent, author: String?) {
            (.finding(.reject(file: file.displayPath, line: line, reason: reason, excerpt: excerpt)), nil)
        }
        guard let status else { return reject("missing id (no status URL in guid, link or id)") }
        let when = trimmed(published.isEmpty ? updated : published)
        guard let created = Timestamp.parse(when) else { return reject("bad timestamp") }

        // Nitter's title prefixes: `RT: `, `RT by @x: ` (x is the reposter), `Pinned: `.
        var title = trimmed(title)
        var isRepost = false
        var reposter: String?
        if title.hasPrefix("RT: ") {
            isRepost = true
            title.removeFirst(4)
        } else if title.hasPrefix("RT by "), let colon = title.range(of: ": ") {
            isRepost = true
            let who = Handle.normalize(title[title.index(title.startIndex, offsetBy: 6)..<colon.lowerBound])
            if StatusURL.isHandle(who) { reposter = who }
            title = String(title[colon.upperBound...])
        } else if title.hasPrefix("Pinned: ") {
            title.removeFirst(8)
        }
        let creator = Handle.normalize(trimmed(creator))
        let author = creator.isEmpty ? status.user : creator

        // Twitter's RSS writes `<handle>: <text>` in title and description.
        let twitterHandle = status.user ?? feedAccount
        func withoutHandlePrefix(_ text: String) -> String {
            guard let handle = twitterHandle, text.count > handle.count + 2 else { return text }
            let start = text.prefix(handle.count + 2)
            return start.lowercased() == handle + ": " ? String(text.dropFirst(handle.count + 2)) : text
        }
        let itemAccount = isRepost ? reposter : author
        guard let org = feedAccount ?? itemAccount ?? firstItemAuthor ?? file.fallbackOrg.map({ Handle.normalize($0) }) else {
            return reject("unknown organization")
        }

        var text = ""
        var urls: [String]? = nil
        if let body, !trimmed(body).isEmpty {
            if bodyIsHTML ?? Self.looksLikeHTML(body) {
                let extracted = HTMLText.extract(body)
                text = extracted.text
                urls = extracted.links
            } else {
                text = HTMLEntities.decode(trimmed(withoutHandlePrefix(trimmed(body))))
            }
        }
        if text.isEmpty { text = HTMLEntities.decode(withoutHandlePrefix(title)) }

        let post = Post(
            org: org, id: status.id, created: created, text: text, format: format,
            expandedURLs: urls, hashtags: categories.isEmpty ? nil : categories,
            marker: isRepost ? .repost(target: author) : nil,
            repostedText: isRepost ? text : nil, platform: status.isMastodon ? .mastodon : .twitter)
        return (.post(post, line: line), itemAccount)
    }

    /// An escaped HTML body (Mastodon, Nitter) rather than plain text (Twitter): a tag after the
    /// XML decoding. Twitter double-escaped `<`, so its texts never hold one.
    static func looksLikeHTML(_ text: String) -> Bool {
        var previousWasOpen = false
        for byte in text.utf8 {
            if previousWasOpen {
                let isLetter = (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
                if isLetter || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "!") { return true }
            }
            previousWasOpen = byte == UInt8(ascii: "<")
        }
        return false
    }
}
