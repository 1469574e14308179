/// Where the report's pages go as they are rendered: a run's staged output folder
/// (`OutputFolder`, which the jobs own), or anything else that takes named text files.
public protocol ReportDestination: Sendable {
    /// Writes the file `name` (a path relative to the report's folder) with `text`.
    func write(_ name: String, _ text: String) throws
}
