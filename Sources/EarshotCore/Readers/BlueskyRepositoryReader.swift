/// T10: a Bluesky repository export (`.car`), as "Export my data" and `goat repo export` write it.
///
/// The CAR file is indexed whole (`CARFile`: every block's digest checked against its CID),
/// then the Merkle Search Tree is walked in key order from the root commit's `data`, so that
/// only records reachable from the root count: blocks of older commits and deleted records are
/// in the file too, and are not posts. Posts and reposts are read; every other collection is
/// counted under `ignored` (ReaderEvent.ignored) and is not a record.
///
/// Decisions where the spec is silent:
/// - A post's or reject's `line` is the byte offset of its block in the file (a CAR file has no
///   lines); a file rejected whole has line 0 and the offset in its reason.
/// - Accounts other than the organization are named by their DID, lower-case; the registry's
///   `accounts` turns a DID it lists into that organization's handle (the account's own DID
///   into the organization, which makes threads and self-reposts).
/// - A quote needs an embedded record in `app.bsky.feed.post` (an embedded list or feed is
///   not a post); a reply that also quotes is a reply (metrics.md, settled reading 1).
/// - `urls` are the facet links then `embed.external.uri` (also as the media of a
///   `recordWithMedia`), without repeats; `mentions` the facet DIDs; `hashtags` the facet tags,
///   or taken from the text when there are none.
/// - A bad block that nothing reachable uses, and a cut-short end after the last block the
///   tree needs, are warnings: no post is lost to them.
public struct BlueskyRepositoryReader: ExportReader {
    public var format: ExportFormat { .bluesky }
    /// Identities of the registry's `accounts` column (DIDs and Bluesky handles, lower-case)
    /// to the organization's handle.
    public var accounts: [String: String]

    public init(accounts: [String: String] = [:]) {
        self.accounts = accounts
    }

    static let postCollection = "app.bsky.feed.post"
    static let repostCollection = "app.bsky.feed.repost"

    public func read(_ source: ByteSource, file: ExportFile, emit: (consuming ReaderEvent) -> Void) throws {
        let bytes = try Self.readAll(source)
        func wholeFileReject(_ reason: String) {
            emit(.finding(.reject(file: file.displayPath, line: 0, reason: reason)))
        }
        let car: CARFile
        do {
            car = try CARFile(bytes: bytes)
        } catch {
            return wholeFileReject("not a readable CAR file: \(error)")
        }
        guard let root = car.roots.first else { return wholeFileReject("a CAR file without a root") }
        let commit: CBORValue
        switch car.value(root) {
        case let .success(value): commit = value
        case let .failure(error): return wholeFileReject("the root commit cannot be read: \(error)")
        }
        guard let did = commit["did"]?.string, did.hasPrefix("did:"), let data = commit["data"]?.link else {
            return wholeFileReject("the root block is not a repository commit (no `did` and `data`)")
        }
        let ownDID = did.lowercased()
        guard let org = accounts[ownDID] ?? file.fallbackOrg.map(Handle.normalize) else {
            return wholeFileReject("unknown organization: nothing names the account \(did); list it in the registry's `accounts` column, name the file `<handle>.<digits>.car`, or put it in a folder named after the organization's handle")
        }
        var walk = TreeWalk(car: car)
        var usedBad = Set<Int>()
        var ignored: [String: Int] = [:]
        walk.start(data)
        while true {
            let next: (key: String, value: CID)?
            do {
                next = try walk.next()
            } catch {
                usedBad.insert(error.offset)
                emit(.finding(.reject(file: file.displayPath, line: error.offset,
                                      reason: "the repository tree cannot be walked from here (\(error)); the rest of the file is not read")))
                break
            }
            guard let (key, cid) = next else { break }
            let slash = key.firstIndex(of: "/") ?? key.endIndex
            let collection = String(key[..<slash])
            let rkey = slash < key.endIndex ? String(key[key.index(after: slash)...]) : ""
            guard collection == Self.postCollection || collection == Self.repostCollection else {
                ignored[collection, default: 0] += 1
                continue
            }
            let offset: Int
            if case let .good(start, _)? = car.blocks[cid] { offset = start } else { offset = 0 }
            let record: CBORValue
            switch car.value(cid) {
            case let .success(value): record = value
            case let .failure(error):
                usedBad.insert(error.offset)
                emit(.finding(.reject(file: file.displayPath, line: error.offset,
                                      reason: "record \(key) cannot be read: \(error)", excerpt: key)))
                continue
            }
            switch Self.post(record, collection: collection, rkey: rkey, org: org, ownDID: ownDID, accounts: accounts) {
            case let .success(post): emit(.post(post, line: offset))
            case let .failure(reason):
                emit(.finding(.reject(file: file.displayPath, line: offset, reason: "\(reason.text) (record \(key))", excerpt: key)))
            }
        }
        let unused = car.badBlocks.filter { !usedBad.contains($0.offset) }
        if let first = unused.first {
            emit(.finding(.warning(file: file.displayPath, line: first.offset,
                                   reason: "\(unused.count) block\(unused.count == 1 ? "" : "s") not used by the repository's current tree cannot be read (first: \(first.reason) at byte \(first.offset))")))
        }
        if let truncation = car.truncation, !usedBad.contains(truncation.offset) {
            emit(.finding(.warning(file: file.displayPath, line: truncation.offset,
                                   reason: "the file is cut short after the blocks the repository uses: \(truncation)")))
        }
        for (collection, count) in ignored.sorted(by: { $0.key < $1.key }) {
            emit(.ignored(collection: collection, count: count))
        }
    }

    /// The organization of every post of `file` when the file alone decides it: the registry
    /// names the commit's DID (read from the file's first blocks), else the file name or path.
    public func organization(of file: ExportFile) -> String? {
        if accounts.keys.contains(where: { $0.hasPrefix("did:") }), let did = Self.commitDID(file) {
            if let org = accounts[did] { return org }
        }
        return file.fallbackOrg.map(Handle.normalize)
    }

    /// The DID of the root commit, when it is among the file's first 256 KiB (goat and the
    /// Bluesky app write it first).
    static func commitDID(_ file: ExportFile) -> String? {
        guard let source = try? InputOpener.open(file) else { return nil }
        var head = [UInt8](repeating: 0, count: 256 * 1024)
        var filled = 0
        while filled < head.count {
            let n = (try? head.withUnsafeMutableBytes { try source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[filled...])) }) ?? 0
            if n == 0 { break }
            filled += n
        }
        head.removeLast(head.count - filled)
        guard let car = try? CARFile(bytes: head), let root = car.roots.first,
              case let .success(commit) = car.value(root), let did = commit["did"]?.string else { return nil }
        return did.lowercased()
    }

    static func readAll(_ source: ByteSource) throws -> [UInt8] {
        if let memory = source as? MemorySource, memory.lendsWhole { return memory.takeRest() }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<n])
        }
    }

    // MARK: Records

    /// The account an `at://<authority>/<collection>/<rkey>` URI names, as the organization's
    /// handle when the registry knows it, and whether it points at a post.
    static func account(ofURI uri: String, org: String, ownDID: String, accounts: [String: String]) -> (account: String, isPost: Bool)? {
        guard uri.hasPrefix("at://") else { return nil }
        let parts = uri.dropFirst(5).split(separator: "/", omittingEmptySubsequences: false)
        guard let authority = parts.first, !authority.isEmpty else { return nil }
        let isPost = parts.count >= 3 && parts[1] == postCollection
        return (identity(String(authority), org: org, ownDID: ownDID, accounts: accounts), isPost)
    }

    /// A DID or handle as the posts name accounts: the organization for its own DID, the
    /// registry's handle for a DID or handle it lists, else the identity lower-cased.
    static func identity(_ raw: String, org: String, ownDID: String, accounts: [String: String]) -> String {
        let id = raw.lowercased()
        if id == ownDID { return org }
        return accounts[id] ?? id
    }

    static func post(_ record: CBORValue, collection: String, rkey: String, org: String, ownDID: String,
                     accounts: [String: String]) -> Result<Post, RejectReason> {
        guard case .map = record else { return .failure(RejectReason("a record that is not a map")) }
        guard !rkey.isEmpty else { return .failure(RejectReason("missing id (a record key without rkey)")) }
        guard let when = record["createdAt"]?.string, let created = Timestamp.parse(when) else {
            return .failure(RejectReason("bad timestamp"))
        }
        if collection == repostCollection {
            let target = (record["subject"]?["uri"]?.string).flatMap {
                account(ofURI: $0, org: org, ownDID: ownDID, accounts: accounts)?.account
            }
            return .success(Post(org: org, id: rkey, created: created, text: "", format: .bluesky,
                                 expandedURLs: [], mentions: [], hashtags: [], marker: .repost(target: target)))
        }
        let text = record["text"]?.string ?? ""
        var urls: [String] = []
        var mentions: [String] = []
        var tags: [String] = []
        func addURL(_ url: String?) {
            if let url, !url.isEmpty, !urls.contains(url) { urls.append(url) }
        }
        for facet in record["facets"]?.array ?? [] {
            for feature in facet["features"]?.array ?? [] {
                switch feature["$type"]?.string {
                case "app.bsky.richtext.facet#link":
                    addURL(feature["uri"]?.string)
                case "app.bsky.richtext.facet#mention":
                    if let did = feature["did"]?.string {
                        let who = identity(did, org: org, ownDID: ownDID, accounts: accounts)
                        if !mentions.contains(who) { mentions.append(who) }
                    }
                case "app.bsky.richtext.facet#tag":
                    if let tag = feature["tag"]?.string, !tag.isEmpty,
                       !tags.contains(where: { $0.lowercased() == tag.lowercased() }) { tags.append(tag) }
                default:
                    continue
                }
            }
        }
        var marker: StructuralMarker? = nil
        if let embed = record["embed"] {
            var quoted: CBORValue? = nil
            switch embed["$type"]?.string {
            case "app.bsky.embed.external":
                addURL(embed["external"]?["uri"]?.string)
            case "app.bsky.embed.record":
                quoted = embed["record"]
            case "app.bsky.embed.recordWithMedia":
                quoted = embed["record"]?["record"]
                addURL(embed["media"]?["external"]?["uri"]?.string)
            default:
                break
            }
            if let uri = quoted?["uri"]?.string, let target = account(ofURI: uri, org: org, ownDID: ownDID, accounts: accounts), target.isPost {
                marker = .quote(target: target.account)
            }
        }
        if let parent = record["reply"]?["parent"] {
            // A reply marker beats a quote (settled reading 1); an unreadable parent URI leaves
            // the target unknown.
            let target = (parent["uri"]?.string).flatMap { account(ofURI: $0, org: org, ownDID: ownDID, accounts: accounts)?.account }
            marker = .reply(target: target)
        }
        return .success(Post(org: org, id: rkey, created: created, text: text, format: .bluesky,
                             expandedURLs: urls, mentions: mentions, hashtags: tags.isEmpty ? nil : tags, marker: marker))
    }
}

/// The Merkle Search Tree of a repository, walked in key order: nodes `{l, e: [{p, k, v, t}]}`,
/// each entry's key `p` bytes of the previous key followed by `k`. Keys must rise strictly;
/// a node that is missing, bad or out of order ends the walk (the error names its offset).
struct TreeWalk {
    let car: CARFile
    /// Work still to do, the next on top: subtrees to open and entries to hand out.
    private var stack: [Item] = []
    private var lastKey: [UInt8]? = nil

    private enum Item {
        case node(CID, depth: Int)
        case entry(key: [UInt8], value: CID, offset: Int)
    }

    init(car: CARFile) { self.car = car }

    mutating func start(_ root: CID) { stack = [.node(root, depth: 0)] }

    /// The next record's key and CID, nil at the end.
    mutating func next() throws(CBORError) -> (key: String, value: CID)? {
        while let item = stack.popLast() {
            switch item {
            case let .entry(key, value, offset):
                if let lastKey, !lastKey.lexicographicallyPrecedes(key) {
                    throw CBORError(offset: offset, reason: "tree keys out of order (`\(String(decoding: key, as: UTF8.self).prefix(80))`)")
                }
                lastKey = key
                return (String(decoding: key, as: UTF8.self), value)
            case let .node(cid, depth):
                try open(cid, depth: depth)
            }
        }
        return nil
    }

    private mutating func open(_ cid: CID, depth: Int) throws(CBORError) {
        guard depth <= DAGCBORDecoder.maxDepth else {
            throw CBORError(offset: 0, reason: "the repository tree is deeper than \(DAGCBORDecoder.maxDepth)")
        }
        let node: CBORValue
        switch car.value(cid) {
        case let .success(value): node = value
        case let .failure(error): throw error
        }
        let offset: Int
        if case let .good(start, _)? = car.blocks[cid] { offset = start } else { offset = 0 }
        guard case .map = node, let entries = node["e"]?.array else {
            throw CBORError(offset: offset, reason: "a tree node that is not `{l, e}`")
        }
        func subtree(_ value: CBORValue?) throws(CBORError) -> CID? {
            guard let value, !value.isNull else { return nil }
            guard let link = value.link else { throw CBORError(offset: offset, reason: "a tree link that is not a CID") }
            return link
        }
        var items: [Item] = []
        items.reserveCapacity(2 * entries.count + 1)
        if let left = try subtree(node["l"]) { items.append(.node(left, depth: depth + 1)) }
        var key: [UInt8] = []
        for entry in entries {
            guard let prefix = entry["p"]?.integer, prefix >= 0, prefix <= Int64(key.count),
                  let suffix = entry["k"]?.bytes, let value = entry["v"]?.link else {
                throw CBORError(offset: offset, reason: "a tree entry that is not `{p, k, v, t}`")
            }
            key = Array(key[..<Int(prefix)]) + suffix
            items.append(.entry(key: key, value: value, offset: offset))
            if let right = try subtree(entry["t"]) { items.append(.node(right, depth: depth + 1)) }
        }
        stack.append(contentsOf: items.reversed())
    }
}
