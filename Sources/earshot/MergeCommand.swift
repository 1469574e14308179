import ArgumentParser
import EarshotCore
import Foundation

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine the partial results of `earshot report --shard I/N --partial FILE` into the full report.",
        discussion: """
        The partials may be given in any order; all N shards of one run are needed, each once. \
        Partials of another earshot version, lexicon, thresholds, registry, shard count or set \
        of input files are refused. The report is the one a single run would have written.

        Exit codes: 0 success; 1 failure (partials refused or unreadable, registry, output not \
        writable), nothing replaced; 2 report written but rejects / records above \
        --max-reject-rate; 64 usage error; 75 another run holds the output folder's lock.
        """
    )

    @Argument(help: "Partial result files, one per shard.")
    var partials: [String]

    @Option(help: "The organizations registry (CSV): the one the shards used (none when they ran without one).")
    var registry: String?

    @Option(help: "The output folder.")
    var out = "Reports"

    @Option(help: "Highest rejects / records ratio for exit code 0.")
    var maxRejectRate: Double = 0.05

    @Option(help: "A folder of Mustache templates replacing the built-in HTML templates by name.")
    var templates: String?

    @Option(help: ArgumentHelp("Worker threads for the HTML pages (default: all cores).", valueName: "n"))
    var threads: Int?

    @Flag(help: "If another run is writing the output folder, wait for it instead of exiting with code 75.")
    var wait = false

    @OptionGroup var logging: LoggingOptions

    @Flag(help: "In every CSV written, put a ' before cells that spreadsheets would run as formulas (starting with =, +, -, @, tab or CR; plain numbers excepted). Off by default: cells stay byte-exact.")
    var excelSafe = false

    func validate() throws {
        guard !partials.isEmpty else { throw ValidationError("give the partial results to merge") }
        if let threads { guard threads >= 1 else { throw ValidationError("--threads must be at least 1") } }
        guard (0...1).contains(maxRejectRate) else { throw ValidationError("--max-reject-rate must be between 0 and 1") }
    }

    func run() throws {
        CSVCell.neutralizesFormulas = excelSafe
        let logger = logging.logger
        var options = MergeOptions(partials: partials, registryPath: registry, outputPath: out, maxRejectRate: maxRejectRate,
                                   templatesPath: templates, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount, waitForLock: wait,
                                   beforeCommit: TestHold.pause(at: "commit"))
        options.findingsSummaryOnly = logging.quiet && logging.logFormat == .text
        let summary: ReportSummary
        do {
            summary = try MergeJob(options: options).run(logger: logger)
        } catch {
            throw JobFailure.exit(error, logger: logger, out: out)
        }
        logger.info("\(summary.records) records: \(summary.posts) posts, \(summary.duplicates) duplicates merged, \(summary.rejects) rejects, \(summary.warnings) warnings; \(summary.organizations) organizations from \(partials.count) partial results; report in \(out)/")
        if summary.rejectRateExceeded {
            let rate = String(format: "%.4f", summary.rejectRate)
            logger.error("rejects / records = \(rate), above --max-reject-rate \(maxRejectRate) (see \(out)/rejects.csv)")
            throw ExitCode(2)
        }
    }
}
