import Foundation

/// T8: a Mastodon archive's `outbox.json`, loose or in the archive zip: an ActivityStreams
/// `OrderedCollection` whose `orderedItems` are `Create` activities holding a `Note`, and
/// `Announce` activities (boosts) whose `object` is just the boosted status's URI.
///
/// The items are walked one at a time (`JSONStream`). Known defects survived: `orderedItems`
/// appearing twice (the first time empty) and a `totalItems` that does not match.
///
/// Decisions where the spec is silent:
/// - Every `orderedItems` array is read: an empty first one adds nothing, and if both held the
///   same items they would merge as duplicates rather than be lost.
/// - Activity types other than `Create` and `Announce` (`Delete`, `Like`...) and objects that are
///   not posts (`Note`, `Question`, `Article`, `Page`) are rejected with their type named.
/// - The post id is the last segment of the status URI (`.../statuses/<n>`; a boost's own id is
///   the segment before `/activity`). A reply's target is the account in the `inReplyTo` URI
///   (`https://host/users/<x>/statuses/<n>` or `https://host/@<x>/<n>`), unknown for other forms.
/// - The text is the `content` HTML as text, links kept (`HTMLText`); a content warning
///   (`summary`) is not part of it. A boost has no text of its own.
public struct MastodonOutboxReader: ExportReader {
    public var format: ExportFormat { .mastodon }
    /// The registry's `accounts` (`name@server` and the like) to organization handles.
    public var accounts: [String: String]

    public init(accounts: [String: String] = [:]) {
        self.accounts = accounts
    }

    static let postObjectTypes: Set<String> = ["Note", "Question", "Article", "Page"]

    public func read(_ source: ByteSource, file: ExportFile, emit: (consuming ReaderEvent) -> Void) throws {
        var json = JSONStream(source: source, fileName: file.displayPath)
        try json.expect(UInt8(ascii: "{"), "`{` (an ActivityStreams collection)")
        var firstKey = true
        var sawItems = false
        var invalidUTF8 = 0
        while let key = try json.nextKey(first: firstKey) {
            firstKey = false
            guard key == "orderedItems", try json.peekNonSpace() == UInt8(ascii: "[") else {
                try json.skipValue()
                continue
            }
            sawItems = true
            try json.expect(UInt8(ascii: "["), "`[`")
            invalidUTF8 += try json.readElements(file: file, emit: emit) { item, warnings in
                Self.post(item, file: file, warnings: &warnings, accounts: accounts)
            }
        }
        if !sawItems {
            emit(.finding(.warning(file: file.displayPath, line: 0, reason: "no `orderedItems` in this outbox: no posts")))
        }
        if invalidUTF8 > 0 {
            emit(.finding(.warning(file: file.displayPath, line: 0,
                                   reason: "invalid UTF-8 replaced by U+FFFD in \(invalidUTF8) item\(invalidUTF8 == 1 ? "" : "s")")))
        }
    }

    /// One activity as a post.
    static func post(_ item: [String: Any], file: ExportFile, warnings: inout [String],
                     accounts: [String: String] = [:]) -> Result<Post, RejectReason> {
        /// The organization of an actor URI: the registry's, for an account its `accounts` list
        /// (`@name@server`), else the username alone.
        func organization(_ uri: String) -> String? {
            guard let name = username(fromActorURI: uri) else { return nil }
            if !accounts.isEmpty, let host = host(ofURI: uri), let org = accounts[name + "@" + host] { return org }
            return name
        }
        let type = JSONField.nonEmpty(item["type"]) ?? ""
        let actor = JSONField.string(item["actor"]).flatMap(organization)
        switch type {
        case "Create":
            guard let object = JSONField.object(item["object"]) else {
                return .failure(RejectReason("Create without the post itself (its object is only a link)"))
            }
            let objectType = JSONField.nonEmpty(object["type"]) ?? ""
            guard postObjectTypes.contains(objectType) else {
                return .failure(RejectReason("Create of a `\(objectType)`, not a post"))
            }
            guard let id = statusID(JSONField.string(object["id"]) ?? "") ?? statusID(JSONField.string(item["id"]) ?? "") else {
                return .failure(RejectReason("missing id"))
            }
            guard let when = JSONField.nonEmpty(object["published"]) ?? JSONField.nonEmpty(item["published"]),
                  let created = Timestamp.parse(when) else {
                return .failure(RejectReason("bad timestamp"))
            }
            let author = JSONField.string(object["attributedTo"]).flatMap(organization)
            guard let org = author ?? actor ?? file.fallbackOrg.normalizedHandle else {
                return .failure(RejectReason("unknown organization"))
            }
            let html = JSONField.string(object["content"]) ?? ""
            let (text, links) = HTMLText.extract(html)
            var mentions: [String] = []
            var hashtags: [String] = []
            for tag in JSONField.array(object["tag"]) {
                guard let tag = JSONField.object(tag), let name = JSONField.nonEmpty(tag["name"]) else { continue }
                switch JSONField.string(tag["type"]) {
                case "Mention":
                    // `@user@host` or `@user`: the username, as the text shows it.
                    let user = name.drop { $0 == "@" }.split(separator: "@").first.map(String.init) ?? ""
                    if StatusURL.isHandle(user), !mentions.contains(user.lowercased()) { mentions.append(user.lowercased()) }
                case "Hashtag":
                    let tagName = name.hasPrefix("#") ? String(name.dropFirst()) : name
                    if !hashtags.contains(where: { $0.lowercased() == tagName.lowercased() }) { hashtags.append(tagName) }
                default:
                    continue
                }
            }
            var marker: StructuralMarker? = nil
            if let target = JSONField.nonEmpty(object["inReplyTo"]) {
                marker = .reply(target: StatusURL.parse(target)?.user)
            }
            func counter(_ key: String) -> Int? {
                guard let collection = JSONField.object(object[key]), collection["totalItems"] != nil else { return nil }
                switch JSONField.counter(collection["totalItems"]) {
                case let .value(v): return v
                case .unknown: return nil
                case .invalid:
                    warnings.append("`\(key).totalItems` is not a count; taken as unknown")
                    return nil
                }
            }
            return .success(Post(
                org: org, id: id, created: created, text: text, format: .mastodon,
                expandedURLs: links, mentions: mentions, hashtags: hashtags,
                likes: counter("likes"), reposts: counter("shares"), replies: counter("replies"), marker: marker))

        case "Announce":
            let objectURI = JSONField.string(item["object"]) ?? JSONField.string(JSONField.object(item["object"])?["id"]) ?? ""
            guard let id = statusID(JSONField.string(item["id"]) ?? "") else { return .failure(RejectReason("missing id")) }
            guard let when = JSONField.nonEmpty(item["published"]), let created = Timestamp.parse(when) else {
                return .failure(RejectReason("bad timestamp"))
            }
            guard let org = actor ?? file.fallbackOrg.normalizedHandle else { return .failure(RejectReason("unknown organization")) }
            let target = StatusURL.parse(objectURI)?.user ?? username(fromActorURI: objectURI)
            return .success(Post(org: org, id: id, created: created, text: "", format: .mastodon,
                                 expandedURLs: [], mentions: [], hashtags: [], marker: .repost(target: target)))

        case "":
            return .failure(RejectReason("an item without a `type`"))
        default:
            return .failure(RejectReason("unknown activity type `\(String(type.prefix(40)))`"))
        }
    }

    /// The status id in a status or activity URI: its last path segment, or the one before
    /// `/activity` (a boost's own URI).
    static func statusID(_ uri: String) -> String? {
        var path = Substring(uri)
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        var parts = path.split(separator: "/")
        if parts.last == "activity" { parts.removeLast() }
        guard parts.count >= 2, let last = parts.last else { return nil }
        let id = String(last)
        let valid = id.utf8.allSatisfy { b in (b >= 48 && b <= 57) || ((b | 0x20) >= 97 && (b | 0x20) <= 122) || b == 95 || b == 45 }
        return valid ? id : nil
    }

    /// The server of an `https://host/...` URI (lower-case, without port), or of `acct:name@host`.
    static func host(ofURI uri: String) -> String? {
        if uri.hasPrefix("acct:") { return uri.split(separator: "@").last.map { $0.lowercased() } }
        guard let scheme = uri.range(of: "://") else { return nil }
        let host = uri[scheme.upperBound...].prefix { $0 != "/" && $0 != ":" }
        return host.isEmpty ? nil : host.lowercased()
    }

    /// The username (lower-case) in an actor or status URI: `https://host/users/<name>...`,
    /// `https://host/@<name>...`, or `acct:<name>@host`.
    static func username(fromActorURI uri: String) -> String? {
        if uri.hasPrefix("acct:") {
            let name = uri.dropFirst(5).split(separator: "@").first.map(String.init) ?? ""
            return StatusURL.isHandle(name) ? name.lowercased() : nil
        }
        guard let scheme = uri.range(of: "://") else { return nil }
        let parts = uri[scheme.upperBound...].split(separator: "/")
        guard parts.count >= 2 else { return nil }
        let name: Substring
        if parts[1] == "users", parts.count >= 3 {
            name = parts[2]
        } else if parts[1].hasPrefix("@") {
            name = parts[1].dropFirst()
        } else {
            return nil
        }
        return StatusURL.isHandle(name) ? name.lowercased() : nil
    }
}
