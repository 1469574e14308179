/// One run of the pipeline over scanned files, as named phases:
/// 1. `readCollections`: files without an owner (collections) are read first and their posts
///    routed, through a temporary file, so that memory follows the largest organization;
/// 2. `readOrganizations`: one task per organization, its own files plus the records routed to
///    it, largest first;
/// 3. `rereadForStrays` (rare): organizations that single-account files of others held records
///    for are read again with those records in their place;
/// 4. `assemble`: counts, findings and results in a fixed order (files in reading order,
///    organizations by handle), whichever worker finished first.
/// The hooks narrow the run to some organizations (a shard) and supply unchanged parts from an
/// earlier run (the cache).
struct PipelineRun<OrgResult: Sendable> {
    typealias Analyze = @Sendable (_ handle: String, _ posts: consuming [Post]) -> OrgResult

    /// What reading one organization gave: the reader's counts and findings, and its result.
    struct OrganizationRead: Sendable {
        var read: OrgReader.Result
        var result: OrgResult
        /// `read.counts`, packed as the task ended, when the run packs its files.
        var packed: PackedCounts? = nil
    }

    /// What phase 1 left: the collections read now or reused, and whom each one feeds.
    struct Collections {
        /// Unowned files, by index into the run's files.
        var indexes: [Int] = []
        var read: [Int: OrgReader.Result] = [:]
        var reused: [Int: CollectionShare] = [:]
        /// The organizations each collection had records for.
        var recipients: [Int: [String]] = [:]
        /// The collections feeding each (included) organization.
        var feeding: [String: [Int]] = [:]
        let spill = RoutedSpill()
    }

    /// Phase 2's tasks, in one order that phase 3 may extend.
    struct Organizations {
        var handles: [String]
        /// Each organization's inputs as first planned (phase 3 can add organizations).
        var inputs: [OrgInputs]
        var reused: [OrgShare<OrgResult>?]
        var reads: [OrganizationRead] = []
        /// Organizations read again in phase 3.
        var redone = Set<String>()
    }

    let files: [ScannedFile]
    let skipped: [SkippedFile]
    let reader: OrgReader
    let threads: Int
    let hooks: PipelineHooks<OrgResult>
    let analyze: Analyze
    let includes: @Sendable (String) -> Bool
    /// Each organization's own files (those it owns and the run includes).
    let ownFiles: [String: [Int]]

    init(files: [ScannedFile], skipped: [SkippedFile], readers: ReaderCatalog, threads: Int,
         hooks: PipelineHooks<OrgResult>, analyze: @escaping Analyze) {
        self.files = files
        self.skipped = skipped
        self.reader = OrgReader(files: files, readers: readers)
        self.threads = threads
        self.hooks = hooks
        self.analyze = analyze
        let includes = hooks.includes ?? { _ in true }
        self.includes = includes
        var own: [String: [Int]] = [:]
        for (i, file) in files.enumerated() { if let owner = file.owner, includes(owner) { own[owner, default: []].append(i) } }
        ownFiles = own
    }

    func run() -> PipelineOutcome<OrgResult> {
        hooks.progress?.begin(files: files.count, bytes: files.reduce(0) { $0 + $1.bytes })
        var collections = readCollections()
        var organizations = readOrganizations(&collections)
        let foreign = rereadForStrays(&organizations, &collections)
        hooks.progress?.finish()
        return assemble(collections, organizations, foreign: foreign)
    }

    // MARK: Phase 1

    /// Reads the collections whose share is not known from an earlier run. One that is known is
    /// read only if an organization it feeds is read again (`readMissingCollections`).
    private func readCollections() -> Collections {
        var collections = Collections()
        collections.indexes = files.indices.filter { files[$0].owner == nil }
        if let reuse = hooks.reusableCollection {
            let files = self.files, unowned = collections.indexes
            let found = parallelMap(count: unowned.count, threads: threads) { i in reuse(files[unowned[i]]) }
            for (i, share) in zip(unowned, found) { if let share { collections.reused[i] = share } }
        }
        read(collections.indexes.filter { collections.reused[$0] == nil }, into: &collections)
        for i in collections.indexes {
            let recipients = collections.reused[i]?.recipients ?? collections.spill.organizations(inFile: i)
            collections.recipients[i] = recipients
            for handle in recipients where includes(handle) { collections.feeding[handle, default: []].append(i) }
        }
        return collections
    }

    private func read(_ indexes: [Int], into collections: inout Collections) {
        // Largest first, so that one big collection does not finish last on its own.
        let files = self.files, reader = self.reader, spill = collections.spill, progress = hooks.progress
        let order = indexes.indices.sorted { a, b in
            let (x, y) = (files[indexes[a]].bytes, files[indexes[b]].bytes)
            return x != y ? x > y : a < b
        }
        let results = parallelMap(count: indexes.count, threads: threads, order: order) { i in
            let read = reader.read(handle: nil, own: [indexes[i]], injected: [], spill: spill)
            progress?.advance(files: 1, bytes: files[indexes[i]].bytes)
            return read
        }
        for (i, result) in zip(indexes, results) { collections.read[i] = result }
    }

    /// Collections skipped in phase 1 (reused) that feed an organization read now.
    private func readMissingCollections(feeding organizations: [String], _ collections: inout Collections) {
        let missing = Set(organizations.flatMap { collections.feeding[$0] ?? [] }).filter { collections.read[$0] == nil }
        read(missing.sorted(), into: &collections)
    }

    // MARK: Phase 2

    private func readOrganizations(_ collections: inout Collections) -> Organizations {
        let handles = Set(ownFiles.keys).union(collections.feeding.keys).sorted(by: Handle.precedes)
        let files = self.files
        let inputs = handles.map { handle in
            let indexes = ((ownFiles[handle] ?? []) + (collections.feeding[handle] ?? [])).sorted()
            return OrgInputs(handle: handle, fileIndexes: indexes, runFiles: files)
        }
        var organizations = Organizations(handles: handles, inputs: inputs,
                                          reused: Array(repeating: nil, count: handles.count))
        if let reuse = hooks.reusableOrganization {
            organizations.reused = parallelMap(count: inputs.count, threads: threads) { i in reuse(inputs[i]) }
        }
        let reused = organizations.reused
        readMissingCollections(feeding: handles.indices.filter { reused[$0] == nil }.map { handles[$0] }, &collections)

        // Largest organizations first, so that one big one does not finish last on its own.
        let spill = collections.spill, own = ownFiles, progress = hooks.progress
        let weight = handles.map { h in (own[h] ?? []).reduce(0) { $0 + files[$1].bytes } + spill.count(for: h) * 200 }
        let order = handles.indices.sorted { weight[$0] != weight[$1] ? weight[$0] > weight[$1] : $0 < $1 }
        let task = organizationTask()
        organizations.reads = parallelMap(count: handles.count, threads: threads, order: order) { i in
            let handle = handles[i]
            guard let share = reused[i] else { return task(handle, spill.records(for: handle)) }
            progress?.skip(files: own[handle]?.count ?? 0, bytes: (own[handle] ?? []).reduce(0) { $0 + files[$1].bytes })
            return OrganizationRead(read: OrgReader.Result(handle: handle, posts: [], counts: share.counts,
                                                           findings: share.findings, routed: []),
                                    result: share.result)
        }
        return organizations
    }

    /// Reads one organization's own files and the records routed to it, and analyses its posts.
    private func organizationTask() -> @Sendable (_ handle: String, _ injected: [RoutedRecord]) -> OrganizationRead {
        let reader = self.reader, own = ownFiles, files = self.files, analyze = self.analyze, progress = hooks.progress
        let packs = packsFiles
        return { handle, injected in
            var read = reader.read(handle: handle, own: own[handle] ?? [], injected: injected)
            // A dictionary entry and a set per file, held by every organization until the end,
            // were most of a run's memory with many small files: packed now.
            var packed: PackedCounts? = nil
            if packs {
                packed = PackedCounts(read.counts)
                read.counts = [:]
            }
            // The posts are handed over, not shared: analysis sorts them in place, and once it
            // is done memory is one organization at a time.
            let posts = read.posts
            read.posts = []
            let count = posts.count
            let result = analyze(handle, posts)
            progress?.advance(files: own[handle]?.count ?? 0, bytes: (own[handle] ?? []).reduce(0) { $0 + files[$1].bytes },
                              posts: count)
            return OrganizationRead(read: read, result: result, packed: packed)
        }
    }

    /// Whether the outcome's files are packed (`PipelineHooks.packsFiles`; never with parts).
    private var packsFiles: Bool { hooks.packsFiles && !hooks.keepsParts }

    // MARK: Phase 3

    /// Records that a single-account file held for another account: their organizations are
    /// read again with them. Records for organizations outside the run (another shard's) are
    /// returned as foreign records.
    private func rereadForStrays(_ organizations: inout Organizations, _ collections: inout Collections) -> [ForeignRecord] {
        var strays: [String: [RoutedRecord]] = [:]
        var foreign: [ForeignRecord] = []
        for organization in organizations.reads {
            for record in organization.read.routed {
                if includes(record.post.org) {
                    strays[record.post.org, default: []].append(record)
                } else {
                    foreign.append(ForeignRecord(file: files[record.fileIndex].file.displayPath, line: record.line, org: record.post.org))
                }
            }
        }
        guard !strays.isEmpty else { return foreign }
        let again = strays.keys.sorted(by: Handle.precedes)
        readMissingCollections(feeding: again, &collections)
        let task = organizationTask(), spill = collections.spill, found = strays
        let reread = parallelMap(count: again.count, threads: threads) { i in
            task(again[i], (found[again[i]] ?? []) + spill.records(for: again[i]))
        }
        var position = Dictionary(uniqueKeysWithValues: organizations.handles.enumerated().map { ($1, $0) })
        for (i, handle) in again.enumerated() {
            var redone = reread[i]
            redone.read.routed = [] // already routed in phase 2
            organizations.redone.insert(handle)
            if let at = position[handle] {
                organizations.reads[at] = redone
            } else {
                position[handle] = organizations.handles.count
                organizations.handles.append(handle)
                organizations.reads.append(redone)
            }
        }
        return foreign
    }

    // MARK: Assembly

    private func assemble(_ collections: Collections, _ organizations: Organizations,
                          foreign: [ForeignRecord]) -> PipelineOutcome<OrgResult> {
        var organizations = organizations
        let packs = packsFiles
        var counts = packs ? [] : Array(repeating: FileCounts(), count: files.count)
        var ledger = packs ? FileLedger(files: files) : FileLedger()
        func add(_ c: FileCounts, toFile i: Int) {
            if packs { ledger.add(c, toFile: i) } else { counts[i].add(c) }
        }
        var findings: [Finding] = []
        var collectionShares: [Int: CollectionShare] = [:]
        for i in collections.indexes {
            if let read = collections.read[i] {
                collectionShares[i] = CollectionShare(counts: read.counts[i] ?? FileCounts(), findings: read.findings,
                                                      recipients: collections.recipients[i] ?? [])
            } else {
                collectionShares[i] = collections.reused[i]
            }
        }
        for share in collectionShares.values { findings += share.findings }
        for (i, share) in collectionShares { add(share.counts, toFile: i) }
        for i in organizations.reads.indices {
            for (file, c) in organizations.reads[i].read.counts { add(c, toFile: file) }
            organizations.reads[i].packed?.forEach { add($1, toFile: $0) }
            organizations.reads[i].packed = nil
            findings += organizations.reads[i].read.findings
            if !hooks.keepsParts {
                organizations.reads[i].read.counts = [:]
                organizations.reads[i].read.findings = []
            }
        }
        Pipeline.sortFindings(&findings, files: files)
        let handles = organizations.handles
        guard hooks.keepsParts else {
            let results = handles.indices.sorted { Handle.precedes(handles[$0], handles[$1]) }
                .map { (handle: handles[$0], result: organizations.reads[$0].result) }
            if packs {
                return PipelineOutcome(ledger: ledger, skipped: skipped, findings: findings, organizations: results,
                                       foreignRecords: foreign)
            }
            return PipelineOutcome(scannedFiles: files, fileCounts: counts, skipped: skipped, findings: findings,
                                   organizations: results, collectionShares: [:], organizationParts: [],
                                   foreignRecords: foreign)
        }
        var parts: [OrgPart<OrgResult>] = []
        for (i, handle) in handles.enumerated() {
            let organization = organizations.reads[i]
            let redone = organizations.redone.contains(handle)
            let partInputs = i < organizations.inputs.count && !redone
                ? organizations.inputs[i]
                : OrgInputs(handle: handle, fileIndexes: organization.read.counts.keys.sorted(), runFiles: files)
            parts.append(OrgPart(inputs: partInputs,
                                 share: OrgShare(result: organization.result, counts: organization.read.counts,
                                                 findings: organization.read.findings),
                                 reused: i < organizations.reused.count && organizations.reused[i] != nil && !redone,
                                 selfContained: organization.read.routed.isEmpty && !redone))
        }
        parts.sort { Handle.precedes($0.inputs.handle, $1.inputs.handle) }
        return PipelineOutcome(scannedFiles: files, fileCounts: counts, skipped: skipped, findings: findings,
                               organizations: parts.map { (handle: $0.inputs.handle, result: $0.share.result) },
                               collectionShares: collectionShares, organizationParts: parts, foreignRecords: foreign)
    }
}
