import ArgumentParser
import EarshotCore
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Read exports and write the CSV and HTML reports.",
        discussion: """
        Exit codes: 0 success; 1 failure (registry, no input, output not writable), nothing \
        replaced; 2 report written but rejects / records above --max-reject-rate; 64 usage error.
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

    @Flag(help: "Only warnings and errors on stderr.")
    var quiet = false

    @Flag(inversion: .prefixedNo, help: "Show progress on stderr (default: when stderr is a terminal).")
    var progress: Bool?

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard (0...1).contains(promoThreshold) else { throw ValidationError("--promo-threshold must be between 0 and 1") }
        if let relentlessThreshold {
            guard (0...1).contains(relentlessThreshold), relentlessThreshold >= promoThreshold else {
                throw ValidationError("--relentless-threshold must be between --promo-threshold and 1")
            }
        }
        guard (0...1).contains(maxRejectRate) else { throw ValidationError("--max-reject-rate must be between 0 and 1") }
    }

    func run() throws {
        var thresholds = MetricThresholds()
        thresholds.promotional = promoThreshold
        thresholds.relentless = relentlessThreshold ?? max(1.0 / 3.0, promoThreshold)
        let options = ReportOptions(inputs: inputs, registryPath: registry, outputPath: out, threads: threads,
                                    lexiconPath: lexicon, thresholds: thresholds, maxRejectRate: maxRejectRate,
                                    writePosts: posts, templatesPath: templates,
                                    headerMapPaths: maps.isEmpty ? HeaderMap.defaultPaths(besideRegistry: registry) : maps)
        let quiet = self.quiet
        let summary: ReportSummary
        do {
            summary = try ReportJob(options: options).run { level, line in
                if level == .info && quiet { return }
                Messages.write(line)
            }
        } catch {
            Messages.write("earshot: error: \(error)")
            Messages.write("earshot: nothing in \(out) was replaced")
            throw ExitCode(1)
        }
        if !quiet {
            Messages.write("earshot: \(summary.records) records: \(summary.posts) posts, \(summary.duplicates) duplicates merged, \(summary.rejects) rejects, \(summary.warnings) warnings; \(summary.organizations) organizations; report in \(out)/ (\(String(format: "%.2f", summary.seconds)) s, HTML \(String(format: "%.2f", summary.htmlSeconds)) s)")
        }
        if summary.exitCode == 2 {
            let rate = String(format: "%.4f", summary.rejectRate)
            Messages.write("earshot: error: rejects / records = \(rate), above --max-reject-rate \(maxRejectRate) (see \(out)/rejects.csv)")
        }
        if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
    }
}
