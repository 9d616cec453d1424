// Instructions: one contender of one Ratios row, a fixed number of times inside one function, for
// `valgrind --tool=callgrind --toggle-collect='*instructionCountedLoop*'` (Scripts/instructions.sh). Instructions do
// not vary with the machine's load, so they settle what wall-clock time on this noisy machine cannot. A separate
// executable from Ratios, whose malloc counter valgrind does not survive.
//
// Usage: Instructions ROW tessera|baseline [N]
//   ROW   a row's exact name in the Ratios table, e.g. "v4.public verify"
//   N     operations counted (default 200), after as many uncounted ones to warm caches and pools
import Foundation
import TokenContests

/// The counted loop; its name is what the script toggles collection on.
@inline(never)
func instructionCountedLoop(_ operation: () throws -> Void, times: Int) rethrows {
    for _ in 0..<times { try operation() }
}

/// The row found by the setup task, handed to the main thread.
final class Found: @unchecked Sendable {
    // Written by the setup task before it signals, read by the main thread after it waited.
    var result: Result<Contest, any Error> = .failure(ContestError("the setup did not run"))
}

do {
    let arguments = Array(CommandLine.arguments.dropFirst())
    guard arguments.count == 2 || arguments.count == 3, ["tessera", "baseline"].contains(arguments[1]),
        let times = arguments.count == 3 ? Int(arguments[2]) : 200, times > 0
    else { throw ContestError("usage: Instructions ROW tessera|baseline [N]") }
    let name = arguments[0]
    // Top-level code stays synchronous: valgrind 3.19 crashes when an async main parks its thread in
    // dispatch_main. The asynchronous setup runs in a detached task (the main actor, whose thread waits here, would
    // never run it); the counted loop on the main thread.
    let found = Found()
    let done = DispatchSemaphore(value: 0)
    Task.detached { [name] in
        do {
            // Only the row's own format is set up (RSA key generation alone takes seconds under callgrind); the
            // scaling rows (rings of 10,000 keys) only when the row is one of them.
            let formats = try await Contests.formats(including: { name.hasPrefix($0 + " ") })
            if let row = formats.first(where: { $0.name == name }) {
                found.result = .success(row)
            } else if let row = try Contests.scaling().first(where: { $0.name == name }) {
                found.result = .success(row)
            } else {
                found.result = .failure(ContestError("no row of the Ratios table is named \"\(name)\""))
            }
        } catch {
            found.result = .failure(error)
        }
        done.signal()
    }
    done.wait()
    let row = try found.result.get()
    let contender = arguments[1] == "tessera" ? row.tessera : row.baseline
    guard case .sync(let operation) = contender.operation, contender.parallelism == 1 else {
        throw ContestError("\(name): its \(arguments[1]) is not one synchronous contender, which callgrind can count")
    }
    for _ in 0..<times { try operation() }
    try instructionCountedLoop(operation, times: times)
    print("\(name)\t\(contender.label)\t\(times)")
} catch {
    FileHandle.standardError.write(Data("Instructions failed: \(error)\n".utf8))
    exit(1)
}
