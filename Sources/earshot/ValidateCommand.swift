import ArgumentParser
import EarshotCore
import Foundation

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Compare Earshot's classes with hand-coded sheets: precision, recall, F1, kappa, alpha.",
        discussion: """
        Reads filled coding sheets (from `earshot codebook`; one per coder), classifies their \\
        posts again from the inputs with the lexicon in use, matches them by (org, id), and \\
        reports per-class precision, recall and F1, macro-F1, accuracy, the confusion matrix and \\
        Cohen's kappa (Earshot against each coder), and Krippendorff's alpha (nominal; among the \\
        coders, and among the coders and Earshot), each with a 95% percentile bootstrap interval \\
        (posts resampled), for Information/Community/Action and for the promotional flag \\
        (against the coders' `self`, and against `self` or `mixed`), over all posts and over \\
        those no coder marked ambiguous. Writes the figures to --csv (columns in README.md). \\
        A sheet row whose post is not in the inputs, an unknown label or a post twice in a \\
        sheet stops with the sheet and line.
        """
    )

    @Argument(help: "Filled coding sheets (CSV), one per coder.")
    var sheets: [String]

    @Option(name: .customLong("input"), help: ArgumentHelp("Export files, folders or .zip archives the sheets were drawn from (repeatable).", valueName: "path"))
    var inputs: [String] = ["SampleData/exports"]

    @Option(help: "The organizations registry (CSV).")
    var registry = "SampleData/organizations.csv"

    @Option(help: "A lexicon file replacing the built-in lexicons: the figures are for the lexicon in use.")
    var lexicon: String?

    @Option(name: .customLong("map"), help: ArgumentHelp("A header map (YAML) for CSV exports of other tools; repeatable; default: the *.yaml files in maps/ beside the registry.", valueName: "file"))
    var maps: [String] = []

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Where to write the figures as CSV.")
    var csv = "validation.csv"

    @Option(help: "Bootstrap resamples.")
    var resamples = Agreement.Bootstrap.standard.resamples

    @Option(help: "Bootstrap seed.")
    var bootstrapSeed: UInt64 = Agreement.Bootstrap.standard.seed

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard resamples >= 1 else { throw ValidationError("--resamples must be at least 1") }
        guard !sheets.isEmpty else { throw ValidationError("give at least one filled coding sheet") }
    }

    func run() throws {
        let logger = logging.logger
        let options = ValidateOptions(
            sheets: sheets,
            inputs: CodingInputs(inputs: inputs, registryPath: registry, lexiconPath: lexicon,
                                 headerMapPaths: maps.isEmpty ? HeaderMap.defaultPaths(besideRegistry: registry) : maps, threads: threads),
            bootstrap: Agreement.Bootstrap(resamples: resamples, seed: bootstrapSeed), csvPath: csv)
        let result: ValidationResult
        do {
            result = try ValidateJob(options: options).run(logger: logger)
        } catch {
            logger.error("\(error)")
            throw ExitCode(1)
        }
        print(ValidationTables.text(result), terminator: "")
        logger.info("figures in \(csv)")
    }
}
