import Crypto
import Foundation
import Logging

/// Everything `earshot report` needs to know.
public struct ReportOptions: Sendable {
    public var inputs: [String]
    /// The registry; nil for a run over one's own downloads (`OwnOrganization`).
    public var registryPath: String?
    /// `--org`, `--name`, `--sector`, `--domain`.
    public var own: OwnOrganization
    /// `--quiet` in text: the findings as one summary by reason (`FindingSummary`), not a line each.
    public var findingsSummaryOnly = false
    public var outputPath: String
    public var threads: Int
    public var lexiconPath: String?
    public var thresholds: MetricThresholds
    public var maxRejectRate: Double
    public var writePosts: Bool
    /// A folder of Mustache templates replacing the built-in ones by name.
    public var templatesPath: String?
    /// Header maps (`--map`) for CSV exports of other tools (formats.md T9).
    public var headerMapPaths: [String]
    /// The lock, the cache, a shard, the progress line (Operations/).
    public var operations: ReportOperations
    /// Filled coding sheets (`--validation`): the report gets validation.csv and a section on
    /// how far to trust its classes (ValidateJob).
    public var validationSheets: [String] = []
    public var validationBootstrap = Agreement.Bootstrap.standard

    public init(inputs: [String], registryPath: String?, outputPath: String, threads: Int,
                lexiconPath: String? = nil, thresholds: MetricThresholds = MetricThresholds(),
                maxRejectRate: Double = 0.05, writePosts: Bool = false, templatesPath: String? = nil,
                headerMapPaths: [String] = [], operations: ReportOperations = ReportOperations(),
                own: OwnOrganization = OwnOrganization()) {
        self.own = own
        self.templatesPath = templatesPath
        self.operations = operations
        self.inputs = inputs
        self.registryPath = registryPath
        self.outputPath = outputPath
        self.threads = threads
        self.lexiconPath = lexiconPath
        self.thresholds = thresholds
        self.maxRejectRate = maxRejectRate
        self.writePosts = writePosts
        self.headerMapPaths = headerMapPaths
    }
}

/// What a finished report tells the scheduler and the person.
public struct ReportSummary: Sendable {
    public var records: Int
    public var posts: Int
    public var duplicates: Int
    public var rejects: Int
    public var warnings: Int
    public var organizations: Int
    public var rejectRate: Double
    /// The reject rate is above `--max-reject-rate`: the report was written, and the command
    /// line exits with 2 (outputs.md).
    public var rejectRateExceeded: Bool
    /// Wall-clock seconds of the whole job and of rendering the HTML pages alone.
    public var seconds = 0.0
    public var htmlSeconds = 0.0

    init<R>(outcome: PipelineOutcome<R>, organizations: Int, maxRejectRate: Double) {
        let totals = outcome.totals
        records = totals.records
        posts = totals.posts
        duplicates = totals.duplicates
        rejects = totals.rejects
        warnings = totals.warnings
        self.organizations = organizations
        rejectRate = totals.records > 0 ? Double(totals.rejects) / Double(totals.records) : 0
        rejectRateExceeded = rejectRate > maxRejectRate
    }
}

/// The `report` job: registry, inputs, the pipeline, metrics, and every output file, written
/// to a staging folder and moved into place only when all of them are complete.
public struct ReportJob: Sendable {
    public var options: ReportOptions

    public init(options: ReportOptions) { self.options = options }

    /// What a run reads before any input: the registry, the lexicon and the header maps.
    struct Setup {
        var registry: Registry
        var lexicon: Lexicon
        var headerMaps: [HeaderMap]
        var settings: RunSettings

        /// The registry implied by the command line (`OwnOrganization`).
        mutating func use(_ implied: Registry) {
            registry = implied
            settings.registry = implied
        }
    }

    public func run(logger: Logger) throws -> ReportSummary {
        let started = Date()
        let operations = options.operations
        InflateBudget.reset()
        // The lock comes first: a run that finds the folder busy reads nothing.
        let lock = operations.partialPath == nil ? try Self.lock(options.outputPath, wait: operations.waitForLock) : nil
        defer { lock?.release() }
        // The report's templates are parsed beside the run, from its start (a shard writes no
        // pages; with a cache, the cache renders the pages): the index template alone took a
        // few milliseconds at the end of every run. A template error is thrown where the pages
        // are written, as before.
        let templatesPath = options.templatesPath
        let templates = operations.partialPath == nil && operations.cachePath == nil
            ? Background { try HTMLTemplates.load(folder: templatesPath, threads: 1) } : nil
        var setup = try loadSetup()
        let sheets = try ValidateJob.readSheets(options.validationSheets)
        let collector = sheets.isEmpty ? nil : ClassifiedCollector(sheets: sheets)
        // Without a registry, folder names that look like handles say whose files are (as
        // `earshot inspect` reads them), unless --org says it.
        var discovered = try discover(registry: options.registryPath == nil ? nil : setup.registry)
        if let handle = options.own.handle {
            for i in discovered.indices { discovered[i].orgFromPath = handle }
        }
        // --name, --sector, --domain without --org: the files must name the one organization.
        var prescanned: (files: [ScannedFile], skipped: [SkippedFile])? = nil
        if options.registryPath == nil, options.own.describesOrganization {
            if options.own.handle == nil {
                let scanned = makePipeline(setup).scan(discovered)
                prescanned = scanned
                if let implied = try options.own.impliedRegistry(owners: { Self.owners(scanned.files) }) { setup.use(implied) }
            } else if let implied = try options.own.impliedRegistry(owners: { [] }) {
                setup.use(implied)
            }
        }
        var output: OutputFolder? = nil
        if operations.partialPath == nil {
            do { output = try OutputFolder(path: options.outputPath, protecting: [options.registryPath].compactMap { $0 } + options.inputs + options.headerMapPaths) } catch { throw JobError.output(error) }
            output?.beforeCommit = operations.beforeCommit
        }
        let postsFolder = options.writePosts ? output.map { Self.makePostsFolder(in: $0) } : nil
        let cache = operations.cachePath.map { ResultCache(folder: $0, settings: setup.settings, logger: logger) }
        if cache != nil, options.writePosts {
            logger.notice("--posts reads every organization again: the cache keeps results, not posts")
        }
        // A plain run keeps each organization's details on disk until the writers take them
        // (a cache or a partial result keeps them whole: it stores them).
        let spill = cache == nil && operations.partialPath == nil ? ResultSpill(folder: output?.staging ?? NSTemporaryDirectory()) : nil
        // Their details too, for org_hours.csv, org_terms.csv and the pages.
        let details = OrgDetailsStore(shelf: spill == nil ? nil : DetailsSpill(folder: output?.staging ?? NSTemporaryDirectory()))
        cache?.details = details
        let outcome = read(consume discovered, prescanned: prescanned, setup: setup, cache: cache, postsFolder: postsFolder,
                           collector: collector, spill: spill, details: details)
        cache?.store(outcome)
        guard outcome.fileCount > 0 else {
            for skipped in outcome.skipped { logger.warning("\(skipped.path): skipped: \(skipped.reason)", metadata: Logger.place(file: skipped.path, line: 0)) }
            throw JobError.noInput("no input found: none of the \(outcome.skipped.count) files in \(options.inputs.joined(separator: ", ")) is an export Earshot reads")
        }
        Self.logOutcome(outcome, registry: setup.registry, registryPath: options.registryPath, logger: logger,
                        summaryOnly: options.findingsSummaryOnly,
                        rejectsFile: operations.partialPath == nil ? options.outputPath + "/rejects.csv" : nil)
        if options.registryPath == nil { Self.logOwners(outcome, registry: setup.registry, named: options.own.handle, logger: logger) }
        Self.adviseOnUnknownOwners(outcome, withRegistry: options.registryPath != nil, logger: logger)

        if let partialPath = operations.partialPath, let shard = operations.shard {
            var partial = PartialResult(outcome: outcome, settings: setup.settings, shard: shard, inputs: options.inputs, started: started)
            partial.details = outcome.organizationParts.compactMap { part in details[part.inputs.handle].map { (part.inputs.handle, $0) } }
            do { try partial.write(to: partialPath) } catch { throw JobError.partialResult(error) }
            return ReportSummary(outcome: outcome, organizations: outcome.organizations.count, maxRejectRate: options.maxRejectRate)
        }
        guard let output else { throw JobError.output(OutputFolder.OutputError.notWritable(options.outputPath, "no output folder")) }
        let validation = try collector.map {
            ValidationResult(posts: try ValidateJob.match(sheets, classified: $0.all), coders: sheets.map(\.path),
                             lexicon: setup.lexicon, bootstrap: options.validationBootstrap)
        }
        do {
            return try Self.writeReport(outcome, registry: setup.registry, settings: setup.settings, maxRejectRate: options.maxRejectRate,
                                        inputs: options.inputs, templatesPath: options.templatesPath, threads: options.threads,
                                        started: started, output: output, postsFolder: postsFolder, pageCache: cache,
                                        templates: templates, validation: validation, spill: spill, details: details)
        } catch {
            throw JobError.output(error)
        }
    }

    static func lock(_ output: String, wait: Bool) throws -> OutputLock {
        do {
            return try OutputLock.acquire(output: output, wait: wait)
        } catch let busy as OutputLock.Busy {
            throw JobError.outputBusy(busy)
        } catch {
            throw JobError.output(error)
        }
    }

    private func loadSetup() throws -> Setup {
        var registry = Registry([])
        if let path = options.registryPath {
            do { registry = try RegistryLoader.load(path: path) } catch { throw JobError.registry(error) }
        }
        var lexicon = Lexicon.builtin
        if let path = options.lexiconPath {
            do { lexicon = try Lexicon.load(path: path) } catch { throw JobError.lexicon(error) }
        }
        let headerMaps: [HeaderMap]
        do { headerMaps = try HeaderMap.load(paths: options.headerMapPaths) } catch { throw JobError.headerMap(error) }
        return Setup(registry: registry, lexicon: lexicon, headerMaps: headerMaps,
                     settings: RunSettings(lexicon: lexicon, thresholds: options.thresholds, registry: registry))
    }

    /// The accounts that own the scanned files, sorted.
    static func owners(_ files: [ScannedFile]) -> [String] {
        Set(files.compactMap(\.owner)).sorted(by: Handle.precedes)
    }

    private func makePipeline(_ setup: Setup) -> Pipeline {
        Pipeline(registry: setup.registry, threads: options.threads, readers: ReaderCatalog(headerMaps: setup.headerMaps))
    }

    private func discover(registry: Registry?) throws -> [ExportFile] {
        let discovered: [ExportFile]
        do {
            discovered = try InputDiscovery(registry: registry, threads: options.threads).files(in: options.inputs)
        } catch {
            throw JobError.noInput("\(error)")
        }
        guard !discovered.isEmpty else {
            throw JobError.noInput("no input found in \(options.inputs.joined(separator: ", "))")
        }
        return discovered
    }

    /// posts.csv.gz is written per organization as one gzip member, joined at the end.
    private static func makePostsFolder(in output: OutputFolder) -> String {
        let folder = output.staging + "/posts-parts"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Scans and reads the inputs and analyses every organization (writing its posts when asked).
    private func read(_ discovered: consuming [ExportFile], prescanned: (files: [ScannedFile], skipped: [SkippedFile])?,
                      setup: Setup, cache: ResultCache?, postsFolder: String?,
                      collector: ClassifiedCollector? = nil, spill: ResultSpill? = nil,
                      details: OrgDetailsStore) -> PipelineOutcome<OrgResult> {
        let pipeline = makePipeline(setup)
        // Posts and the sheets' classes need every organization analysed again.
        var hooks = options.operations.hooks(cache: options.writePosts || collector != nil ? nil : cache)
        hooks.keepsParts = cache != nil || options.operations.partialPath != nil
        // The writers read each file's display path, format, owner and counts, nothing more.
        hooks.packsFiles = true
        // The files found are needed only until they are scanned (the scan keeps what it found).
        let scanned: (files: [ScannedFile], skipped: [SkippedFile])
        if let prescanned {
            scanned = prescanned
        } else if let cache {
            scanned = cache.scan(consume discovered, with: pipeline)
        } else {
            scanned = pipeline.scan(consume discovered)
        }
        let registry = setup.registry, lexicon = setup.lexicon, thresholds = options.thresholds
        // Each organization's details (weekday x hour, terms, links) come from the same pass over
        // its posts as its result, and are kept beside it by handle (OrgDetails).
        return pipeline.run(scanned: scanned, hooks: hooks) { handle, posts in
            let organization = registry.organization(handle)
            let writer = postsFolder.map { PostsFileWriter(path: $0 + "/" + handle + ".gz") }
            let collecting = collector.map { $0.wants(handle) } ?? false
            let analysed = OrgDetails.analyze(handle: handle, posts: posts, organization: organization,
                                              lexicon: lexicon, thresholds: thresholds) { post, features in
                writer?.add(post, features)
                if collecting { collector?.add(handle, post, features) }
            }
            writer?.finish()
            details.set(analysed.result.handle, analysed.details)
            return spill?.keep(analysed.result) ?? Self.kept(analysed.result)
        }
    }

    /// An organization's result as it is kept until the report is written: its months (a row
    /// per month since its first post, 120 bytes each) without the room to spare that growing
    /// the list left, about a third of it; with hundreds of organizations that is megabytes.
    static func kept(_ result: OrgResult) -> OrgResult {
        guard result.months.capacity > result.months.count else { return result }
        var kept = result
        kept.months = Array(unsafeUninitializedCapacity: result.months.count) { buffer, count in
            count = buffer.initialize(fromContentsOf: result.months)
        }
        return kept
    }

    /// Writes every file of the report into the staging folder and swaps it in: the one writer
    /// of `earshot report` and `earshot merge`.
    static func writeReport(_ outcome: PipelineOutcome<OrgResult>, registry: Registry, settings: RunSettings, maxRejectRate: Double,
                               inputs: [String], templatesPath: String?, threads: Int, started: Date,
                               output: OutputFolder, postsFolder: String?, pageCache: ResultCache? = nil,
                               templates: Background<HTMLTemplates>? = nil, validation: ValidationResult? = nil,
                               spill: ResultSpill? = nil, details: OrgDetailsStore = OrgDetailsStore()) throws -> ReportSummary {
        let lexicon = settings.lexicon, thresholds = settings.thresholds
        // Registry organizations without posts are non-adopters: they still get their row.
        var results = outcome.organizations.map(\.result)
        let active = Set(outcome.organizations.map(\.handle))
        for organization in registry.organizations where !active.contains(organization.handle) {
            results.append(OrgAnalysis.analyze(handle: organization.handle, posts: [], organization: organization,
                                               lexicon: lexicon, thresholds: thresholds))
        }
        results.sort { Handle.precedes($0.handle, $1.handle) }
        let sectors = SectorAnalysis.analyze(results, registry: registry, monthsWithPosts: spill.map { spill in { spill.monthsWithPosts($0) } })
        // Where the run kept the organizations' details on disk: fetched one at a time.
        let full: (@Sendable (OrgResult) throws -> OrgResult)?
        if let spill { full = { try spill.full($0) } } else { full = nil }

        let totals = outcome.totals
        var fileTable = ReportFileTable()
        for i in 0..<outcome.fileCount { fileTable.add(RunFiles.fileSummary(outcome.file(i))) }
        var stated = ReportOverview(
            inputs: inputs, files: outcome.fileCount, skippedFiles: outcome.skipped.filter(\.isSkip).count,
            records: totals.records, posts: totals.posts, duplicates: totals.duplicates, rejects: totals.rejects,
            warnings: totals.warnings, lexicon: lexicon, thresholds: thresholds, maxRejectRate: maxRejectRate,
            generatedAt: RunFiles.iso8601(Date()), version: RunFiles.version, fileTable: fileTable)
        stated.validation = validation
        let overview = stated

        // The pages are rendered while the tables are written (on a thread of their own when the
        // run has more than one): writing org_months.csv alone was a serial end of every run.
        let pages = Background(inline: threads <= 1) { [results] () -> Double in
            let started = Date()
            if let pageCache, pageCache.enabled, templatesPath == nil {
                try pageCache.renderPages(overview: overview, organizations: results, sectors: sectors, registry: registry,
                                          threads: threads, details: details) { page in try output.write(page.path, page.html) }
            } else {
                try HTMLReport.write(to: output, overview: overview, organizations: results, sectors: sectors, registry: registry,
                                     templatesPath: templatesPath, threads: threads, preloaded: templates, full: full,
                                     details: details)
            }
            return Date().timeIntervalSince(started)
        }
        // Files that grow with the run are streamed (org_months.csv, rejects.csv, the pages,
        // summary.json): memory follows the largest organization, not the number of them.
        let tables = Result {
            try output.write("organizations.csv", MetricsCSV.organizations(results))
            try output.write("org_months.csv") { sink in try MetricsFiles.writeOrgMonths(results, full: full) { try sink.write($0) } }
            try output.write("sectors.csv", MetricsCSV.sectors(sectors))
            try output.write("sector_months.csv", MetricsCSV.sectorMonths(sectors))
            try output.write("org_platforms.csv", PlatformAnalysis.orgPlatformsCSV(results))
            try output.write("sector_platform_months.csv",
                             PlatformAnalysis.sectorPlatformMonthsCSV(PlatformAnalysis.sectorPlatformMonths(results)))
            try output.write("org_hours.csv") { sink in try OrgDetailsCSV.writeHours(results, details) { try sink.write($0) } }
            try output.write("org_terms.csv") { sink in try OrgDetailsCSV.writeTerms(results, details) { try sink.write($0) } }
            try output.write("rejects.csv") { sink in try RunFiles.writeRejectsCSV(outcome.findings) { try sink.write($0) } }
            if let validation { try output.write("validation.csv", ValidationTables.csv(validation)) }
        }
        // summary.json too (its file list is the longest serial part of the end); its finish time
        // is stamped once the pages are written.
        let summarySettings = RunFiles.Settings(lexiconName: lexicon.name, lexiconSHA256: lexicon.sha256,
                                                promotionalRule: lexicon.promotionalRule.rawValue,
                                                promotional: thresholds.promotional, relentless: thresholds.relentless,
                                                maxRejectRate: maxRejectRate, minPosts: thresholds.minPosts)
        let summaryWritten = tables.flatMap {
            Result {
                try output.write("summary.json") { sink in
                    try RunFiles.writeSummaryJSON(outcome, settings: summarySettings, started: started, finished: Date()) { try sink.write($0) }
                }
            }
        }
        // Both are done before anything is thrown: nothing may still write into the staging folder.
        let rendered = Result { try pages.value() }
        try summaryWritten.get()
        let htmlSeconds = try rendered.get()
        if let postsFolder {
            try PostsFileWriter.join(parts: results.filter { $0.metrics.posts > 0 }.map { postsFolder + "/" + $0.handle + ".gz" },
                                     into: output.stagedPath("posts.csv.gz"))
            try FileManager.default.removeItem(atPath: postsFolder)
        }
        // Details that could not be read back were left out of the tables and pages.
        if let failure = details.shelfFailure { throw failure }
        try RunFiles.stampFinished(summaryAt: output.stagedPath("summary.json"), Date())
        try output.commit()
        var summary = ReportSummary(outcome: outcome, organizations: results.count, maxRejectRate: maxRejectRate)
        summary.seconds = Date().timeIntervalSince(started)
        summary.htmlSeconds = htmlSeconds
        return summary
    }

    /// The run's warnings: files skipped, findings, organizations not in the registry.
    static func logOutcome<R>(_ outcome: PipelineOutcome<R>, registry: Registry, registryPath: String?, logger: Logger,
                              summaryOnly: Bool = false, rejectsFile: String? = nil) {
        if summaryOnly {
            let unregistered = registryPath == nil ? [] : outcome.organizations.map(\.handle).filter { !registry.contains($0) }
            for line in FindingSummary.lines(skipped: outcome.skipped, findings: outcome.findings, unregistered: unregistered,
                                             rejectsFile: rejectsFile) {
                logger.warning("\(line)")
            }
            return
        }
        for skipped in outcome.skipped {
            if let entries = skipped.archiveEntriesNotRead {
                logger.info("\(skipped.path): posts read; \(entries) other entr\(entries == 1 ? "y" : "ies") (media, likes, followers and the like) hold no posts")
            } else {
                logger.warning("\(skipped.path): skipped: \(skipped.reason)", metadata: Logger.place(file: skipped.path, line: 0))
            }
        }
        logFindings(outcome.findings, logger: logger)
        // Without a registry, organizations outside it are the point of the run (`logOwners`).
        guard let registryPath else { return }
        let unregistered = outcome.organizations.map(\.handle).filter { !registry.contains($0) }
        for handle in unregistered.prefix(10) {
            logger.warning("@\(handle) is not in the registry \(registryPath): reported with sector `unregistered`")
        }
        if unregistered.count > 10 {
            logger.warning("\(unregistered.count - 10) more organizations are not in the registry (sector `unregistered` in organizations.csv)")
        }
    }

    /// A run without a registry: whose files were read, and how to say more about them.
    static func logOwners<R>(_ outcome: PipelineOutcome<R>, registry: Registry, named: String?, logger: Logger) {
        // A collection (twarc) names hundreds of accounts: the first ten, then a count.
        if outcome.organizations.count > 10 {
            logger.info("\(outcome.organizations.count - 10) more organizations found in the files, each with sector `unregistered` (organizations.csv)")
        }
        for (handle, _) in outcome.organizations.prefix(10) {
            let origin = handle == named ? "named with --org" : "found in the files"
            if let organization = registry.organization(handle) {
                logger.info("@\(handle) (\(origin)): sector `\(organization.sector.rawValue)`, own domains: \(organization.domains.isEmpty ? "none given" : organization.domains.joined(separator: " "))")
            } else {
                logger.info("@\(handle) (\(origin)): sector `unregistered`, own domains unknown (say them with --sector and --domain)")
            }
        }
    }

    /// Files rejected whole because nothing names their account: what to type instead.
    static func adviseOnUnknownOwners<R>(_ outcome: PipelineOutcome<R>, withRegistry: Bool, logger: Logger) {
        let whole = outcome.findings.filter { $0.severity == .reject && $0.line == 0 && $0.reason == "unknown organization" }
        guard let first = whole.first else { return }
        let how = withRegistry
            ? "put them in a folder named after a handle of the registry (exports/<handle>/), or say it with --org HANDLE"
            : "say whose they are with --org HANDLE"
        logger.warning("\(whole.count) file\(whole.count == 1 ? "" : "s") (first \(first.file)) name no account: \(how)")
    }

    /// One line per finding, at most `perFile` per file, then a count of the rest.
    static func logFindings(_ findings: [Finding], perFile: Int = 20, logger: Logger) {
        var shown: [String: Int] = [:]
        var hidden: [String: Int] = [:]
        var files: [String] = []
        for finding in findings {
            if shown[finding.file] == nil && hidden[finding.file] == nil { files.append(finding.file) }
            if shown[finding.file, default: 0] < perFile {
                shown[finding.file, default: 0] += 1
                logger.warning("\(finding.message)", metadata: Logger.place(file: finding.file, line: finding.line))
            } else {
                hidden[finding.file, default: 0] += 1
            }
        }
        for file in files {
            if let more = hidden[file] {
                logger.warning("\(file): \(more) more findings (see rejects.csv and summary.json)", metadata: Logger.place(file: file, line: 0))
            }
        }
    }
}
