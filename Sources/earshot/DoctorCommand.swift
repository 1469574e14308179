import ArgumentParser
import EarshotCore
import Foundation

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check a registry and an export folder before scheduling a run; writes no report.",
        discussion: """
        Lists registry errors, which files are recognised as which format, files skipped or \
        unreadable, registry organizations without exports, and handles found in the exports \
        that the registry lacks (without --registry: the organizations the files name); with \
        --out, whether the output folder can be written and is not locked by a run. Exit codes: \
        0 a run would work (warnings may be listed); 1 it would fail; 64 usage error.
        """
    )

    @Argument(help: "Export files, folders (walked recursively) or .zip archives.")
    var inputs: [String] = []

    @Option(help: "The organizations registry (CSV); without it, the organizations the files name.")
    var registry: String?

    @Option(help: "An output folder to check as well.")
    var out: String?

    @Option(help: ArgumentHelp("Worker threads (default: all cores).", valueName: "n"))
    var threads: Int?

    @Option(help: "How many entries of each list to show.")
    var limit = 20

    func validate() throws {
        try CommandWords.checkInputs(inputs, command: "doctor")
        if let threads { guard threads >= 1 else { throw ValidationError("--threads must be at least 1") } }
        guard limit >= 0 else { throw ValidationError("--limit must be 0 or more") }
    }

    @OptionGroup var limits: LimitOptions

    func run() throws {
        limits.install()
        let report = Doctor.check(inputs: inputs, registryPath: registry, outputPath: out,
                                  threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
        for line in report.lines(limit: limit) { print(line) }
        if !report.runWouldWork { throw ExitCode(1) }
    }
}
