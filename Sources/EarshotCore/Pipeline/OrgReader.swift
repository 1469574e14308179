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
        var result = Result(handle: handle, posts: [], counts: [:], findings: [], routed: [])
        var index = PostIndex()
        let injected = injected.sorted { ($0.fileIndex, $0.sequence) < ($1.fileIndex, $1.sequence) }
        var nextInjected = 0

        // The counts of merged records, gathered per file and added to `result.counts` when the
        // file changes: three dictionary updates and a set insertion per record were a
        // noticeable part of the merge.
        var pending = FileCounts()
        var pendingFile = -1
        var lastOrg: String? = nil
        func flushCounts() {
            if pendingFile >= 0 { result.counts[pendingFile, default: FileCounts()].add(pending) }
            pending = FileCounts()
            pendingFile = -1
            lastOrg = nil
        }

        func merge(_ post: consuming Post, fileIndex: Int) {
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
            if let existing = index.position(of: key) {
                result.posts[existing].merge(post)
                pending.duplicates += 1
            } else {
                index.add(key, at: result.posts.count)
                result.posts.append(post)
                pending.posts += 1
            }
        }

        func injectUpTo(_ fileIndex: Int) {
            while nextInjected < injected.count, injected[nextInjected].fileIndex < fileIndex {
                merge(injected[nextInjected].post, fileIndex: injected[nextInjected].fileIndex)
                nextInjected += 1
            }
        }

        for fileIndex in own {
            injectUpTo(fileIndex)
            result.counts[fileIndex] = FileCounts()
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
                        merge(post, fileIndex: fileIndex)
                    } else if let spilled {
                        spilled.add(RoutedRecord(fileIndex: fileIndex, sequence: sequence, line: line, post: post))
                    } else {
                        result.routed.append(RoutedRecord(fileIndex: fileIndex, sequence: sequence, line: line, post: post))
                    }
                case let .finding(finding):
                    if finding.severity == .reject {
                        result.counts[fileIndex]!.records += 1
                        result.counts[fileIndex]!.rejects += 1
                        result.findings.append(finding)
                    } else {
                        result.counts[fileIndex]!.warnings += 1
                        // Warnings are counted in full but listed only up to a limit per file.
                        if detailed < warningDetailLimit { result.findings.append(finding) }
                        detailed += 1
                    }
                }
            }
            if let failure {
                // The rest of the file could not be read: one reject stands for it.
                result.counts[fileIndex]!.records += 1
                result.counts[fileIndex]!.rejects += 1
                result.findings.append(failure)
            }
        }
        injectUpTo(Int.max)
        flushCounts()
        return result
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

    private var numeric: [NumericID: Int] = [:]
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
        case let .numeric(id): return numeric[id]
        case let .text(id): return textual[id]
        }
    }

    mutating func add(_ key: Key, at position: Int) {
        switch key {
        case let .numeric(id): numeric[id] = position
        case let .text(id): textual[id] = position
        }
    }

    func position(of id: String) -> Int? { position(of: Self.key(id)) }
    mutating func add(_ id: String, at position: Int) { add(Self.key(id), at: position) }
}
