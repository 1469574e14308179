/// What the HTML report says about the run itself: the inputs, the counts that `summary.json`
/// holds, the lexicon and the thresholds. Filled by the report job.
public struct ReportOverview: Sendable {
    /// The inputs as the user gave them (files, folders, zip archives).
    public var inputs: [String]
    /// Files read (`totals.files`) and files skipped (`skipped` in `summary.json`).
    public var files: Int
    public var skippedFiles: Int
    /// records = posts + duplicates + rejects.
    public var records: Int
    public var posts: Int
    public var duplicates: Int
    public var rejects: Int
    public var warnings: Int
    /// `builtin-v1` or the lexicon file's name.
    public var lexiconName: String
    public var lexiconSHA256: String
    /// The lexicon's phrases, listed in the methodology section; empty to list none.
    public var lexiconPhrases: [Lexicon.Section: [String]]
    public var thresholds: MetricThresholds
    /// `--max-reject-rate`; nil to leave it out.
    public var maxRejectRate: Double?
    /// When the run started or finished, as the report should print it (ISO 8601 UTC).
    public var generatedAt: String
    /// Earshot's version; empty to leave it out.
    public var version: String
    /// The files read, for a collapsed table; empty to leave the table out.
    public var fileSummaries: [ReportFileSummary]
    /// The rejects file, relative to `index.html`.
    public var rejectsFile: String

    public init(inputs: [String], files: Int, skippedFiles: Int = 0, records: Int, posts: Int, duplicates: Int,
                rejects: Int, warnings: Int, lexicon: Lexicon, thresholds: MetricThresholds,
                maxRejectRate: Double? = nil, generatedAt: String, version: String = "",
                fileSummaries: [ReportFileSummary] = [], rejectsFile: String = "rejects.csv") {
        self.inputs = inputs
        self.files = files
        self.skippedFiles = skippedFiles
        self.records = records
        self.posts = posts
        self.duplicates = duplicates
        self.rejects = rejects
        self.warnings = warnings
        self.lexiconName = lexicon.name
        self.lexiconSHA256 = lexicon.sha256
        self.lexiconPhrases = lexicon.phrases
        self.thresholds = thresholds
        self.maxRejectRate = maxRejectRate
        self.generatedAt = generatedAt
        self.version = version
        self.fileSummaries = fileSummaries
        self.rejectsFile = rejectsFile
    }
}

/// One file of the run, as `summary.json` lists it.
public struct ReportFileSummary: Sendable, Equatable {
    public var path: String
    public var format: String
    /// nil when the file's records belong to several organizations.
    public var org: String?
    public var records: Int
    public var posts: Int
    public var duplicates: Int
    public var rejects: Int
    public var warnings: Int

    public init(path: String, format: String, org: String?, records: Int, posts: Int, duplicates: Int,
                rejects: Int, warnings: Int) {
        self.path = path
        self.format = format
        self.org = org
        self.records = records
        self.posts = posts
        self.duplicates = duplicates
        self.rejects = rejects
        self.warnings = warnings
    }
}
