import ArgumentParser
import EarshotCore
import Foundation

/// The command line: `main` only dispatches; each subcommand is one file.
@main
struct Earshot: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "earshot",
        abstract: "Measures engagement, self-promotion and dialogue in organizations' social-media exports.",
        version: RunFiles.version,
        subcommands: [ReportCommand.self, InspectCommand.self, SampleCommand.self],
        defaultSubcommand: ReportCommand.self
    )
}

/// stderr, one line each (outputs.md).
enum Messages {
    static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
