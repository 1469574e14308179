/// A link to one post: `https://twitter.com/<user>/status/<id>` and its variants, or a Mastodon
/// status URL (metrics.md section 1, "quote"; formats.md, attribution from permalinks).
public struct StatusURL: Equatable, Sendable {
    /// The account, lower-case.
    public var user: String
    public var id: String

    public init(user: String, id: String) {
        self.user = user
        self.id = id
    }

    private static let twitterHosts: Set<String> = ["twitter.com", "mobile.twitter.com", "x.com"]

    /// Parses a Twitter/X status link (`/<x>/status/<n>`, `/<x>/statuses/<n>`, `/#!/<x>/status/<n>`,
    /// optionally followed by `/photo/<k>` or `/video/<k>`), and with `mastodon` also
    /// `https://<host>/@<x>/<n>` and `https://<host>/users/<x>/statuses/<n>`.
    /// A leading `www.`, a query string and a fragment are ignored (except `#!`).
    public static func parse(_ url: String, mastodon: Bool = true) -> StatusURL? {
        var rest = Substring(url)
        if rest.hasPrefix("https://") { rest = rest.dropFirst(8) } else if rest.hasPrefix("http://") { rest = rest.dropFirst(7) } else { return nil }
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        var host = rest[..<slash].lowercased()
        if let colon = host.firstIndex(of: ":") { host = String(host[..<colon]) }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        var path = rest[slash...]
        // `#!/user/status/n` is the old hash-bang form: keep it, drop other fragments and queries.
        if path.hasPrefix("/#!/") { path = path.dropFirst(3) }
        if let cut = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<cut] }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        if twitterHosts.contains(host) {
            guard parts.count == 3 || parts.count == 5 else { return nil }
            guard parts[1] == "status" || parts[1] == "statuses" else { return nil }
            if parts.count == 5 {
                guard parts[3] == "photo" || parts[3] == "video", isNumber(parts[4]) else { return nil }
            }
            guard isHandle(parts[0]), isNumber(parts[2]) else { return nil }
            return StatusURL(user: parts[0].lowercased(), id: String(parts[2]))
        }
        guard mastodon, !host.isEmpty else { return nil }
        if parts.count == 2, parts[0].hasPrefix("@"), isNumber(parts[1]) {
            let user = parts[0].dropFirst()
            guard isHandle(user) else { return nil }
            return StatusURL(user: user.lowercased(), id: String(parts[1]))
        }
        if parts.count == 4, parts[0] == "users", parts[2] == "statuses", isHandle(parts[1]), isNumber(parts[3]) {
            return StatusURL(user: parts[1].lowercased(), id: String(parts[3]))
        }
        return nil
    }

    static func isNumber<S: StringProtocol>(_ s: S) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    static func isHandle<S: StringProtocol>(_ s: S) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 95 }
    }
}
