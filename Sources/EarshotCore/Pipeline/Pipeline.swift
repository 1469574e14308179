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
    /// Files read, in reading order, with what happened to their records.
    public var files: [(file: ScannedFile, counts: FileCounts)]
    public var skipped: [SkippedFile]
    /// Rejects (all) and warnings (up to a limit per file), in reading order.
    public var findings: [Finding]
    /// One result per organization with posts, sorted by handle.
    public var organizations: [(handle: String, result: OrgResult)]

    public var totals: FileCounts {
        files.reduce(into: FileCounts()) { $0.add($1.counts) }
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
    }

    /// Recognises the format and owner of each file (in parallel: it opens every file).
    public func scan(_ exportFiles: [ExportFile]) -> (files: [ScannedFile], skipped: [SkippedFile]) {
        let readers = self.readers
        let scanned = parallelMap(count: exportFiles.count, threads: threads) { i -> Result<ScannedFile, SkippedFileError> in
            readers.scan(exportFiles[i])
        }
        var files: [ScannedFile] = []
        var skipped: [SkippedFile] = []
        for item in scanned {
            switch item {
            case let .success(file): files.append(file)
            case let .failure(error): skipped.append(error.skipped)
            }
        }
        return (files, skipped)
    }

    /// Reads everything and analyses each organization's merged posts.
    public func run<OrgResult: Sendable>(
        _ exportFiles: [ExportFile],
        analyze: @escaping @Sendable (_ handle: String, _ posts: [Post]) -> OrgResult
    ) -> PipelineOutcome<OrgResult> {
        let (files, skipped) = scan(exportFiles)
        let reader = OrgReader(files: files, readers: readers)
        let threads = self.threads

        // Phase A: files without an owner (collections) are read first; their posts are routed,
        // through a temporary file, so that memory follows the largest organization.
        let unowned = files.indices.filter { files[$0].owner == nil }
        let routedA = RoutedSpill()
        let phaseA = parallelMap(count: unowned.count, threads: threads) { i in
            reader.read(handle: nil, own: [unowned[i]], injected: [], spill: routedA)
        }

        // Phase B: one task per organization, its own files plus the records routed to it.
        var ownFiles: [String: [Int]] = [:]
        for (i, file) in files.enumerated() { if let owner = file.owner { ownFiles[owner, default: []].append(i) } }
        var handles = Set(ownFiles.keys).union(routedA.organizations).sorted(by: Handle.precedes)
        let owned = ownFiles
        @Sendable func task(_ handle: String, injected: [RoutedRecord]) -> (OrgReader.Result, OrgResult) {
            var read = reader.read(handle: handle, own: owned[handle] ?? [], injected: injected)
            let result = analyze(handle, read.posts)
            read.posts = [] // the posts are done with: memory is one organization at a time
            return (read, result)
        }
        // Largest organizations first, so that one big one does not finish last on its own.
        let weight = handles.map { h in (ownFiles[h] ?? []).reduce(0) { $0 + files[$1].bytes } + routedA.count(for: h) * 200 }
        let order = handles.indices.sorted { weight[$0] != weight[$1] ? weight[$0] > weight[$1] : $0 < $1 }
        let firstHandles = handles
        var phaseB = parallelMap(count: firstHandles.count, threads: threads, order: order) { i in
            task(firstHandles[i], injected: routedA.records(for: firstHandles[i]))
        }

        // Phase C (rare): records that a single-account file holds for another account. Their
        // organizations are read again with those records in their place.
        var routedB: [String: [RoutedRecord]] = [:]
        for (read, _) in phaseB { for record in read.routed { routedB[record.post.org, default: []].append(record) } }
        if !routedB.isEmpty {
            let again = routedB.keys.sorted(by: Handle.precedes)
            let strays = routedB
            let phaseC = parallelMap(count: again.count, threads: threads) { i in
                task(again[i], injected: (strays[again[i]] ?? []) + routedA.records(for: again[i]))
            }
            var position = Dictionary(uniqueKeysWithValues: handles.enumerated().map { ($1, $0) })
            for (i, handle) in again.enumerated() {
                var redone = phaseC[i]
                redone.0.routed = [] // already routed in phase B
                if let at = position[handle] {
                    phaseB[at] = redone
                } else {
                    position[handle] = handles.count
                    handles.append(handle)
                    phaseB.append(redone)
                }
            }
        }

        // Assemble in a fixed order: files in reading order, organizations by handle.
        var counts = Array(repeating: FileCounts(), count: files.count)
        var findings: [Finding] = []
        for read in phaseA + phaseB.map(\.0) {
            for (i, c) in read.counts { counts[i].add(c) }
            findings += read.findings
        }
        let order2 = Dictionary(files.enumerated().map { ($1.file.displayPath, $0) }, uniquingKeysWith: { a, _ in a })
        findings.sort { a, b in
            let (x, y) = (order2[a.file] ?? Int.max, order2[b.file] ?? Int.max)
            if x != y { return x < y }
            if a.line != b.line { return a.line < b.line }
            return (a.severity.rawValue, a.reason, a.excerpt) < (b.severity.rawValue, b.reason, b.excerpt)
        }
        let organizations = zip(handles, phaseB.map(\.1)).sorted { Handle.precedes($0.0, $1.0) }
            .map { (handle: $0.0, result: $0.1) }
        return PipelineOutcome(files: Array(zip(files, counts)).map { (file: $0.0, counts: $0.1) },
                               skipped: skipped, findings: findings, organizations: organizations)
    }
}
