#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// `https://<host>/@<x>/<n>` (also `/@<x>@<server>/<n>`, a remote account) and
    /// `https://<host>/users/<x>/statuses/<n>`. A leading `www.`, a query string and a fragment are ignored (except `#!`).
    public static func parse(_ url: String, mastodon: Bool = true) -> StatusURL? {
        // Every permalink of an analytics row comes here: ASCII links are read as bytes.
        var url = url
        if let parsed = url.withUTF8({ bytes in parseASCII(bytes, mastodon: mastodon) }) { return parsed }
        return parseText(url, mastodon: mastodon)
    }

    /// The same rules over the bytes of an ASCII link, where bytes and characters are the same
    /// thing: `.none` when the link is not ASCII (the caller then reads it as text), else the
    /// result, `.some(nil)` for a link that is no status link.
    static func parseASCII(_ bytes: UnsafeBufferPointer<UInt8>, mastodon: Bool) -> StatusURL?? {
        guard let found = ranges(bytes, mastodon: mastodon) else { return .none }
        guard let (user, id) = found else { return .some(nil) }
        return .some(StatusURL(user: text(bytes, user, lowercased: true), id: text(bytes, id)))
    }

    /// Only the account of an ASCII status link (lower-case), without making the id's text: an
    /// analytics export names its account this way in every row.
    static func userASCII(_ bytes: UnsafeBufferPointer<UInt8>, mastodon: Bool) -> String?? {
        guard let found = ranges(bytes, mastodon: mastodon) else { return .none }
        guard let (user, _) = found else { return .some(nil) }
        return .some(text(bytes, user, lowercased: true))
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, lowercased: Bool = false) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        guard lowercased else { return String(decoding: slice, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: slice.count) { out in
            for j in 0..<slice.count { out[j] = lower(slice[j]) }
            return slice.count
        }
    }

    /// Where the account and the id are in an ASCII link: `.none` when the link is not ASCII,
    /// `.some(nil)` when it is no status link.
    private static func ranges(_ bytes: UnsafeBufferPointer<UInt8>, mastodon: Bool) -> (user: Range<Int>, id: Range<Int>)?? {
        guard let p = bytes.baseAddress else { return .some(nil) }
        let n = bytes.count
        for i in 0..<n where p[i] >= 0x80 { return .none }
        @inline(__always) func starts(_ at: Int, _ prefix: StaticString) -> Bool {
            let length = prefix.utf8CodeUnitCount
            guard at + length <= n else { return false }
            return memcmp(p + at, prefix.utf8Start, length) == 0
        }
        var i: Int
        if starts(0, "https://") { i = 8 } else if starts(0, "http://") { i = 7 } else { return .some(nil) }
        var slash = i
        while slash < n, p[slash] != 0x2F { slash += 1 }
        guard slash < n else { return .some(nil) }
        // Host: lower-cased, port and a leading `www.` removed.
        var hostEnd = i
        while hostEnd < slash, p[hostEnd] != 0x3A { hostEnd += 1 }
        if hostEnd - i >= 4, lower(p[i]) == 0x77, lower(p[i + 1]) == 0x77, lower(p[i + 2]) == 0x77, p[i + 3] == 0x2E { i += 4 }
        let host = UnsafeBufferPointer(rebasing: bytes[i..<hostEnd])
        // Path: `#!/` kept as the old hash-bang form; a query or another fragment cut off.
        var pathStart = slash
        if starts(slash, "/#!/") { pathStart += 3 }
        var pathEnd = pathStart
        while pathEnd < n, p[pathEnd] != 0x3F, p[pathEnd] != 0x23 { pathEnd += 1 }
        // At most five non-empty path segments matter; more make no status link.
        var parts: (Range<Int>, Range<Int>, Range<Int>, Range<Int>, Range<Int>) = (0..<0, 0..<0, 0..<0, 0..<0, 0..<0)
        var count = 0
        var k = pathStart
        while k < pathEnd {
            while k < pathEnd, p[k] == 0x2F { k += 1 }
            let start = k
            while k < pathEnd, p[k] != 0x2F { k += 1 }
            if k > start {
                switch count {
                case 0: parts.0 = start..<k
                case 1: parts.1 = start..<k
                case 2: parts.2 = start..<k
                case 3: parts.3 = start..<k
                case 4: parts.4 = start..<k
                default: return .some(nil)
                }
                count += 1
            }
        }
        func part(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }
        if isTwitterHost(host) {
            guard count == 3 || count == 5 else { return .some(nil) }
            guard equals(part(parts.1), "status") || equals(part(parts.1), "statuses") else { return .some(nil) }
            if count == 5 {
                guard equals(part(parts.3), "photo") || equals(part(parts.3), "video"), isNumber(part(parts.4)) else { return .some(nil) }
            }
            guard isHandle(part(parts.0)), isNumber(part(parts.2)) else { return .some(nil) }
            return .some((parts.0, parts.2))
        }
        guard mastodon, !host.isEmpty else { return .some(nil) }
        if count == 2, p[parts.0.lowerBound] == 0x40, isNumber(part(parts.1)) {
            var user = (parts.0.lowerBound + 1)..<parts.0.upperBound
            // A remote account as another server shows it: `/@<x>@<server>/<n>` (target x).
            if let at = user.first(where: { p[$0] == 0x40 }) {
                guard at + 1 < user.upperBound, !part((at + 1)..<user.upperBound).contains(0x40) else { return .some(nil) }
                user = user.lowerBound..<at
            }
            guard !user.isEmpty, isHandle(part(user)) else { return .some(nil) }
            return .some((user, parts.1))
        }
        if count == 4, equals(part(parts.0), "users"), equals(part(parts.2), "statuses"), isHandle(part(parts.1)),
           isNumber(part(parts.3)) {
            return .some((parts.1, parts.3))
        }
        return .some(nil)
    }

    @inline(__always)
    private static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 0x20 : b }

    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        bytes.count == word.utf8CodeUnitCount && memcmp(bytes.baseAddress!, word.utf8Start, bytes.count) == 0
    }

    /// `twitter.com`, `mobile.twitter.com` or `x.com`, in any case.
    private static func isTwitterHost(_ host: UnsafeBufferPointer<UInt8>) -> Bool {
        func matches(_ name: StaticString) -> Bool {
            guard host.count == name.utf8CodeUnitCount else { return false }
            let q = name.utf8Start
            for j in 0..<host.count where lower(host[j]) != q[j] { return false }
            return true
        }
        return matches("twitter.com") || matches("x.com") || matches("mobile.twitter.com")
    }

    private static func isNumber(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        !s.isEmpty && s.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    private static func isHandle(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        !s.isEmpty && s.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 95 }
    }

    /// The rules over characters, for links with non-ASCII text.
    static func parseText(_ url: String, mastodon: Bool) -> StatusURL? {
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
            var user = parts[0].dropFirst()
            // A remote account as another server shows it: `/@<x>@<server>/<n>` (target x).
            if let at = user.firstIndex(of: "@") {
                let server = user[user.index(after: at)...]
                guard !server.isEmpty, !server.contains("@") else { return nil }
                user = user[..<at]
            }
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
