import Foundation

/// The organization registry (`organizations.csv`, outputs.md).
public enum Sector: String, Sendable, CaseIterable, Comparable {
    case commercial, nonprofit, other, `public`, unregistered
    public static func < (a: Sector, b: Sector) -> Bool { a.rawValue < b.rawValue }
}

public struct Organization: Sendable, Equatable {
    /// Lower-case, without `@`.
    public var handle: String
    public var name: String
    public var sector: Sector
    public var subsector: String
    public var country: String
    /// Own web domains, lower-case, without `www.`.
    public var domains: [String]
    /// Own hashtags, without `#`, lower-case.
    public var hashtags: [String]
    /// Other names the organization goes by.
    public var aliases: [String]
    public var followers: Int?
    /// Its identities on other platforms (registry `accounts`), as `Registry.accountKey` writes
    /// them: `name@server` (Mastodon), `name.bsky.social` (a Bluesky handle), `did:plc:…`.
    public var accounts: [String]
    /// Its time zone (registry `timezone`, an IANA name such as `Europe/Berlin`) for the
    /// weekday x hour table; nil: UTC.
    public var timezone: String?

    public init(handle: String, name: String = "", sector: Sector, subsector: String = "",
                country: String = "", domains: [String] = [], hashtags: [String] = [],
                aliases: [String] = [], followers: Int? = nil, accounts: [String] = [], timezone: String? = nil) {
        self.accounts = accounts
        self.timezone = timezone
        self.handle = handle
        self.name = name
        self.sector = sector
        self.subsector = subsector
        self.country = country
        self.domains = domains
        self.hashtags = hashtags
        self.aliases = aliases
        self.followers = followers
    }
}

public struct Registry: Sendable {
    /// Sorted by handle (code points of the lower-case form).
    public private(set) var organizations: [Organization]
    private var index: [String: Int]

    public init(_ organizations: [Organization]) {
        self.organizations = organizations.sorted { $0.handle.unicodeScalars.lexicographicallyPrecedes($1.handle.unicodeScalars) }
        var index: [String: Int] = [:]
        for (i, org) in self.organizations.enumerated() { index[org.handle] = i }
        self.index = index
        var accounts: [String: String] = [:]
        for org in self.organizations {
            for account in org.accounts where accounts[account] == nil { accounts[account] = org.handle }
        }
        self.accounts = accounts
    }

    /// Every identity of the `accounts` column to its organization's handle (formats.md rule 1).
    public private(set) var accounts: [String: String] = [:]

    /// An identity as the registry's `accounts` column may write it, in the form the index keys
    /// it: `@name@server` or `name@server` -> `name@server`; `@name.bsky.social` or
    /// `name.bsky.social` -> `name.bsky.social`; `did:plc:…` as it is; all lower-case. nil for
    /// anything else.
    public static func accountKey(_ raw: String) -> String? {
        var s = Substring(raw.trimmingCharacters(in: .whitespaces).lowercased())
        if s.hasPrefix("did:") {
            let parts = s.split(separator: ":", omittingEmptySubsequences: false)
            return parts.count >= 3 && parts.allSatisfy({ !$0.isEmpty }) && !s.contains("/") ? String(s) : nil
        }
        if s.hasPrefix("@") { s = s.dropFirst() }
        guard !s.isEmpty, !s.contains("/"), !s.contains(" ") else { return nil }
        let at = s.split(separator: "@", omittingEmptySubsequences: false)
        switch at.count {
        case 2:
            // Mastodon: a username and a server with a dot.
            return StatusURL.isHandle(at[0]) && at[1].contains(".") && !at[1].hasPrefix(".") && !at[1].hasSuffix(".") ? String(s) : nil
        case 1:
            // A Bluesky handle is a domain name: labels of letters, digits and `-`.
            let labels = s.split(separator: ".", omittingEmptySubsequences: false)
            let valid = labels.count >= 2 && labels.allSatisfy { label in
                !label.isEmpty && label.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }
            }
            return valid ? String(s) : nil
        default:
            return nil
        }
    }

    public func organization(_ handle: String) -> Organization? {
        index[Handle.normalize(handle)].map { organizations[$0] }
    }

    public func contains(_ handle: String) -> Bool { index[Handle.normalize(handle)] != nil }
}

public enum Handle {
    /// Handles compare case-insensitively and without a leading `@`.
    public static func normalize(_ raw: String) -> String {
        // Most handles are already normalized: the same string back, no new one.
        if raw.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }) { return raw }
        // Over the bytes in place when the string has them contiguous (native strings do).
        if case let .some(.some(ascii)) = raw.utf8.withContiguousStorageIfAvailable({ asciiNormalized($0) }) { return ascii }
        return normalize(raw[...])
    }

    public static func normalize<S: StringProtocol>(_ raw: S) -> String {
        // Readers call this for every record: plain ASCII handles skip Foundation's trimming.
        if let ascii = asciiNormalized(raw.utf8) { return ascii }
        var s = raw.trimmingCharacters(in: .whitespaces)
        if s.hasPrefix("@") { s.removeFirst() }
        return s.lowercased()
    }

    /// `normalize` for an all-ASCII handle (spaces and tabs are its whitespace); nil otherwise.
    private static func asciiNormalized<U: Collection<UInt8>>(_ utf8: U) -> String? {
        var lower = true, plain = true
        for b in utf8 {
            guard b < 0x80 else { return nil }
            if b >= 0x41 && b <= 0x5A { lower = false }
            if b == 0x20 || b == 0x09 || b == 0x40 { plain = false }
        }
        if lower && plain { return String(decoding: utf8, as: UTF8.self) }
        var bytes = Array(utf8)
        while let last = bytes.last, last == 0x20 || last == 0x09 { bytes.removeLast() }
        var start = bytes.firstIndex { $0 != 0x20 && $0 != 0x09 } ?? bytes.count
        if start < bytes.count && bytes[start] == 0x40 { start += 1 }
        let count = bytes.count - start
        return String(unsafeUninitializedCapacity: count) { out in
            for k in 0..<count {
                let b = bytes[start + k]
                out[k] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            }
            return count
        }
    }

    /// Code-point order of the lower-case form (metrics.md section 8).
    public static func precedes(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }
}
