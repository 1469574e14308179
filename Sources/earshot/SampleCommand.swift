import ArgumentParser
import EarshotCore

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write a synthetic but realistic set of exports and a registry (deterministic for a seed)."
    )

    @Option(help: "The folder to write organizations.csv and exports/ into.")
    var out: String

    @Option(help: "Organizations.")
    var orgs = 24

    @Option(help: "Posts per organization (on average).")
    var postsPerOrg = 600

    @Option(help: "The seed: the same seed writes the same bytes.")
    var seed: UInt64 = 2012

    @Option(help: "Formats to write, comma-separated (default: all).")
    var formats: String?

    func validate() throws {
        guard orgs >= 1 else { throw ValidationError("--orgs must be at least 1") }
        guard postsPerOrg >= 1 else { throw ValidationError("--posts-per-org must be at least 1") }
        if let formats {
            for name in formats.split(separator: ",") where ExportFormat(rawValue: String(name)) == nil {
                throw ValidationError("unknown format `\(name)` (one of \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }
    }

    func run() throws {
        var options = SampleOptions(orgs: orgs, postsPerOrg: postsPerOrg, seed: seed)
        if let formats {
            options.formats = Set(formats.split(separator: ",").compactMap { ExportFormat(rawValue: String($0)) })
        }
        do {
            let stats = try SampleGenerator(options: options).write(to: out)
            Messages.write("earshot: wrote \(stats.files) files (\(stats.bytesOnDisk) bytes) for \(stats.registryOrganizations) organizations in \(out)")
        } catch {
            Messages.write("earshot: error: \(error)")
            throw ExitCode(1)
        }
    }
}
