#if SQLite
import Foundation
import TesseraCore
import TesseraSessions
import TesseraSessionsSQLite
import Testing

/// Closing the SQLite store: whoever calls it, every later call fails clearly and change streams end.
@Suite("SQLite store closing")
struct SQLiteCloseTests {
    /// Whether `stream` ends within five seconds (an unfinished stream would otherwise hang the test).
    func finishes(_ stream: AsyncStream<StoreChange>) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                var iterator = stream.makeAsyncIterator()
                return await iterator.next() == nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(5))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    @Test("A cancelled caller still closes the store: later calls fail, change streams finish, closing again returns")
    func cancelledClose() async throws {
        let store = try await SQLiteSessionStore.open(path: ":memory:")
        try await store.prepare()
        let changes = store.changes()
        let closer = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            await store.close()
        }
        await closer.value
        await #expect(throws: TesseraError(.storeUnavailable, "")) { try await store.families(subject: "user") }
        #expect(await finishes(changes))
        #expect(await finishes(store.changes()))
        await store.close()
    }

    @Test("Concurrent closes all return once the store is closed")
    func concurrentCloses() async throws {
        let store = try await SQLiteSessionStore.open(path: ":memory:")
        try await store.prepare()
        let changes = store.changes()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    await store.close()
                    // Whichever call returns, the store is closed by then.
                    await #expect(throws: TesseraError(.storeUnavailable, "")) {
                        try await store.families(subject: "user")
                    }
                }
            }
        }
        #expect(await finishes(changes))
    }
}
#endif
