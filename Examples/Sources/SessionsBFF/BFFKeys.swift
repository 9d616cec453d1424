import Foundation
import TesseraCore
import TesseraPASETO
import TesseraSessions

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The deployment's keys, kept in the state folder so that every process started with it shares them: the
/// `v4.public` signing key of the access tokens (a `k4.secret.` PASERK in `access.paserk`) and the 32-byte key
/// refresh tokens are hashed with (`refresh.key`).
struct BFFKeys {
    /// Signs access tokens; its public half verifies them.
    let signing: PASETO.V4.Public.SecretKey
    /// Hashes refresh tokens before they reach the store.
    let refresh: RefreshTokenKey

    /// Reads the keys from `folder`, creating whichever is missing.
    ///
    /// - Parameter folder: The state folder, created if absent.
    /// - Returns: The keys.
    /// - Throws: ``StartupError`` when a file cannot be written or read, or `TesseraError` when one holds no key.
    static func load(from folder: String) throws -> BFFKeys {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let signingText = try createOrRead(folder + "/access.paserk") {
            Array(try PASETO.V4.Public.SecretKey().paserk.utf8)
        }
        let refreshBytes = try createOrRead(folder + "/refresh.key") {
            var bytes = [UInt8](repeating: 0, count: 32)
            var generator = SystemRandomNumberGenerator()  // the operating system's CSPRNG
            for index in bytes.indices { bytes[index] = generator.next() }
            return bytes
        }
        return BFFKeys(
            signing: try PASETO.V4.Public.SecretKey(paserk: String(decoding: signingText, as: UTF8.self)),
            refresh: try RefreshTokenKey(rawRepresentation: refreshBytes)
        )
    }

    /// The contents of the file at `path`, made by `make` when the file does not exist yet.
    ///
    /// Processes starting together race here. Each writes its candidate to a private file created with `O_EXCL`, then
    /// `link(2)`s it to `path`: like `O_EXCL`, `link` fails with `EEXIST` when `path` exists, so exactly one candidate
    /// wins, and a reader never sees a half-written file. A loser reads the winner's file.
    ///
    /// - Parameters:
    ///   - path: The key file.
    ///   - make: Makes new contents.
    /// - Returns: The file's contents.
    /// - Throws: ``StartupError`` when the file can neither be created nor read.
    static func createOrRead(_ path: String, make: () throws -> [UInt8]) throws -> [UInt8] {
        if let existing = FileManager.default.contents(atPath: path) { return Array(existing) }
        let contents = try make()
        let candidate = "\(path).\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(candidate) }
        try write(contents, toNewFile: candidate)
        if link(candidate, path) != 0 {
            guard errno == EEXIST else {
                throw StartupError("cannot create \(path): \(String(cString: strerror(errno)))")
            }
            guard let existing = FileManager.default.contents(atPath: path) else {
                throw StartupError("cannot read \(path)")
            }
            return Array(existing)
        }
        return contents
    }

    /// Writes `bytes` to a file that must not exist yet (`O_EXCL`), readable by its owner only, and syncs it.
    private static func write(_ bytes: [UInt8], toNewFile path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw StartupError("cannot create \(path): \(String(cString: strerror(errno)))") }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: bytes)
        try handle.synchronize()
    }
}

/// A configuration problem found while starting, reported on standard error.
struct StartupError: Error, CustomStringConvertible {
    /// What went wrong.
    let description: String

    /// Wraps a message.
    init(_ description: String) { self.description = description }
}
