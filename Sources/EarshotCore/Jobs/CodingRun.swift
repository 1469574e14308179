import Foundation
import Logging

/// The inputs of `earshot codebook` and `earshot validate`, given as to `earshot report`:
/// exports, the registry, the header maps, the lexicon, the threads.
public struct CodingInputs: Sendable {
    public var inputs: [String]
    public var registryPath: String
    public var lexiconPath: String?
    public var headerMapPaths: [String]
    public var threads: Int

    public init(inputs: [String], registryPath: String, lexiconPath: String? = nil, headerMapPaths: [String] = [], threads: Int = 1) {
        self.inputs = inputs
        self.registryPath = registryPath
        self.lexiconPath = lexiconPath
        self.headerMapPaths = headerMapPaths
        self.threads = threads
    }

    /// Reads the inputs as a report does and hands each organization's merged posts, with
    /// Earshot's features (`OrgAnalysis`, the same code that writes posts.csv.gz), to `keep`,
    /// for the organizations `includes` names (nil: all). Each organization's result is what
    /// `keep` makes of its posts (they are in memory one organization at a time, as in a report).
    /// Errors are `JobError`s, as a report's.
    func read<Kept: Sendable>(includes: (@Sendable (String) -> Bool)?, logger: Logger,
                              keep: @escaping @Sendable (_ handle: String, _ posts: [(post: Post, features: PostFeatures)]) -> Kept)
        throws -> (outcome: PipelineOutcome<Kept>, lexicon: Lexicon) {
        let registry: Registry
        do { registry = try RegistryLoader.load(path: registryPath) } catch { throw JobError.registry(error) }
        var lexicon = Lexicon.builtin
        if let lexiconPath {
            do { lexicon = try Lexicon.load(path: lexiconPath) } catch { throw JobError.lexicon(error) }
        }
        let headerMaps: [HeaderMap]
        do { headerMaps = try headerMapPaths.map(HeaderMap.load) } catch { throw JobError.headerMap(error) }
        let discovered: [ExportFile]
        do { discovered = try InputDiscovery(registry: registry, threads: threads).files(in: inputs) } catch { throw JobError.noInput("\(error)") }
        guard !discovered.isEmpty else { throw JobError.noInput("no input found in \(inputs.joined(separator: ", "))") }
        let pipeline = Pipeline(registry: registry, threads: threads, readers: ReaderCatalog(headerMaps: headerMaps))
        var hooks = PipelineHooks<Kept>(includes: includes)
        hooks.keepsParts = false
        let thresholds = MetricThresholds(), chosenLexicon = lexicon
        let outcome = pipeline.run(discovered, hooks: hooks) { handle, posts in
            var analysed: [(post: Post, features: PostFeatures)] = []
            _ = OrgAnalysis.analyze(handle: handle, posts: posts, organization: registry.organization(handle),
                                    lexicon: chosenLexicon, thresholds: thresholds) { post, features in
                analysed.append((post, features))
            }
            return keep(handle, analysed)
        }
        guard !outcome.scannedFiles.isEmpty else {
            throw JobError.noInput("no input found: none of the \(outcome.skipped.count) files in \(inputs.joined(separator: ", ")) is an export Earshot reads")
        }
        ReportJob.logOutcome(outcome, registry: registry, registryPath: registryPath, logger: logger)
        return (outcome, lexicon)
    }
}

/// Why `earshot codebook` or `earshot validate` stopped (exit code 1).
public enum CodingError: Error, CustomStringConvertible {
    case sheet(CodingSheetError)
    /// `--org` names organizations without posts in the inputs.
    case noPosts(String)
    /// The codebook would overwrite a sheet (perhaps a filled one) without `--replace`.
    case exists(String)
    case output(String)

    public var description: String {
        switch self {
        case let .sheet(error): return "\(error)"
        case let .noPosts(why), let .exists(why), let .output(why): return why
        }
    }
}
