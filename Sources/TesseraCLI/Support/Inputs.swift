import Foundation
import TesseraCore
import TesseraPASETO

/// Reads the CLI's textual inputs: keys, tokens, claims, durations and instants.
enum Inputs {
    /// Whether some argument of this command already reads standard input.
    nonisolated(unsafe) private static var standardInputTaken = false

    /// A key given as a PASERK string, `-` (standard input), `env:NAME` (an environment variable), or a path to a
    /// file holding one. Secrets belong in a file, standard input or the environment, never in argv, where every
    /// user of the machine can read them.
    static func keyText(_ argument: String) throws(CLIError) -> String {
        if argument == "-" {
            return try standardInput(for: "--key").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if argument.utf8.starts(with: "env:".utf8) {
            let name = String(argument.dropFirst(4))
            guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
                throw CLIError.unusable("the environment variable \(name) named by --key is unset or empty")
            }
            return value.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if argument.hasPrefix("k") && argument.contains(".") && !FileManager.default.fileExists(atPath: argument) {
            return argument
        }
        guard let data = FileManager.default.contents(atPath: argument), let text = String(data: data, encoding: .utf8)
        else {
            throw CLIError.unusable("--key is neither a PASERK nor a readable file")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The token argument, or standard input for `-`.
    static func token(_ argument: String) throws(CLIError) -> String {
        guard argument == "-" else { return argument }
        return try standardInput(for: "the token").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The most standard input read: far above every token and key limit, so hostile input costs bounded time.
    static let standardInputLimit = 1 << 20

    /// All of standard input, which one argument per command may read; more than ``standardInputLimit`` bytes is
    /// refused without reading the rest.
    private static func standardInput(for what: String) throws(CLIError) -> String {
        guard !standardInputTaken else {
            throw CLIError.unusable("\(what) cannot also be read from standard input; give one of them another way")
        }
        standardInputTaken = true
        var data = Data()
        while data.count <= standardInputLimit {
            let chunk = FileHandle.standardInput.readData(ofLength: standardInputLimit + 1 - data.count)
            if chunk.isEmpty { break }
            data.append(chunk)
        }
        guard data.count <= standardInputLimit else {
            throw CLIError.rejected(
                TesseraError(
                    .jsonTooLarge,
                    "standard input holds more than \(standardInputLimit) bytes; no token is that large"
                )
            )
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError.unusable("standard input is not UTF-8")
        }
        return text
    }

    /// Claims JSON given inline or as `@FILE`.
    static func claimsJSON(_ argument: String) throws(CLIError) -> [UInt8] {
        guard argument.hasPrefix("@") else { return Array(argument.utf8) }
        guard let data = FileManager.default.contents(atPath: String(argument.dropFirst())) else {
            throw CLIError.unusable("cannot read claims file \(argument.dropFirst())")
        }
        return Array(data)
    }

    /// A duration such as `90`, `90s`, `15m`, `2h` or `1d`, in seconds.
    static func duration(_ text: String, option: String) throws(CLIError) -> TimeInterval {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var number = Substring(text)
        var scale = 1.0
        if let last = text.last, let unit = units[last] {
            number = number.dropLast()
            scale = unit
        }
        guard let value = Double(number), value >= 0, value.isFinite else {
            throw CLIError.unusable("\(option) takes a duration like 30s, 15m, 2h or 1d, not \"\(text)\"")
        }
        return value * scale
    }

    /// An instant as RFC 3339 or Unix seconds.
    static func instant(_ text: String, option: String = "--now") throws(CLIError) -> Date {
        if let seconds = Double(text) {
            // The years 0000 to 9999, the range both RFC 3339 and NumericDate claims can carry.
            guard seconds.isFinite, seconds >= -62_167_219_200, seconds < 253_402_300_800 else {
                throw CLIError.unusable("\(option) must be between the years 0000 and 9999, not \(text) s")
            }
            return Date(timeIntervalSince1970: seconds)
        }
        do {
            return try RFC3339.date(from: text)
        } catch {
            throw CLIError.unusable("\(option) takes an RFC 3339 date-time or Unix seconds, not \"\(text)\"")
        }
    }

    /// An instant as the CLI prints it: RFC 3339, or Unix seconds outside the years 0000-9999.
    static func text(_ date: Date) -> String {
        (try? RFC3339.string(from: date)) ?? "\(date.timeIntervalSince1970)"
    }
}
