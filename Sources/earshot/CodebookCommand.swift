import ArgumentParser
import EarshotCore
import Foundation

struct CodebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "codebook",
        abstract: "Draw a reproducible stratified sample of posts for hand coding: a coding sheet and a coding guide.",
        discussion: """
        Writes OUT/sheet.csv (id, org, created, kind, link, text, and empty columns ica, \\
        promotional, ambiguous, note for the coder), OUT/coding-guide.md (the definitions, \\
        conventions and how the sample was drawn) and OUT/strata.csv (each stratum's posts and \\
        posts drawn). Strata: organization x kind x year; the allocation rule is in the guide. \\
        The same inputs, --size and --seed give the same bytes. An existing sheet.csv is never \\
        overwritten without --replace (it may hold a coder's work). Give each coder a copy; \\
        check the filled copies with `earshot validate`.
        """
    )

    @Argument(help: "Export files, folders (walked recursively) or .zip archives.")
    var inputs: [String] = ["SampleData/exports"]

    @Option(help: "The organizations registry (CSV).")
    var registry = "SampleData/organizations.csv"

    @Option(help: "The folder for sheet.csv, coding-guide.md and strata.csv.")
    var out = "codebook"

    @Option(help: "Posts to draw.")
    var size = 300

    @Option(help: "The seed of the draw (a whole number from 0 to 2^64 - 1).")
    var seed: UInt64 = 16

    @Option(help: ArgumentHelp("Draw only from this organization (repeatable).", valueName: "handle"))
    var org: [String] = []

    @Option(name: .customLong("map"), help: ArgumentHelp("A header map (YAML) for CSV exports of other tools; repeatable; default: the *.yaml files in maps/ beside the registry.", valueName: "file"))
    var maps: [String] = []

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Overwrite an existing sheet.csv in the output folder.")
    var replace = false

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard size >= 1 else { throw ValidationError("--size must be at least 1") }
    }

    func run() throws {
        let logger = logging.logger
        let options = CodebookOptions(
            inputs: CodingInputs(inputs: inputs, registryPath: registry,
                                 headerMapPaths: maps.isEmpty ? HeaderMap.defaultPaths(besideRegistry: registry) : maps, threads: threads),
            size: size, seed: seed, orgs: org, outputPath: out, replace: replace)
        let summary: CodebookSummary
        do {
            summary = try CodebookJob(options: options).run(logger: logger)
        } catch {
            logger.error("\(error)")
            throw ExitCode(1)
        }
        logger.info("\(summary.sampled) of \(summary.population) posts drawn from \(summary.strata.count) strata (seed \(seed)): \(summary.files.joined(separator: ", "))")
    }
}
