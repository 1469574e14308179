import Foundation

/// T5: Twitter API v1 XML (2008 to 2013): `<statuses type="array">` of `<status>`, or one
/// `<status>`. Child elements are found by name because their order changed over the years.
/// A nested `<retweeted_status>` is the original of a repost, never a second post.
public struct APIv1XMLReader: ExportReader {
    public var format: ExportFormat { .apiXML }

    public init() {}

    /// The fields of one `<status>`, by path below it (`user/screen_name`).
    struct StatusFields {
        var values: [String: String] = [:]
        var expandedURLs: [String] = []
        var mentions: [String] = []
        var hashtags: [String] = []
        var hasEntities = false
        var hasRetweetedStatus = false
    }

    static let leaves: Set<String> = [
        "created_at", "id", "text", "in_reply_to_status_id", "in_reply_to_user_id", "in_reply_to_screen_name",
        "retweet_count", "user/screen_name", "user/followers_count", "retweeted_status/text",
        "retweeted_status/user/screen_name",
    ]

    public func read(_ source: ByteSource, file: ExportFile, emit: (ReaderEvent) -> Void) throws {
        let xml = try XMLStreamReader(source: source, fileName: file.displayPath)
        defer {
            if xml.replacedCharacters > 0 {
                emit(.finding(.warning(file: file.displayPath, line: 0,
                                       reason: "invalid UTF-8: \(xml.replacedCharacters) characters replaced by U+FFFD")))
            }
        }
        while try xml.next() {
            guard xml.nodeType == .element, xml.localName == "status", !xml.isEmptyElement else { continue }
            let line = xml.line
            let fields = try readStatus(xml)
            emit(post(from: fields, line: line, file: file))
        }
    }

    /// Reads from a `<status>` start tag to its end.
    func readStatus(_ xml: XMLStreamReader) throws -> StatusFields {
        var fields = StatusFields()
        var path: [String] = []
        while try xml.next() {
            switch xml.nodeType {
            case .element:
                let name = xml.localName
                let full = (path + [name]).joined(separator: "/")
                if path.isEmpty && name == "entities" { fields.hasEntities = true }
                if path.isEmpty && name == "retweeted_status" { fields.hasRetweetedStatus = true }
                if Self.leaves.contains(full) {
                    fields.values[full] = try xml.readElementText()
                } else if path.first == "entities", name == "expanded_url" || (name == "screen_name" && path.last == "user_mention")
                            || (name == "text" && path.last == "hashtag") {
                    let value = try xml.readElementText().trimmingCharacters(in: .whitespacesAndNewlines)
                    guard !value.isEmpty else { continue }
                    switch name {
                    case "expanded_url": if !fields.expandedURLs.contains(value) { fields.expandedURLs.append(value) }
                    case "screen_name": fields.mentions.append(value.lowercased())
                    default: fields.hashtags.append(value)
                    }
                } else if !xml.isEmptyElement {
                    path.append(name)
                }
            case .endElement:
                if path.isEmpty { return fields } // the end of </status>
                path.removeLast()
            case .text:
                continue
            }
        }
        return fields
    }

    func post(from fields: StatusFields, line: Int, file: ExportFile) -> ReaderEvent {
        func value(_ key: String) -> String {
            (fields.values[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let excerpt = "<status> id=\(value("id")) created_at=\(value("created_at")) text=\(value("text"))"
        func reject(_ reason: String) -> ReaderEvent {
            .finding(.reject(file: file.displayPath, line: line, reason: reason, excerpt: excerpt))
        }
        let id = value("id")
        guard !id.isEmpty else { return reject("missing id") }
        guard StatusURL.isNumber(id) else { return reject("bad id") }
        guard let created = Timestamp.parse(value("created_at")) else { return reject("bad timestamp") }
        let screenName = value("user/screen_name")
        guard let org = screenName.isEmpty ? file.fallbackOrg : Handle.normalize(screenName) else {
            return reject("unknown organization")
        }
        var marker: StructuralMarker? = nil
        var repostedText: String? = nil
        if fields.hasRetweetedStatus {
            let original = value("retweeted_status/user/screen_name")
            marker = .repost(target: original.isEmpty ? nil : Handle.normalize(original))
            repostedText = fields.values["retweeted_status/text"].map(HTMLEntities.decode)
        } else if !value("in_reply_to_status_id").isEmpty || !value("in_reply_to_user_id").isEmpty {
            let target = value("in_reply_to_screen_name")
            marker = .reply(target: target.isEmpty ? nil : Handle.normalize(target))
        }
        // `favorited` is about the requesting user, not a like count: likes stay unknown.
        let post = Post(
            org: org, id: id, created: created, text: HTMLEntities.decode(fields.values["text"] ?? ""), format: .apiXML,
            expandedURLs: fields.hasEntities ? fields.expandedURLs : nil,
            mentions: fields.hasEntities ? fields.mentions : nil,
            hashtags: fields.hasEntities ? fields.hashtags : nil,
            reposts: Counter.parse(value("retweet_count")).known,
            authorFollowers: Counter.parse(value("user/followers_count")).known,
            marker: marker, repostedText: repostedText)
        return .post(post, line: line)
    }
}
