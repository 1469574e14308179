/// Why a job stopped before replacing anything in its output folder. The command line turns it
/// into a message and an exit code (outputs.md): `outputBusy` is 75, every other case 1.
public enum JobError: Error, CustomStringConvertible {
    /// The registry cannot be read or is malformed (the underlying error names the line).
    case registry(Error)
    /// `--lexicon`: the file cannot be read or is malformed.
    case lexicon(Error)
    /// `--map`: a header map cannot be read or is malformed.
    case headerMap(Error)
    /// No input file, or none that Earshot reads.
    case noInput(String)
    /// Another run is writing the same output folder.
    case outputBusy(OutputLock.Busy)
    /// The output folder (or a partial result) cannot be prepared or written.
    case output(Error)
    /// A shard's partial result cannot be written or read.
    case partialResult(Error)
    /// `earshot merge`: the partial results do not make one run.
    case cannotMerge(String)
    /// A run without a registry cannot tell which organization the command line describes.
    case ownerUnknown(String)

    public var description: String {
        switch self {
        case let .registry(error), let .lexicon(error), let .headerMap(error), let .output(error), let .partialResult(error):
            return "\(error)"
        case let .noInput(why), let .ownerUnknown(why): return why
        case let .outputBusy(busy): return "\(busy)"
        case let .cannotMerge(why): return "cannot merge: \(why); nothing in the output was replaced"
        }
    }
}
