import Foundation

/// A registry that cannot be used: the run stops before any input is read (outputs.md).
public struct RegistryError: Error, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var problem: String
    public var description: String { line > 0 ? "\(file):\(line): \(problem)" : "\(file): \(problem)" }
}

/// Reads `organizations.csv`: `handle, name, sector, subsector, country, domains, hashtags,
/// aliases, followers, accounts, timezone`; only `handle` and `sector` are required.
public enum RegistryLoader {
    public static func load(path: String) throws -> Registry {
        let source: ByteSource
        do {
            source = try InputOpener.open(path: path)
        } catch {
            throw RegistryError(file: path, line: 0, problem: "cannot read the registry: \(error)")
        }
        return try load(source, name: path)
    }

    public static func load(_ source: ByteSource, name: String) throws -> Registry {
        var reader = CSVReader(source: source)
        func next() throws -> CSVRecord? {
            do { return try reader.next() } catch { throw RegistryError(file: name, line: 0, problem: "\(error)") }
        }
        guard let headerRecord = try next() else {
            throw RegistryError(file: name, line: 0, problem: "the registry is empty (it needs a header row with handle and sector)")
        }
        let header = CSVHeader(headerRecord)
        guard let handleColumn = header.index(of: "handle") else {
            throw RegistryError(file: name, line: headerRecord.line, problem: "no `handle` column in the header")
        }
        guard let sectorColumn = header.index(of: "sector") else {
            throw RegistryError(file: name, line: headerRecord.line, problem: "no `sector` column in the header")
        }
        let columns = ["name", "subsector", "country", "domains", "hashtags", "aliases", "followers", "accounts", "timezone"]
        let index = Dictionary(uniqueKeysWithValues: columns.map { ($0, header.index(of: $0)) })
        var organizations: [Organization] = []
        var seen: [String: Int] = [:]
        var accountLines: [String: (handle: String, line: Int)] = [:]
        while let record = try next() {
            let line = record.line
            if record.problem != nil {
                throw RegistryError(file: name, line: line, problem: "malformed CSV record (unterminated quote or far too long)")
            }
            func field(_ column: String) -> String {
                guard let i = index[column] ?? nil, i < record.count else { return "" }
                return record.string(at: i).trimmingCharacters(in: .whitespaces)
            }
            let rawHandle = handleColumn < record.count ? record.string(at: handleColumn) : ""
            let handle = Handle.normalize(rawHandle)
            guard !handle.isEmpty, StatusURL.isHandle(handle) else {
                throw RegistryError(file: name, line: line, problem: "`\(rawHandle)` is not a handle (letters, digits and _)")
            }
            if let first = seen[handle] {
                throw RegistryError(file: name, line: line, problem: "duplicate handle `\(handle)` (first on line \(first))")
            }
            seen[handle] = line
            let rawSector = sectorColumn < record.count ? record.string(at: sectorColumn).trimmingCharacters(in: .whitespaces) : ""
            guard let sector = Sector(rawValue: rawSector.lowercased()), sector != .unregistered else {
                throw RegistryError(file: name, line: line, problem: "unknown sector `\(rawSector)` (public, nonprofit, commercial or other)")
            }
            var followers: Int? = nil
            let rawFollowers = field("followers")
            if !rawFollowers.isEmpty {
                guard let value = Counter.parse(rawFollowers).known else {
                    throw RegistryError(file: name, line: line, problem: "followers `\(rawFollowers)` is not a number")
                }
                followers = value
            }
            var accounts: [String] = []
            for raw in splitList(field("accounts")) {
                guard let account = Registry.accountKey(raw) else {
                    throw RegistryError(file: name, line: line, problem: "`\(raw)` in accounts is not a Mastodon account (@name@server), a Bluesky handle (name.bsky.social) or a DID (did:plc:…)")
                }
                if let first = accountLines[account], first.handle != handle {
                    throw RegistryError(file: name, line: line, problem: "account `\(raw)` is already `\(first.handle)`'s (line \(first.line))")
                }
                accountLines[account] = (handle, line)
                if !accounts.contains(account) { accounts.append(account) }
            }
            // An IANA name Foundation knows (`Europe/Berlin`); `UTC` too. Empty: UTC.
            let rawZone = field("timezone")
            if !rawZone.isEmpty, TimeZone(identifier: rawZone) == nil {
                throw RegistryError(file: name, line: line, problem: "timezone `\(rawZone)` is not an IANA time zone name (such as Europe/Berlin or America/New_York)")
            }
            organizations.append(Organization(
                handle: handle, name: field("name"), sector: sector, subsector: field("subsector"),
                country: field("country"), domains: splitList(field("domains")).compactMap(domain),
                hashtags: splitList(field("hashtags")).map { $0.hasPrefix("#") ? String($0.dropFirst()).lowercased() : $0.lowercased() }.filter { !$0.isEmpty },
                aliases: field("aliases").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty },
                followers: followers, accounts: accounts, timezone: rawZone.isEmpty ? nil : rawZone))
        }
        return Registry(organizations)
    }

    /// Values separated by spaces or semicolons.
    static func splitList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "\t" }).map(String.init)
    }

    /// `https://www.RedCross.org/about` -> `redcross.org`: people paste links into the registry.
    static func domain(_ raw: String) -> String? {
        var s = Substring(raw.lowercased())
        if let scheme = s.range(of: "://") { s = s[scheme.upperBound...] }
        if let slash = s.firstIndex(of: "/") { s = s[..<slash] }
        if let colon = s.firstIndex(of: ":") { s = s[..<colon] }
        if s.hasPrefix("www.") { s = s.dropFirst(4) }
        return s.isEmpty ? nil : String(s)
    }
}
