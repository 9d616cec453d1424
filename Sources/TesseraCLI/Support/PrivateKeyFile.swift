import Foundation

/// A new file for a private key: created with `O_CREAT | O_EXCL` and mode 0600 before the key exists, so it is never
/// readable by other users and never replaces a file; removed again when anything fails before the key is written.
final class PrivateKeyFile {
    private let path: String
    private var descriptor: Int32

    /// Creates the file.
    ///
    /// - Parameter path: Where the key goes; must not exist.
    /// - Throws: `CLIError` (exit 2) when the file exists or cannot be created.
    init(creating path: String) throws(CLIError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it exists; keys are never overwritten" : String(cString: strerror(errno))
            throw CLIError.unusable("cannot create \(path): \(reason)")
        }
        self.path = path
        self.descriptor = descriptor
    }

    /// Writes the key and a newline, flushes it to disk and closes the file; on any failure the file is removed.
    ///
    /// - Parameter key: The key's text.
    /// - Throws: `CLIError` (exit 2) when the key cannot be written completely.
    func write(_ key: String) throws(CLIError) {
        let bytes = Array((key + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return -1 }
                return Foundation.write(descriptor, base + offset, buffer.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return try fail("cannot write") }
            offset += written
        }
        guard fsync(descriptor) == 0 else { return try fail("cannot flush") }
        close(descriptor)
        descriptor = -1
    }

    /// Closes and removes the file, when the key will not be written.
    func discard() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(path)
    }

    private func fail(_ what: String) throws(CLIError) {
        let reason = String(cString: strerror(errno))
        discard()
        throw CLIError.unusable("\(what) \(path): \(reason); the partial file was removed")
    }
}
