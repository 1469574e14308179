import ArgumentParser
import EarshotCore
import Foundation
import Logging

/// The command line: `main` only dispatches; each subcommand is one file.
@main
struct Earshot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "earshot",
        abstract: "Measures engagement, self-promotion and dialogue in organizations' social-media exports.",
        version: RunFiles.version,
        subcommands: [ReportCommand.self, MergeCommand.self, DoctorCommand.self, InspectCommand.self, SampleCommand.self,
                      CodebookCommand.self, ValidateCommand.self],
        defaultSubcommand: ReportCommand.self
    )

    /// Signals first (Interruption.swift), then the usual parsing and dispatch.
    static func main() {
        Interruption.install()
        main(nil)
    }
}

/// Resource limits a real export could exceed (README "Resource limits").
struct LimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Largest CSV record, JSON element or XML text node read, in bytes (default 16 MiB); a larger one is a reject.", valueName: "bytes"))
    var maxRecordBytes: Int?

    @Option(help: ArgumentHelp("Most bytes inflated from zip archives in one run (default 256 GiB); past it, entries are rejects.", valueName: "bytes"))
    var maxInflateBytes: UInt64?

    func validate() throws {
        if let maxRecordBytes, maxRecordBytes < 1024 { throw ValidationError("--max-record-bytes must be at least 1024") }
        if let maxInflateBytes, maxInflateBytes < 1 { throw ValidationError("--max-inflate-bytes must be at least 1") }
    }

    /// Puts the limits in force for this process.
    func install() {
        var limits = ResourceLimits.standard
        if let maxRecordBytes {
            limits.maxRecordBytes = maxRecordBytes
            limits.maxJSONElementBytes = max(limits.maxJSONElementBytes, maxRecordBytes)
        }
        if let maxInflateBytes { limits.maxInflatedBytesPerRun = maxInflateBytes }
        ResourceLimits.current = limits
    }
}

/// Messages on stderr, one line each (outputs.md), through swift-log.
enum Messages {
    /// The logger of a command: text or JSON lines; with `quiet`, warnings and errors only.
    static func logger(format: LogFormat = .text, quiet: Bool = false) -> Logger {
        Logger(label: "earshot") { _ in StderrLogHandler(format: format, level: quiet ? .warning : .info) }
    }

    /// For commands without logging options.
    static func write(_ line: String) {
        StandardError.shared.writeLine(line)
    }
}

/// `--log-format` and `--quiet`, shared by the commands that run jobs.
struct LoggingOptions: ParsableArguments {
    @Option(help: "Messages on stderr as `text` lines or `json` objects, one per line.")
    var logFormat: LogFormat = .text

    @Flag(help: "Only warnings and errors on stderr.")
    var quiet = false

    var logger: Logger { Messages.logger(format: logFormat, quiet: quiet) }
}

extension LogFormat: ExpressibleByArgument {}

/// What the commands that write a report do when it failed: the message, and the exit code.
enum JobFailure {
    static func exit(_ error: Error, logger: Logger, out: String) -> ExitCode {
        if case let JobError.outputBusy(busy)? = error as? JobError {
            logger.error("\(busy)")
            return ExitCode(OutputLock.busyExitCode)
        }
        logger.error("\(error)")
        logger.error("nothing in \(out) was replaced")
        return ExitCode(1)
    }
}
