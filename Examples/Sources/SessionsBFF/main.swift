// Sessions Backend-for-Frontend: logs a browser in with a short-lived v4.public access token (kept in memory by the
// client) and a rotating refresh token in an HttpOnly cookie; detects refresh-token reuse, logs out one session or
// every session, and refuses revoked access tokens through a revocation list kept fresh in the background.
//
// Usage: SessionsBFF --store URL --state-dir DIR [--port N] [--staleness SECONDS]
//   URL is sqlite:PATH or postgres://user[:password]@host[:port]/database. Processes started with the same DIR share
//   the signing and refresh-token keys; with the same PostgreSQL database they form one deployment.
import Foundation
import Hummingbird
import TesseraSessions

let usage = "usage: SessionsBFF --store sqlite:PATH|postgres://... --state-dir DIR [--port N] [--staleness SECONDS]\n"

var port = 8080
var storeURL: String?
var stateDirectory: String?
var staleness: TimeInterval = 2
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--port": port = arguments.next().flatMap(Int.init) ?? -1
    case "--store": storeURL = arguments.next()
    case "--state-dir": stateDirectory = arguments.next()
    case "--staleness": staleness = arguments.next().flatMap(TimeInterval.init) ?? -1
    default: fail(usage, status: 2)
    }
}
guard let storeURL, let stateDirectory, (1...65_535).contains(port), staleness > 0 else { fail(usage, status: 2) }

do {
    let keys = try BFFKeys.load(from: stateDirectory)
    let opened = try await OpenedStore.open(storeURL)
    try await opened.store.prepare()
    let monitor = try RevocationMonitor(store: opened.store, stalenessBound: staleness)
    // The first load happens before serving: until then every bearer check would fail as stale.
    try await monitor.refresh()
    let monitorTask = Task { await monitor.run() }
    let bff = try BFF(store: opened.store, keys: keys, monitor: monitor)
    let app = Application(router: bff.router(), configuration: .init(address: .hostname("127.0.0.1", port: port)))
    print("SessionsBFF listening on 127.0.0.1:\(port), store \(opened.name), staleness bound \(staleness) s")
    try await app.runService()
    monitorTask.cancel()
    await monitorTask.value
    await opened.close()
} catch {
    fail("SessionsBFF: \(error)\n", status: 1)
}

/// Writes `message` to standard error and exits with `status`.
func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data(message.utf8))
    exit(status)
}
