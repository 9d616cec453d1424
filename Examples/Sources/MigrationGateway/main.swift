// Migration gateway: accepts PASETO v4 or legacy JWTs on every protected route, and swaps a valid legacy JWT for a
// short-lived v4.public token at POST /token/exchange.
//
// Usage: MigrationGateway [--port N] [--state-dir DIR] [--jwt-cutoff UNIX_SECONDS]
import Foundation
import Hummingbird

var port = 8080
var stateDirectory: String?
var cutoff: Date?
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--port": port = arguments.next().flatMap(Int.init) ?? port
    case "--state-dir": stateDirectory = arguments.next()
    case "--jwt-cutoff": cutoff = arguments.next().flatMap(Double.init).map { Date(timeIntervalSince1970: $0) }
    default:
        FileHandle.standardError.write(
            Data("usage: MigrationGateway [--port N] [--state-dir DIR] [--jwt-cutoff UNIX_SECONDS]\n".utf8)
        )
        exit(2)
    }
}

let gateway = try Gateway(jwtCutoff: cutoff)
if let stateDirectory { try gateway.writeState(to: stateDirectory) }
let app = Application(router: gateway.router(), configuration: .init(address: .hostname("127.0.0.1", port: port)))
print("MigrationGateway listening on 127.0.0.1:\(port)")
try await app.runService()
