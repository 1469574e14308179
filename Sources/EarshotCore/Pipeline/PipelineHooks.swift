/// What a run can be told besides its files: compute only some organizations (a shard), and
/// take the results of organizations and collections whose inputs are unchanged from an earlier
/// run (the cache). The defaults read everything, as a plain run does.
public struct PipelineHooks<OrgResult: Sendable>: Sendable {
    /// Whether this run computes an organization. Records of the others are left to the runs
    /// that do (other shards); nil computes every organization.
    public var includes: (@Sendable (_ handle: String) -> Bool)?
    /// What reading an unowned file (a collection) gave before, if its bytes are unchanged.
    public var reusableCollection: (@Sendable (ScannedFile) -> CollectionShare?)?
    /// An organization's share from an earlier run, if every one of its inputs is unchanged.
    public var reusableOrganization: (@Sendable (OrgInputs) -> OrgShare<OrgResult>?)?
    /// Told how far the reading has come (the progress line).
    public var progress: PipelineProgress?
    /// Whether the outcome keeps the run by part (`organizationParts`, `collectionShares`): the
    /// cache and partial results are made of them. A plain run does without, and so does not
    /// hold what every organization counted in every file twice.
    public var keepsParts = true
    /// Whether a run that does not keep parts packs its files (`FileLedger`) and folds each
    /// organization's counts as its task ends: what `earshot report` writes from is then a few
    /// flat arrays instead of a `ScannedFile` and a `FileCounts` per file. The outcome's files
    /// then carry their display path as their path (nothing after the run opens them).
    public var packsFiles = false

    public init(includes: (@Sendable (String) -> Bool)? = nil,
                reusableCollection: (@Sendable (ScannedFile) -> CollectionShare?)? = nil,
                reusableOrganization: (@Sendable (OrgInputs) -> OrgShare<OrgResult>?)? = nil,
                progress: PipelineProgress? = nil) {
        self.includes = includes
        self.reusableCollection = reusableCollection
        self.reusableOrganization = reusableOrganization
        self.progress = progress
    }
}

/// The files an organization's task reads: its own files and the collections that hold records
/// for it. Its result depends on nothing else but its registry entry and the run's settings.
public struct OrgInputs: Sendable {
    public var handle: String
    /// Indexes into the run's files, in reading order.
    public var fileIndexes: [Int]
    /// The same files.
    public var files: [ScannedFile] { fileIndexes.map { runFiles[$0] } }
    /// The run's files, shared by every organization's inputs rather than copied into each.
    private let runFiles: [ScannedFile]

    init(handle: String, fileIndexes: [Int], runFiles: [ScannedFile]) {
        self.handle = handle
        self.fileIndexes = fileIndexes
        self.runFiles = runFiles
    }
}

/// One organization's part of a run: its result, and what it counted and found in each file.
/// Counts of different organizations add up (each record is merged by one organization only).
public struct OrgShare<OrgResult: Sendable>: Sendable {
    public var result: OrgResult
    /// By index into the run's files.
    public var counts: [Int: FileCounts]
    public var findings: [Finding]

    public init(result: OrgResult, counts: [Int: FileCounts], findings: [Finding]) {
        self.result = result
        self.counts = counts
        self.findings = findings
    }
}

/// What reading an unowned file gave before any organization took its records: its rejects and
/// warnings, and the organizations its posts went to.
public struct CollectionShare: Sendable, Equatable {
    /// Records here are the rejected ones; the posts are counted by the organizations they go to.
    public var counts: FileCounts
    public var findings: [Finding]
    /// Organizations with records in the file, sorted.
    public var recipients: [String]

    public init(counts: FileCounts, findings: [Finding], recipients: [String]) {
        self.counts = counts
        self.findings = findings
        self.recipients = recipients
    }
}

/// An organization's part as the outcome reports it, with how it came about.
public struct OrgPart<OrgResult: Sendable>: Sendable {
    public var inputs: OrgInputs
    public var share: OrgShare<OrgResult>
    /// Taken from an earlier run rather than read.
    public var reused: Bool
    /// False when records crossed between this organization and another's single-account file:
    /// then its result depends on files that are not its inputs, and it is never cached.
    public var selfContained: Bool
}

/// A record that a single-account file of one organization holds for an organization this run
/// does not compute (another shard): that shard never sees it, so a merge cannot be exact.
public struct ForeignRecord: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var org: String
}
