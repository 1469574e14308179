import Foundation

/// How far a run has come, for the progress line: files and bytes read out of those to read,
/// posts per second and the time left. The pipeline reports each finished task; organizations
/// taken from the cache are skipped (they leave the totals, so the time left is about reading).
public final class PipelineProgress: @unchecked Sendable {
    public struct Snapshot: Sendable, Equatable {
        public var files = 0, totalFiles = 0
        public var bytes = 0, totalBytes = 0
        public var posts = 0
        public var elapsed: Double = 0

        /// `earshot: 120/5700 files, 45.2/300.0 MB, 5230 posts/s, ETA 0:42`
        public var line: String {
            let mb = { (b: Int) in String(format: "%.1f", Double(b) / 1_000_000) }
            var text = "earshot: \(files)/\(totalFiles) files, \(mb(bytes))/\(mb(totalBytes)) MB"
            if elapsed > 0 { text += ", \(Int((Double(posts) / elapsed).rounded())) posts/s" }
            if let eta { text += ", ETA \(Self.clock(eta))" }
            return text
        }

        /// Seconds left at the rate so far; nil until something has been read.
        public var eta: Double? {
            guard bytes > 0, elapsed > 0 else { return nil }
            return Double(max(0, totalBytes - bytes)) / (Double(bytes) / elapsed)
        }

        static func clock(_ seconds: Double) -> String {
            let s = Int(seconds.rounded(.up))
            let two = { (v: Int) in v < 10 ? "0\(v)" : "\(v)" }
            return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(s / 60):\(two(s % 60))"
        }
    }

    private let lock = NSLock()
    private var state = Snapshot()
    private var started = Date()
    private var lastShown = Date.distantPast
    private let interval: Double
    private let show: @Sendable (Snapshot?) -> Void

    /// - Parameters:
    ///   - interval: at most one update per `interval` seconds.
    ///   - show: draws a snapshot; nil at the end, to remove the line.
    public init(interval: Double = 0.25, show: @escaping @Sendable (Snapshot?) -> Void) {
        self.interval = interval
        self.show = show
    }

    /// The progress line on stderr (`StandardError`).
    public static func stderrLine() -> PipelineProgress {
        PipelineProgress { snapshot in StandardError.shared.setStatus(snapshot?.line) }
    }

    func begin(files: Int, bytes: Int) {
        lock.lock()
        state = Snapshot(totalFiles: files, totalBytes: bytes)
        started = Date()
        lock.unlock()
    }

    func advance(files: Int, bytes: Int, posts: Int = 0) {
        update { $0.files += files; $0.bytes += bytes; $0.posts += posts }
    }

    func skip(files: Int, bytes: Int) {
        update { $0.totalFiles -= files; $0.totalBytes -= bytes }
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        show(nil)
    }

    public var snapshot: Snapshot {
        lock.lock()
        defer { lock.unlock() }
        return state
    }

    private func update(_ change: (inout Snapshot) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        change(&state)
        let now = Date()
        state.elapsed = now.timeIntervalSince(started)
        if now.timeIntervalSince(lastShown) >= interval {
            lastShown = now
            show(state)
        }
    }
}
