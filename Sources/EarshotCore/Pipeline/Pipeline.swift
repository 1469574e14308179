import Foundation

/// A file the pipeline will read: where it is, what format it is, and whose it is.
public struct ScannedFile: Sendable {
    public var file: ExportFile
    /// `nil` for a file that cannot be read at all (a gzip file corrupt from its first bytes):
    /// it is rejected whole, one record, so that the reject rate shows it.
    public var format: ExportFormat?
    /// Why the file cannot be read, when `format` is nil.
    public var unreadable: String? = nil
    public var bytes: Int
    /// The organization whose task reads it; `nil` for collections (twarc) and files whose owner
    /// only the records can tell: those are read first and their posts routed.
    public var owner: String?
}

/// A file that matched no format (summary.json `skipped`): a warning, not an error.
public struct SkippedFile: Sendable, Equatable {
    public var path: String
    public var reason: String
}

/// Everything a run read, before any report is written.
public struct PipelineOutcome<OrgResult: Sendable>: Sendable {
    /// Files read, in reading order: the scan's own list, shared rather than copied (with tens
    /// of thousands of files, a copy is megabytes).
    public var scannedFiles: [ScannedFile]
    /// What happened to each file's records, by the same index.
    public var fileCounts: [FileCounts]
    public var skipped: [SkippedFile]
    /// Rejects (all) and warnings (up to a limit per file), in reading order.
    public var findings: [Finding]
    /// One result per organization with posts, sorted by handle.
    public var organizations: [(handle: String, result: OrgResult)]
    /// The same run by part (`PipelineHooks`): each unowned file's share by file index, and
    /// each organization's, sorted by handle. The cache and partial results are made of these.
    public var collectionShares: [Int: CollectionShare] = [:]
    public var organizationParts: [OrgPart<OrgResult>] = []
    /// Records left to organizations this run does not compute (shards only).
    public var foreignRecords: [ForeignRecord] = []

    public init(files: [(file: ScannedFile, counts: FileCounts)], skipped: [SkippedFile], findings: [Finding],
                organizations: [(handle: String, result: OrgResult)], collectionShares: [Int: CollectionShare] = [:],
                organizationParts: [OrgPart<OrgResult>] = [], foreignRecords: [ForeignRecord] = []) {
        self.init(scannedFiles: files.map(\.file), fileCounts: files.map(\.counts), skipped: skipped, findings: findings,
                  organizations: organizations, collectionShares: collectionShares, organizationParts: organizationParts,
                  foreignRecords: foreignRecords)
    }

    public init(scannedFiles: [ScannedFile], fileCounts: [FileCounts], skipped: [SkippedFile], findings: [Finding],
                organizations: [(handle: String, result: OrgResult)], collectionShares: [Int: CollectionShare] = [:],
                organizationParts: [OrgPart<OrgResult>] = [], foreignRecords: [ForeignRecord] = []) {
        precondition(scannedFiles.count == fileCounts.count, "one count per file")
        self.scannedFiles = scannedFiles
        self.fileCounts = fileCounts
        self.skipped = skipped
        self.findings = findings
        self.organizations = organizations
        self.collectionShares = collectionShares
        self.organizationParts = organizationParts
        self.foreignRecords = foreignRecords
    }

    /// Files read, in reading order, with what happened to their records. Made on each use:
    /// loops over many files use `scannedFiles` and `fileCounts`.
    public var files: [(file: ScannedFile, counts: FileCounts)] {
        get { scannedFiles.indices.map { (file: scannedFiles[$0], counts: fileCounts[$0]) } }
        set {
            scannedFiles = newValue.map(\.file)
            fileCounts = newValue.map(\.counts)
        }
    }

    /// File `index` with its counts.
    public func file(_ index: Int) -> (file: ScannedFile, counts: FileCounts) {
        (file: scannedFiles[index], counts: fileCounts[index])
    }

    public var totals: FileCounts {
        fileCounts.reduce(into: FileCounts()) { $0.add($1) }
    }
}

/// The stages of a run: find the files, recognise them, read each organization's files on its
/// own Dispatch worker, merge its posts, and hand them to `analyze` while they are in memory.
public struct Pipeline: Sendable {
    public var registry: Registry?
    public var threads: Int
    public var readers: ReaderCatalog

    public init(registry: Registry?, threads: Int, readers: ReaderCatalog = ReaderCatalog()) {
        self.registry = registry
        self.threads = max(1, threads)
        self.readers = readers
        // Records that name an identity of the registry's `accounts` belong to its organization.
        if self.readers.accounts.isEmpty, let registry { self.readers.accounts = registry.accounts }
    }

    /// Recognises the format and owner of each file (in parallel: it opens every file).
    public func scan(_ exportFiles: [ExportFile]) -> (files: [ScannedFile], skipped: [SkippedFile]) {
        let readers = self.readers
        let scanned = parallelMap(count: exportFiles.count, threads: threads) { i -> Result<ScannedFile, SkippedFileError> in
            readers.scan(exportFiles[i])
        }
        var files: [ScannedFile] = []
        files.reserveCapacity(scanned.count) // kept for the whole run: no room to spare
        var skipped: [SkippedFile] = []
        for item in scanned {
            switch item {
            case let .success(file): files.append(file)
            case let .failure(error): skipped.append(error.skipped)
            }
        }
        return (files, skipped)
    }

    /// Reads everything and analyses each organization's merged posts. `hooks` may narrow the
    /// run to some organizations (a shard) and supply unchanged parts from an earlier run.
    public func run<OrgResult: Sendable>(
        _ exportFiles: [ExportFile],
        hooks: PipelineHooks<OrgResult> = PipelineHooks(),
        analyze: @escaping @Sendable (_ handle: String, _ posts: consuming [Post]) -> OrgResult
    ) -> PipelineOutcome<OrgResult> {
        run(scanned: scan(exportFiles), hooks: hooks, analyze: analyze)
    }

    /// The same, for files already scanned (the cache keeps what the scan found).
    public func run<OrgResult: Sendable>(
        scanned: (files: [ScannedFile], skipped: [SkippedFile]),
        hooks: PipelineHooks<OrgResult> = PipelineHooks(),
        analyze: @escaping @Sendable (_ handle: String, _ posts: consuming [Post]) -> OrgResult
    ) -> PipelineOutcome<OrgResult> {
        let (files, skipped) = scanned
        let reader = OrgReader(files: files, readers: readers)
        let threads = self.threads
        let includes = hooks.includes ?? { _ in true }
        let progress = hooks.progress
        progress?.begin(files: files.count, bytes: files.reduce(0) { $0 + $1.bytes })

        // Phase A: files without an owner (collections) are read first; their posts are routed,
        // through a temporary file, so that memory follows the largest organization. One whose
        // share is known from an earlier run is read only if an organization it feeds is read
        // again (below).
        let unowned = files.indices.filter { files[$0].owner == nil }
        var reusedCollections: [Int: CollectionShare] = [:]
        if let reuse = hooks.reusableCollection {
            let found = parallelMap(count: unowned.count, threads: threads) { i in reuse(files[unowned[i]]) }
            for (i, share) in zip(unowned, found) { if let share { reusedCollections[i] = share } }
        }
        var phaseA: [Int: OrgReader.Result] = [:]
        let routedA = RoutedSpill()
        func readUnowned(_ indexes: [Int]) {
            // Largest first, so that one big collection does not finish last on its own.
            let order = indexes.indices.sorted { a, b in
                let (x, y) = (files[indexes[a]].bytes, files[indexes[b]].bytes)
                return x != y ? x > y : a < b
            }
            let results = parallelMap(count: indexes.count, threads: threads, order: order) { i in
                let read = reader.read(handle: nil, own: [indexes[i]], injected: [], spill: routedA)
                progress?.advance(files: 1, bytes: files[indexes[i]].bytes)
                return read
            }
            for (i, result) in zip(indexes, results) { phaseA[i] = result }
        }
        readUnowned(unowned.filter { reusedCollections[$0] == nil })
        var collectionsOf: [String: [Int]] = [:]
        var recipients: [Int: [String]] = [:]
        for i in unowned {
            recipients[i] = reusedCollections[i]?.recipients ?? routedA.organizations(inFile: i)
            for handle in recipients[i]! where includes(handle) { collectionsOf[handle, default: []].append(i) }
        }

        // Phase B: one task per organization, its own files plus the records routed to it.
        var ownFiles: [String: [Int]] = [:]
        for (i, file) in files.enumerated() { if let owner = file.owner, includes(owner) { ownFiles[owner, default: []].append(i) } }
        var handles = Set(ownFiles.keys).union(collectionsOf.keys).sorted(by: Handle.precedes)
        let inputs = handles.map { handle in
            let indexes = ((ownFiles[handle] ?? []) + (collectionsOf[handle] ?? [])).sorted()
            return OrgInputs(handle: handle, fileIndexes: indexes, runFiles: files)
        }
        var reused: [OrgShare<OrgResult>?] = Array(repeating: nil, count: handles.count)
        if let reuse = hooks.reusableOrganization {
            reused = parallelMap(count: inputs.count, threads: threads) { i in reuse(inputs[i]) }
        }
        // Collections skipped above that feed an organization read again are read now.
        func readCollections(feeding organizations: [String]) {
            let missing = Set(organizations.flatMap { collectionsOf[$0] ?? [] }).filter { phaseA[$0] == nil }
            readUnowned(missing.sorted())
        }
        readCollections(feeding: handles.indices.filter { reused[$0] == nil }.map { handles[$0] })

        let owned = ownFiles
        @Sendable func task(_ handle: String, injected: [RoutedRecord]) -> (OrgReader.Result, OrgResult) {
            var read = reader.read(handle: handle, own: owned[handle] ?? [], injected: injected)
            // The posts are handed over, not shared: analysis sorts them in place, and once it
            // is done memory is one organization at a time.
            let posts = read.posts
            read.posts = []
            let count = posts.count
            let result = analyze(handle, posts)
            progress?.advance(files: owned[handle]?.count ?? 0, bytes: (owned[handle] ?? []).reduce(0) { $0 + files[$1].bytes },
                              posts: count)
            return (read, result)
        }
        // Largest organizations first, so that one big one does not finish last on its own.
        let weight = handles.map { h in (ownFiles[h] ?? []).reduce(0) { $0 + files[$1].bytes } + routedA.count(for: h) * 200 }
        let order = handles.indices.sorted { weight[$0] != weight[$1] ? weight[$0] > weight[$1] : $0 < $1 }
        let firstHandles = handles
        let reusedShares = reused
        var phaseB = parallelMap(count: firstHandles.count, threads: threads, order: order) { i in
            if let share = reusedShares[i] {
                progress?.skip(files: owned[firstHandles[i]]?.count ?? 0,
                               bytes: (owned[firstHandles[i]] ?? []).reduce(0) { $0 + files[$1].bytes })
                return (OrgReader.Result(handle: firstHandles[i], posts: [], counts: share.counts, findings: share.findings, routed: []),
                        share.result)
            }
            return task(firstHandles[i], injected: routedA.records(for: firstHandles[i]))
        }

        // Phase C (rare): records that a single-account file holds for another account. Their
        // organizations are read again with those records in their place.
        var routedB: [String: [RoutedRecord]] = [:]
        var foreign: [ForeignRecord] = []
        for (read, _) in phaseB {
            for record in read.routed {
                if includes(record.post.org) {
                    routedB[record.post.org, default: []].append(record)
                } else {
                    foreign.append(ForeignRecord(file: files[record.fileIndex].file.displayPath, line: record.line, org: record.post.org))
                }
            }
        }
        var redone = Set<String>()
        if !routedB.isEmpty {
            let again = routedB.keys.sorted(by: Handle.precedes)
            readCollections(feeding: again)
            let strays = routedB
            let phaseC = parallelMap(count: again.count, threads: threads) { i in
                task(again[i], injected: (strays[again[i]] ?? []) + routedA.records(for: again[i]))
            }
            var position = Dictionary(uniqueKeysWithValues: handles.enumerated().map { ($1, $0) })
            for (i, handle) in again.enumerated() {
                var redoneTask = phaseC[i]
                redoneTask.0.routed = [] // already routed in phase B
                redone.insert(handle)
                if let at = position[handle] {
                    phaseB[at] = redoneTask
                } else {
                    position[handle] = handles.count
                    handles.append(handle)
                    phaseB.append(redoneTask)
                }
            }
        }
        progress?.finish()

        // Assemble in a fixed order: files in reading order, organizations by handle.
        var counts = Array(repeating: FileCounts(), count: files.count)
        var findings: [Finding] = []
        var collectionShares: [Int: CollectionShare] = [:]
        for i in unowned {
            if let read = phaseA[i] {
                collectionShares[i] = CollectionShare(counts: read.counts[i] ?? FileCounts(), findings: read.findings,
                                                      recipients: recipients[i] ?? [])
            } else {
                collectionShares[i] = reusedCollections[i]
            }
        }
        for share in collectionShares.values {
            findings += share.findings
        }
        for (i, share) in collectionShares { counts[i].add(share.counts) }
        for i in phaseB.indices {
            for (file, c) in phaseB[i].0.counts { counts[file].add(c) }
            findings += phaseB[i].0.findings
            if !hooks.keepsParts { phaseB[i].0.counts = [:]; phaseB[i].0.findings = [] }
        }
        Self.sortFindings(&findings, files: files)
        var parts: [OrgPart<OrgResult>] = []
        let organizations: [(handle: String, result: OrgResult)]
        if hooks.keepsParts {
            for (i, handle) in handles.enumerated() {
                let (read, result) = phaseB[i]
                let indexes = read.counts.keys.sorted()
                let partInputs = i < inputs.count && !redone.contains(handle)
                    ? inputs[i] : OrgInputs(handle: handle, fileIndexes: indexes, runFiles: files)
                parts.append(OrgPart(inputs: partInputs, share: OrgShare(result: result, counts: read.counts, findings: read.findings),
                                     reused: i < reused.count && reused[i] != nil && !redone.contains(handle),
                                     selfContained: phaseB[i].0.routed.isEmpty && !redone.contains(handle)))
            }
            parts.sort { Handle.precedes($0.inputs.handle, $1.inputs.handle) }
            organizations = parts.map { (handle: $0.inputs.handle, result: $0.share.result) }
        } else {
            organizations = handles.indices.sorted { Handle.precedes(handles[$0], handles[$1]) }
                .map { (handle: handles[$0], result: phaseB[$0].1) }
            collectionShares = [:]
        }
        return PipelineOutcome(scannedFiles: files, fileCounts: counts, skipped: skipped, findings: findings,
                               organizations: organizations, collectionShares: collectionShares, organizationParts: parts,
                               foreignRecords: foreign)
    }

    /// Findings in reading order: by file (as `files` lists them), then line, then severity,
    /// reason and excerpt, so that the order never depends on which worker found what.
    public static func sortFindings(_ findings: inout [Finding], files: [ScannedFile]) {
        let order = Dictionary(files.enumerated().map { ($1.file.displayPath, $0) }, uniquingKeysWith: { a, _ in a })
        findings.sort { a, b in
            let (x, y) = (order[a.file] ?? Int.max, order[b.file] ?? Int.max)
            if x != y { return x < y }
            if a.line != b.line { return a.line < b.line }
            return (a.severity.rawValue, a.reason, a.excerpt) < (b.severity.rawValue, b.reason, b.excerpt)
        }
    }
}
