import ArgumentParser
import EarshotCore
import Foundation
import Logging

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Read exports and write the CSV and HTML reports.",
        discussion: """
        Exit codes: 0 success; 1 failure (registry, no input, output not writable), nothing \
        replaced; 2 report written but rejects / records above --max-reject-rate; 64 usage error; \
        75 another run holds the output folder's lock (without --wait), nothing read or replaced.

        The report replaces the output folder as a whole, in one step: a reader sees the \
        previous report or the new one, never a mix, and a run that fails or is killed leaves \
        the previous report as it was. The lock is the file .<name>.earshot-lock beside the folder \
        (removed again when the run ends without the folder existing).

        --cache DIR keeps each organization's results; the next run reads again only the \
        organizations whose files (size and time, or content), registry row, lexicon or \
        thresholds changed. --shard I/N --partial FILE computes only the organizations whose \
        handle hashes to I (FNV-1a 64 of the lower-case handle, modulo N; I from 0 to N-1) and \
        writes a partial result for `earshot merge`; see deploy/README.md.
        """
    )

    @Argument(help: "Export files, folders (walked recursively) or .zip archives: your own download, or many organizations' exports with --registry.")
    var inputs: [String] = []

    @Option(help: "The organizations registry (CSV), for many organizations. Without it, the organizations the files name are reported (sector `unregistered` unless --sector says it).")
    var registry: String?

    @Option(name: .customLong("org"), help: ArgumentHelp("Without --registry: the account (handle) of the files that do not name it themselves, such as a legacy tweets.csv.", valueName: "handle"))
    var org: String?

    @Option(help: "Without --registry: the organization's name (shown in the report; its mentions count as self-mentions).")
    var name: String?

    @Option(help: "Without --registry: the organization's sector: public, nonprofit, commercial or other.")
    var sector: String?

    @Option(name: .customLong("domain"), help: ArgumentHelp("Without --registry: a web domain of the organization (its own links are then recognised); repeatable.", valueName: "domain"))
    var domains: [String] = []

    @Option(help: "The output folder.")
    var out = "Reports"

    @Option(help: ArgumentHelp("Worker threads (default: all cores).", valueName: "n"))
    var threads: Int?

    @Option(help: "A lexicon file replacing the built-in lexicons.")
    var lexicon: String?

    @Option(help: "promo_share at or below which an organization is `balanced`.")
    var promoThreshold: Double = 0.20

    @Option(help: "promo_share at or below which an organization is `promotional`, above it `relentless` (default: 1/3, or --promo-threshold when that is higher).")
    var relentlessThreshold: Double?

    @Option(help: "Highest rejects / records ratio for exit code 0.")
    var maxRejectRate: Double = 0.05

    @Option(help: "Organizations with fewer posts get verdicts marked `unreliable` (organizations.csv, last columns).")
    var minPosts: Int = MetricThresholds.defaultMinPosts

    @Option(help: "A folder of Mustache templates replacing the built-in HTML templates by name.")
    var templates: String?

    @Option(name: .customLong("map"), help: ArgumentHelp("A header map (YAML) for CSV exports of other tools; repeatable (maps/README.md). The shipped maps are built in; these, or without --map the *.yaml files in maps/ beside the registry, add to them or replace one by file name.", valueName: "file"))
    var maps: [String] = []

    @Flag(help: "Also write posts.csv.gz.")
    var posts = false

    @Option(help: ArgumentHelp("A hand-coded sheet from `earshot codebook` (repeatable, one per coder): adds validation.csv and \"how far to trust these classes\" to the report.", valueName: "sheet"))
    var validation: [String] = []

    @OptionGroup var logging: LoggingOptions

    @Flag(help: "In every CSV written, put a ' before cells that spreadsheets would run as formulas (starting with =, +, -, @, tab or CR; plain numbers excepted). Off by default: cells stay byte-exact.")
    var excelSafe = false

    @Flag(inversion: .prefixedNo, help: "Show a progress line on stderr (default: when stderr is a terminal; never with --quiet).")
    var progress: Bool?

    @Flag(help: "If another run is writing the output folder, wait for it instead of exiting with code 75.")
    var wait = false

    @Option(help: "A folder that keeps each organization's results between runs: only organizations whose inputs changed are read again.")
    var cache: String?

    @Option(help: "Compute only shard I of N (I from 0 to N-1; needs --partial).")
    var shard: String?

    @Option(help: "With --shard: write the shard's partial result to this file (for `earshot merge`) instead of a report.")
    var partial: String?

    func validate() throws {
        try CommandWords.checkInputs(inputs, command: "report")
        if let threads { guard threads >= 1 else { throw ValidationError("--threads must be at least 1") } }
        if let sector, Sector(rawValue: sector.lowercased()) == nil || sector.lowercased() == Sector.unregistered.rawValue {
            throw ValidationError("--sector must be public, nonprofit, commercial or other")
        }
        if let org, !OwnOrganization.isHandle(org) {
            throw ValidationError("--org `\(org)` is not a handle (letters, digits and _)")
        }
        if registry != nil, name != nil || sector != nil || !domains.isEmpty {
            throw ValidationError("--name, --sector and --domain describe the organization of a run without --registry: with a registry, put them in its row")
        }
        guard minPosts >= 0 else { throw ValidationError("--min-posts must be 0 or more") }
        guard (0...1).contains(promoThreshold) else { throw ValidationError("--promo-threshold must be between 0 and 1") }
        if let relentlessThreshold {
            guard (0...1).contains(relentlessThreshold), relentlessThreshold >= promoThreshold else {
                throw ValidationError("--relentless-threshold must be between --promo-threshold and 1")
            }
        }
        guard (0...1).contains(maxRejectRate) else { throw ValidationError("--max-reject-rate must be between 0 and 1") }
        if let shard, Shard(shard) == nil {
            throw ValidationError("--shard must be I/N with N at least 1 and I from 0 to N-1, like 0/4")
        }
        if (shard == nil) != (partial == nil) { throw ValidationError("--shard and --partial go together") }
        if shard != nil, posts { throw ValidationError("--posts cannot be written by a shard: run without --shard for posts.csv.gz") }
        if shard != nil, !validation.isEmpty { throw ValidationError("--validation needs the whole run: run without --shard") }
    }

    @OptionGroup var limits: LimitOptions

    func run() throws {
        CSVCell.neutralizesFormulas = excelSafe
        limits.install()
        var thresholds = MetricThresholds()
        thresholds.promotional = promoThreshold
        thresholds.relentless = relentlessThreshold ?? max(1.0 / 3.0, promoThreshold)
        thresholds.minPosts = minPosts
        let logger = logging.logger
        let showProgress = !logging.quiet && (progress ?? StandardError.isTerminal)
        let operations = ReportOperations(waitForLock: wait, cachePath: cache, shard: shard.flatMap { Shard($0) },
                                          partialPath: partial, progress: showProgress ? PipelineProgress.stderrLine() : nil,
                                          beforeCommit: TestHold.pause(at: "commit"))
        let own = OwnOrganization(handle: org, name: name ?? "", sector: sector.flatMap { Sector(rawValue: $0.lowercased()) },
                                  domains: domains)
        let threads = self.threads ?? ProcessInfo.processInfo.activeProcessorCount
        var options = ReportOptions(inputs: inputs, registryPath: registry, outputPath: out, threads: threads,
                                    lexiconPath: lexicon, thresholds: thresholds, maxRejectRate: maxRejectRate,
                                    writePosts: posts, templatesPath: templates,
                                    headerMapPaths: maps.isEmpty ? registry.map { HeaderMap.defaultPaths(besideRegistry: $0) } ?? [] : maps,
                                    operations: operations, own: own)
        options.validationSheets = validation
        var quietOptions = options
        quietOptions.findingsSummaryOnly = logging.quiet && logging.logFormat == .text
        let summary: ReportSummary
        do {
            summary = try ReportJob(options: quietOptions).run(logger: logger)
        } catch {
            throw JobFailure.exit(error, logger: logger, out: partial ?? out)
        }
        let place = partial.map { "partial result in \($0)" } ?? "report in \(out)/"
        logger.info("\(summary.records) records: \(summary.posts) posts, \(summary.duplicates) duplicates merged, \(summary.rejects) rejects, \(summary.warnings) warnings; \(summary.organizations) organizations; \(place) (\(String(format: "%.2f", summary.seconds)) s, HTML \(String(format: "%.2f", summary.htmlSeconds)) s)")
        if partial != nil { return } // the reject rate is judged by the merge, over every shard
        if summary.rejectRateExceeded {
            let rate = String(format: "%.4f", summary.rejectRate)
            logger.error("rejects / records = \(rate), above --max-reject-rate \(maxRejectRate) (see \(out)/rejects.csv)")
            throw ExitCode(2)
        }
    }
}
