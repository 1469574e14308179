import Dispatch
import Foundation

/// Runs `body` for every index in `0..<count` on `threads` Dispatch workers that pull the next
/// index from a shared counter, and returns the results in index order. The order in which work
/// finishes never shows in the result, which keeps output identical for any thread count.
func parallelMap<T: Sendable>(count: Int, threads: Int, order: [Int]? = nil, _ body: @Sendable (Int) -> T) -> [T] {
    let results = ResultSlots<T>(count: count)
    let next = SharedCounter()
    let workers = max(1, min(threads, count))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let position = next.increment()
            guard position < count else { break }
            let index = order?[position] ?? position
            results.set(index, body(index))
        }
    }
    return results.values()
}

/// A counter shared by the workers.
final class SharedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }
}

/// One slot per task; each slot is written by exactly one worker.
final class ResultSlots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
        lock.lock()
        slots[index] = value
        lock.unlock()
    }

    func values() -> [T] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}
