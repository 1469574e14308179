import Foundation

/// Everything a run read, before any report is written.
public struct PipelineOutcome<OrgResult: Sendable>: Sendable {
    /// The files as lists, or packed (`FileLedger`) by a plain report run.
    private enum Files: Sendable {
        case lists([ScannedFile], [FileCounts])
        case packed(FileLedger)
    }
    private var storage: Files

    /// Files read, in reading order: the scan's own list, shared rather than copied (with tens
    /// of thousands of files, a copy is megabytes). Made on each use when the files are packed.
    public var scannedFiles: [ScannedFile] {
        get {
            switch storage {
            case let .lists(files, _): return files
            case let .packed(ledger): return (0..<ledger.count).map(ledger.scannedFile)
            }
        }
        set { storage = .lists(newValue, fileCounts) }
    }
    /// What happened to each file's records, by the same index.
    public var fileCounts: [FileCounts] {
        get {
            switch storage {
            case let .lists(_, counts): return counts
            case let .packed(ledger): return (0..<ledger.count).map(ledger.counts)
            }
        }
        set { storage = .lists(scannedFiles, newValue) }
    }
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
        self.storage = .lists(scannedFiles, fileCounts)
        self.skipped = skipped
        self.findings = findings
        self.organizations = organizations
        self.collectionShares = collectionShares
        self.organizationParts = organizationParts
        self.foreignRecords = foreignRecords
    }

    /// A plain run's outcome: its files packed.
    init(ledger: FileLedger, skipped: [SkippedFile], findings: [Finding], organizations: [(handle: String, result: OrgResult)],
         foreignRecords: [ForeignRecord]) {
        self.storage = .packed(ledger)
        self.skipped = skipped
        self.findings = findings
        self.organizations = organizations
        self.foreignRecords = foreignRecords
    }

    /// How many files were read.
    public var fileCount: Int {
        switch storage {
        case let .lists(files, _): return files.count
        case let .packed(ledger): return ledger.count
        }
    }

    /// Whether the files are packed (`FileLedger`): then a file's `path` is its display path.
    public var filesArePacked: Bool {
        if case .packed = storage { return true }
        return false
    }

    /// Files read, in reading order, with what happened to their records. Made on each use:
    /// loops over many files use `file(_:)`.
    public var files: [(file: ScannedFile, counts: FileCounts)] {
        get { (0..<fileCount).map(file) }
        set { storage = .lists(newValue.map(\.file), newValue.map(\.counts)) }
    }

    /// File `index` with its counts.
    public func file(_ index: Int) -> (file: ScannedFile, counts: FileCounts) {
        switch storage {
        case let .lists(files, counts): return (file: files[index], counts: counts[index])
        case let .packed(ledger): return (file: ledger.scannedFile(index), counts: ledger.counts(index))
        }
    }

    public var totals: FileCounts {
        switch storage {
        case let .lists(_, counts): return counts.reduce(into: FileCounts()) { $0.add($1) }
        case let .packed(ledger): return ledger.totals
        }
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
        PipelineRun(files: scanned.files, skipped: scanned.skipped, readers: readers, threads: threads,
                    hooks: hooks, analyze: analyze).run()
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
