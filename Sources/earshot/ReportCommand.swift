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
        the previous report as it was. The lock is the file .<name>.earshot-lock beside the folder.

        --cache DIR keeps each organization's results; the next run reads again only the \
        organizations whose files (size and time, or content), registry row, lexicon or \
        thresholds changed. --shard I/N --partial FILE computes only the organizations whose \
        handle hashes to I (FNV-1a 64 of the lower-case handle, modulo N; I from 0 to N-1) and \
        writes a partial result for `earshot merge`; see deploy/README.md.
        """
    )

    @Argument(help: "Export files, folders (walked recursively) or .zip archives.")
    var inputs: [String] = ["SampleData/exports"]

    @Option(help: "The organizations registry (CSV).")
    var registry = "SampleData/organizations.csv"

    @Option(help: "The output folder.")
    var out = "Reports"

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "A lexicon file replacing the built-in lexicons.")
    var lexicon: String?

    @Option(help: "promo_share at or below which an organization is `balanced`.")
    var promoThreshold: Double = 0.20

    @Option(help: "promo_share at or below which an organization is `promotional`, above it `relentless` (default: 1/3, or --promo-threshold when that is higher).")
    var relentlessThreshold: Double?

    @Option(help: "Highest rejects / records ratio for exit code 0.")
    var maxRejectRate: Double = 0.05

    @Option(help: "A folder of Mustache templates replacing the built-in HTML templates by name.")
    var templates: String?

    @Option(name: .customLong("map"), help: ArgumentHelp("A header map (YAML) for CSV exports of other tools; repeatable (maps/README.md); default: the *.yaml files in maps/ beside the registry.", valueName: "file"))
    var maps: [String] = []

    @Flag(help: "Also write posts.csv.gz.")
    var posts = false

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
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
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
    }

    @OptionGroup var limits: LimitOptions

    func run() throws {
        CSVCell.neutralizesFormulas = excelSafe
        limits.install()
        var thresholds = MetricThresholds()
        thresholds.promotional = promoThreshold
        thresholds.relentless = relentlessThreshold ?? max(1.0 / 3.0, promoThreshold)
        let logger = logging.logger
        let showProgress = !logging.quiet && (progress ?? StandardError.isTerminal)
        let operations = ReportOperations(waitForLock: wait, cachePath: cache, shard: shard.flatMap { Shard($0) },
                                          partialPath: partial, progress: showProgress ? PipelineProgress.stderrLine() : nil,
                                          beforeCommit: TestHold.pause(at: "commit"))
        let options = ReportOptions(inputs: inputs, registryPath: registry, outputPath: out, threads: threads,
                                    lexiconPath: lexicon, thresholds: thresholds, maxRejectRate: maxRejectRate,
                                    writePosts: posts, templatesPath: templates,
                                    headerMapPaths: maps.isEmpty ? HeaderMap.defaultPaths(besideRegistry: registry) : maps,
                                    operations: operations)
        let summary: ReportSummary
        do {
            summary = try ReportJob(options: options).run(logger: logger)
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
