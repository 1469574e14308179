import Foundation

/// A value worked out on a thread of its own while the caller goes on (the report's templates
/// from the start of a run, its pages while the tables are written); `value()` waits for it.
final class Background<Value>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Set once before `done` is signalled, read only after waiting on it.
    private var result: Result<Value, Error>?

    /// - Parameter inline: work it out here and now instead (a run with one thread).
    init(inline: Bool = false, _ work: @escaping @Sendable () throws -> Value) {
        if inline {
            result = Result(catching: work)
            done.signal()
        } else {
            DispatchQueue.global().async { [self] in
                result = Result(catching: work)
                done.signal()
            }
        }
    }

    /// The value, or the error the work threw.
    func value() throws -> Value {
        done.wait()
        done.signal()  // for the next caller
        return try result!.get()
    }
}
