import Foundation
import Logging

/// Everything `earshot merge` needs to know.
public struct MergeOptions: Sendable {
    public var partials: [String]
    /// The registry the shards used; nil when they ran without one.
    public var registryPath: String?
    /// `--quiet` in text: the findings as one summary by reason.
    public var findingsSummaryOnly = false
    public var outputPath: String
    public var maxRejectRate: Double
    public var templatesPath: String?
    public var threads: Int
    public var waitForLock: Bool
    /// Called just before the new report replaces the old one (`OutputFolder.beforeCommit`).
    public var beforeCommit: (@Sendable () -> Void)?

    public init(partials: [String], registryPath: String?, outputPath: String, maxRejectRate: Double = 0.05,
                templatesPath: String? = nil, threads: Int, waitForLock: Bool = false,
                beforeCommit: (@Sendable () -> Void)? = nil) {
        self.beforeCommit = beforeCommit
        self.partials = partials
        self.registryPath = registryPath
        self.outputPath = outputPath
        self.maxRejectRate = maxRejectRate
        self.templatesPath = templatesPath
        self.threads = threads
        self.waitForLock = waitForLock
    }
}

/// `earshot merge`: the partial results of the N shards of one run, in any order, become the
/// report that one run over everything would have written (the same writer, the same bytes in
/// every CSV). Partials that do not belong together are refused before anything is written:
/// another program version, lexicon, thresholds, registry, shard count or set of input files;
/// the same shard twice; a shard missing; records that one shard found for another shard's
/// organization (see `ForeignRecord`).
public struct MergeJob: Sendable {
    public var options: MergeOptions

    public init(options: MergeOptions) { self.options = options }

    public func run(logger: Logger) throws -> ReportSummary {
        let lock = try ReportJob.lock(options.outputPath, wait: options.waitForLock)
        defer { lock.release() }
        let registry: Registry
        if let path = options.registryPath {
            do { registry = try RegistryLoader.load(path: path) } catch { throw JobError.registry(error) }
        } else {
            registry = Registry([])
        }
        guard !options.partials.isEmpty else { throw JobError.noInput("no partial results given") }
        let partials: [PartialResult]
        do { partials = try options.partials.map { try PartialResult.read($0) } } catch { throw JobError.partialResult(error) }
        let (outcome, settings, started) = try Self.combine(partials, names: options.partials, registry: registry)
        let details = OrgDetailsStore()
        for partial in partials { for (handle, d) in partial.details { details.set(handle, d) } }
        let output: OutputFolder
        do { output = try OutputFolder(path: options.outputPath, protecting: [options.registryPath].compactMap { $0 } + options.partials) } catch { throw JobError.output(error) }
        output.beforeCommit = options.beforeCommit
        ReportJob.logOutcome(outcome, registry: registry, registryPath: options.registryPath, logger: logger,
                             summaryOnly: options.findingsSummaryOnly, rejectsFile: options.outputPath + "/rejects.csv")
        do {
            return try ReportJob.writeReport(outcome, registry: registry, settings: settings, maxRejectRate: options.maxRejectRate,
                                             inputs: partials[0].inputs, templatesPath: options.templatesPath,
                                             threads: options.threads, started: started, output: output, postsFolder: nil,
                                             details: details)
        } catch {
            throw JobError.output(error)
        }
    }

    /// Checks that the partials are the shards of one run and adds them up.
    static func combine(_ partials: [PartialResult], names: [String], registry: Registry) throws
        -> (PipelineOutcome<OrgResult>, RunSettings, Date) {
        let first = partials[0]
        let settings = RunSettings(lexicon: first.lexicon, thresholds: first.thresholds, registry: registry)
        func refuse(_ why: String) -> JobError { .cannotMerge(why) }

        var seen: [Int: String] = [:]
        for (partial, name) in zip(partials, names) {
            if partial.version != RunFiles.version {
                throw refuse("\(name) was written by earshot \(partial.version), this is earshot \(RunFiles.version)")
            }
            if partial.version != first.version {
                throw refuse("\(name) was written by earshot \(partial.version), \(names[0]) by \(first.version)")
            }
            if partial.lexicon.sha256 != first.lexicon.sha256 || partial.lexicon.name != first.lexicon.name {
                throw refuse("\(name) used the lexicon \(partial.lexicon.name) (SHA-256 \(partial.lexicon.sha256.prefix(12))…), "
                    + "\(names[0]) \(first.lexicon.name) (\(first.lexicon.sha256.prefix(12))…)")
            }
            if partial.thresholds != first.thresholds {
                throw refuse("\(name) used other thresholds than \(names[0]) (--promo-threshold, --relentless-threshold)")
            }
            if partial.shard.count != first.shard.count {
                throw refuse("\(name) is shard \(partial.shard) and \(names[0]) shard \(first.shard): different shard counts")
            }
            if partial.registryKey != settings.registryKey {
                throw refuse("\(name) was computed with another registry than the one given to merge")
            }
            if partial.inputs != first.inputs || !sameFiles(partial, first) {
                throw refuse("\(name) and \(names[0]) saw different input files (did the exports change between the shards' runs?)")
            }
            if let other = seen[partial.shard.index] {
                throw refuse("shard \(partial.shard) given twice (\(other) and \(name))")
            }
            seen[partial.shard.index] = name
            if let record = partial.foreignRecords.first {
                throw refuse("\(record.file):\(record.line) holds a record of @\(record.org), which belongs to another shard "
                    + "(\(partial.foreignRecords.count) such records in \(name)); a shard sees only its own organizations' files: "
                    + "run this corpus without --shard")
            }
        }
        let missing = (0..<first.shard.count).filter { seen[$0] == nil }
        if !missing.isEmpty {
            throw refuse("shard\(missing.count > 1 ? "s" : "") \(missing.map { "\($0)/\(first.shard.count)" }.joined(separator: ", ")) missing")
        }

        let files = first.files
        var counts = Array(repeating: FileCounts(), count: files.count)
        var findings: [Finding] = []
        // Every shard read the collections: their own rejects and warnings are taken once.
        for (i, share) in first.collections {
            counts[i].add(share.counts)
            findings += share.findings
        }
        var organizations: [(handle: String, result: OrgResult)] = []
        var owner: [String: String] = [:]
        for (partial, name) in zip(partials, names) {
            for (handle, share) in partial.organizations {
                if let other = owner[handle] { throw refuse("@\(handle) is in both \(other) and \(name)") }
                owner[handle] = name
                for (i, c) in share.counts { counts[i].add(c) }
                findings += share.findings
                organizations.append((handle: handle, result: share.result))
            }
        }
        Pipeline.sortFindings(&findings, files: files)
        organizations.sort { Handle.precedes($0.handle, $1.handle) }
        let outcome = PipelineOutcome(scannedFiles: files, fileCounts: counts, skipped: first.skipped,
                                      findings: findings, organizations: organizations)
        return (outcome, settings, partials.map(\.started).min() ?? first.started)
    }

    private static func sameFiles(_ a: PartialResult, _ b: PartialResult) -> Bool {
        guard a.files.count == b.files.count, a.skipped == b.skipped else { return false }
        for (x, y) in zip(a.files, b.files) {
            if x.file != y.file || x.format != y.format || x.bytes != y.bytes || x.owner != y.owner { return false }
        }
        return a.collections.map(\.file) == b.collections.map(\.file) && a.collections.map(\.share) == b.collections.map(\.share)
    }
}
