import Foundation

/// T6: RSS 2.0 (Twitter until 2013, Mastodon `@user.rss`, Nitter) and Atom timelines. Feeds carry
/// no counters and no reply markers: a reply is recognised later from a leading `@x`.
public struct FeedReader: ExportReader {
    public var format: ExportFormat { .rss }

    public init() {}

    /// One `<item>` or `<entry>`: its child elements' text by local name.
    struct Item {
        var values: [String: String] = [:]
        var categories: [String] = []
        var alternateLink: String?
        var contentIsHTML = false
    }

    public func read(_ source: ByteSource, file: ExportFile, emit: (ReaderEvent) -> Void) throws {
        let xml = try XMLStreamReader(source: source, fileName: file.displayPath)
        var format = ExportFormat.rss
        var feedAccount: String? = nil
        var depthNames: [String] = []
        defer {
            if xml.replacedCharacters > 0 {
                emit(.finding(.warning(file: file.displayPath, line: 0,
                                       reason: "invalid UTF-8: \(xml.replacedCharacters) characters replaced by U+FFFD")))
            }
        }
        while try xml.next() {
            switch xml.nodeType {
            case .element:
                let name = xml.localName
                if depthNames.isEmpty && name == "feed" { format = .atom }
                if name == "item" || name == "entry" {
                    let line = xml.line
                    let item = try readItem(xml)
                    emit(post(from: item, format: format, feedAccount: feedAccount, line: line, file: file))
                    continue
                }
                // The feed's own link names the account (`http://twitter.com/<handle>`, `https://host/@user`).
                if name == "link", feedAccount == nil, depthNames.last == "channel" || depthNames.last == "feed" {
                    let rel = xml.attribute("rel") ?? "alternate"
                    let href = xml.attribute("href")
                    var text = href ?? ""
                    if href == nil && !xml.isEmptyElement { text = try xml.readElementText() }
                    if rel == "alternate" { feedAccount = Self.account(fromProfileURL: text) }
                    if href == nil || xml.isEmptyElement { continue }
                }
                if !xml.isEmptyElement { depthNames.append(name) }
            case .endElement:
                if !depthNames.isEmpty { depthNames.removeLast() }
            case .text:
                continue
            }
        }
    }

    func readItem(_ xml: XMLStreamReader) throws -> Item {
        var item = Item()
        var depth = 0
        while try xml.next() {
            switch xml.nodeType {
            case .element:
                let name = xml.localName
                if depth == 0 {
                    if name == "link", let href = xml.attribute("href") {
                        if (xml.attribute("rel") ?? "alternate") == "alternate" { item.alternateLink = href }
                        if !xml.isEmptyElement { try xml.skipElement() }
                        continue
                    }
                    if name == "content" || name == "summary" {
                        item.contentIsHTML = (xml.attribute("type") ?? "text") != "text"
                    }
                    let value = try xml.readElementText()
                    if name == "category" {
                        item.categories.append(xml.attribute("term") ?? value)
                    } else if item.values[name] == nil {
                        item.values[name] = value
                    }
                } else if !xml.isEmptyElement {
                    depth += 1
                }
            case .endElement:
                if depth == 0 { return item }
                depth -= 1
            case .text:
                continue
            }
        }
        return item
    }

    func post(from item: Item, format: ExportFormat, feedAccount: String?, line: Int, file: ExportFile) -> ReaderEvent {
        func value(_ key: String) -> String { (item.values[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let link = item.alternateLink ?? value("link")
        let guid = value("guid")
        let statusLink = [guid, link, value("id")].first { Self.statusID(fromURL: $0) != nil } ?? ""
        let excerpt = "\(format == .atom ? "<entry>" : "<item>") \(statusLink) \(value("title").prefix(120))"
        func reject(_ reason: String) -> ReaderEvent {
            .finding(.reject(file: file.displayPath, line: line, reason: reason, excerpt: excerpt))
        }
        guard let id = Self.statusID(fromURL: statusLink) else { return reject("missing id (no status URL in guid, link or id)") }
        let when = [value("pubDate"), value("published"), value("updated"), value("date")].first { !$0.isEmpty } ?? ""
        guard let created = Timestamp.parse(when) else { return reject("bad timestamp") }
        let creator = value("creator")
        let linkUser = StatusURL.parse(statusLink)?.user
        guard let org = feedAccount ?? (creator.isEmpty ? nil : Handle.normalize(creator)) ?? linkUser ?? file.fallbackOrg else {
            return reject("unknown organization")
        }

        var title = value("title")
        var marker: StructuralMarker? = nil
        // Nitter marks reposts in the title (`RT: ` or `RT by @x: `) and pinned posts (`Pinned: `).
        if title.hasPrefix("RT: ") || title.hasPrefix("RT by ") {
            title = String(title[(title.range(of: ": ")?.upperBound ?? title.startIndex)...])
            let author = creator.isEmpty ? linkUser : Handle.normalize(creator)
            marker = .repost(target: author)
        } else if title.hasPrefix("Pinned: ") {
            title.removeFirst(8)
        }

        var text: String
        var urls: [String]? = nil
        let body = format == .atom ? (item.values["content"] ?? item.values["summary"] ?? "") : (item.values["description"] ?? "")
        let htmlBody = format == .atom ? item.contentIsHTML : body.contains("<")
        if htmlBody {
            // Mastodon and Nitter: escaped HTML. Keep the text and the link targets.
            let extracted = HTMLText.extract(body)
            text = extracted.text
            urls = extracted.links
        } else {
            text = HTMLEntities.decode(body.isEmpty ? title : body)
        }
        if text.isEmpty { text = HTMLEntities.decode(title) }
        // Twitter's RSS writes `<handle>: <text>`.
        let prefix = org + ": "
        if text.lowercased().hasPrefix(prefix) { text = String(text.dropFirst(prefix.count)) }
        let hashtags = item.categories.isEmpty ? nil : item.categories.map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 }
        let post = Post(org: org, id: id, created: created, text: text, format: format,
                        expandedURLs: urls, hashtags: hashtags, marker: marker)
        return .post(post, line: line)
    }

    /// The post id: the last path segment of a status URL, without query or fragment.
    static func statusID(fromURL url: String) -> String? {
        guard url.contains("/") else { return nil }
        var s = Substring(url)
        if let cut = s.firstIndex(where: { $0 == "#" || $0 == "?" }) { s = s[..<cut] }
        guard let last = s.split(separator: "/").last, StatusURL.isNumber(last) else { return nil }
        return String(last)
    }

    /// `http://twitter.com/redcross`, `https://mastodon.social/@user`, `https://nitter.net/user`.
    static func account(fromProfileURL url: String) -> String? {
        var s = Substring(url.trimmingCharacters(in: .whitespacesAndNewlines))
        guard let scheme = s.range(of: "://") else { return nil }
        s = s[scheme.upperBound...]
        if let cut = s.firstIndex(where: { $0 == "#" || $0 == "?" }) { s = s[..<cut] }
        let parts = s.split(separator: "/")
        guard parts.count == 2 else { return nil }
        let user = parts[1].hasPrefix("@") ? parts[1].dropFirst() : parts[1]
        return StatusURL.isHandle(user) ? user.lowercased() : nil
    }
}
