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
    /// `https://<host>/@<x>/<n>` and `https://<host>/users/<x>/statuses/<n>`.
    /// A leading `www.`, a query string and a fragment are ignored (except `#!`).
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
        var parts: [Range<Int>] = []
        parts.reserveCapacity(5)
        var k = pathStart
        while k < pathEnd {
            while k < pathEnd, p[k] == 0x2F { k += 1 }
            let start = k
            while k < pathEnd, p[k] != 0x2F { k += 1 }
            if k > start {
                if parts.count == 5 { return .some(nil) }
                parts.append(start..<k)
            }
        }
        func part(_ index: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[parts[index]]) }
        func text(_ index: Int, dropFirst: Int = 0, lowercased: Bool = false) -> String {
            let range = parts[index]
            let slice = UnsafeBufferPointer(rebasing: bytes[(range.lowerBound + dropFirst)..<range.upperBound])
            guard lowercased else { return String(decoding: slice, as: UTF8.self) }
            return String(unsafeUninitializedCapacity: slice.count) { out in
                for j in 0..<slice.count { out[j] = lower(slice[j]) }
                return slice.count
            }
        }
        if isTwitterHost(host) {
            guard parts.count == 3 || parts.count == 5 else { return .some(nil) }
            guard equals(part(1), "status") || equals(part(1), "statuses") else { return .some(nil) }
            if parts.count == 5 {
                guard equals(part(3), "photo") || equals(part(3), "video"), isNumber(part(4)) else { return .some(nil) }
            }
            guard isHandle(part(0)), isNumber(part(2)) else { return .some(nil) }
            return .some(StatusURL(user: text(0, lowercased: true), id: text(2)))
        }
        guard mastodon, !host.isEmpty else { return .some(nil) }
        if parts.count == 2, p[parts[0].lowerBound] == 0x40, isNumber(part(1)) {
            guard parts[0].count > 1, isHandle(UnsafeBufferPointer(rebasing: part(0).dropFirst())) else { return .some(nil) }
            return .some(StatusURL(user: text(0, dropFirst: 1, lowercased: true), id: text(1)))
        }
        if parts.count == 4, equals(part(0), "users"), equals(part(2), "statuses"), isHandle(part(1)), isNumber(part(3)) {
            return .some(StatusURL(user: text(1, lowercased: true), id: text(3)))
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
