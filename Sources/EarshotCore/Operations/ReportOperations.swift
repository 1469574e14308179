/// How a report run is scheduled and where its work goes (`earshot report` options).
public struct ReportOperations: Sendable {
    /// Wait for another run on the same output folder to finish instead of exiting with 75.
    public var waitForLock: Bool
    /// `--cache DIR`.
    public var cachePath: String?
    /// `--shard I/N`: compute only this shard's organizations.
    public var shard: Shard?
    /// `--partial FILE`: with a shard, write the partial result there instead of a report.
    public var partialPath: String?
    /// The progress line, when it is shown.
    public var progress: PipelineProgress?
    /// Called just before the new report replaces the old one (`OutputFolder.beforeCommit`).
    public var beforeCommit: (@Sendable () -> Void)?

    public init(waitForLock: Bool = false, cachePath: String? = nil, shard: Shard? = nil, partialPath: String? = nil,
                progress: PipelineProgress? = nil, beforeCommit: (@Sendable () -> Void)? = nil) {
        self.beforeCommit = beforeCommit
        self.waitForLock = waitForLock
        self.cachePath = cachePath
        self.shard = shard
        self.partialPath = partialPath
        self.progress = progress
    }

    func hooks(cache: ResultCache?) -> PipelineHooks<OrgResult> {
        var hooks = PipelineHooks<OrgResult>(progress: progress)
        if let shard { hooks.includes = { shard.contains($0) } }
        if let cache, cache.enabled {
            hooks.reusableCollection = { cache.reusableCollection($0) }
            hooks.reusableOrganization = { cache.reusableOrganization($0) }
        }
        return hooks
    }
}
