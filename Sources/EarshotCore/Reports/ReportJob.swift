import Foundation

/// Everything `earshot report` needs to know.
public struct ReportOptions: Sendable {
    public var inputs: [String]
    public var registryPath: String
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

    public init(inputs: [String], registryPath: String, outputPath: String, threads: Int,
                lexiconPath: String? = nil, thresholds: MetricThresholds = MetricThresholds(),
                maxRejectRate: Double = 0.05, writePosts: Bool = false, templatesPath: String? = nil,
                headerMapPaths: [String] = []) {
        self.templatesPath = templatesPath
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

/// An error that stops a report before anything in the output folder is replaced (exit code 1).
public struct ReportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
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
    /// 0 when the reject rate is within `--max-reject-rate`, else 2 (outputs.md).
    public var exitCode: Int32
}

/// A message for stderr: findings and progress, one line each.
public enum LogLevel: Sendable { case info, warning, error }

/// The `report` job: registry, inputs, the pipeline, metrics, and every output file, written
/// to a staging folder and moved into place only when all of them are complete.
public struct ReportJob: Sendable {
    public var options: ReportOptions

    public init(options: ReportOptions) { self.options = options }

    public func run(log: @escaping @Sendable (LogLevel, String) -> Void) throws -> ReportSummary {
        let started = Date()
        let registry: Registry
        do {
            registry = try RegistryLoader.load(path: options.registryPath)
        } catch {
            throw ReportError("\(error)")
        }
        let lexicon: Lexicon
        if let path = options.lexiconPath {
            do { lexicon = try Lexicon.load(path: path) } catch { throw ReportError("\(error)") }
        } else {
            lexicon = Lexicon.builtin
        }
        let headerMaps: [HeaderMap]
        do { headerMaps = try options.headerMapPaths.map(HeaderMap.load) } catch { throw ReportError("\(error)") }
        let exportFiles: [ExportFile]
        do {
            exportFiles = try InputDiscovery(registry: registry).files(in: options.inputs)
        } catch {
            throw ReportError("\(error)")
        }
        guard !exportFiles.isEmpty else {
            throw ReportError("no input found in \(options.inputs.joined(separator: ", "))")
        }

        let output: OutputFolder
        do { output = try OutputFolder(path: options.outputPath) } catch { throw ReportError("\(error)") }
        var postsFolder: String? = nil
        if options.writePosts {
            postsFolder = output.staging + "/posts-parts"
            try? FileManager.default.createDirectory(atPath: postsFolder!, withIntermediateDirectories: true)
        }
        let partsFolder = postsFolder

        let thresholds = options.thresholds
        let pipeline = Pipeline(registry: registry, threads: options.threads, readers: ReaderCatalog(headerMaps: headerMaps))
        let outcome = pipeline.run(exportFiles) { handle, posts in
            let organization = registry.organization(handle)
            guard let postsFolder = partsFolder else {
                return OrgAnalysis.analyze(handle: handle, posts: posts, organization: organization,
                                           lexicon: lexicon, thresholds: thresholds)
            }
            // posts.csv.gz is written per organization as one gzip member, joined at the end.
            let writer = PostsFileWriter(path: postsFolder + "/" + handle + ".gz")
            let result = OrgAnalysis.analyze(handle: handle, posts: posts, organization: organization,
                                             lexicon: lexicon, thresholds: thresholds) { post, features in
                writer.add(post, features)
            }
            writer.finish()
            return result
        }

        for skipped in outcome.skipped { log(.warning, "\(skipped.path): skipped: \(skipped.reason)") }
        guard !outcome.files.isEmpty else {
            throw ReportError("no input found: none of the \(outcome.skipped.count) files in \(options.inputs.joined(separator: ", ")) is an export Earshot reads")
        }
        logFindings(outcome.findings, log: log)
        let unregistered = outcome.organizations.map(\.handle).filter { !registry.contains($0) }
        for handle in unregistered.prefix(10) {
            log(.warning, "@\(handle) is not in the registry \(options.registryPath): reported with sector `unregistered`")
        }
        if unregistered.count > 10 {
            log(.warning, "\(unregistered.count - 10) more organizations are not in the registry (sector `unregistered` in organizations.csv)")
        }

        // Registry organizations without posts are non-adopters: they still get their row.
        var results = outcome.organizations.map(\.result)
        let active = Set(outcome.organizations.map(\.handle))
        for organization in registry.organizations where !active.contains(organization.handle) {
            results.append(OrgAnalysis.analyze(handle: organization.handle, posts: [], organization: organization,
                                               lexicon: lexicon, thresholds: thresholds))
        }
        results.sort { Handle.precedes($0.handle, $1.handle) }
        let sectors = SectorAnalysis.analyze(results, registry: registry)

        do {
            try output.write("organizations.csv", MetricsCSV.organizations(results))
            try output.write("org_months.csv", MetricsCSV.orgMonths(results))
            try output.write("sectors.csv", MetricsCSV.sectors(sectors))
            try output.write("sector_months.csv", MetricsCSV.sectorMonths(sectors))
            try output.write("rejects.csv", RunFiles.rejectsCSV(outcome.findings))
            let totals = outcome.totals
            let overview = ReportOverview(
                inputs: options.inputs, files: outcome.files.count, skippedFiles: outcome.skipped.count,
                records: totals.records, posts: totals.posts, duplicates: totals.duplicates, rejects: totals.rejects,
                warnings: totals.warnings, lexicon: lexicon, thresholds: thresholds, maxRejectRate: options.maxRejectRate,
                generatedAt: RunFiles.iso8601(Date()), version: RunFiles.version,
                fileSummaries: outcome.files.map { item in
                    ReportFileSummary(path: item.file.file.displayPath, format: item.file.format?.rawValue ?? "unreadable",
                                      org: RunFiles.organization(of: item), records: item.counts.records, posts: item.counts.posts,
                                      duplicates: item.counts.duplicates, rejects: item.counts.rejects, warnings: item.counts.warnings)
                })
            try HTMLReport.render(overview: overview, organizations: results, sectors: sectors, registry: registry,
                                  templatesPath: options.templatesPath, threads: options.threads) { page in
                try output.write(page.path, page.html)
            }
            if let postsFolder {
                try PostsFileWriter.join(parts: results.filter { $0.metrics.posts > 0 }.map { postsFolder + "/" + $0.handle + ".gz" },
                                         into: output.stagedPath("posts.csv.gz"))
                try FileManager.default.removeItem(atPath: postsFolder)
            }
            let settings = RunFiles.Settings(lexiconName: lexicon.name, lexiconSHA256: lexicon.sha256,
                                             promotional: thresholds.promotional, relentless: thresholds.relentless,
                                             maxRejectRate: options.maxRejectRate)
            try output.write("summary.json", RunFiles.summaryJSON(outcome, settings: settings, started: started, finished: Date()))
            try output.commit()
        } catch {
            throw ReportError("\(error)")
        }

        let totals = outcome.totals
        let rate = totals.records > 0 ? Double(totals.rejects) / Double(totals.records) : 0
        return ReportSummary(records: totals.records, posts: totals.posts, duplicates: totals.duplicates,
                             rejects: totals.rejects, warnings: totals.warnings,
                             organizations: results.count, rejectRate: rate,
                             exitCode: rate > options.maxRejectRate ? 2 : 0)
    }

    /// One line per finding, at most `perFile` per file, then a count of the rest.
    func logFindings(_ findings: [Finding], perFile: Int = 20, log: (LogLevel, String) -> Void) {
        var shown: [String: Int] = [:]
        var hidden: [String: Int] = [:]
        var files: [String] = []
        for finding in findings {
            if shown[finding.file] == nil && hidden[finding.file] == nil { files.append(finding.file) }
            if shown[finding.file, default: 0] < perFile {
                shown[finding.file, default: 0] += 1
                log(.warning, finding.message)
            } else {
                hidden[finding.file, default: 0] += 1
            }
        }
        for file in files { if let more = hidden[file] { log(.warning, "\(file): \(more) more findings (see rejects.csv and summary.json)") } }
    }
}
