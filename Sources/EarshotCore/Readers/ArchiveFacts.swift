import Foundation

/// What a Twitter or Mastodon archive says about the files that came in it: whose archive it is
/// (formats.md, attribution rule 1) and where its long posts are.
public struct ArchiveFacts: Sendable, Equatable {
    /// The account's handle, lower-case, from `account.js` (`username`), `manifest.js`
    /// (`userInfo.userName`) or `actor.json` (`preferredUsername`).
    public var account: String?
    /// The archive's `note-tweet.js` files: the full text of posts longer than 280 characters,
    /// whose `full_text` in `tweets.js` is cut short.
    public var noteTweets: [ExportFile]

    public init(account: String? = nil, noteTweets: [ExportFile] = []) {
        self.account = account
        self.noteTweets = noteTweets
    }

    public var isEmpty: Bool { account == nil && noteTweets.isEmpty }
}

/// The names of an archive's files, as Twitter and Mastodon write them. File names are only
/// used here, where the spec names the files; every export's format is still recognised from
/// its content.
enum ArchiveFileNames {
    /// `tweets.js`, `tweet.js`, `tweets-part1.js`, `tweet-part2.js`.
    static func isTweetsPart(_ name: String) -> Bool {
        guard name.hasSuffix(".js") else { return false }
        var stem = name.dropLast(3)
        if let dash = stem.range(of: "-part") {
            guard StatusURL.isNumber(stem[dash.upperBound...]) else { return false }
            stem = stem[..<dash.lowerBound]
        }
        return stem == "tweets" || stem == "tweet"
    }

    /// `note-tweet.js`, `note-tweet-part1.js`.
    static func isNoteTweets(_ name: String) -> Bool {
        name == "note-tweet.js" || (name.hasPrefix("note-tweet-part") && name.hasSuffix(".js"))
    }

    /// Files that name the archive's account, in order of preference.
    static let accountFiles = ["account.js", "manifest.js", "actor.json"]

    static func isOutbox(_ name: String) -> Bool { name == "outbox.json" }
}

/// Reads the account of an archive from its account file.
enum ArchiveAccount {
    /// The largest account file read (manifest.js is a few hundred KB at most).
    static let maxBytes = 16 << 20

    /// The handle in `account.js`, `manifest.js` or `actor.json` (which one is told by `fileName`);
    /// `nil` when the file does not hold one.
    static func handle(fileName: String, source: ByteSource) -> String? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= maxBytes {
            guard let n = try? chunk.withUnsafeMutableBytes({ try source.read(into: $0) }), n > 0 else { break }
            bytes.append(contentsOf: chunk[..<n])
        }
        guard bytes.count <= maxBytes else { return nil }
        // `window.YTD.account.part0 = [...]`, `window.__THAR_CONFIG = {...}`: the JSON after the first `=`.
        if fileName.hasSuffix(".js") {
            guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { return nil }
            bytes.removeSubrange(...equals)
        }
        guard let json = try? JSONSerialization.jsonObject(with: Data(bytes)) else { return nil }
        let name: String?
        switch fileName {
        case "account.js":
            let first = (json as? [Any])?.first.flatMap { $0 as? [String: Any] }
            name = JSONField.nonEmpty(JSONField.object(first?["account"])?["username"])
        case "manifest.js":
            name = JSONField.nonEmpty(JSONField.object((json as? [String: Any])?["userInfo"])?["userName"])
        default:
            let actor = json as? [String: Any]
            name = JSONField.nonEmpty(actor?["preferredUsername"])
                ?? MastodonOutboxReader.username(fromActorURI: JSONField.string(actor?["id"]) ?? "")
        }
        guard let name else { return nil }
        let handle = Handle.normalize(name)
        return StatusURL.isHandle(handle) ? handle : nil
    }
}
