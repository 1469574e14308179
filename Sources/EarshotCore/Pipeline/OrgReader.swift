/// Reads one organization's files, in path order, and merges the records of the same post
/// (metrics.md section 1, "Merging"). Records of other organizations are handed back as routed
/// records. This is the unit of parallel work: its memory is one organization's posts.
struct OrgReader {
    let files: [ScannedFile]
    let readers: ReaderCatalog
    /// Warnings listed per file; all are counted. Rejects are always listed (rejects.csv).
    var warningDetailLimit = 1_000

    struct Result: Sendable {
        var handle: String?
        /// Merged posts, in the order of their first record.
        var posts: [Post]
        var counts: [Int: FileCounts]
        var findings: [Finding]
        var routed: [RoutedRecord]
    }

    /// - Parameters:
    ///   - handle: the organization, or `nil` to route every post (collections, files of unknown owner).
    ///   - own: indexes of the files to read, in reading order.
    ///   - injected: records of this organization found in other tasks' files.
    ///   - spill: where records of other organizations go, instead of `Result.routed`.
    func read(handle: String?, own: [Int], injected: [RoutedRecord], spill: RoutedSpill? = nil) -> Result {
        // One value holds the state, changed through its methods: local functions capturing
        // several variables made every record pay for run-time exclusivity checks.
        var merger = Merger(result: Result(handle: handle, posts: [], counts: [:], findings: [], routed: []))
        // Sized from the files at once: a record takes at least 40 bytes on disk, gzipped.
        merger.index.reserve(own.reduce(injected.count) { $0 + files[$1].bytes / 40 })
        let injected = injected.sorted { ($0.fileIndex, $0.sequence) < ($1.fileIndex, $1.sequence) }
        var nextInjected = 0

        for fileIndex in own {
            while nextInjected < injected.count, injected[nextInjected].fileIndex < fileIndex {
                merger.merge(injected[nextInjected].post, fileIndex: injected[nextInjected].fileIndex)
                nextInjected += 1
            }
            merger.result.counts[fileIndex] = FileCounts()
            var sequence = 0
            var detailed = 0
            let spilled = spill?.writer(fileIndex: fileIndex)
            defer { spilled?.finish() }
            let failure = readers.read(files[fileIndex]) { event in
                // Consumed, so the post moves into the list instead of being copied there.
                switch consume event {
                case let .post(post, line):
                    sequence += 1
                    if post.org == handle {
                        merger.merge(post, fileIndex: fileIndex)
                    } else if let spilled {
                        spilled.add(RoutedRecord(fileIndex: fileIndex, sequence: sequence, line: line, post: post))
                    } else {
                        merger.result.routed.append(RoutedRecord(fileIndex: fileIndex, sequence: sequence, line: line, post: post))
                    }
                case let .finding(finding):
                    if finding.severity == .reject {
                        merger.result.counts[fileIndex]!.records += 1
                        merger.result.counts[fileIndex]!.rejects += 1
                        merger.result.findings.append(finding)
                    } else {
                        merger.result.counts[fileIndex]!.warnings += 1
                        // Warnings are counted in full but listed only up to a limit per file.
                        if detailed < warningDetailLimit { merger.result.findings.append(finding) }
                        detailed += 1
                    }
                case let .ignored(collection, count):
                    merger.result.counts[fileIndex]!.ignored[collection, default: 0] += count
                }
            }
            if let failure {
                // The rest of the file could not be read: one reject stands for it.
                merger.result.counts[fileIndex]!.records += 1
                merger.result.counts[fileIndex]!.rejects += 1
                merger.result.findings.append(failure)
            }
        }
        while nextInjected < injected.count {
            merger.merge(injected[nextInjected].post, fileIndex: injected[nextInjected].fileIndex)
            nextInjected += 1
        }
        merger.flushCounts()
        return merger.result
    }

    /// Merges one organization's records into its posts (metrics.md section 1, "Merging").
    private struct Merger {
        var result: Result
        var index = PostIndex()
        var otherIndexes: [Platform: PostIndex] = [:]
        // The counts of merged records, gathered per file and added to `result.counts` when the
        // file changes: three dictionary updates and a set insertion per record were a
        // noticeable part of the merge.
        var pending = FileCounts()
        var pendingFile = -1
        var lastOrg: String? = nil

        init(result: Result) { self.result = result }

        mutating func flushCounts() {
            if pendingFile >= 0 { result.counts[pendingFile, default: FileCounts()].add(pending) }
            pending = FileCounts()
            pendingFile = -1
            lastOrg = nil
        }

        mutating func merge(_ post: consuming Post, fileIndex: Int) {
            if fileIndex != pendingFile {
                flushCounts()
                pendingFile = fileIndex
            }
            pending.records += 1
            if post.org != lastOrg {
                pending.orgs.insert(post.org)
                lastOrg = post.org
            }
            let key = PostIndex.key(post.id)
            // Posts merge only within one platform (formats.md "Platforms"): Twitter's ids,
            // nearly all of them, in `index`; each other platform in its own.
            let platform = post.platform
            if let existing = platform == .twitter ? index.position(of: key) : otherIndexes[platform]?.position(of: key) {
                result.posts[existing].merge(post)
                pending.duplicates += 1
            } else {
                if platform == .twitter {
                    index.add(key, at: result.posts.count)
                } else {
                    otherIndexes[platform, default: PostIndex()].add(key, at: result.posts.count)
                }
                result.posts.append(post)
                pending.posts += 1
            }
        }
    }
}

/// Where each post id is in an organization's list of merged posts. Ids are nearly always
/// decimal numbers of at most 19 digits: those are keyed by their value and length (`0123` and
/// `123` stay apart), which hashes far faster than the text; any other id is keyed by its text.
struct PostIndex {
    /// A post id as the index keys it.
    enum Key {
        case numeric(NumericID)
        case text(String)
    }

    struct NumericID: Hashable {
        var value: UInt64
        var digits: UInt8
    }

    private var numeric = NumericTable()
    private var textual: [String: Int] = [:]

    static func key(_ id: String) -> Key {
        var copy = id
        let numeric = copy.withUTF8 { utf8 -> NumericID? in
            guard utf8.count > 0, utf8.count <= 19 else { return nil }
            var value: UInt64 = 0
            for b in utf8 {
                guard b >= 0x30 && b <= 0x39 else { return nil }
                value = value &* 10 &+ UInt64(b &- 0x30)
            }
            return NumericID(value: value, digits: UInt8(utf8.count))
        }
        return numeric.map(Key.numeric) ?? .text(id)
    }

    func position(of key: Key) -> Int? {
        switch key {
        case let .numeric(id): return numeric.position(of: id)
        case let .text(id): return textual[id]
        }
    }

    /// Room for about `count` posts.
    mutating func reserve(_ count: Int) { numeric.reserve(count) }

    mutating func add(_ key: Key, at position: Int) {
        switch key {
        case let .numeric(id): numeric.add(id, at: position)
        case let .text(id): textual[id] = position
        }
    }

    func position(of id: String) -> Int? { position(of: Self.key(id)) }
    mutating func add(_ id: String, at position: Int) { add(Self.key(id), at: position) }
}

/// Numeric post ids to positions: open addressing with a multiplicative hash. Every record of
/// every organization is looked up here, and `Dictionary`'s seeded SipHash was a noticeable part
/// of merging; the keys are not chosen by an adversary who could make them collide on purpose
/// (a post id clash only costs probing time).
struct NumericTable {
    /// One slot: the id and its position side by side, so that a lookup touches one cache line.
    private struct Slot {
        var value: UInt64 = 0
        var position: Int32 = 0
        /// The id's digit count, 0 for an empty slot (ids have at least one digit).
        var digits: UInt8 = 0
    }

    private var slots: [Slot] = []
    private var count = 0
    private var mask = 0

    private static func slot(_ id: PostIndex.NumericID, _ mask: Int) -> Int {
        let mixed = (id.value ^ UInt64(id.digits) << 59) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 32) & mask
    }

    func position(of id: PostIndex.NumericID) -> Int? {
        guard count > 0 else { return nil }
        return slots.withUnsafeBufferPointer { slots in
            var i = Self.slot(id, mask)
            while slots[i].digits != 0 {
                if slots[i].value == id.value && slots[i].digits == id.digits { return Int(slots[i].position) }
                i = (i + 1) & mask
            }
            return nil
        }
    }

    /// Adds or replaces the position of `id`.
    mutating func add(_ id: PostIndex.NumericID, at position: Int) {
        if (count + 1) * 2 > slots.count { grow() }
        let mask = self.mask
        let added = slots.withUnsafeMutableBufferPointer { slots -> Bool in
            var i = Self.slot(id, mask)
            while slots[i].digits != 0 {
                if slots[i].value == id.value && slots[i].digits == id.digits {
                    slots[i].position = Int32(truncatingIfNeeded: position)
                    return false
                }
                i = (i + 1) & mask
            }
            slots[i] = Slot(value: id.value, position: Int32(truncatingIfNeeded: position), digits: id.digits)
            return true
        }
        if added { count += 1 }
    }

    /// Room for `count` ids without growing (each growth rehashes every id so far).
    mutating func reserve(_ count: Int) {
        var capacity = 1024
        // At most 4 MB at once: plain XML takes far more bytes per record than the estimate.
        while capacity < 2 * count, capacity < 1 << 18 { capacity *= 2 }
        if capacity > slots.count { grow(to: capacity) }
    }

    private mutating func grow() { grow(to: max(1024, slots.count * 2)) }

    private mutating func grow(to capacity: Int) {
        let old = slots
        slots = Array(repeating: Slot(), count: capacity)
        mask = capacity - 1
        count = 0
        for slot in old where slot.digits != 0 {
            add(PostIndex.NumericID(value: slot.value, digits: slot.digits), at: Int(slot.position))
        }
    }
}
