import CRawLimit
import Foundation

/// Facts about the machine and the libraries a run used, for the results' header.
enum Machine {
    /// `uname -m`.
    static var architecture: String {
        var names = utsname()
        uname(&names)
        return withUnsafeBytes(of: &names.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    /// The first `model name` in /proc/cpuinfo.
    static var processor: String {
        let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line?.split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown"
    }

    /// Online cores.
    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The first line of `swift --version`.
    static var swift: String {
        guard let run = try? ChildProcess.output(of: "/usr/bin/env", ["swift", "--version"]) else { return "unknown" }
        return String(decoding: run.output, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? "unknown"
    }

    /// OpenSSL's and libsodium's versions as the libraries report them.
    static var libraries: String {
        "\(String(cString: CRawLimit_openssl_version())), libsodium \(String(cString: CRawLimit_sodium_version()))"
    }
}
